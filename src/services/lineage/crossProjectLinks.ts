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

const NO_LINKS: ProjectLinks = { relations: [], mesh: [], meshColumns: [], meshRowDependencies: [] };

/** Skipped for a tenant of one project, the common case, so that it pays nothing for links. */
export async function loadCrossProjectEdges(db: TenantDb | TenantTx, tenantId: string): Promise<ProjectLinks> {
  const projects = await db.project.count();
  if (projects < 2) return NO_LINKS;
  const [assets, mesh, meshColumns] = await Promise.all([
    jsonRows<[string, string, string, AssetKind, string, string | null, string | null, string | null, string | null]>(db.$queryRaw`
      SELECT json_agg(json_build_array(a."id", a."projectId", a."uniqueId", a."kind", a."name", a."database", a."schema", a."relationName",
        -- An OpenLineage dataset's adapter is its namespace's scheme (services/openlineage/foldIntoCatalog.ts).
        CASE WHEN a."kind" = 'DATASET' THEN a."subtype" ELSE p."adapter" END))::text AS "rows"
      FROM "Asset" a JOIN "Project" p ON p."tenantId" = a."tenantId" AND p."id" = a."projectId"
      WHERE a."tenantId" = ${tenantId} AND a."removedAt" IS NULL AND a."kind" IN ('MODEL', 'SEED', 'SNAPSHOT', 'SOURCE', 'DATASET')`),
    jsonRows<[string, string]>(db.$queryRaw`
      SELECT json_agg(json_build_array("assetId", "parentUniqueId"))::text AS "rows"
      FROM "MeshDependency" WHERE "tenantId" = ${tenantId}`),
    meshColumnLinks(db, tenantId),
  ]);
  return {
    ...crossProjectEdges(
      assets.map(([id, projectId, uniqueId, kind, name, database, schema, relationName, adapter]) => ({ id, projectId, uniqueId, kind, name, database, schema, relationName, adapter })),
      mesh.map(([assetId, parentUniqueId]) => ({ assetId, parentUniqueId })),
    ),
    ...meshColumns,
  };
}

/**
 * The stored Mesh column dependencies matched to the parent model's live columns: the parent is
 * the live asset of that unique id in another project of the tenant (as for the asset links),
 * its column the one of that name, case-insensitively, as warehouses fold unquoted names.
 */
async function meshColumnLinks(db: TenantDb | TenantTx, tenantId: string): Promise<Pick<ProjectLinks, "meshColumns" | "meshRowDependencies">> {
  const rows = await jsonRows<[string, string, string, ColumnTransform]>(db.$queryRaw`
    SELECT json_agg(json_build_array(pc."id", m."toColumnId", m."toAssetId", m."transform"))::text AS "rows"
    FROM "MeshColumnDependency" m
    JOIN "Asset" d ON d."tenantId" = m."tenantId" AND d."id" = m."toAssetId" AND d."removedAt" IS NULL
    JOIN "Asset" p ON p."tenantId" = m."tenantId" AND p."uniqueId" = m."parentUniqueId" AND p."removedAt" IS NULL AND p."projectId" <> d."projectId"
    JOIN "Column" pc ON pc."tenantId" = p."tenantId" AND pc."assetId" = p."id" AND pc."removedAt" IS NULL AND lower(pc."name") = lower(m."parentColumn")
    LEFT JOIN "Column" tc ON tc."tenantId" = m."tenantId" AND tc."id" = m."toColumnId"
    WHERE m."tenantId" = ${tenantId} AND (m."toColumnId" = '' OR tc."removedAt" IS NULL AND tc."id" IS NOT NULL)`);
  const links: Pick<ProjectLinks, "meshColumns" | "meshRowDependencies"> = { meshColumns: [], meshRowDependencies: [] };
  for (const [fromColumnId, toColumnId, toAssetId, transform] of rows) {
    if (toColumnId === "") links.meshRowDependencies.push({ fromColumnId, toAssetId, transform });
    else links.meshColumns.push({ fromColumnId, toColumnId, transform });
  }
  return links;
}
