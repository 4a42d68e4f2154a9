/**
 * Reads what the cross-project links are worked out from (core/lineage/crossProjectLinks.ts):
 * each live model, seed, snapshot and source with its relation and its project's adapter, and
 * the stored dbt Mesh dependencies. Takes a transaction too, so that a change request sees the
 * links of the catalog it is written in.
 */
import {
  crossProjectEdges,
  type AssetKind,
  type ColumnEdgeRow,
  type ColumnRowDependencyRow,
  type ColumnTransform,
  type CrossProjectEdges,
} from "../../core/lineage/index.js";
import { jsonRows } from "../../db/jsonRows.js";
import type { TenantDb, TenantTx } from "../../db/tenantScope.js";

/** The asset links, and the column lineage that crosses a dbt Mesh ref. */
export interface ProjectLinks extends CrossProjectEdges {
  /** Column of another project's model → column of the model whose SQL reads it through the ref. */
  meshColumns: ColumnEdgeRow[];
  /** Column of another project's model → every column of the model whose rows it shapes. */
  meshRowDependencies: ColumnRowDependencyRow[];
}

const NO_LINKS: ProjectLinks = { relations: [], mesh: [], meshParents: [], meshColumns: [], meshRowDependencies: [] };

/** Skipped for a tenant of one project, the common case, so that it pays nothing for links. */
export async function loadCrossProjectEdges(db: TenantDb | TenantTx, tenantId: string): Promise<ProjectLinks> {
  const projects = await db.project.count();
  if (projects < 2) return NO_LINKS;
  const [assets, mesh] = await Promise.all([
    jsonRows<[string, string, string, AssetKind, string, string | null, string | null, string | null, string | null, string | null, string | null]>(db.$queryRaw`
      SELECT json_agg(json_build_array(a."id", a."projectId", a."uniqueId", a."kind", a."name", a."database", a."schema", a."relationName",
        -- An OpenLineage dataset's adapter is its namespace's scheme (services/openlineage/foldIntoCatalog.ts).
        CASE WHEN a."kind" = 'DATASET' THEN a."subtype" ELSE p."adapter" END, a."version", a."latestVersion"))::text AS "rows"
      FROM "Asset" a JOIN "Project" p ON p."tenantId" = a."tenantId" AND p."id" = a."projectId"
      WHERE a."tenantId" = ${tenantId} AND a."removedAt" IS NULL AND a."kind" IN ('MODEL', 'SEED', 'SNAPSHOT', 'SOURCE', 'DATASET')`),
    jsonRows<[string, string]>(db.$queryRaw`
      SELECT json_agg(json_build_array("assetId", "parentUniqueId"))::text AS "rows"
      FROM "MeshDependency" WHERE "tenantId" = ${tenantId}`),
  ]);
  const edges = crossProjectEdges(
    assets.map(([id, projectId, uniqueId, kind, name, database, schema, relationName, adapter, version, latestVersion]) => ({
      id, projectId, uniqueId, kind, name, database, schema, relationName, adapter, version, latestVersion,
    })),
    mesh.map(([assetId, parentUniqueId]) => ({ assetId, parentUniqueId })),
  );
  return { ...edges, ...(await meshColumnLinks(db, tenantId, edges.meshParents)) };
}

/**
 * The stored Mesh column dependencies matched to the parent model's live columns: the parent is
 * the one the asset link resolved (`meshParents`), its column the one of that name,
 * case-insensitively, as warehouses fold unquoted names.
 */
async function meshColumnLinks(
  db: TenantDb | TenantTx,
  tenantId: string,
  meshParents: ProjectLinks["meshParents"],
): Promise<Pick<ProjectLinks, "meshColumns" | "meshRowDependencies">> {
  if (meshParents.length === 0) return { meshColumns: [], meshRowDependencies: [] };
  const rows = await jsonRows<[string, string, string, ColumnTransform]>(db.$queryRaw`
    SELECT json_agg(json_build_array(pc."id", m."toColumnId", m."toAssetId", m."transform"))::text AS "rows"
    FROM unnest(${meshParents.map((p) => p.assetId)}::text[], ${meshParents.map((p) => p.parentUniqueId)}::text[], ${meshParents.map((p) => p.parentId)}::text[])
      AS l("assetId", "parentUniqueId", "parentId")
    JOIN "MeshColumnDependency" m ON m."tenantId" = ${tenantId} AND m."toAssetId" = l."assetId" AND m."parentUniqueId" = l."parentUniqueId"
    JOIN "Column" pc ON pc."tenantId" = m."tenantId" AND pc."assetId" = l."parentId" AND pc."removedAt" IS NULL AND lower(pc."name") = lower(m."parentColumn")
    LEFT JOIN "Column" tc ON tc."tenantId" = m."tenantId" AND tc."id" = m."toColumnId"
    WHERE m."tenantId" = ${tenantId} AND (m."toColumnId" = '' OR tc."removedAt" IS NULL AND tc."id" IS NOT NULL)`);
  const links: Pick<ProjectLinks, "meshColumns" | "meshRowDependencies"> = { meshColumns: [], meshRowDependencies: [] };
  for (const [fromColumnId, toColumnId, toAssetId, transform] of rows) {
    if (toColumnId === "") links.meshRowDependencies.push({ fromColumnId, toAssetId, transform });
    else links.meshColumns.push({ fromColumnId, toColumnId, transform });
  }
  return links;
}
