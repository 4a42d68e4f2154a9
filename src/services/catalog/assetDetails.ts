/**
 * What hangs off an asset (columns, owners, lineage neighbours; tests are in dataTests.ts), each
 * loaded for many assets in one query so a page of assets costs the same number of queries
 * as one asset. Every function answers a Map keyed by the ids it was given.
 */
import type { Asset, Column, EdgeOrigin, Owner } from "../../generated/prisma/client.js";
import type { TenantContext } from "../actor.js";
import { crossProjectLinks } from "../lineage/tenantGraphs.js";
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
  return neighboursOf(ctx, assetIds, "UPSTREAM");
}

/** Direct downstream assets (what reads from each asset), by unique id. */
export async function downstreamOfAssets(ctx: TenantContext, assetIds: readonly string[]): Promise<Map<string, Neighbour[]>> {
  return neighboursOf(ctx, assetIds, "DOWNSTREAM");
}

/**
 * The stored edges of each asset, with OpenLineage datasets merged into another asset
 * (core/openlineage/datasetIdentity.ts) counted as that asset: a model's neighbours include the
 * jobs reading the dataset that is the model, and a merged dataset's are its asset's.
 */
async function neighboursOf(ctx: TenantContext, assetIds: readonly string[], direction: "UPSTREAM" | "DOWNSTREAM"): Promise<Map<string, Neighbour[]>> {
  const { aliases } = (await crossProjectLinks(ctx)).identity;
  const as = (id: string) => aliases.get(id) ?? id;
  const asked = new Set(assetIds.map(as));
  const members = [...asked, ...[...aliases].filter(([, to]) => asked.has(to)).map(([alias]) => alias)];
  const upstream = direction === "UPSTREAM";
  const edges = await ctx.db.lineageEdge.findMany({
    where: upstream ? { toAssetId: { in: members } } : { fromAssetId: { in: members } },
    include: upstream ? { from: true } : { to: true },
    orderBy: [upstream ? { from: { uniqueId: "asc" } } : { to: { uniqueId: "asc" } }],
  });
  const merged = [...new Set(edges.map((e) => (upstream ? e.fromAssetId : e.toAssetId)).filter((id) => aliases.has(id)).map(as))];
  const canonical = new Map((merged.length === 0 ? [] : await ctx.db.asset.findMany({ where: { id: { in: merged } } })).map((row) => [row.id, row]));
  const byAsset = new Map<string, Map<string, Neighbour>>();
  for (const edge of edges) {
    const self = as(upstream ? edge.toAssetId : edge.fromAssetId);
    const other = (upstream ? edge.from : edge.to)!;
    const asset = aliases.has(other.id) ? canonical.get(as(other.id)) : other;
    if (!asset || asset.id === self) continue;
    const found = byAsset.get(self) ?? new Map<string, Neighbour>();
    byAsset.set(self, found);
    if (!found.has(asset.id)) found.set(asset.id, { asset, origin: edge.origin });
  }
  return new Map(assetIds.flatMap((id) => {
    const found = byAsset.get(as(id));
    return found ? [[id, [...found.values()]] as const] : [];
  }));
}
