/**
 * Reads what the cross-project links are worked out from (core/lineage/crossProjectLinks.ts):
 * each live model, seed, snapshot and source with its relation and its project's adapter, and
 * the stored dbt Mesh dependencies; and what OpenLineage datasets are the same asset as
 * (core/openlineage/datasetIdentity.ts): their names, symlinks and the namespace mappings.
 * A dataset merged into a dbt asset is that asset, so it is not linked to relations besides.
 * Takes a transaction too, so that a change request sees the links of the catalog it is written in.
 */
import {
  crossProjectEdges,
  resolveRelationReads,
  type AssetEdgeRow,
  type AssetKind,
  type ColumnEdgeRow,
  type ColumnRowDependencyRow,
  type ColumnTransform,
  type CrossProjectEdges,
  type LinkableAsset,
} from "../../core/lineage/index.js";
import { datasetUniqueId, OPENLINEAGE_PROJECT } from "../../core/openlineage/catalogNames.js";
import { datasetIdentity, emptyIdentity, type DatasetIdentity } from "../../core/openlineage/datasetIdentity.js";
import { jsonRows } from "../../db/jsonRows.js";
import { Prisma } from "../../generated/prisma/client.js";
import type { TenantDb, TenantTx } from "../../db/tenantScope.js";

/** The asset links, the column lineage that crosses a dbt Mesh ref, and which datasets are which asset. */
export interface TenantLinks extends CrossProjectEdges {
  /** Column of another project's model → column of the model whose SQL reads it through the ref. */
  meshColumns: ColumnEdgeRow[];
  /** Column of another project's model → every column of the model whose rows it shapes. */
  meshRowDependencies: ColumnRowDependencyRow[];
  identity: DatasetIdentity;
}

/**
 * Skipped for a tenant of one dbt project, the common case, so that it pays nothing for links.
 * `identifiers` (lower case) narrows the relation links to assets whose relation name or name
 * holds one of them, for a caller that needs only a few relations' links (no Mesh links then).
 */
export async function loadCrossProjectEdges(db: TenantDb | TenantTx, tenantId: string, only?: { identifiers: readonly string[] }): Promise<TenantLinks> {
  const none: TenantLinks = { relations: [], mesh: [], meshParents: [], meshColumns: [], meshRowDependencies: [], identity: emptyIdentity() };
  if (only?.identifiers.length === 0) return none;
  const projects = await db.project.findMany({ select: { name: true }, take: 2 });
  if (projects.length < 2 && !projects.some((project) => project.name === OPENLINEAGE_PROJECT)) return none;
  // A superset of the assets whose relation's identifier is one of these; the core matches exactly.
  const narrowed = only
    ? Prisma.sql`AND EXISTS (SELECT 1 FROM unnest(${[...only.identifiers]}::text[]) AS i(id) WHERE strpos(lower(COALESCE(a."relationName", '') || ' ' || a."name"), i.id) > 0)`
    : Prisma.empty;
  // Only the datasets among those assets can be kept (by unique id, below): their names hold an identifier too.
  const namesNarrowed = only
    ? Prisma.sql`AND EXISTS (SELECT 1 FROM unnest(${[...only.identifiers]}::text[]) AS i(id) WHERE strpos(lower(d."name"), i.id) > 0)`
    : Prisma.empty;
  const [assets, mesh, names, symlinks, mappings] = await Promise.all([
    jsonRows<[string, string, string, AssetKind, string, string | null, string | null, string | null, string | null, string | null, string | null]>(db.$queryRaw`
      SELECT json_agg(json_build_array(a."id", a."projectId", a."uniqueId", a."kind", a."name", a."database", a."schema", a."relationName",
        -- An OpenLineage dataset's adapter is its namespace's scheme (services/openlineage/foldIntoCatalog.ts).
        CASE WHEN a."kind" = 'DATASET' THEN a."subtype" ELSE p."adapter" END, a."version", a."latestVersion"))::text AS "rows"
      FROM "Asset" a JOIN "Project" p ON p."tenantId" = a."tenantId" AND p."id" = a."projectId"
      WHERE a."tenantId" = ${tenantId} AND a."removedAt" IS NULL AND a."kind" IN ('MODEL', 'SEED', 'SNAPSHOT', 'SOURCE', 'DATASET') ${narrowed}`),
    only
      ? []
      : jsonRows<[string, string]>(db.$queryRaw`
      SELECT json_agg(json_build_array("assetId", "parentUniqueId"))::text AS "rows"
      FROM "MeshDependency" WHERE "tenantId" = ${tenantId}`),
    jsonRows<[string, string]>(db.$queryRaw`
      SELECT json_agg(json_build_array(d."namespace", d."name"))::text AS "rows" FROM "OpenLineageDataset" d WHERE d."tenantId" = ${tenantId} ${namesNarrowed}`),
    jsonRows<[string, string, string, string]>(db.$queryRaw`
      SELECT json_agg(json_build_array("namespace", "name", "targetNamespace", "targetName"))::text AS "rows" FROM "OpenLineageSymlink" WHERE "tenantId" = ${tenantId}`),
    jsonRows<[string, string]>(db.$queryRaw`
      SELECT json_agg(json_build_array("namespace", "projectId"))::text AS "rows" FROM "OpenLineageNamespaceMapping" WHERE "tenantId" = ${tenantId}`),
  ]);
  const linkable: LinkableAsset[] = assets.map(([id, projectId, uniqueId, kind, name, database, schema, relationName, adapter, version, latestVersion]) => ({
    id, projectId, uniqueId, kind, name, database, schema, relationName, adapter, version, latestVersion,
  }));
  const datasetAssets = new Map(linkable.filter((asset) => asset.kind === "DATASET").map((asset) => [asset.uniqueId, asset.id]));
  const identity = datasetIdentity({
    datasets: names.flatMap(([namespace, name]) => {
      const assetId = datasetAssets.get(datasetUniqueId(namespace, name));
      return assetId ? [{ assetId, namespace, name }] : [];
    }),
    symlinks: symlinks.map(([namespace, name, targetNamespace, targetName]) => ({ namespace, name, targetNamespace, targetName })),
    dbtAssets: linkable.filter((asset) => asset.kind !== "DATASET"),
    mappings: mappings.map(([namespace, projectId]) => ({ namespace, projectId })),
  });
  const edges = crossProjectEdges(
    linkable.filter((asset) => !identity.intoDbt.has(asset.id)),
    mesh.map(([assetId, parentUniqueId]) => ({ assetId, parentUniqueId })),
  );
  // Narrowed callers need no column links (nor Mesh links, above).
  const relationParents = only ? [] : await relationReads(db, tenantId).then((reads) => resolveRelationReads(linkable, edges, reads));
  return { ...edges, ...(await meshColumnLinks(db, tenantId, [...edges.meshParents, ...relationParents])), identity };
}

/**
 * The stored edges of merged datasets, as edges of the assets they are (self-loops dropped): for
 * the walks done in SQL over the edge rows (changes/downstream.ts), which never meet an alias.
 */
export async function aliasedEdges(db: TenantDb | TenantTx, tenantId: string, identity: DatasetIdentity): Promise<AssetEdgeRow[]> {
  if (identity.aliases.size === 0) return [];
  const aliased = [...identity.aliases.keys()];
  const rows = await db.$queryRaw<{ fromAssetId: string; toAssetId: string }[]>`
    SELECT "fromAssetId", "toAssetId" FROM "LineageEdge"
    WHERE "tenantId" = ${tenantId} AND ("fromAssetId" = ANY(${aliased}::text[]) OR "toAssetId" = ANY(${aliased}::text[]))`;
  const as = (id: string) => identity.aliases.get(id) ?? id;
  return rows.flatMap((row) => (as(row.fromAssetId) === as(row.toAssetId) ? [] : [{ fromId: as(row.fromAssetId), toId: as(row.toAssetId), origin: "DECLARED" as const }]));
}

/** The relations that models' SQL reads for another project's columns (MeshColumnDependency.parentRelation). */
async function relationReads(db: TenantDb | TenantTx, tenantId: string): Promise<{ assetId: string; parentRelation: string }[]> {
  const rows = await jsonRows<[string, string]>(db.$queryRaw`
    SELECT json_agg(json_build_array("toAssetId", "parentRelation"))::text AS "rows" FROM (
      SELECT DISTINCT "toAssetId", "parentRelation" FROM "MeshColumnDependency" WHERE "tenantId" = ${tenantId} AND "parentRelation" <> '') r`);
  return rows.map(([assetId, parentRelation]) => ({ assetId, parentRelation }));
}

/**
 * The stored column dependencies on other projects matched to the parent's live columns: the
 * parent is the one the asset link resolved (`parents`: by Mesh ref or by relation), its column
 * the one of that name, case-insensitively, as warehouses fold unquoted names; a `*` reaches each
 * live column of the model that the parent has a column of the name of.
 */
async function meshColumnLinks(
  db: TenantDb | TenantTx,
  tenantId: string,
  parents: readonly { assetId: string; parentUniqueId?: string; parentRelation?: string; parentId: string }[],
): Promise<Pick<TenantLinks, "meshColumns" | "meshRowDependencies">> {
  if (parents.length === 0) return { meshColumns: [], meshRowDependencies: [] };
  const rows = await jsonRows<[string, string, string, ColumnTransform]>(db.$queryRaw`
    WITH l AS (
      SELECT * FROM unnest(${parents.map((p) => p.assetId)}::text[], ${parents.map((p) => p.parentUniqueId ?? "")}::text[],
        ${parents.map((p) => p.parentRelation ?? "")}::text[], ${parents.map((p) => p.parentId)}::text[])
        AS l("assetId", "parentUniqueId", "parentRelation", "parentId")
    ), m AS (
      SELECT m.*, l."parentId" FROM l JOIN "MeshColumnDependency" m ON m."tenantId" = ${tenantId} AND m."toAssetId" = l."assetId"
        AND m."parentUniqueId" = l."parentUniqueId" AND m."parentRelation" = l."parentRelation"
    )
    SELECT json_agg(json_build_array(r."fromColumnId", r."toColumnId", r."toAssetId", r."transform"))::text AS "rows" FROM (
      SELECT pc."id" AS "fromColumnId", m."toColumnId", m."toAssetId", m."transform" FROM m
      JOIN "Column" pc ON pc."tenantId" = m."tenantId" AND pc."assetId" = m."parentId" AND pc."removedAt" IS NULL AND lower(pc."name") = lower(m."parentColumn")
      LEFT JOIN "Column" tc ON tc."tenantId" = m."tenantId" AND tc."id" = m."toColumnId"
      WHERE m."toColumnId" <> '*' AND (m."toColumnId" = '' OR tc."removedAt" IS NULL AND tc."id" IS NOT NULL)
      UNION ALL
      SELECT pc."id", tc."id", m."toAssetId", m."transform" FROM m
      JOIN "Column" pc ON pc."tenantId" = m."tenantId" AND pc."assetId" = m."parentId" AND pc."removedAt" IS NULL
      JOIN "Column" tc ON tc."tenantId" = m."tenantId" AND tc."assetId" = m."toAssetId" AND tc."removedAt" IS NULL AND lower(tc."name") = lower(pc."name")
      WHERE m."toColumnId" = '*') r`);
  const links: Pick<TenantLinks, "meshColumns" | "meshRowDependencies"> = { meshColumns: [], meshRowDependencies: [] };
  for (const [fromColumnId, toColumnId, toAssetId, transform] of rows) {
    if (toColumnId === "") links.meshRowDependencies.push({ fromColumnId, toAssetId, transform });
    else links.meshColumns.push({ fromColumnId, toColumnId, transform });
  }
  return links;
}
