import { Arg, Args, Authorized, Ctx, Field, FieldResolver, InputType, Query, Resolver, Root } from "type-graphql";
import { findAsset, listAssets, type AssetQuery } from "../../services/catalog/assets.js";
import type { Neighbour } from "../../services/catalog/assetDetails.js";
import type { GraphQLContext } from "../context.js";
import { Asset, AssetNeighbor } from "../types/Asset.js";
import { Column } from "../types/Column.js";
import { Connection, PageArgs, pageOf, toConnection } from "../types/connection.js";
import { DataTest } from "../types/DataTest.js";
import { AssetKind, Layer } from "../types/enums.js";
import { COLUMNS_COST, NEIGHBOURS_COST, NestedListArgs, OWNERS_COST, TESTS_COST, nestedSlice } from "../types/listCost.js";
import { Owner } from "../types/Owner.js";
import { Project } from "../types/Project.js";

@InputType({ description: "Every condition given must hold; the values inside one list are alternatives." })
class AssetFilter implements AssetQuery {
  @Field(() => String, { nullable: true, description: "Project name." })
  project?: string;

  @Field(() => [AssetKind], { nullable: true })
  kinds?: AssetKind[];

  @Field(() => [Layer], { nullable: true })
  layers?: Layer[];

  @Field(() => [String], { nullable: true, description: "Assets carrying any of these tags." })
  tags?: string[];

  @Field(() => String, { nullable: true, description: "An owner's email or name (any case)." })
  owner?: string;

  @Field(() => Boolean, { defaultValue: false, description: "Also list assets removed from their manifest (kept as history)." })
  includeRemoved!: boolean;
}

export const AssetConnection = Connection(Asset, "Asset");

const neighbours = (list: Neighbour[]) => list.map((n) => Object.assign(new AssetNeighbor(), { asset: Asset.from(n.asset), origin: n.origin }));

@Resolver(() => Asset)
export class AssetResolver {
  @Authorized("READER")
  @Query(() => Asset, {
    nullable: true,
    description:
      "An asset by its unique id (removed ones too). Without `project`, a unique id found in several projects is BAD_USER_INPUT naming them. Null when not found.",
  })
  async asset(
    @Arg("uniqueId", () => String) uniqueId: string,
    @Arg("project", () => String, { nullable: true }) project: string | null,
    @Ctx() ctx: GraphQLContext,
  ): Promise<Asset | null> {
    const row = await findAsset(ctx, uniqueId, project);
    return row && Asset.from(row);
  }

  @Authorized("READER")
  @Query(() => AssetConnection, { description: "Assets matching the filter, ordered by unique id (live ones only unless includeRemoved)." })
  async assets(
    @Arg("filter", () => AssetFilter, { nullable: true }) filter: AssetFilter | null,
    @Args(() => PageArgs) args: PageArgs,
    @Ctx() ctx: GraphQLContext,
  ) {
    const page = pageOf(args);
    const { rows, total } = await listAssets(ctx, filter ?? {}, page);
    return toConnection(rows.map(Asset.from), page, total);
  }

  @FieldResolver(() => Project)
  async project(@Root() asset: Asset, @Ctx() ctx: GraphQLContext): Promise<Project> {
    return Project.from((await ctx.loaders.project.load(asset.projectId))!);
  }

  @FieldResolver(() => [Column], { complexity: COLUMNS_COST, description: "Live columns, by position then name." })
  async columns(@Root() asset: Asset, @Args(() => NestedListArgs) args: NestedListArgs, @Ctx() ctx: GraphQLContext): Promise<Column[]> {
    return nestedSlice(await ctx.loaders.columns.load(asset.rowId), args).map(Column.from);
  }

  @FieldResolver(() => [Owner], { complexity: OWNERS_COST, description: "Owners from the manifest and those set through the API." })
  async owners(@Root() asset: Asset, @Args(() => NestedListArgs) args: NestedListArgs, @Ctx() ctx: GraphQLContext): Promise<Owner[]> {
    return nestedSlice(await ctx.loaders.owners.load(asset.rowId), args).map(Owner.from);
  }

  @FieldResolver(() => [Owner], { complexity: OWNERS_COST, description: "People who subscribed to this asset (subscribe/unsubscribe), by owner key." })
  async subscribers(@Root() asset: Asset, @Args(() => NestedListArgs) args: NestedListArgs, @Ctx() ctx: GraphQLContext): Promise<Owner[]> {
    return nestedSlice((await ctx.loaders.people.load(asset.rowId)).subscribers, args).map(Owner.from);
  }

  @FieldResolver(() => [DataTest], { complexity: TESTS_COST, description: "Live tests attached to this asset, by name." })
  async tests(@Root() asset: Asset, @Args(() => NestedListArgs) args: NestedListArgs, @Ctx() ctx: GraphQLContext): Promise<DataTest[]> {
    return nestedSlice(await ctx.loaders.tests.load(asset.rowId), args).map(DataTest.from);
  }

  @FieldResolver(() => [DataTest], {
    complexity: TESTS_COST,
    description:
      "Live tests that read this asset but belong to another asset or to none (singular tests over several models, the parent side of relationships tests), by name. With `tests`, every test that reads this asset.",
  })
  async dependentTests(@Root() asset: Asset, @Args(() => NestedListArgs) args: NestedListArgs, @Ctx() ctx: GraphQLContext): Promise<DataTest[]> {
    return nestedSlice(await ctx.loaders.testsReading.load(asset.rowId), args).map(DataTest.from);
  }

  @FieldResolver(() => [Asset], { complexity: NEIGHBOURS_COST, description: "Assets this one reads from directly (one lineage step), by unique id." })
  async upstream(@Root() asset: Asset, @Args(() => NestedListArgs) args: NestedListArgs, @Ctx() ctx: GraphQLContext): Promise<Asset[]> {
    return nestedSlice(await ctx.loaders.upstream.load(asset.rowId), args).map((n) => Asset.from(n.asset));
  }

  @FieldResolver(() => [Asset], { complexity: NEIGHBOURS_COST, description: "Assets that read from this one directly (one lineage step), by unique id." })
  async downstream(@Root() asset: Asset, @Args(() => NestedListArgs) args: NestedListArgs, @Ctx() ctx: GraphQLContext): Promise<Asset[]> {
    return nestedSlice(await ctx.loaders.downstream.load(asset.rowId), args).map((n) => Asset.from(n.asset));
  }

  @FieldResolver(() => [AssetNeighbor], { complexity: NEIGHBOURS_COST, description: "`upstream`, with each edge's origin." })
  async upstreamEdges(@Root() asset: Asset, @Args(() => NestedListArgs) args: NestedListArgs, @Ctx() ctx: GraphQLContext): Promise<AssetNeighbor[]> {
    return neighbours(nestedSlice(await ctx.loaders.upstream.load(asset.rowId), args));
  }

  @FieldResolver(() => [AssetNeighbor], { complexity: NEIGHBOURS_COST, description: "`downstream`, with each edge's origin." })
  async downstreamEdges(@Root() asset: Asset, @Args(() => NestedListArgs) args: NestedListArgs, @Ctx() ctx: GraphQLContext): Promise<AssetNeighbor[]> {
    return neighbours(nestedSlice(await ctx.loaders.downstream.load(asset.rowId), args));
  }
}
