/**
 * The semantic layer in the native manifest: semantic models, semantic-layer metrics and saved
 * queries, in MetricFlow's terms (what a dbt ≥ 1.6 project's YAML says, with its short forms
 * spelled one way). A project folder's YAML is read into these (projectFolder/semanticEntries.ts).
 */
import { z } from "zod";

/** The fields every native resource shares, from nativeManifestSchema.ts. */
export interface CommonFields<Owners extends z.ZodType> {
  name: z.ZodType<string, string>;
  description: z.ZodType<string, string>;
  owners: Owners;
  tags: z.ZodType<string[], string[]>;
  meta: z.ZodType<Record<string, unknown>, Record<string, unknown>>;
}

const text = z.string().min(1);
const filters = z.array(text).meta({ description: "Where templates, e.g. \"{{ Dimension('order__status') }} = 'completed'\"." });
const window = text.meta({ description: 'e.g. "7 day".' });

export const SEMANTIC_METRIC_TYPES = ["simple", "ratio", "derived", "cumulative", "conversion"] as const;

export function semanticSchemas<Owners extends z.ZodType>({ name, description, owners, tags, meta }: CommonFields<Owners>) {
/** What every semantic-layer resource has besides its name: as models have, and a group. */
const resource = { description: description.optional(), owners: owners.optional(), tags: tags.optional(), meta: meta.optional(), group: name.optional() };

const measureRef = z
  .union([name, z.strictObject({ name, filters: filters.optional(), alias: text.optional() })])
  .meta({ title: "MeasureRef", description: "A measure of a semantic model of this manifest, by name, with the filter the metric puts on it." });
const metricRef = z
  .union([
    name,
    z.strictObject({
      name,
      filters: filters.optional(),
      alias: text.optional(),
      offset: text.optional().meta({ description: 'The input offset in time: "7 day", or "to grain month".' }),
    }),
  ])
  .meta({ title: "MetricRef", description: "A metric of this manifest, by name." });

const measureSchema = z.strictObject({
  name,
  agg: text,
  expr: text.optional(),
  description: description.optional(),
  agg_time_dimension: text.optional(),
  agg_params: z
    .strictObject({ percentile: z.number().min(0).max(1), use_discrete_percentile: z.boolean().optional(), use_approximate_percentile: z.boolean().optional() })
    .optional()
    .meta({ description: "percentile measures: which percentile (0–1), and whether discrete or approximate." }),
  non_additive_dimension: z
    .strictObject({ name, window_choice: z.enum(["min", "max"]).optional(), window_groupings: z.array(name).optional() })
    .optional()
    .meta({ description: "semi-additive measures (balances, counts at a time): the dimension not summed over, taken at its min or max per the groupings." }),
});

const semanticModelSchema = z
  .strictObject({
    name,
    model: text.meta({ description: 'The model it reads: "orders" or "ref(\'orders\')".' }),
    ...resource,
    agg_time_dimension: text.optional(),
    primary_entity: text.optional(),
    entities: z.array(z.strictObject({ name, type: text, expr: text.optional(), description: description.optional() })).default([]),
    dimensions: z
      .array(z.strictObject({ name, type: text, expr: text.optional(), description: description.optional(), time_granularity: text.optional() }))
      .default([]),
    measures: z.array(measureSchema).default([]),
  })
  .meta({ title: "SemanticModel", description: "Entities, dimensions and measures over one model (MetricFlow)." });

const semanticMetricSchema = z
  .strictObject({
    name,
    type: z.enum(SEMANTIC_METRIC_TYPES),
    label: text.optional(),
    ...resource,
    measure: measureRef.optional().meta({ description: "simple and cumulative metrics: the measure aggregated." }),
    numerator: metricRef.optional().meta({ description: "ratio metrics." }),
    denominator: metricRef.optional().meta({ description: "ratio metrics." }),
    expression: text.optional().meta({ description: 'derived metrics: a formula over `metrics`, e.g. "revenue / customers".' }),
    metrics: z.array(metricRef).optional().meta({ description: "derived metrics: their inputs." }),
    window: window.optional().meta({ description: "cumulative metrics: the rolling window." }),
    grain_to_date: text.optional().meta({ description: "cumulative metrics: month, year, …" }),
    conversion: z
      .strictObject({
        entity: text,
        calculation: text.optional(),
        base_measure: measureRef,
        conversion_measure: measureRef,
        window: window.optional(),
        constant_properties: z
          .array(z.strictObject({ base_property: name, conversion_property: name }))
          .optional()
          .meta({ description: "Properties the conversion event must share with the base event, e.g. the same product." }),
      })
      .optional()
      .meta({ description: "conversion metrics." }),
    filters: filters.optional(),
    time_granularity: text.optional(),
  })
  .superRefine((metric, ctx) => {
    const needs: Record<(typeof SEMANTIC_METRIC_TYPES)[number], (keyof typeof metric)[]> = {
      simple: ["measure"],
      ratio: ["numerator", "denominator"],
      derived: ["expression", "metrics"],
      cumulative: ["measure"],
      conversion: ["conversion"],
    };
    for (const key of needs[metric.type]) {
      if (metric[key] === undefined) ctx.addIssue({ code: "custom", path: [key], message: `a \`${key}\` (a ${metric.type} metric needs it)` });
    }
  })
  .meta({ title: "SemanticMetric", description: "A semantic-layer metric (MetricFlow): simple, ratio, derived, cumulative or conversion." });

const savedQuerySchema = z
  .strictObject({
    name,
    label: text.optional(),
    ...resource,
    metrics: z.array(name).min(1),
    group_by: z.array(text).optional(),
    where: filters.optional(),
    exports: z.array(z.strictObject({ name, export_as: text.optional(), schema: text.optional(), alias: text.optional() })).optional(),
  })
  .meta({ title: "SavedQuery", description: "A named query over metrics (MetricFlow), optionally exported." });

return { semanticModelSchema, semanticMetricSchema, savedQuerySchema };
}
