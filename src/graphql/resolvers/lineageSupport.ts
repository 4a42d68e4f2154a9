/** What the lineage, impact and search resolvers share: ids in, Asset objects out. */
import type { ComplexityEstimator } from "graphql-query-complexity";
import { notFound } from "../../core/errors.js";
import type { GraphQLContext } from "../context.js";
import { rowIdOf } from "../globalId.js";
import { Asset } from "../types/Asset.js";

/** The row id behind a global Asset id; anything else (or another tenant's) is "not found". */
export function assetRowId(globalId: string): string {
  const id = rowIdOf(globalId, "Asset");
  if (!id) throw notFound("Asset", globalId);
  return id;
}

/**
 * One Asset object per row the request's loader holds: an impact answer names the same few
 * assets in hundreds of paths. Keyed by the row, so it lives as long as the request's loader.
 */
const assetOfRow = new WeakMap<object, Asset>();

/** Loads assets by row id through the request's loader (one query per tick), in order. */
export async function loadAssets(ctx: GraphQLContext, ids: readonly string[]): Promise<Asset[]> {
  const rows = await ctx.loaders.asset.loadMany(ids);
  return rows.map((row, i) => {
    if (!row || row instanceof Error) throw row instanceof Error ? row : notFound("Asset", ids[i]!);
    let asset = assetOfRow.get(row);
    if (!asset) assetOfRow.set(row, (asset = Asset.from(row)));
    return asset;
  });
}

export async function loadAsset(ctx: GraphQLContext, id: string): Promise<Asset> {
  const [asset] = await loadAssets(ctx, [id]);
  return asset!;
}

/** A query's cost: its children times the page it returns (`first`, else the default page). */
export const pagedCost =
  (defaultPage: number): ComplexityEstimator =>
  ({ args, childComplexity }) =>
    1 + childComplexity * Math.max(1, typeof args.first === "number" ? args.first : defaultPage);

export const CROSS_PROJECT_ARG =
  "true (default): follow lineage into the tenant's other projects (a source reading another project's model relation, dbt Mesh refs). false: stay inside each asset's own project.";
