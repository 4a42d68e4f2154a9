import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from "type-graphql";
import { badInput } from "../../core/errors.js";
import { groupByDegree, type ImpactedAsset as CoreImpacted } from "../../core/lineage/index.js";
import { assetImpact, columnImpact } from "../../services/lineage/impact.js";
import { DEFAULT_LINEAGE_PAGE } from "../../services/lineage/limits.js";
import type { GraphQLContext } from "../context.js";
import { toGlobalId } from "../globalId.js";
import { Asset } from "../types/Asset.js";
import { IMPACT_PAGE_COST_UNIT, Impact, ImpactedAsset } from "../types/impact.js";
import { Owner } from "../types/Owner.js";
import { assetRowId, CROSS_PROJECT_ARG, loadAsset, loadAssets } from "./lineageSupport.js";

type Found = CoreImpacted & { columns?: string[] };

function impacted(found: Found): ImpactedAsset {
  return Object.assign(new ImpactedAsset(), { rowId: found.id, pathIds: found.path, degree: found.degree, columns: found.columns ?? null });
}

const DEFAULT_EXPOSURES = 100;
const MAX_EXPOSURES = 500;

@Resolver(() => ImpactedAsset)
export class ImpactResolver {
  @Authorized("READER")
  @Query(() => Impact, {
    // groups.assets is costed at a page of IMPACT_PAGE_COST_UNIT; larger pages scale it, and
    // exposures are costed by their own `first`.
    complexity: ({ args, childComplexity }) => 1 + childComplexity * Math.max(1, Math.ceil((typeof args.first === "number" ? args.first : DEFAULT_LINEAGE_PAGE) / IMPACT_PAGE_COST_UNIT)),
    description:
      "What a change to this asset touches: every transitive downstream asset and exposure by degree, each with a shortest path and its owners and subscribers. With `columns`, only what reads those columns (column lineage), with assets of unknown column use listed apart; that answer is not paged. An unknown asset is NOT_FOUND.",
  })
  async impact(
    @Arg("assetId", () => ID) assetId: string,
    @Arg("columns", () => [String], { nullable: true }) columns: string[] | null,
    @Arg("first", () => Int, { nullable: true }) first: number | null,
    @Arg("after", () => String, { nullable: true }) after: string | null,
    @Arg("crossProject", () => Boolean, { defaultValue: true, description: CROSS_PROJECT_ARG }) crossProject: boolean,
    @Ctx() ctx: GraphQLContext,
  ): Promise<Impact> {
    const id = assetRowId(assetId);
    if (columns && columns.length > 0) {
      const found = await columnImpact(ctx, { assetId: id, columns, crossProject });
      return {
        asset: await loadAsset(ctx, id),
        columns: found.columns,
        missingColumns: found.missingColumns,
        groups: groupByDegree(found.reads).map((group) => ({ degree: group.degree, count: group.assets.length, assets: group.assets.map(impacted) })),
        allExposures: found.exposures.map(impacted),
        exposureCount: found.exposures.length,
        columnUseUnknown: found.columnUseUnknown.map(impacted),
        notAffectedCount: found.notAffectedCount,
        totalCount: found.reads.length + found.columnUseUnknown.length,
        cycles: [],
        truncated: false,
        pageInfo: { hasNextPage: false, endCursor: null },
      };
    }
    const found = await assetImpact(ctx, { assetId: id, first, after, crossProject });
    const counts = new Map(found.degreeCounts.map((entry) => [entry.degree, entry.count]));
    return {
      asset: await loadAsset(ctx, id),
      columns: null,
      missingColumns: [],
      groups: found.groups.map((group) => ({ degree: group.degree, count: counts.get(group.degree) ?? group.assets.length, assets: group.assets.map(impacted) })),
      allExposures: found.exposures.map(impacted),
      exposureCount: found.exposures.length,
      columnUseUnknown: [],
      notAffectedCount: 0,
      totalCount: found.totalCount,
      cycles: found.cycles.map((cycle) => cycle.map((asset) => toGlobalId("Asset", asset))),
      truncated: found.truncated,
      pageInfo: found.pageInfo,
    };
  }

  @FieldResolver(() => [Owner])
  async owners(@Root() entry: ImpactedAsset, @Ctx() ctx: GraphQLContext): Promise<Owner[]> {
    return (await ctx.loaders.people.load(entry.rowId)).owners.map(Owner.from);
  }

  @FieldResolver(() => [Owner], { description: "People who subscribed to this asset." })
  async subscribers(@Root() entry: ImpactedAsset, @Ctx() ctx: GraphQLContext): Promise<Owner[]> {
    return (await ctx.loaders.people.load(entry.rowId)).subscribers.map(Owner.from);
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

@Resolver(() => Impact)
export class ImpactExposuresResolver {
  @FieldResolver(() => [ImpactedAsset], {
    complexity: ({ args, childComplexity }) => 1 + childComplexity * Math.max(1, typeof args.first === "number" ? args.first : DEFAULT_EXPOSURES),
    description: `The exposures reached (dashboards, apps, notebooks), by degree then id: the first \`first\` of them (default ${DEFAULT_EXPOSURES}, at most ${MAX_EXPOSURES}); exposureCount says how many there are. The same on every page of assets.`,
  })
  exposures(@Root() impact: Impact, @Arg("first", () => Int, { nullable: true }) first: number | null): ImpactedAsset[] {
    const size = first ?? DEFAULT_EXPOSURES;
    if (size < 0 || size > MAX_EXPOSURES) throw badInput(`first must be between 0 and ${MAX_EXPOSURES}`, { argument: "first", max: MAX_EXPOSURES });
    return impact.allExposures.slice(0, size);
  }
}
