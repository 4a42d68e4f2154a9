/**
 * Asset page fields kept apart from AssetResolver: transitive lineage counts, column test and
 * documentation coverage, the last test status, and the change history. type-graphql merges
 * these field resolvers into the Asset type. Batched per request (a page of N assets costs one
 * query per field), with the lineage graph fetched once per request.
 */
import DataLoader from "dataloader";
import { Args, ArgsType, Ctx, Field, FieldResolver, Int, ObjectType, Resolver, Root } from "type-graphql";
import type { LineageIndex } from "../../core/lineage/index.js";
import type { RunStatus as RunStatusValue } from "../../generated/prisma/client.js";
import { assetHistory, columnCoverageOf, lastTestStatusOf, lineageCountsIn, type ColumnCoverage } from "../../services/lineage/assetInsights.js";
import { assetGraph } from "../../services/lineage/tenantGraphs.js";
import type { GraphQLContext } from "../context.js";
import { Asset } from "../types/Asset.js";
import { Change } from "../types/ChangeRequest.js";
import { Connection, PageArgs, pageOf, toConnection } from "../types/connection.js";
import { RunStatus } from "../types/enums.js";
import { LineageCounts } from "../types/lineage.js";
import { ManifestVersion } from "../types/ManifestVersion.js";

@ObjectType({ description: "A manifest version in which an asset changed, with what changed." })
export class AssetHistoryEntry {
  @Field(() => ManifestVersion)
  version!: ManifestVersion;

  @Field(() => [Change], { description: "The classified changes to this asset in that version, breaking first." })
  changes!: Change[];
}

const AssetHistoryConnection = Connection(AssetHistoryEntry, "AssetHistory");

@ArgsType()
class HistoryArgs extends PageArgs {}

interface InsightLoaders {
  /** Fetched on first use: a page asking only for coverage must not build the lineage graph. */
  graph: () => Promise<LineageIndex>;
  coverage: DataLoader<string, ColumnCoverage>;
  lastStatus: DataLoader<string, RunStatusValue | null>;
}

/** Per request: the GraphQL context object lives exactly as long as its request. */
const perRequest = new WeakMap<GraphQLContext, InsightLoaders>();

function insights(ctx: GraphQLContext): InsightLoaders {
  let loaders = perRequest.get(ctx);
  if (!loaders) {
    let graph: Promise<LineageIndex> | undefined;
    loaders = {
      graph: () => (graph ??= assetGraph(ctx)),
      coverage: new DataLoader(async (ids) => {
        const found = await columnCoverageOf(ctx, ids);
        return ids.map((id) => found.get(id) ?? { columns: 0, tested: 0, documented: 0 });
      }),
      lastStatus: new DataLoader(async (ids) => {
        const found = await lastTestStatusOf(ctx, ids);
        return ids.map((id) => found.get(id) ?? null);
      }),
    };
    perRequest.set(ctx, loaders);
  }
  return loaders;
}

@Resolver(() => Asset)
export class AssetInsightsResolver {
  @FieldResolver(() => LineageCounts, { description: "How many assets are transitively upstream and downstream, and how many downstream are exposures. Zero for removed assets." })
  async lineageCounts(@Root() asset: Asset, @Ctx() ctx: GraphQLContext): Promise<LineageCounts> {
    return lineageCountsIn(await insights(ctx).graph(), asset.rowId);
  }

  @FieldResolver(() => Int, { description: "Live columns with at least one live test on them." })
  async testedColumns(@Root() asset: Asset, @Ctx() ctx: GraphQLContext): Promise<number> {
    return (await insights(ctx).coverage.load(asset.rowId)).tested;
  }

  @FieldResolver(() => Int, { description: "Live columns with a description." })
  async documentedColumns(@Root() asset: Asset, @Ctx() ctx: GraphQLContext): Promise<number> {
    return (await insights(ctx).coverage.load(asset.rowId)).documented;
  }

  @FieldResolver(() => RunStatus, { nullable: true, description: "The worst latest result of the asset's live tests (ERROR > FAIL > WARN > PASS); null when none ran." })
  async lastTestStatus(@Root() asset: Asset, @Ctx() ctx: GraphQLContext): Promise<RunStatusValue | null> {
    return insights(ctx).lastStatus.load(asset.rowId);
  }

  @FieldResolver(() => AssetHistoryConnection, {
    complexity: ({ args, childComplexity }) => 1 + childComplexity * Math.max(1, typeof args.first === "number" ? args.first : 50) * 2,
    description: "The manifest versions in which this asset changed, newest first, with what changed.",
  })
  async history(@Root() asset: Asset, @Args(() => HistoryArgs) args: HistoryArgs, @Ctx() ctx: GraphQLContext) {
    const page = pageOf(args);
    const { entries, total } = await assetHistory(ctx, asset.rowId, page);
    const nodes = entries.map((entry) => Object.assign(new AssetHistoryEntry(), { version: ManifestVersion.from(entry.version), changes: entry.changes.map(Change.from) }));
    return toConnection(nodes, page, total);
  }
}

