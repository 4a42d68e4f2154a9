/**
 * OpenLineage's jobs and datasets as catalog assets (kinds JOB and DATASET, in the tenant's
 * `@openlineage` project), with lineage edges input dataset → job → output dataset, so that
 * lineage, impact, search, ownership and subscriptions treat them as they treat models. A
 * dataset that names a warehouse relation is the dbt model building it or the source reading it
 * (or, when several could be, linked to each) when the lineage graph is built
 * (core/openlineage/datasetIdentity.ts), so the order of posts and events does not matter. Only what is new is written; the lineage revision moves only then.
 * A job's or dataset's `documentation` facet (the stored one, latest by event time) is its
 * asset's description; these assets are OpenLineage's own, so no curated text is overwritten.
 * A dataset's stored `symlinks` facet (its other names) is kept as OpenLineageSymlink rows, so
 * that the lineage revision moves when, and only when, a dataset's names change: the graphs
 * then merge the names into one node (core/openlineage/datasetIdentity.ts), whenever the facet came.
 * The other facets are folded by foldFacets.ts.
 */
import { datasetRelation, datasetUniqueId, jobUniqueId, OPENLINEAGE_PROJECT } from "../../core/openlineage/catalogNames.js";
import { randomUUID } from "node:crypto";
import type { EventRows } from "../../core/openlineage/eventRows.js";
import type { TenantTx } from "../../db/tenantScope.js";
import type { CatalogChange } from "../catalogRevision.js";
import type { TransactionFacets } from "./facetStore.js";
import { foldFacets } from "./foldFacets.js";

/**
 * Answers what the catalog's revisions must say of it (catalogRevision.ts): the intake moves them
 * at the end of its transaction, with the openLineage revision, so the tenant row is locked only
 * until the commit.
 *
 * `scope`: the tenant's client (ctx.db), which the `@openlineage` project's id is remembered for.
 */
export async function foldIntoCatalog(tx: TenantTx, tenantId: string, rows: EventRows, facets: TransactionFacets, scope: object): Promise<CatalogChange | null> {
  if (rows.jobs.length === 0 && rows.datasets.length === 0) return null;
  const project = await projectOf(tx, tenantId, scope);
  const assets = [
    ...rows.jobs.map((job) => ({ uniqueId: jobUniqueId(job.namespace, job.name), name: job.name, kind: "JOB", subtype: job.namespace, database: null, schema: null, relationName: null })),
    ...rows.datasets.map((dataset) => {
      const relation = datasetRelation(dataset.namespace, dataset.name);
      return {
        uniqueId: datasetUniqueId(dataset.namespace, dataset.name),
        name: relation?.identifier ?? dataset.name,
        kind: "DATASET",
        // The adapter whose case rules compare its relation (services/lineage/crossProjectLinks.ts).
        subtype: relation?.adapter ?? null,
        database: relation?.database ?? null,
        schema: relation?.schema ?? null,
        relationName: relation ? dataset.name : null,
      };
    }),
  ].map((asset) => ({ ...asset, id: randomUUID() }));
  // Ids made here: PGlite's gen_random_uuid() costs a read of its random device per row. The
  // statement answers every asset's id, made now or before (read in the statement's snapshot; one
  // another writer made meanwhile is in neither part, and is read by the fold when it needs it).
  const upserted = await tx.$queryRawUnsafe<{ uniqueId: string; id: string; created: boolean }[]>(
    `WITH x AS (
       SELECT * FROM jsonb_to_recordset($3::jsonb) AS x("id" text, "uniqueId" text, "name" text, "kind" text, "subtype" text, "database" text, "schema" text, "relationName" text)),
     created AS (
       INSERT INTO "Asset" ("tenantId", "id", "projectId", "uniqueId", "name", "kind", "subtype", "database", "schema", "relationName", "url", "contentHash", "tags")
       SELECT $1, x."id", $2, x."uniqueId", x."name", x."kind"::"AssetKind", x."subtype", x."database", x."schema", x."relationName",
         NULL, 'openlineage', '{}'
       FROM x
       ORDER BY x."uniqueId"
       ON CONFLICT ("tenantId", "projectId", "uniqueId") DO NOTHING
       RETURNING "uniqueId", "id")
     SELECT "uniqueId", "id", true AS "created" FROM created
     UNION ALL
     SELECT a."uniqueId", a."id", false FROM x JOIN "Asset" a ON a."tenantId" = $1 AND a."projectId" = $2 AND a."uniqueId" = x."uniqueId"`,
    tenantId,
    project.id,
    JSON.stringify(assets),
  );
  const created = upserted.filter((a) => a.created);
  const assetIds = new Map(upserted.map((a) => [a.uniqueId, a.id]));
  const edges = rows.jobDatasets.map((edge) => {
    const job = jobUniqueId(edge.jobNamespace, edge.jobName);
    const dataset = datasetUniqueId(edge.datasetNamespace, edge.datasetName);
    return edge.direction === "INPUT" ? { from: dataset, to: job } : { from: job, to: dataset };
  });
  const linked = edges.length === 0 ? 0 : await tx.$executeRawUnsafe(
    `INSERT INTO "LineageEdge" ("tenantId", "projectId", "fromAssetId", "toAssetId", "origin")
     SELECT $1, $2, f."id", t."id", 'DECLARED'
     FROM jsonb_to_recordset($3::jsonb) AS x("from" text, "to" text)
     JOIN "Asset" f ON f."tenantId" = $1 AND f."projectId" = $2 AND f."uniqueId" = x."from"
     JOIN "Asset" t ON t."tenantId" = $1 AND t."projectId" = $2 AND t."uniqueId" = x."to"
     ORDER BY f."id", t."id"
     ON CONFLICT DO NOTHING`,
    tenantId,
    project.id,
    JSON.stringify(edges),
  );
  const described = await describeFromFacets(tx, tenantId, project.id, rows);
  const folded = await foldFacets(tx, tenantId, project.id, rows, facets, assetIds);
  const renamed = await syncSymlinks(tx, tenantId, rows);
  return created.length > 0 || linked > 0 || renamed > 0 || folded.lineage ? "lineage" : described > 0 || folded.catalog ? "catalog" : null;
}

/**
 * The `@openlineage` project's id per tenant client, once read (not when made by a transaction,
 * which may still roll back): projects are never deleted but with their tenant, and every intake
 * transaction would read it again.
 */
const projectIds = new WeakMap<object, string>();

async function projectOf(tx: TenantTx, tenantId: string, scope: object): Promise<{ id: string }> {
  const known = projectIds.get(scope);
  if (known) return { id: known };
  const found = await tx.project.findFirst({ where: { name: OPENLINEAGE_PROJECT }, select: { id: true } });
  if (found) projectIds.set(scope, found.id);
  return found ?? (await openLineageProject(tx, tenantId));
}

/**
 * The project made on a tenant's first event. Not Prisma's upsert: it is a read then a create, and
 * two processes creating the project at once would meet a unique violation. ON CONFLICT waits
 * for the other and then finds its row.
 */
async function openLineageProject(tx: TenantTx, tenantId: string): Promise<{ id: string }> {
  await tx.$executeRawUnsafe(
    `INSERT INTO "Project" ("tenantId", "id", "name", "updatedAt") VALUES ($1, gen_random_uuid()::text, $2, now()) ON CONFLICT ("tenantId", "name") DO NOTHING`,
    tenantId,
    OPENLINEAGE_PROJECT,
  );
  return tx.project.findFirstOrThrow({ where: { name: OPENLINEAGE_PROJECT }, select: { id: true } });
}

/**
 * The description of each job and dataset whose documentation facet these rows carry, from the
 * stored facet (this one, or a later one stored before). The others' descriptions were set when
 * their facet was stored: a job's or dataset's asset is made in the transaction that first stores
 * any of its facets, and assets are never deleted but with their tenant.
 */
async function describeFromFacets(tx: TenantTx, tenantId: string, projectId: string, rows: EventRows): Promise<number> {
  const keys = rows.facets.filter((f) => f.name === "documentation" && (f.owner === "JOB" || f.owner === "DATASET")).map((f) => [f.owner, f.ownerKey]);
  if (keys.length === 0) return 0;
  return tx.$executeRawUnsafe(
    `UPDATE "Asset" a SET "description" = f."value"->>'description', "lastChangedAt" = now()
     FROM "OpenLineageFacet" f, jsonb_to_recordset($3::jsonb) AS x("owner" text, "ownerKey" text)
     WHERE f."tenantId" = $1 AND f."owner" = x."owner"::"OpenLineageFacetOwner" AND f."ownerKey" = x."ownerKey" AND f."name" = 'documentation'
       AND a."tenantId" = $1 AND a."projectId" = $2 AND a."kind" = x."owner"::"AssetKind"
       AND a."uniqueId" = lower(x."owner") || ':' || (x."ownerKey"::jsonb->>0) || ':' || (x."ownerKey"::jsonb->>1)
       AND a."description" IS DISTINCT FROM f."value"->>'description'`,
    tenantId,
    projectId,
    JSON.stringify(keys.map(([owner, ownerKey]) => ({ owner, ownerKey }))),
  );
}

/**
 * The symlinks of each dataset whose `symlinks` facet these rows carry, as the stored facet (the
 * latest by event time, which the facet upsert has just settled and locked) names them now.
 * Answers how many symlink rows were added or removed.
 */
async function syncSymlinks(tx: TenantTx, tenantId: string, rows: EventRows): Promise<number> {
  const datasets = rows.facets
    .filter((facet) => facet.owner === "DATASET" && facet.name === "symlinks")
    .map((facet) => {
      const [namespace, name] = JSON.parse(facet.ownerKey) as [string, string];
      return { namespace, name, ownerKey: facet.ownerKey };
    });
  if (datasets.length === 0) return 0;
  const [row] = await tx.$queryRawUnsafe<{ changed: number }[]>(
    `WITH d AS (SELECT * FROM jsonb_to_recordset($2::jsonb) AS x("namespace" text, "name" text, "ownerKey" text)),
     want AS (
       SELECT DISTINCT d."namespace", d."name", i->>'namespace' AS "targetNamespace", i->>'name' AS "targetName"
       FROM d JOIN "OpenLineageFacet" f ON f."tenantId" = $1 AND f."owner" = 'DATASET' AND f."ownerKey" = d."ownerKey" AND f."name" = 'symlinks'
       CROSS JOIN LATERAL jsonb_array_elements(CASE WHEN jsonb_typeof(f."value"->'identifiers') = 'array' THEN f."value"->'identifiers' ELSE '[]'::jsonb END) AS i
       WHERE i->>'namespace' IS NOT NULL AND i->>'name' IS NOT NULL AND (i->>'namespace', i->>'name') IS DISTINCT FROM (d."namespace", d."name")),
     gone AS (
       DELETE FROM "OpenLineageSymlink" s USING d
       WHERE s."tenantId" = $1 AND s."namespace" = d."namespace" AND s."name" = d."name"
         AND NOT EXISTS (SELECT 1 FROM want w WHERE w."namespace" = s."namespace" AND w."name" = s."name" AND w."targetNamespace" = s."targetNamespace" AND w."targetName" = s."targetName")
       RETURNING 1),
     added AS (
       INSERT INTO "OpenLineageSymlink" ("tenantId", "namespace", "name", "targetNamespace", "targetName")
       SELECT $1, w."namespace", w."name", w."targetNamespace", w."targetName" FROM want w
       ORDER BY 2, 3, 4, 5
       ON CONFLICT DO NOTHING
       RETURNING 1)
     SELECT ((SELECT count(*) FROM gone) + (SELECT count(*) FROM added))::int AS "changed"`,
    tenantId,
    JSON.stringify(datasets),
  );
  return row?.changed ?? 0;
}
