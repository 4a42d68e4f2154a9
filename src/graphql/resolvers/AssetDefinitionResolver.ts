/**
 * What a metric, semantic model, saved query or exposure means: the stored definition as JSON
 * for every such kind, and for metrics the resolved definition (formula, measures, input
 * metrics, columns, uses), loaded only when asked.
 */
import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import type { GraphQLContext } from "../context.js";
import { Asset } from "../types/Asset.js";
import { MetricDefinition } from "../types/metric.js";
import { JSONScalar } from "../types/scalars.js";

/** A metric's definition walks its inputs and their column lineage: worth a small page of assets. */
const METRIC_DEFINITION_COST = 20;

@Resolver(() => Asset)
export class AssetDefinitionResolver {
  @FieldResolver(() => JSONScalar, {
    nullable: true,
    description:
      "Metrics, semantic models (entities, dimensions, measures with agg and expr), saved queries (metrics, group by, where, exports) and exposures (type, maturity, url): the definition as read from the manifest. Null for other kinds.",
  })
  async definition(@Root() asset: Asset, @Ctx() ctx: GraphQLContext): Promise<unknown> {
    return (await ctx.loaders.definitions.load(asset.rowId)) ?? null;
  }

  @FieldResolver(() => MetricDefinition, {
    nullable: true,
    complexity: ({ childComplexity }) => METRIC_DEFINITION_COST + childComplexity,
    description: "Metrics: the formula in plain terms, what it is built from down to the columns, and where it is used. Null for other kinds.",
  })
  async metricDefinition(@Root() asset: Asset, @Ctx() ctx: GraphQLContext): Promise<MetricDefinition | null> {
    if (asset.kind !== "METRIC") return null;
    const resolved = await ctx.loaders.metricDefinitions.of(asset.rowId);
    return resolved ? MetricDefinition.from(resolved) : null;
  }
}
