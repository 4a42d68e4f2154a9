/**
 * OpenLineage in GraphQL: an asset's OpenLineage name (the node id Marquez's reads take), a
 * job's runs, and the tenant's namespaces with their jobs and datasets as assets. The same data
 * as Marquez's REST reads (http/marquezRoute.ts), from the same services.
 */
import DataLoader from "dataloader";
import { Args, ArgsType, Ctx, FieldResolver, Query, Resolver, Root } from "type-graphql";
import { assetsByIds } from "../../services/catalog/assets.js";
import { marquezAssets, type MarquezAsset } from "../../services/openlineage/marquezNodes.js";
import { datasetsOfNamespace, jobsOfNamespace, namespaceRows, openLineageRunsOfAsset } from "../../services/openlineage/marquezReads.js";
import type { GraphQLContext } from "../context.js";
import { Asset } from "../types/Asset.js";
import { AssetConnection } from "./AssetResolver.js";
import { DEFAULT_PAGE_SIZE, PageArgs, pageOf, toConnection } from "../types/connection.js";
import { OpenLineageName, OpenLineageNamespace, OpenLineageNamespaceConnection, OpenLineageRun, OpenLineageRunConnection } from "../types/openLineage.js";
import { pagedCost } from "./lineageSupport.js";

const perRequest = new WeakMap<GraphQLContext, DataLoader<string, MarquezAsset | null>>();

/** One query for the names of all the assets a request shows. */
function nameLoader(ctx: GraphQLContext): DataLoader<string, MarquezAsset | null> {
  let loader = perRequest.get(ctx);
  if (!loader) {
    loader = new DataLoader(async (ids) => {
      const found = await marquezAssets(ctx, ids);
      return ids.map((id) => found.get(id) ?? null);
    });
    perRequest.set(ctx, loader);
  }
  return loader;
}

@ArgsType()
class OpenLineagePageArgs extends PageArgs {}

@Resolver(() => Asset)
export class AssetOpenLineageResolver {
  @FieldResolver(() => OpenLineageName, {
    nullable: true,
    description: "The asset's OpenLineage name: a job's or dataset's own; a dbt model's, seed's, snapshot's or source's relation as `<adapter>://<database>` and `<schema>.<identifier>`; null for other assets.",
  })
  async openLineageName(@Root() asset: Asset, @Ctx() ctx: GraphQLContext): Promise<OpenLineageName | null> {
    const named = await nameLoader(ctx).load(asset.rowId);
    return named ? OpenLineageName.from(named.type, named) : null;
  }

  @FieldResolver(() => OpenLineageRunConnection, { complexity: pagedCost(DEFAULT_PAGE_SIZE), description: "An OpenLineage job's runs, newest first (empty for other assets)." })
  async openLineageRuns(@Root() asset: Asset, @Args(() => OpenLineagePageArgs) args: OpenLineagePageArgs, @Ctx() ctx: GraphQLContext) {
    // Runs move with every event, which the catalog revision (the response cache's key) does not follow.
    ctx.cachePolicy.storable = false;
    const page = pageOf(args);
    const { runs, totalCount } = await openLineageRunsOfAsset(ctx, asset.rowId, { limit: page.take, offset: page.skip });
    return toConnection(runs.map(OpenLineageRun.from), page, totalCount);
  }
}

@Resolver(() => OpenLineageNamespace)
export class OpenLineageNamespaceResolver {
  @Query(() => OpenLineageNamespaceConnection, { complexity: pagedCost(DEFAULT_PAGE_SIZE), description: "The tenant's OpenLineage namespaces and dbt relation namespaces, by name (GET /api/v1/namespaces)." })
  async openLineageNamespaces(@Args(() => OpenLineagePageArgs) args: OpenLineagePageArgs, @Ctx() ctx: GraphQLContext) {
    const page = pageOf(args);
    const rows = await namespaceRows(ctx);
    return toConnection(rows.slice(page.skip, page.skip + page.take).map(OpenLineageNamespace.from), page, rows.length);
  }

  @FieldResolver(() => AssetConnection, { complexity: pagedCost(DEFAULT_PAGE_SIZE), description: "The namespace's datasets (OpenLineage's, and dbt relations), by name." })
  async datasets(@Root() namespace: OpenLineageNamespace, @Args(() => OpenLineagePageArgs) args: OpenLineagePageArgs, @Ctx() ctx: GraphQLContext) {
    return assetPage(ctx, await datasetsOfNamespace(ctx, namespace.name), args);
  }

  @FieldResolver(() => AssetConnection, { complexity: pagedCost(DEFAULT_PAGE_SIZE), description: "The namespace's OpenLineage jobs, by name." })
  async jobs(@Root() namespace: OpenLineageNamespace, @Args(() => OpenLineagePageArgs) args: OpenLineagePageArgs, @Ctx() ctx: GraphQLContext) {
    return assetPage(ctx, await jobsOfNamespace(ctx, namespace.name), args);
  }
}

async function assetPage(ctx: GraphQLContext, assets: MarquezAsset[], args: PageArgs) {
  const page = pageOf(args);
  const shown = assets.slice(page.skip, page.skip + page.take);
  const rows = await assetsByIds(ctx, shown.map((a) => a.assetId));
  return toConnection(shown.flatMap((a) => { const row = rows.get(a.assetId); return row ? [Asset.from(row)] : []; }), page, assets.length);
}
