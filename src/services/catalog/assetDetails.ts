/**
 * What hangs off an asset (columns, owners, lineage neighbours; tests are in dataTests.ts), each
 * loaded for many assets in one query so a page of assets costs the same number of queries
 * as one asset. Every function answers a Map keyed by the ids it was given.
 */
import type { Asset, Column, EdgeOrigin, Owner } from "../../generated/prisma/client.js";
import type { TenantContext } from "../actor.js";
import { groupBy } from "./groupBy.js";

/** Live columns, in warehouse order (position, then name for columns without one). */
export async function columnsOfAssets(ctx: TenantContext, assetIds: readonly string[]): Promise<Map<string, Column[]>> {
  const rows = await ctx.db.column.findMany({
    where: { assetId: { in: [...assetIds] }, removedAt: null },
    orderBy: [{ position: { sort: "asc", nulls: "last" } }, { name: "asc" }],
  });
  return groupBy(rows, (c) => c.assetId);
}

/** Stored definitions (metrics, semantic models, saved queries, exposures), as read from the manifest. */
export async function definitionsOfAssets(ctx: TenantContext, assetIds: readonly string[]): Promise<Map<string, unknown>> {
  const rows = await ctx.db.assetDefinition.findMany({ where: { assetId: { in: [...assetIds] } }, select: { assetId: true, definition: true } });
  return new Map(rows.map((row) => [row.assetId, row.definition]));
}

/** Owners from manifests and from the API alike (a person named by both, once), ordered by their identity key. */
export async function ownersOfAssets(ctx: TenantContext, assetIds: readonly string[]): Promise<Map<string, Owner[]>> {
  const links = await ctx.db.assetOwner.findMany({
    where: { assetId: { in: [...assetIds] } },
    include: { owner: true },
    orderBy: [{ owner: { key: "asc" } }],
    distinct: ["assetId", "ownerId"],
  });
  const grouped = groupBy(links, (l) => l.assetId);
  return new Map([...grouped].map(([assetId, group]) => [assetId, group.map((l) => l.owner)]));
}

export interface Neighbour {
  asset: Asset;
  origin: EdgeOrigin;
}

/** Direct upstream assets (what each asset reads from), by unique id. */
export async function upstreamOfAssets(ctx: TenantContext, assetIds: readonly string[]): Promise<Map<string, Neighbour[]>> {
  const edges = await ctx.db.lineageEdge.findMany({
    where: { toAssetId: { in: [...assetIds] } },
    include: { from: true },
    orderBy: [{ from: { uniqueId: "asc" } }],
  });
  const grouped = groupBy(edges, (e) => e.toAssetId);
  return new Map([...grouped].map(([id, group]) => [id, group.map((e) => ({ asset: e.from, origin: e.origin }))]));
}

/** Direct downstream assets (what reads from each asset), by unique id. */
export async function downstreamOfAssets(ctx: TenantContext, assetIds: readonly string[]): Promise<Map<string, Neighbour[]>> {
  const edges = await ctx.db.lineageEdge.findMany({
    where: { fromAssetId: { in: [...assetIds] } },
    include: { to: true },
    orderBy: [{ to: { uniqueId: "asc" } }],
  });
  const grouped = groupBy(edges, (e) => e.fromAssetId);
  return new Map([...grouped].map(([id, group]) => [id, group.map((e) => ({ asset: e.to, origin: e.origin }))]));
}
