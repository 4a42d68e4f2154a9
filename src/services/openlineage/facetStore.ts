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
  if (ownerKeys.length === 0) return new Map();
  const rows = await db.$queryRawUnsafe<{ ownerKey: string; value: unknown; eventTime: Date }[]>(
    `SELECT "ownerKey", "value", "eventTime" FROM "OpenLineageFacet"
     WHERE "tenantId" = $1 AND "owner" = $2::"OpenLineageFacetOwner" AND "name" = $3 AND "ownerKey" = ANY($4::text[])`,
    tenantId,
    owner,
    name,
    [...new Set(ownerKeys)],
  );
  return new Map(rows.map((row) => [row.ownerKey, { value: row.value, eventTime: row.eventTime }]));
}

/** Reads stored facets of one owner and name, by owner key (storedFacets, or a transaction's view of them). */
export type FacetReader = (owner: FacetOwner, name: string, ownerKeys: readonly string[]) => Promise<Map<string, StoredFacet>>;

export const storedFacetReader = (db: Db, tenantId: string): FacetReader => (owner, name, ownerKeys) => storedFacets(db, tenantId, owner, name, ownerKeys);

export interface TransactionFacets {
  read: FacetReader;
  /** Which of these facets are stored (a deletion included), in one look-up that reads no values. */
  present(wanted: readonly { owner: FacetOwner; name: string; ownerKeys: readonly string[] }[]): Promise<(owner: FacetOwner, name: string, ownerKey: string) => boolean>;
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
  return {
    async read(owner, name, ownerKeys) {
      const found = new Map<string, StoredFacet>();
      const rest: string[] = [];
      for (const ownerKey of new Set(ownerKeys)) {
        const facet = held.get(key(owner, name, ownerKey));
        if (facet) found.set(ownerKey, facet);
        else rest.push(ownerKey);
      }
      for (const [ownerKey, facet] of await storedFacets(db, tenantId, owner, name, rest)) found.set(ownerKey, facet);
      return found;
    },
    async present(wanted) {
      const rest = new Map<string, { owner: string; name: string; ownerKey: string }>();
      for (const { owner, name, ownerKeys } of wanted) {
        for (const ownerKey of ownerKeys) if (!held.has(key(owner, name, ownerKey))) rest.set(key(owner, name, ownerKey), { owner, name, ownerKey });
      }
      const stored = new Set(held.keys());
      if (rest.size > 0) {
        const rows = await db.$queryRawUnsafe<{ owner: string; name: string; ownerKey: string }[]>(
          `SELECT f."owner"::text AS "owner", f."name", f."ownerKey"
           FROM jsonb_to_recordset($2::jsonb) AS x("owner" text, "name" text, "ownerKey" text)
           JOIN "OpenLineageFacet" f ON f."tenantId" = $1 AND f."owner" = x."owner"::"OpenLineageFacetOwner" AND f."ownerKey" = x."ownerKey" AND f."name" = x."name"`,
          tenantId,
          JSON.stringify([...rest.values()]),
        );
        for (const row of rows) stored.add(key(row.owner, row.name, row.ownerKey));
      }
      return (owner, name, ownerKey) => stored.has(key(owner, name, ownerKey));
    },
  };
}

/**
 * The asset of each OpenLineage dataset (or job) of the `@openlineage` project, by nameKey.
 * `known`: asset ids by unique id that the caller has at hand (the intake's asset upsert answers
 * them); only the others are read.
 */
export async function openLineageAssetIds(
  db: Db,
  projectId: string,
  kind: "DATASET" | "JOB",
  names: readonly NameRow[],
  known: ReadonlyMap<string, string> = new Map(),
): Promise<Map<string, string>> {
  if (names.length === 0) return new Map();
  const uniqueId = kind === "DATASET" ? datasetUniqueId : jobUniqueId;
  const byUniqueId = new Map(names.map((n) => [uniqueId(n.namespace, n.name), nameKey(n.namespace, n.name)]));
  const found = new Map<string, string>();
  const rest: string[] = [];
  for (const [id, key] of byUniqueId) {
    const assetId = known.get(id);
    if (assetId) found.set(key, assetId);
    else rest.push(id);
  }
  if (rest.length === 0) return found;
  const rows = await db.asset.findMany({ where: { projectId, uniqueId: { in: rest } }, select: { id: true, uniqueId: true } });
  for (const row of rows) found.set(byUniqueId.get(row.uniqueId)!, row.id);
  return found;
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
