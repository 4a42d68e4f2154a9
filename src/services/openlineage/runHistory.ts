/**
 * OpenLineage runs in the run history that freshness and health read (services/runs): each
 * finished run is a run of its job, of the datasets the job writes, and of the dbt models and
 * sources that are those datasets' relations (matched as cross-project lineage matches them,
 * services/lineage/crossProjectLinks.ts). A COMPLETE refreshes them; a FAIL is a failed run with
 * the `errorMessage` facet's message; an ABORT is a failed run too (it stopped abnormally).
 *
 * Written in the intake's transaction, from the run rows as they stand after its upserts, so a
 * run's history entry follows its stored state: a START arriving after the COMPLETE adds the
 * start and duration, and a later terminal event replaces the entry. An event taken twice writes
 * nothing the second time, so it changes nothing here either. The run rows are locked by the
 * intake's upserts until commit, so concurrent writers of one run take turns.
 */
import { datasetUniqueId, jobUniqueId, OPENLINEAGE_PROJECT } from "../../core/openlineage/catalogNames.js";
import { compoundKey, nameKey } from "../../core/openlineage/eventRows.js";
import { pushTo } from "../../core/listMap.js";
import type { RunFact } from "../../core/runs/runFact.js";
import type { TenantTx } from "../../db/tenantScope.js";
import { loadCrossProjectEdges } from "../lineage/crossProjectLinks.js";
import { storeAssetRuns, type AssetRunFact } from "../runs/recordRuns.js";

const STATUS_OF: Readonly<Record<string, RunFact["status"]>> = { COMPLETE: "SUCCESS", FAIL: "ERROR", ABORT: "ERROR" };

/** Records the finished runs among `runIds`; returns the assets whose history changed. */
export async function recordOpenLineageRuns(tx: TenantTx, tenantId: string, runIds: readonly string[], now: Date): Promise<string[]> {
  if (runIds.length === 0) return [];
  const runs = await tx.openLineageRun.findMany({ where: { runId: { in: [...runIds] }, endState: { not: null }, endedAt: { not: null } }, orderBy: { runId: "asc" } });
  if (runs.length === 0) return [];
  const jobs = [...new Map(runs.map((r) => [nameKey(r.jobNamespace, r.jobName), { jobNamespace: r.jobNamespace, jobName: r.jobName }])).values()];
  const [outputs, runFacets] = await Promise.all([
    tx.openLineageJobDataset.findMany({ where: { direction: "OUTPUT", OR: jobs }, select: { jobNamespace: true, jobName: true, datasetNamespace: true, datasetName: true } }),
    tx.openLineageFacet.findMany({ where: { owner: "RUN", name: "errorMessage", ownerKey: { in: runs.map((r) => r.runId) } }, select: { ownerKey: true, value: true } }),
  ]);
  const outputStats = await tx.openLineageFacet.findMany({
    where: { owner: "OUTPUT", name: "outputStatistics", ownerKey: { in: runs.flatMap((r) => outputs.filter((o) => o.jobNamespace === r.jobNamespace && o.jobName === r.jobName).map((o) => compoundKey(r.runId, o.datasetNamespace, o.datasetName))) } },
    select: { ownerKey: true, value: true },
  });
  const messageOf = new Map(runFacets.map((f) => [f.ownerKey, stringField(f.value, "message")]));
  const rowsOf = new Map(outputStats.map((f) => [f.ownerKey, numberField(f.value, "rowCount")]));

  const assetOf = await olAssetIds(tx, [...jobs.map((j) => jobUniqueId(j.jobNamespace, j.jobName)), ...outputs.map((o) => datasetUniqueId(o.datasetNamespace, o.datasetName))]);
  const sameRelation = await dbtAssetsOfDatasets(tx, tenantId, outputs.flatMap((o) => assetOf.get(datasetUniqueId(o.datasetNamespace, o.datasetName)) ?? []), outputs.map((o) => o.datasetName));

  const facts: AssetRunFact[] = [];
  for (const run of runs) {
    const base = {
      source: "OPENLINEAGE" as const,
      status: STATUS_OF[run.endState!] ?? "ERROR",
      startedAt: run.startedAt,
      completedAt: run.endedAt!,
      message: run.endState === "COMPLETE" ? null : (messageOf.get(run.runId) ?? null),
      invocationId: run.runId,
    };
    const assets = new Map<string, AssetRunFact["fact"]>();
    const job = assetOf.get(jobUniqueId(run.jobNamespace, run.jobName));
    if (job) assets.set(job, base);
    for (const output of outputs.filter((o) => o.jobNamespace === run.jobNamespace && o.jobName === run.jobName)) {
      const dataset = assetOf.get(datasetUniqueId(output.datasetNamespace, output.datasetName));
      if (!dataset) continue;
      const fact = { ...base, rowsAffected: rowsOf.get(compoundKey(run.runId, output.datasetNamespace, output.datasetName)) ?? null };
      for (const id of [dataset, ...(sameRelation.get(dataset) ?? [])]) assets.set(id, fact);
    }
    facts.push(...[...assets].map(([assetId, fact]) => ({ assetId, fact })));
  }
  await dropSupersededEntries(tx, tenantId, facts);
  await storeAssetRuns(tx, tenantId, facts, now);
  return [...new Set(facts.map((f) => f.assetId))];
}

/**
 * One history entry per run and asset: an entry of the same run that no longer says what the run
 * says (its start was not known yet, or a later terminal event ended it otherwise) goes.
 */
async function dropSupersededEntries(tx: TenantTx, tenantId: string, facts: readonly AssetRunFact[]): Promise<void> {
  if (facts.length === 0) return;
  await tx.$executeRawUnsafe(
    `DELETE FROM "AssetRun" r
     -- The columns hold UTC without a zone: a timestamp read from "…Z" keeps the UTC wall time.
     USING jsonb_to_recordset($2::jsonb) AS x("assetId" text, "runId" text, "status" text, "startedAt" timestamp, "completedAt" timestamp, "message" text, "rowsAffected" bigint)
     WHERE r."tenantId" = $1 AND r."source" = 'OPENLINEAGE' AND r."assetId" = x."assetId" AND r."invocationId" = x."runId"
       AND NOT (r."completedAt" = x."completedAt" AND r."status"::text = x."status"
         AND r."startedAt" IS NOT DISTINCT FROM x."startedAt" AND r."message" IS NOT DISTINCT FROM x."message"
         AND r."rowsAffected" IS NOT DISTINCT FROM x."rowsAffected")`,
    tenantId,
    JSON.stringify(
      facts.map(({ assetId, fact }) => ({
        assetId,
        runId: fact.invocationId,
        status: fact.status,
        startedAt: fact.startedAt?.toISOString() ?? null,
        completedAt: fact.completedAt.toISOString(),
        message: fact.message ?? null,
        rowsAffected: fact.rowsAffected ?? null,
      })),
    ),
  );
}

/** The ids of OpenLineage's own assets (jobs and datasets) by unique id. */
async function olAssetIds(tx: TenantTx, uniqueIds: readonly string[]): Promise<Map<string, string>> {
  const rows = await tx.asset.findMany({ where: { project: { name: OPENLINEAGE_PROJECT }, uniqueId: { in: [...new Set(uniqueIds)] }, removedAt: null }, select: { id: true, uniqueId: true } });
  return new Map(rows.map((r) => [r.uniqueId, r.id]));
}

/** For each dataset asset, the dbt models, seeds, snapshots and sources of the same relation. */
async function dbtAssetsOfDatasets(tx: TenantTx, tenantId: string, datasetIds: readonly string[], datasetNames: readonly string[]): Promise<Map<string, string[]>> {
  const identifiers = [...new Set(datasetNames.map((name) => name.slice(name.lastIndexOf(".") + 1).toLowerCase()))];
  const { relations } = await loadCrossProjectEdges(tx, tenantId, { identifiers });
  const datasets = new Set(datasetIds);
  const matched = new Map<string, string[]>();
  for (const { fromId, toId } of relations) {
    // A model builds the dataset's relation (model → dataset); the dataset feeds a source (dataset → source).
    const [dataset, other] = datasets.has(toId) ? [toId, fromId] : datasets.has(fromId) ? [fromId, toId] : [null, null];
    if (dataset && !datasets.has(other!)) pushTo(matched, dataset, other!);
  }
  return matched;
}

function stringField(value: unknown, key: string): string | null {
  const field = value && typeof value === "object" ? (value as Record<string, unknown>)[key] : undefined;
  return typeof field === "string" ? field.slice(0, 10_000) : null;
}

function numberField(value: unknown, key: string): number | null {
  const field = value && typeof value === "object" ? (value as Record<string, unknown>)[key] : undefined;
  return typeof field === "number" && Number.isSafeInteger(field) && field >= 0 ? field : null;
}
