/**
 * An asset's large fields (its SQL, meta and diagnostics), loaded only for the assets a query
 * asks them of: lineage, impact and search answers list hundreds of assets and rarely want
 * their SQL. Assets read whole (an asset by unique id, a page of assets) already carry them.
 */
import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import type { AssetDetails } from "../../services/catalog/assets.js";
import type { GraphQLContext } from "../context.js";
import { Asset } from "../types/Asset.js";
import { Diagnostic } from "../types/Diagnostic.js";
import { JSONScalar } from "../types/scalars.js";
import { identityDiagnostics } from "../../services/openlineage/datasetDiagnostics.js";

async function detailsOf(asset: Asset, ctx: GraphQLContext): Promise<Omit<AssetDetails, "id">> {
  return asset.details ?? (await ctx.loaders.assetDetails.load(asset.rowId)) ?? { rawSql: null, compiledSql: null, meta: {}, diagnostics: [] };
}

@Resolver(() => Asset)
export class AssetDetailsResolver {
  @FieldResolver(() => String, { nullable: true, description: "The SQL as written (with Jinja)." })
  async rawSql(@Root() asset: Asset, @Ctx() ctx: GraphQLContext): Promise<string | null> {
    return (await detailsOf(asset, ctx)).rawSql;
  }

  @FieldResolver(() => String, { nullable: true, description: "The compiled SQL, when the manifest had it." })
  async compiledSql(@Root() asset: Asset, @Ctx() ctx: GraphQLContext): Promise<string | null> {
    return (await detailsOf(asset, ctx)).compiledSql;
  }

  @FieldResolver(() => JSONScalar, { description: "dbt `meta`, as posted." })
  async meta(@Root() asset: Asset, @Ctx() ctx: GraphQLContext): Promise<unknown> {
    return (await detailsOf(asset, ctx)).meta;
  }

  @FieldResolver(() => [Diagnostic], { description: "Findings about this asset (its SQL, its references; an OpenLineage dataset that several dbt assets could be)." })
  async diagnostics(@Root() asset: Asset, @Ctx() ctx: GraphQLContext): Promise<Diagnostic[]> {
    const stored = Diagnostic.listFrom((await detailsOf(asset, ctx)).diagnostics);
    return asset.kind === "DATASET" ? [...stored, ...Diagnostic.listFrom(await identityDiagnostics(ctx, asset.rowId, asset.uniqueId))] : stored;
  }
}
