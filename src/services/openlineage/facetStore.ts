/**
 * Reads for folding facets into the catalog: the stored value of a facet (the latest by event
 * time, whatever the order in which events arrived), the catalog asset of an OpenLineage job or
 * dataset, and a job's inputs and outputs. Facets are folded from what is stored, never from the
 * event at hand, so an older event arriving late changes nothing.
 */
import { datasetUniqueId, jobUniqueId } from "../../core/openlineage/catalogNames.js";
import { nameKey, type FacetOwner, type FacetRow, type NameRow } from "../../core/openlineage/eventRows.js";
import type { TenantDb, TenantTx } from "../../db/tenantScope.js";

type Db = TenantTx | TenantDb;

export interface StoredFacet {
  /** null: deleted (`_deleted: true`). */
  value: unknown;
  eventTime: Date;
}

/** The stored facets of that owner and name, by owner key. */
export async function storedFacets(db: Db, tenantId: string, owner: FacetOwner, name: string, ownerKeys: readonly string[]): Promise<Map<string, StoredFacet>> {
  const rows = await facetRows<{ ownerKey: string; value: unknown; eventTime: Date }>(db, `"ownerKey", "value", "eventTime"`, tenantId, owner, name, ownerKeys);
  return new Map(rows.map((row) => [row.ownerKey, { value: row.value, eventTime: row.eventTime }]));
}

async function facetRows<T>(db: Db, columns: string, tenantId: string, owner: FacetOwner, name: string, ownerKeys: readonly string[]): Promise<T[]> {
  if (ownerKeys.length === 0) return [];
  return db.$queryRawUnsafe<T[]>(
    `SELECT ${columns} FROM "OpenLineageFacet"
     WHERE "tenantId" = $1 AND "owner" = $2::"OpenLineageFacetOwner" AND "name" = $3 AND "ownerKey" = ANY($4::text[])`,
    tenantId,
    owner,
    name,
    [...new Set(ownerKeys)],
  );
}

/** Reads stored facets of one owner and name, by owner key (storedFacets, or a transaction's view of them). */
export type FacetReader = (owner: FacetOwner, name: string, ownerKeys: readonly string[]) => Promise<Map<string, StoredFacet>>;

export const storedFacetReader = (db: Db, tenantId: string): FacetReader => (owner, name, ownerKeys) => storedFacets(db, tenantId, owner, name, ownerKeys);

export interface TransactionFacets {
  read: FacetReader;
  /** Which of these owners have the facet stored (a deletion included), without reading values. */
  present(owner: FacetOwner, name: string, ownerKeys: readonly string[]): Promise<Set<string>>;
}

/**
 * The stored facets as the intake's transaction sees them. The facets its upsert just wrote are
 * the stored ones, locked until commit: they are taken as they are at hand, so a large facet (a
 * 5 MB `columnLineage`) is not read back and parsed again by each step of the fold. The others
 * are read.
 */
export function transactionFacets(db: Db, tenantId: string, written: readonly FacetRow[]): TransactionFacets {
  const key = (owner: string, name: string, ownerKey: string) => JSON.stringify([owner, name, ownerKey]);
  const held = new Map(written.map((f) => [key(f.owner, f.name, f.ownerKey), { value: f.value, eventTime: new Date(f.eventTime) } satisfies StoredFacet]));
  const split = (owner: FacetOwner, name: string, ownerKeys: readonly string[]) => {
    const found = new Map<string, StoredFacet>();
    const rest: string[] = [];
    for (const ownerKey of new Set(ownerKeys)) {
      const facet = held.get(key(owner, name, ownerKey));
      if (facet) found.set(ownerKey, facet);
      else rest.push(ownerKey);
    }
    return { found, rest };
  };
  return {
    async read(owner, name, ownerKeys) {
      const { found, rest } = split(owner, name, ownerKeys);
      for (const [ownerKey, facet] of await storedFacets(db, tenantId, owner, name, rest)) found.set(ownerKey, facet);
      return found;
    },
    async present(owner, name, ownerKeys) {
      const { found, rest } = split(owner, name, ownerKeys);
      const keys = new Set(found.keys());
      for (const row of await facetRows<{ ownerKey: string }>(db, `"ownerKey"`, tenantId, owner, name, rest)) keys.add(row.ownerKey);
      return keys;
    },
  };
}

/** The asset of each OpenLineage dataset (or job) of the `@openlineage` project, by nameKey. */
export async function openLineageAssetIds(db: Db, projectId: string, kind: "DATASET" | "JOB", names: readonly NameRow[]): Promise<Map<string, string>> {
  if (names.length === 0) return new Map();
  const uniqueId = kind === "DATASET" ? datasetUniqueId : jobUniqueId;
  const byUniqueId = new Map(names.map((n) => [uniqueId(n.namespace, n.name), nameKey(n.namespace, n.name)]));
  const rows = await db.asset.findMany({ where: { projectId, uniqueId: { in: [...byUniqueId.keys()] } }, select: { id: true, uniqueId: true } });
  return new Map(rows.map((row) => [byUniqueId.get(row.uniqueId)!, row.id]));
}

export interface JobIo {
  job: NameRow;
  inputs: NameRow[];
  outputs: NameRow[];
}

/** Every job that writes one of these datasets, with all its inputs and outputs. */
export async function writersOf(db: Db, tenantId: string, datasets: readonly NameRow[]): Promise<JobIo[]> {
  if (datasets.length === 0) return [];
  const rows = await db.$queryRawUnsafe<{ jobNamespace: string; jobName: string; direction: "INPUT" | "OUTPUT"; datasetNamespace: string; datasetName: string }[]>(
    `SELECT d."jobNamespace", d."jobName", d."direction"::text AS "direction", d."datasetNamespace", d."datasetName"
     FROM "OpenLineageJobDataset" d
     WHERE d."tenantId" = $1 AND ("jobNamespace", "jobName") IN (
       SELECT w."jobNamespace", w."jobName" FROM "OpenLineageJobDataset" w, jsonb_to_recordset($2::jsonb) AS x("namespace" text, "name" text)
       WHERE w."tenantId" = $1 AND w."direction" = 'OUTPUT' AND w."datasetNamespace" = x."namespace" AND w."datasetName" = x."name")
     ORDER BY 1, 2, 3, 4, 5`,
    tenantId,
    JSON.stringify(datasets),
  );
  const jobs = new Map<string, JobIo>();
  for (const row of rows) {
    const key = nameKey(row.jobNamespace, row.jobName);
    let io = jobs.get(key);
    if (!io) jobs.set(key, (io = { job: { namespace: row.jobNamespace, name: row.jobName }, inputs: [], outputs: [] }));
    (row.direction === "INPUT" ? io.inputs : io.outputs).push({ namespace: row.datasetNamespace, name: row.datasetName });
  }
  return [...jobs.values()];
}
