/**
 * Reads what the cross-project links are worked out from (core/lineage/crossProjectLinks.ts):
 * each live model, seed, snapshot and source with its relation and its project's adapter, and
 * the stored dbt Mesh dependencies. Takes a transaction too, so that a change request sees the
 * links of the catalog it is written in.
 */
import { crossProjectEdges, type AssetKind, type CrossProjectEdges } from "../../core/lineage/index.js";
import { jsonRows } from "../../db/jsonRows.js";
import { Prisma } from "../../generated/prisma/client.js";
import type { TenantDb, TenantTx } from "../../db/tenantScope.js";

/**
 * Skipped for a tenant of one project, the common case, so that it pays nothing for links.
 * `identifiers` (lower case) narrows the relation links to assets whose relation name or name
 * holds one of them, for a caller that needs only a few relations' links (no Mesh links then).
 */
export async function loadCrossProjectEdges(db: TenantDb | TenantTx, tenantId: string, only?: { identifiers: readonly string[] }): Promise<CrossProjectEdges> {
  if (only?.identifiers.length === 0) return { relations: [], mesh: [] };
  const projects = await db.project.count();
  if (projects < 2) return { relations: [], mesh: [] };
  // A superset of the assets whose relation's identifier is one of these; the core matches exactly.
  const narrowed = only
    ? Prisma.sql`AND EXISTS (SELECT 1 FROM unnest(${[...only.identifiers]}::text[]) AS i(id) WHERE strpos(lower(COALESCE(a."relationName", '') || ' ' || a."name"), i.id) > 0)`
    : Prisma.empty;
  const [assets, mesh] = await Promise.all([
    jsonRows<[string, string, string, AssetKind, string, string | null, string | null, string | null, string | null]>(db.$queryRaw`
      SELECT json_agg(json_build_array(a."id", a."projectId", a."uniqueId", a."kind", a."name", a."database", a."schema", a."relationName",
        -- An OpenLineage dataset's adapter is its namespace's scheme (services/openlineage/foldIntoCatalog.ts).
        CASE WHEN a."kind" = 'DATASET' THEN a."subtype" ELSE p."adapter" END))::text AS "rows"
      FROM "Asset" a JOIN "Project" p ON p."tenantId" = a."tenantId" AND p."id" = a."projectId"
      WHERE a."tenantId" = ${tenantId} AND a."removedAt" IS NULL AND a."kind" IN ('MODEL', 'SEED', 'SNAPSHOT', 'SOURCE', 'DATASET') ${narrowed}`),
    only
      ? []
      : jsonRows<[string, string]>(db.$queryRaw`
      SELECT json_agg(json_build_array("assetId", "parentUniqueId"))::text AS "rows"
      FROM "MeshDependency" WHERE "tenantId" = ${tenantId}`),
  ]);
  return crossProjectEdges(
    assets.map(([id, projectId, uniqueId, kind, name, database, schema, relationName, adapter]) => ({ id, projectId, uniqueId, kind, name, database, schema, relationName, adapter })),
    mesh.map(([assetId, parentUniqueId]) => ({ assetId, parentUniqueId })),
  );
}
