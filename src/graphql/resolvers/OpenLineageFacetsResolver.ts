/** An asset's fields read from OpenLineage facets: its schema drift against dbt, and a job's type and engine. */
import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import type { GraphQLContext } from "../context.js";
import { Asset } from "../types/Asset.js";
import { OpenLineageJobFacets, SchemaDriftDifference } from "../types/openLineageFacets.js";

@Resolver(() => Asset)
export class OpenLineageFacetsResolver {
  @FieldResolver(() => [SchemaDriftDifference], {
    description:
      "How the columns a producer observed (OpenLineage `schema` facet) differ from those dbt declares for the same relation: on a dbt model or source, against the datasets of its relation; on an OpenLineage dataset, against the dbt asset of its relation. Empty when they agree or a side is unknown.",
  })
  async schemaDrift(@Root() asset: Asset, @Ctx() ctx: GraphQLContext): Promise<SchemaDriftDifference[]> {
    return (await ctx.loaders.schemaDrift.load(asset.rowId)).map((d) => Object.assign(new SchemaDriftDifference(), d));
  }

  @FieldResolver(() => OpenLineageJobFacets, { nullable: true, description: "For an OpenLineage job: what it is (`jobType`) and what ran it (`processing_engine`); null for other assets." })
  async jobFacets(@Root() asset: Asset, @Ctx() ctx: GraphQLContext): Promise<OpenLineageJobFacets | null> {
    return (await ctx.loaders.jobFacets.load(asset.rowId)) as OpenLineageJobFacets | null;
  }
}
