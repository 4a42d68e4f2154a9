import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from "type-graphql";
import { groupByDegree, type ImpactedAsset as CoreImpacted } from "../../core/lineage/index.js";
import { assetImpact, columnImpact } from "../../services/lineage/impact.js";
import { DEFAULT_LINEAGE_PAGE } from "../../services/lineage/limits.js";
import { peopleOfAssets, type AssetPeople } from "../../services/lineage/people.js";
import type { GraphQLContext } from "../context.js";
import { toGlobalId } from "../globalId.js";
import { Asset } from "../types/Asset.js";
import { Impact, ImpactedAsset } from "../types/impact.js";
import { Owner } from "../types/Owner.js";
import { assetRowId, loadAsset, loadAssets, pagedCost } from "./lineageSupport.js";

type Found = CoreImpacted & { columns?: string[] };

function impacted(found: Found, people: Map<string, AssetPeople>): ImpactedAsset {
  const who = people.get(found.id) ?? { owners: [], subscribers: [] };
  return Object.assign(new ImpactedAsset(), {
    rowId: found.id,
    pathIds: found.path,
    degree: found.degree,
    columns: found.columns ?? null,
    owners: who.owners.map(Owner.from),
    subscribers: who.subscribers.map(Owner.from),
  });
}

@Resolver(() => ImpactedAsset)
export class ImpactResolver {
  @Authorized("READER")
  @Query(() => Impact, {
    complexity: pagedCost(DEFAULT_LINEAGE_PAGE),
    description:
      "What a change to this asset touches: every transitive downstream asset and exposure by degree, each with a shortest path and its owners and subscribers. With `columns`, only what reads those columns (column lineage), with assets of unknown column use listed apart; that answer is not paged. An unknown asset is NOT_FOUND.",
  })
  async impact(
    @Arg("assetId", () => ID) assetId: string,
    @Arg("columns", () => [String], { nullable: true }) columns: string[] | null,
    @Arg("first", () => Int, { nullable: true }) first: number | null,
    @Arg("after", () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: GraphQLContext,
  ): Promise<Impact> {
    const id = assetRowId(assetId);
    if (columns && columns.length > 0) {
      const found = await columnImpact(ctx, { assetId: id, columns });
      const people = await peopleOfAssets(ctx, [...found.reads, ...found.columnUseUnknown].map((entry) => entry.id));
      return {
        asset: await loadAsset(ctx, id),
        columns: found.columns,
        missingColumns: found.missingColumns,
        groups: groupByDegree(found.reads).map((group) => ({ degree: group.degree, count: group.assets.length, assets: group.assets.map((entry) => impacted(entry, people)) })),
        exposures: found.exposures.map((entry) => impacted(entry, people)),
        columnUseUnknown: found.columnUseUnknown.map((entry) => impacted(entry, people)),
        notAffectedCount: found.notAffectedCount,
        totalCount: found.reads.length + found.columnUseUnknown.length,
        cycles: [],
        truncated: false,
        pageInfo: { hasNextPage: false, endCursor: null },
      };
    }
    const found = await assetImpact(ctx, { assetId: id, first, after });
    const people = await peopleOfAssets(ctx, [...found.assets, ...found.exposures].map((entry) => entry.id));
    const counts = new Map(found.degreeCounts.map((entry) => [entry.degree, entry.count]));
    return {
      asset: await loadAsset(ctx, id),
      columns: null,
      missingColumns: [],
      groups: found.groups.map((group) => ({ degree: group.degree, count: counts.get(group.degree) ?? group.assets.length, assets: group.assets.map((entry) => impacted(entry, people)) })),
      exposures: found.exposures.map((entry) => impacted(entry, people)),
      columnUseUnknown: [],
      notAffectedCount: 0,
      totalCount: found.totalCount,
      cycles: found.cycles.map((cycle) => cycle.map((asset) => toGlobalId("Asset", asset))),
      truncated: found.truncated,
      pageInfo: found.pageInfo,
    };
  }

  @FieldResolver(() => Asset)
  asset(@Root() entry: ImpactedAsset, @Ctx() ctx: GraphQLContext): Promise<Asset> {
    return loadAsset(ctx, entry.rowId);
  }

  @FieldResolver(() => [Asset])
  path(@Root() entry: ImpactedAsset, @Ctx() ctx: GraphQLContext): Promise<Asset[]> {
    return loadAssets(ctx, entry.pathIds);
  }
}
