/**
 * What one valid event writes, as rows keyed the way the tables are, and how two writes to the
 * same row combine. The combination is the same rule the database's upserts apply
 * (services/openlineage/writeEventRows.ts), so a batch folded here first, events applied one by
 * one, in any order, by any number of processes, all end with the same rows:
 *
 * - a facet takes the value of the event with the latest event time (ties: greater event hash);
 *   `_deleted: true` stores a deletion, which an older event cannot undo;
 * - a run starts at its earliest START and ends with its terminal event (COMPLETE, FAIL, ABORT)
 *   of the latest event time, whatever the order of arrival.
 */
import { isDeletion } from "./eventValidator.js";
import type { Facets, OpenLineageEvent, OpenLineageEventKind } from "./types.js";

export type FacetOwner = "RUN" | "JOB" | "DATASET" | "INPUT" | "OUTPUT";

export interface FacetRow {
  owner: FacetOwner;
  ownerKey: string;
  name: string;
  /** null: deleted. */
  value: Record<string, unknown> | null;
  eventTime: string;
  eventHash: string;
}

export interface RunRow {
  runId: string;
  jobNamespace: string;
  jobName: string;
  startedAt: string | null;
  firstEventAt: string;
  lastEventAt: string;
  endState: string | null;
  endedAt: string | null;
  endEventHash: string | null;
  parentRunId: string | null;
  parentJobNamespace: string | null;
  parentJobName: string | null;
}

export interface NameRow {
  namespace: string;
  name: string;
}

export interface JobDatasetRow {
  jobNamespace: string;
  jobName: string;
  direction: "INPUT" | "OUTPUT";
  datasetNamespace: string;
  datasetName: string;
  lastEventTime: string;
}

export interface EventRows {
  jobs: NameRow[];
  datasets: NameRow[];
  jobDatasets: JobDatasetRow[];
  runs: RunRow[];
  facets: FacetRow[];
}

const TERMINAL = new Set(["COMPLETE", "FAIL", "ABORT"]);
/** Keys of several names: a JSON array, unambiguous whatever the names hold. */
export const compoundKey = (...parts: string[]): string => JSON.stringify(parts);
export const nameKey = (namespace: string, name: string): string => compoundKey(namespace, name);

/** Event times as stored: PostgreSQL keeps milliseconds, so comparisons here use the same precision. */
export function storedTime(eventTime: string): string {
  return new Date(eventTime).toISOString();
}

export function eventRows(event: OpenLineageEvent, kind: OpenLineageEventKind, eventHash: string): EventRows {
  const eventTime = storedTime(event.eventTime);
  const rows: EventRows = { jobs: [], datasets: [], jobDatasets: [], runs: [], facets: [] };
  const facets = (owner: FacetOwner, ownerKey: string, given: Facets | undefined) => {
    for (const [name, value] of Object.entries(given ?? {})) {
      rows.facets.push({ owner, ownerKey, name, value: isDeletion(value) ? null : value, eventTime, eventHash });
    }
  };
  const job = event.job;
  if (job) {
    rows.jobs.push({ namespace: job.namespace, name: job.name });
    facets("JOB", nameKey(job.namespace, job.name), job.facets);
  }
  for (const [list, direction] of [[event.inputs, "INPUT"], [event.outputs, "OUTPUT"]] as const) {
    for (const dataset of list ?? []) {
      rows.datasets.push({ namespace: dataset.namespace, name: dataset.name });
      facets("DATASET", nameKey(dataset.namespace, dataset.name), dataset.facets);
      if (job) {
        rows.jobDatasets.push({ jobNamespace: job.namespace, jobName: job.name, direction, datasetNamespace: dataset.namespace, datasetName: dataset.name, lastEventTime: eventTime });
      }
      if (kind === "RUN" && event.run) {
        const own = direction === "INPUT" ? dataset.inputFacets : dataset.outputFacets;
        facets(direction, compoundKey(event.run.runId.toLowerCase(), dataset.namespace, dataset.name), own);
      }
    }
  }
  if (event.dataset) {
    rows.datasets.push({ namespace: event.dataset.namespace, name: event.dataset.name });
    facets("DATASET", nameKey(event.dataset.namespace, event.dataset.name), event.dataset.facets);
  }
  if (kind === "RUN" && event.run && job) {
    const runId = event.run.runId.toLowerCase();
    const type = event.eventType ?? "OTHER";
    const terminal = TERMINAL.has(type);
    const parent = event.run.facets?.parent as { run?: { runId?: string }; job?: { namespace?: string; name?: string } } | undefined;
    rows.runs.push({
      runId,
      jobNamespace: job.namespace,
      jobName: job.name,
      startedAt: type === "START" ? eventTime : null,
      firstEventAt: eventTime,
      lastEventAt: eventTime,
      endState: terminal ? type : null,
      endedAt: terminal ? eventTime : null,
      endEventHash: terminal ? eventHash : null,
      parentRunId: parent && !isDeletion(parent) ? (parent.run?.runId?.toLowerCase() ?? null) : null,
      parentJobNamespace: parent && !isDeletion(parent) ? (parent.job?.namespace ?? null) : null,
      parentJobName: parent && !isDeletion(parent) ? (parent.job?.name ?? null) : null,
    });
    facets("RUN", runId, event.run.facets);
  }
  return rows;
}

/** Later (event time, then hash) wins. */
function isLater(time: string, hash: string, thanTime: string, thanHash: string): boolean {
  return time > thanTime || (time === thanTime && hash > thanHash);
}

export function mergeFacet(a: FacetRow, b: FacetRow): FacetRow {
  return isLater(b.eventTime, b.eventHash, a.eventTime, a.eventHash) ? b : a;
}

const earliest = (a: string | null, b: string | null) => (a === null ? b : b === null ? a : a < b ? a : b);
const latest = (a: string, b: string) => (a > b ? a : b);

export function mergeRun(a: RunRow, b: RunRow): RunRow {
  const endFromB = b.endedAt !== null && (a.endedAt === null || isLater(b.endedAt, b.endEventHash!, a.endedAt, a.endEventHash!));
  return {
    ...a,
    startedAt: earliest(a.startedAt, b.startedAt),
    firstEventAt: earliest(a.firstEventAt, b.firstEventAt)!,
    lastEventAt: latest(a.lastEventAt, b.lastEventAt),
    endState: endFromB ? b.endState : a.endState,
    endedAt: endFromB ? b.endedAt : a.endedAt,
    endEventHash: endFromB ? b.endEventHash : a.endEventHash,
    parentRunId: a.parentRunId ?? b.parentRunId,
    parentJobNamespace: a.parentJobNamespace ?? b.parentJobNamespace,
    parentJobName: a.parentJobName ?? b.parentJobName,
  };
}

/** The rows of many events, one per key, combined by the rules above; sorted by key, so that
 * concurrent writers lock rows in the same order. */
export function foldEventRows(all: EventRows[]): EventRows {
  const jobs = new Map<string, NameRow>();
  const datasets = new Map<string, NameRow>();
  const jobDatasets = new Map<string, JobDatasetRow>();
  const runs = new Map<string, RunRow>();
  const facets = new Map<string, FacetRow>();
  for (const rows of all) {
    for (const row of rows.jobs) jobs.set(nameKey(row.namespace, row.name), row);
    for (const row of rows.datasets) datasets.set(nameKey(row.namespace, row.name), row);
    for (const row of rows.jobDatasets) {
      const key = compoundKey(row.jobNamespace, row.jobName, row.direction, row.datasetNamespace, row.datasetName);
      const known = jobDatasets.get(key);
      jobDatasets.set(key, known && known.lastEventTime > row.lastEventTime ? known : row);
    }
    for (const row of rows.runs) {
      const known = runs.get(row.runId);
      runs.set(row.runId, known ? mergeRun(known, row) : row);
    }
    for (const row of rows.facets) {
      const key = compoundKey(row.owner, row.ownerKey, row.name);
      const known = facets.get(key);
      facets.set(key, known ? mergeFacet(known, row) : row);
    }
  }
  const sorted = <T>(map: Map<string, T>) => [...map.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, row]) => row);
  return { jobs: sorted(jobs), datasets: sorted(datasets), jobDatasets: sorted(jobDatasets), runs: sorted(runs), facets: sorted(facets) };
}
