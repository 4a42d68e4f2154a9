/**
 * OpenLineage runs as run history reads them: each run with its job, state, times, failure
 * message (`errorMessage` facet) and the datasets it wrote. This is what the run history,
 * freshness and health of the trust signals take OpenLineage runs from: a COMPLETE run refreshes
 * the datasets it wrote (and the dbt models they are, by relation); a FAIL is a failed run with
 * its message.
 */
import { runDurationMs, runState, type OpenLineageRunState } from "../../core/openlineage/runState.js";
import type { TenantContext } from "../actor.js";

export interface OpenLineageRunSummary {
  runId: string;
  job: { namespace: string; name: string };
  parent: { runId: string; job: { namespace: string | null; name: string | null } } | null;
  state: OpenLineageRunState;
  startedAt: Date | null;
  endedAt: Date | null;
  durationMs: number | null;
  errorMessage: string | null;
  /** Datasets the run's job writes (namespace, name). */
  outputs: { namespace: string; name: string }[];
}

/** Runs whose last event is at or after `since`, oldest first (at most `limit`). */
export async function openLineageRuns(ctx: TenantContext, query: { since?: Date; limit?: number } = {}): Promise<OpenLineageRunSummary[]> {
  const runs = await ctx.db.openLineageRun.findMany({
    where: query.since ? { lastEventAt: { gte: query.since } } : {},
    orderBy: [{ lastEventAt: "asc" }, { runId: "asc" }],
    take: query.limit ?? 1_000,
  });
  if (runs.length === 0) return [];
  const outputs = await ctx.db.openLineageJobDataset.findMany({
    where: { direction: "OUTPUT", OR: runs.map((r) => ({ jobNamespace: r.jobNamespace, jobName: r.jobName })) },
    select: { jobNamespace: true, jobName: true, datasetNamespace: true, datasetName: true },
  });
  return runs.map((run) => ({
    runId: run.runId,
    job: { namespace: run.jobNamespace, name: run.jobName },
    parent: run.parentRunId ? { runId: run.parentRunId, job: { namespace: run.parentJobNamespace, name: run.parentJobName } } : null,
    state: runState(run),
    startedAt: run.startedAt,
    endedAt: run.endedAt,
    durationMs: runDurationMs(run),
    errorMessage: run.errorMessage,
    outputs: outputs
      .filter((o) => o.jobNamespace === run.jobNamespace && o.jobName === run.jobName)
      .map((o) => ({ namespace: o.datasetNamespace, name: o.datasetName })),
  }));
}
