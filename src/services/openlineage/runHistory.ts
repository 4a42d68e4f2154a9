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
import { datasetRelation, OPENLINEAGE_PROJECT } from "../../core/openlineage/catalogNames.js";
import { pushTo } from "../../core/listMap.js";
import type { RunFact } from "../../core/runs/runFact.js";
import { jsonRows } from "../../db/jsonRows.js";
import type { TenantTx } from "../../db/tenantScope.js";
import { loadCrossProjectEdges } from "../lineage/crossProjectLinks.js";
import { storeAssetRuns, type AssetRunFact } from "../runs/recordRuns.js";

const STATUS_OF: Readonly<Record<string, RunFact["status"]>> = { COMPLETE: "SUCCESS", FAIL: "ERROR", ABORT: "ERROR" };

/** A finished run as the history reads it: its job's asset, and each output with its dataset's asset. */
type RunRow = [
  runId: string,
  endState: string,
  startedAt: string | null,
  endedAt: string,
  errorMessage: string | null,
  jobAssetId: string | null,
  /** rowCount: the `outputStatistics` output facet's, as stored. */
  outputs: [namespace: string, name: string, assetId: string | null, rowCount: unknown][] | null,
];

/**
 * Records the finished runs among `runIds`; returns the assets whose freshness may have changed
 * with them (the dbt assets, and OpenLineage's own assets that were given an SLA).
 */
export async function recordOpenLineageRuns(tx: TenantTx, tenantId: string, runIds: readonly string[], now: Date): Promise<string[]> {
  if (runIds.length === 0) return [];
  // One statement: each round trip counts when every event of a busy producer comes on its own.
  // Unique ids as core/openlineage/catalogNames.ts names jobs and datasets.
  const runs = await jsonRows<RunRow>(
    tx.$queryRawUnsafe(
      `SELECT json_agg(json_build_array(r."runId", r."endState", r."startedAt", r."endedAt", em."value"->>'message', ja."id",
         (SELECT json_agg(json_build_array(d."datasetNamespace", d."datasetName", da."id", os."value"->'rowCount'))
            FROM "OpenLineageJobDataset" d
            LEFT JOIN "Asset" da ON da."tenantId" = $1 AND da."projectId" = p."id" AND da."uniqueId" = 'dataset:' || d."datasetNamespace" || ':' || d."datasetName" AND da."removedAt" IS NULL
            -- The output facet's key as compoundKey writes it (JSON.stringify of the parts; to_json escapes strings as it does).
            LEFT JOIN "OpenLineageFacet" os ON os."tenantId" = $1 AND os."owner" = 'OUTPUT' AND os."name" = 'outputStatistics'
              AND os."ownerKey" = '[' || to_json(r."runId")::text || ',' || to_json(d."datasetNamespace")::text || ',' || to_json(d."datasetName")::text || ']'
           WHERE d."tenantId" = $1 AND d."jobNamespace" = r."jobNamespace" AND d."jobName" = r."jobName" AND d."direction" = 'OUTPUT')
       ) ORDER BY r."runId")::text AS "rows"
       FROM "OpenLineageRun" r
       LEFT JOIN "Project" p ON p."tenantId" = $1 AND p."name" = $3
       LEFT JOIN "OpenLineageFacet" em ON em."tenantId" = $1 AND em."owner" = 'RUN' AND em."ownerKey" = r."runId" AND em."name" = 'errorMessage'
       LEFT JOIN "Asset" ja ON ja."tenantId" = $1 AND ja."projectId" = p."id" AND ja."uniqueId" = 'job:' || r."jobNamespace" || ':' || r."jobName" AND ja."removedAt" IS NULL
      WHERE r."tenantId" = $1 AND r."runId" = ANY($2::text[]) AND r."endState" IS NOT NULL AND r."endedAt" IS NOT NULL`,
      tenantId,
      [...runIds],
      OPENLINEAGE_PROJECT,
    ),
  );
  if (runs.length === 0) return [];
  const written = runs.flatMap(([runId, , , , , , outputs]) =>
    (outputs ?? []).filter((o) => o[2] !== null).map(([namespace, name, assetId, rowCount]) => ({ runId, namespace, name, assetId: assetId!, rowsAffected: rowsOf(rowCount) })),
  );
  const sameRelation = await dbtAssetsOfDatasets(tx, tenantId, written);

  const facts: AssetRunFact[] = [];
  for (const [runId, endState, startedAt, endedAt, errorMessage, jobAssetId] of runs) {
    const base = {
      source: "OPENLINEAGE" as const,
      status: STATUS_OF[endState] ?? "ERROR",
      startedAt: startedAt === null ? null : new Date(startedAt),
      completedAt: new Date(endedAt),
      message: endState === "COMPLETE" ? null : (errorMessage?.slice(0, 10_000) ?? null),
      invocationId: runId,
    };
    const assets = new Map<string, AssetRunFact["fact"]>();
    if (jobAssetId) assets.set(jobAssetId, base);
    for (const output of written.filter((w) => w.runId === runId)) {
      const fact = { ...base, rowsAffected: output.rowsAffected };
      for (const id of [output.assetId, ...(sameRelation.get(output.assetId) ?? [])]) assets.set(id, fact);
    }
    facts.push(...[...assets].map(([assetId, fact]) => ({ assetId, fact })));
  }
  await dropSupersededEntries(tx, tenantId, facts);
  const { withOwnSla } = await storeAssetRuns(tx, tenantId, facts, now);
  return [...new Set([...[...sameRelation.values()].flat(), ...withOwnSla])];
}

/**
 * One history entry per run and asset: an entry of the same run that no longer says what the run
 * says (its start was not known yet, or a later terminal event ended it otherwise) goes.
 */
async function dropSupersededEntries(tx: TenantTx, tenantId: string, facts: readonly AssetRunFact[]): Promise<void> {
  if (facts.length === 0) return;
  await tx.$executeRawUnsafe(
    `DELETE FROM "AssetRun" r
     -- The columns hold UTC without a zone: a timestamp read from an ISO string ending in Z keeps the UTC wall time.
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

/**
 * For each dataset asset, the dbt models, seeds, snapshots and sources of the same relation. Only
 * a dataset in a warehouse namespace names a relation; the others are not looked for.
 */
async function dbtAssetsOfDatasets(tx: TenantTx, tenantId: string, written: readonly { namespace: string; name: string; assetId: string }[]): Promise<Map<string, string[]>> {
  const relations = written.filter((w) => datasetRelation(w.namespace, w.name) !== null);
  const identifiers = [...new Set(relations.map((w) => datasetRelation(w.namespace, w.name)!.identifier.toLowerCase()))];
  const { relations: links, identity } = await loadCrossProjectEdges(tx, tenantId, { identifiers });
  const datasets = new Set(relations.map((w) => w.assetId));
  const matched = new Map<string, string[]>();
  // A dataset that is a dbt asset (core/openlineage/datasetIdentity.ts) has no link of its own.
  for (const dataset of datasets) if (identity.intoDbt.has(dataset)) pushTo(matched, dataset, identity.aliases.get(dataset)!);
  for (const { fromId, toId } of links) {
    // A model builds the dataset's relation (model → dataset); the dataset feeds a source (dataset → source).
    const [dataset, other] = datasets.has(toId) ? [toId, fromId] : datasets.has(fromId) ? [fromId, toId] : [null, null];
    if (dataset && !datasets.has(other!)) pushTo(matched, dataset, other!);
  }
  return matched;
}

/** Rows a run wrote to an output: its `outputStatistics` facet's rowCount, when a count. */
function rowsOf(rowCount: unknown): number | null {
  return typeof rowCount === "number" && Number.isSafeInteger(rowCount) && rowCount >= 0 ? rowCount : null;
}
