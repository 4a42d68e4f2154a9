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
 * Raw SQL is not tenant-scoped, so every query here names the tenant explicitly. A build is
 * shared by every request waiting on it, so none of them abandoning its work stops it.
 */
import {
  buildColumnLineageIndex,
  buildLineageIndex,
  TenantGraphCache,
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

/** Asset graphs cost ~2 MB per 20k assets; column graphs ~30 MB per 300k columns. */
const ASSET_GRAPH_BUDGET_BYTES = 128 * 2 ** 20;
const COLUMN_GRAPH_BUDGET_BYTES = 256 * 2 ** 20;

const assetGraphs = new TenantGraphCache<LineageIndex>(ASSET_GRAPH_BUDGET_BYTES);
const columnGraphs = new TenantGraphCache<ColumnLineageIndex>(COLUMN_GRAPH_BUDGET_BYTES);

/** The tenant's asset lineage index, at its current lineage revision. */
export async function assetGraph(ctx: TenantContext): Promise<LineageIndex> {
  const { lineage } = await catalogRevisions(ctx);
  return assetGraphs.get(ctx.tenant.id, lineage, () => sharedWork(() => loadAssetGraph(ctx)));
}

export async function columnGraph(ctx: TenantContext): Promise<ColumnLineageIndex> {
  const { lineage } = await catalogRevisions(ctx);
  return columnGraphs.get(ctx.tenant.id, lineage, () => sharedWork(() => loadColumnGraph(ctx)));
}

/** Both graphs at one revision, for questions that need both (column-aware impact). */
export async function tenantGraphs(ctx: TenantContext): Promise<{ assets: LineageIndex; columns: ColumnLineageIndex }> {
  const revisions = await catalogRevisions(ctx);
  const atRevision = { ...ctx, revisions };
  const [assets, columns] = await Promise.all([assetGraph(atRevision), columnGraph(atRevision)]);
  return { assets, columns };
}

/** Live assets only: removed ones are history, and edges to them are skipped by the index. */
async function loadAssetGraph(ctx: TenantContext): Promise<LineageIndex> {
  const tenantId = ctx.tenant.id;
  const [assets, edges] = await Promise.all([
    jsonRows<[string, AssetKind]>(ctx.db.$queryRaw`
      SELECT json_agg(json_build_array("id", "kind"))::text AS "rows"
      FROM "Asset" WHERE "tenantId" = ${tenantId} AND "removedAt" IS NULL`),
    jsonRows<[string, string, EdgeOrigin]>(ctx.db.$queryRaw`
      SELECT json_agg(json_build_array("fromAssetId", "toAssetId", "origin"))::text AS "rows"
      FROM "LineageEdge" WHERE "tenantId" = ${tenantId}`),
  ]);
  return buildLineageIndex(
    assets.map(([id, kind]) => ({ id, kind })),
    edges.map(([fromId, toId, origin]) => ({ fromId, toId, origin })),
  );
}

async function loadColumnGraph(ctx: TenantContext): Promise<ColumnLineageIndex> {
  const tenantId = ctx.tenant.id;
  const [columns, edges, rowDependencies] = await Promise.all([
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
  ]);
  // The index expands each row dependency to the columns of its model.
  return buildColumnLineageIndex(
    columns.map(([id, assetId, name]) => ({ id, assetId, name })),
    edges.map(([fromColumnId, toColumnId, transform]) => ({ fromColumnId, toColumnId, transform })),
    rowDependencies.map(([fromColumnId, toAssetId, transform]) => ({ fromColumnId, toAssetId, transform })),
  );
}
