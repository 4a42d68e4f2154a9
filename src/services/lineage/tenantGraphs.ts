/**
 * Each tenant's lineage graphs, built lazily from the stored rows and shared by all requests of
 * this process (TenantGraphCache: one build per tenant and version, bounded bytes, LRU).
 *
 * Freshness: the graphs are keyed by the tenant's lineage revision, which every applied post
 * moves in its own transaction (catalogRevision.ts) and which a request reads with its
 * authentication. So the next request after any ingest, in this process or any other sharing
 * the database, rebuilds, at no extra round trip per request. An in-process notification from
 * ingest would miss posts handled by other processes, which the scale-out design (many API
 * processes, one PostgreSQL) makes normal.
 *
 * Projects: the graphs hold every project of the tenant and the links between them
 * (core/lineage/crossProjectLinks.ts), worked out here at build time from what each project
 * stores, so the order of posts does not matter and a rename drops a link at the next post.
 * `crossProject: false` asks for the same graphs without those links (each project an island).
 *
 * Raw SQL is not tenant-scoped, so every query here names the tenant explicitly. A build is
 * shared by every request waiting on it, so none of them abandoning its work stops it.
 */
import {
  buildColumnLineageIndex,
  buildLineageIndex,
  relationColumnEdges,
  TenantGraphCache,
  type ColumnRow,
  type AssetKind,
  type ColumnLineageIndex,
  type ColumnTransform,
  type EdgeOrigin,
  type LineageIndex,
} from "../../core/lineage/index.js";
import type { TenantContext } from "../actor.js";
import { catalogRevisions } from "../catalogRevision.js";
import { sharedWork } from "../../db/abandonWork.js";
import { jsonRows } from "../../db/jsonRows.js";
import { loadCrossProjectEdges, type TenantLinks } from "./crossProjectLinks.js";

/** Asset graphs cost ~2 MB per 20k assets; column graphs ~30 MB per 300k columns. */
const ASSET_GRAPH_BUDGET_BYTES = 128 * 2 ** 20;
const COLUMN_GRAPH_BUDGET_BYTES = 256 * 2 ** 20;

const assetGraphs = new TenantGraphCache<LineageIndex>(ASSET_GRAPH_BUDGET_BYTES);
const columnGraphs = new TenantGraphCache<ColumnLineageIndex>(COLUMN_GRAPH_BUDGET_BYTES);
/** A link is three short strings; a tenant has few (one per cross-project read). */
const LINKS_BUDGET_BYTES = 16 * 2 ** 20;
const linkSets = new TenantGraphCache<{ edges: TenantLinks; byteSize: number }>(LINKS_BUDGET_BYTES);

/** Whether lineage crosses from one project of the tenant to another (the default) or not. */
export interface GraphScope {
  crossProject?: boolean | null | undefined;
}

/** The tenant's asset lineage index, at its current lineage revision. */
export async function assetGraph(ctx: TenantContext, scope: GraphScope = {}): Promise<LineageIndex> {
  const { lineage } = await catalogRevisions(ctx);
  const crossProject = scope.crossProject ?? true;
  return assetGraphs.get(cacheKey(ctx, crossProject), lineage, () => sharedWork(() => loadAssetGraph(ctx, crossProject)));
}

export async function columnGraph(ctx: TenantContext, scope: GraphScope = {}): Promise<ColumnLineageIndex> {
  const { lineage } = await catalogRevisions(ctx);
  const crossProject = scope.crossProject ?? true;
  return columnGraphs.get(cacheKey(ctx, crossProject), lineage, () => sharedWork(() => loadColumnGraph(ctx, crossProject)));
}

/** Both graphs at one revision, for questions that need both (column-aware impact). */
export async function tenantGraphs(ctx: TenantContext, scope: GraphScope = {}): Promise<{ assets: LineageIndex; columns: ColumnLineageIndex }> {
  const revisions = await catalogRevisions(ctx);
  const atRevision = { ...ctx, revisions };
  const [assets, columns] = await Promise.all([assetGraph(atRevision, scope), columnGraph(atRevision, scope)]);
  return { assets, columns };
}

/** The per-project graphs are cached beside the linked ones, as if of another tenant. */
const cacheKey = (ctx: TenantContext, crossProject: boolean) => (crossProject ? ctx.tenant.id : `${ctx.tenant.id}\u0000per-project`);

/** Live assets only: removed ones are history, and edges to them are skipped by the index. */
async function loadAssetGraph(ctx: TenantContext, crossProject: boolean): Promise<LineageIndex> {
  const tenantId = ctx.tenant.id;
  const [assets, edges, links] = await Promise.all([
    jsonRows<[string, AssetKind]>(ctx.db.$queryRaw`
      SELECT json_agg(json_build_array("id", "kind"))::text AS "rows"
      FROM "Asset" WHERE "tenantId" = ${tenantId} AND "removedAt" IS NULL`),
    jsonRows<[string, string, EdgeOrigin]>(ctx.db.$queryRaw`
      SELECT json_agg(json_build_array("fromAssetId", "toAssetId", "origin"))::text AS "rows"
      FROM "LineageEdge" WHERE "tenantId" = ${tenantId}`),
    crossProject ? crossProjectLinks(ctx) : null,
  ]);
  return buildLineageIndex(
    assets.map(([id, kind]) => ({ id, kind })),
    [...edges.map(([fromId, toId, origin]) => ({ fromId, toId, origin })), ...(links?.relations ?? []), ...(links?.mesh ?? [])],
    links?.identity.aliases,
  );
}

async function loadColumnGraph(ctx: TenantContext, crossProject: boolean): Promise<ColumnLineageIndex> {
  const tenantId = ctx.tenant.id;
  const [columns, edges, rowDependencies, links] = await Promise.all([
    jsonRows<[string, string, string]>(ctx.db.$queryRaw`
      SELECT json_agg(json_build_array(c."id", c."assetId", c."name"))::text AS "rows"
      FROM "Column" c JOIN "Asset" a ON a."tenantId" = c."tenantId" AND a."id" = c."assetId"
      WHERE c."tenantId" = ${tenantId} AND c."removedAt" IS NULL AND a."removedAt" IS NULL`),
    jsonRows<[string, string, ColumnTransform]>(ctx.db.$queryRaw`
      SELECT json_agg(json_build_array("fromColumnId", "toColumnId", "transform"))::text AS "rows"
      FROM "ColumnLineageEdge" WHERE "tenantId" = ${tenantId}`),
    jsonRows<[string, string, ColumnTransform]>(ctx.db.$queryRaw`
      SELECT json_agg(json_build_array("fromColumnId", "toAssetId", "transform"))::text AS "rows"
      FROM "ModelColumnDependency" WHERE "tenantId" = ${tenantId}`),
    crossProject ? crossProjectLinks(ctx) : null,
  ]);
  const merged = mergeAliasedColumns(columns.map(([id, assetId, name]) => ({ id, assetId, name })), links?.identity.aliases ?? new Map());
  const columnRows = merged.columns;
  const as = (columnId: string) => merged.aliases.get(columnId) ?? columnId;
  const assetAs = (assetId: string) => links?.identity.aliases.get(assetId) ?? assetId;
  // The index expands each row dependency to the columns of its model.
  return buildColumnLineageIndex(
    columnRows,
    [
      ...edges.flatMap(([fromColumnId, toColumnId, transform]) => (as(fromColumnId) === as(toColumnId) ? [] : [{ fromColumnId: as(fromColumnId), toColumnId: as(toColumnId), transform }])),
      ...(links ? relationColumnEdges(links.relations.map((link) => ({ ...link, fromId: assetAs(link.fromId), toId: assetAs(link.toId) })), columnRows) : []),
      ...(links?.meshColumns ?? []).map((edge) => ({ ...edge, fromColumnId: as(edge.fromColumnId), toColumnId: as(edge.toColumnId) })),
    ],
    [
      ...rowDependencies.map(([fromColumnId, toAssetId, transform]) => ({ fromColumnId: as(fromColumnId), toAssetId: assetAs(toAssetId), transform })),
      ...(links?.meshRowDependencies ?? []).map((dependency) => ({ ...dependency, fromColumnId: as(dependency.fromColumnId), toAssetId: assetAs(dependency.toAssetId) })),
    ],
  );
}

/**
 * The columns of a merged dataset are the columns of the asset it is: one of the same name
 * (case-insensitively, as warehouses fold names) stands for it; the others move to that asset.
 */
function mergeAliasedColumns(columns: ColumnRow[], assetAliases: ReadonlyMap<string, string>): { columns: ColumnRow[]; aliases: Map<string, string> } {
  const aliases = new Map<string, string>();
  if (assetAliases.size === 0) return { columns, aliases };
  const byName = new Map(columns.filter((c) => !assetAliases.has(c.assetId)).map((c) => [`${c.assetId}\u0000${c.name.toLowerCase()}`, c.id]));
  const kept: ColumnRow[] = [];
  for (const column of columns) {
    const assetId = assetAliases.get(column.assetId);
    if (assetId === undefined) {
      kept.push(column);
      continue;
    }
    const key = `${assetId}\u0000${column.name.toLowerCase()}`;
    const same = byName.get(key);
    if (same !== undefined) aliases.set(column.id, same);
    else {
      byName.set(key, column.id);
      kept.push({ ...column, assetId });
    }
  }
  return { columns: kept, aliases };
}

/** The links between the tenant's projects, at its current lineage revision. */
export async function crossProjectLinks(ctx: TenantContext): Promise<TenantLinks> {
  const { lineage } = await catalogRevisions(ctx);
  const built = await linkSets.get(ctx.tenant.id, lineage, () =>
    sharedWork(async () => {
      const edges = await loadCrossProjectEdges(ctx.db, ctx.tenant.id);
      const count = edges.relations.length + edges.mesh.length + edges.meshColumns.length + edges.meshRowDependencies.length + edges.identity.aliases.size + edges.identity.ambiguous.size;
      return { edges, byteSize: 64 + 160 * count };
    }),
  );
  return built.edges;
}
