/**
 * The definitions of metrics, semantic models, saved queries and exposures, read from the
 * fields of every dbt version that has them. The manifest schema only checks these resources'
 * common fields; the parts below are checked here, one resource at a time, so a definition dbt
 * shaped differently than expected becomes a diagnostic and never refuses the manifest.
 */
import { z } from "zod";
import type { Diagnostic } from "../../diagnostic.js";
import { textOrNull } from "../assetDefaults.js";
import {
  blankMetricDefinition,
  type ConversionParams,
  type ExposureDefinition,
  type MeasureUse,
  type MetricDefinition,
  type MetricUse,
  type SavedQueryDefinition,
  type SemanticModelDefinition,
  uniqueUses,
} from "../semantic/definition.js";
import { formatJsonPath } from "../jsonPath.js";
import { constantPropertiesOf, nonAdditiveDimensionOf, percentileOf } from "../semantic/measureParameters.js";

const text = z.string().nullish();
const texts = z.array(z.string()).nullish();

/** v10 `{where_sql_template}`; v11+ `{where_filters: [{where_sql_template}]}`. */
const whereSchema = z
  .union([
    z.object({ where_filters: z.array(z.object({ where_sql_template: z.string() })) }),
    z.object({ where_sql_template: z.string() }),
  ])
  .nullish();

const windowSchema = z
  .object({ count: z.number().nullish(), granularity: text, period: text })
  .nullish();

const measureInput = z.object({ name: z.string(), filter: whereSchema, alias: text });
const metricInput = z.object({
  name: z.string(),
  filter: whereSchema,
  alias: text,
  offset_window: windowSchema,
  offset_to_grain: text,
});

const aggParams = z.object({ percentile: z.number().nullish(), use_discrete_percentile: z.boolean().nullish(), use_approximate_percentile: z.boolean().nullish() }).nullish();
const nonAdditiveDimension = z.object({ name: z.string(), window_choice: text, window_groupings: texts }).nullish();
const constantProperties = z.array(z.object({ base_property: z.string(), conversion_property: z.string() })).nullish();

const legacyFilter = z.object({ field: z.string(), operator: z.string(), value: z.union([z.string(), z.number(), z.boolean()]) });

const metricDetails = z.object({
  type: text,
  label: text,
  calculation_method: text,
  expression: text,
  sql: text,
  model: text,
  timestamp: text,
  time_grains: texts,
  time_granularity: text,
  dimensions: texts,
  window: windowSchema,
  /** Legacy filters are a list; semantic ones a where template. */
  filters: z.array(legacyFilter).nullish(),
  filter: whereSchema,
  /** Legacy derived metrics: the metrics they call, as `[["name"], …]`. */
  metrics: z.array(z.union([z.array(z.string()), z.string()])).nullish(),
  type_params: z
    .object({
      measure: measureInput.nullish(),
      input_measures: z.array(measureInput).nullish(),
      numerator: metricInput.nullish(),
      denominator: metricInput.nullish(),
      expr: text,
      window: windowSchema,
      grain_to_date: text,
      metrics: z.array(metricInput).nullish(),
      conversion_type_params: z
        .object({
          entity: text,
          calculation: text,
          base_measure: measureInput.nullish(),
          conversion_measure: measureInput.nullish(),
          window: windowSchema,
          constant_properties: constantProperties,
        })
        .nullish(),
      cumulative_type_params: z
        .object({ window: windowSchema, grain_to_date: text, metric: metricInput.nullish() })
        .nullish(),
    })
    .nullish(),
});

const semanticModelDetails = z.object({
  model: text,
  defaults: z.object({ agg_time_dimension: text }).nullish(),
  primary_entity: text,
  entities: z.array(z.object({ name: z.string(), type: text, expr: text, description: text })).nullish(),
  dimensions: z
    .array(
      z.object({
        name: z.string(),
        type: text,
        expr: text,
        description: text,
        type_params: z.object({ time_granularity: text }).nullish(),
      }),
    )
    .nullish(),
  measures: z
    .array(
      z.object({
        name: z.string(),
        agg: text,
        expr: text,
        description: text,
        agg_time_dimension: text,
        agg_params: aggParams,
        non_additive_dimension: nonAdditiveDimension,
      }),
    )
    .nullish(),
});

const savedQueryDetails = z.object({
  label: text,
  query_params: z.object({ metrics: texts, group_by: texts, where: whereSchema }).nullish(),
  exports: z
    .array(
      z.object({
        name: z.string(),
        config: z.object({ export_as: text, schema_name: text, alias: text }).nullish(),
      }),
    )
    .nullish(),
});

const exposureDetails = z.object({ label: text, type: text, maturity: text, url: text });

type Where = z.infer<typeof whereSchema>;
type Window = z.infer<typeof windowSchema>;

/** Reads one resource's definition; what does not fit is reported and left out. */
function read<T, D>(
  schema: z.ZodType<T>,
  resource: unknown,
  uniqueId: string,
  diagnostics: Diagnostic[],
  build: (details: T) => D,
): D | undefined {
  const parsed = schema.safeParse(resource);
  if (parsed.success) return build(parsed.data);
  const issue = parsed.error.issues[0];
  const where = issue ? `at ${formatJsonPath(issue.path)}: ${issue.message}` : "unexpected shape";
  diagnostics.push({
    code: "DEFINITION_UNREADABLE",
    severity: "warning",
    message: `The definition of ${uniqueId} could not be read (${where}); the asset is kept without it.`,
    uniqueId,
  });
  return undefined;
}

export function metricDefinitionOf(metric: unknown, uniqueId: string, diagnostics: Diagnostic[]): MetricDefinition | undefined {
  return read(metricDetails, metric, uniqueId, diagnostics, (m) => {
    if (m.type_params) return semanticMetric(m, m.type_params);
    const definition = blankMetricDefinition("legacy");
    definition.type = textOrNull(m.calculation_method) ?? textOrNull(m.type);
    definition.aggregation = definition.type;
    definition.label = textOrNull(m.label);
    definition.expression = textOrNull(m.expression) ?? textOrNull(m.sql);
    definition.model = textOrNull(m.model);
    definition.timestamp = textOrNull(m.timestamp);
    definition.timeGrains = m.time_grains ?? [];
    definition.dimensions = m.dimensions ?? [];
    definition.filters = (m.filters ?? []).map((f) => `${f.field} ${f.operator} ${String(f.value)}`);
    definition.window = windowText(m.window);
    definition.inputMetrics = (m.metrics ?? [])
      .map((ref) => (Array.isArray(ref) ? ref[ref.length - 1] : ref))
      .filter((name): name is string => typeof name === "string")
      .map((name) => ({ name, filters: [], alias: null, offset: null, role: null }));
    return definition;
  });
}

type MetricDetails = z.infer<typeof metricDetails>;
type TypeParams = NonNullable<MetricDetails["type_params"]>;

function semanticMetric(m: MetricDetails, params: TypeParams): MetricDefinition {
  const definition = blankMetricDefinition("semantic");
  definition.type = textOrNull(m.type);
  definition.label = textOrNull(m.label);
  definition.filters = whereTexts(m.filter);
  definition.timeGranularity = textOrNull(m.time_granularity);
  const cumulative = params.cumulative_type_params;
  definition.window = windowText(cumulative?.window ?? params.window);
  definition.grainToDate = textOrNull(cumulative?.grain_to_date) ?? textOrNull(params.grain_to_date);
  definition.expression = textOrNull(params.expr);
  // input_measures lists what the metric reads in the end (a ratio's too): the direct measure first.
  const measures = [...(params.measure ? [params.measure] : []), ...(params.input_measures ?? [])];
  definition.measures = uniqueUses(measures.map(measureUse));
  const inputs: MetricUse[] = [];
  if (params.numerator) inputs.push(metricUse(params.numerator, "numerator"));
  if (params.denominator) inputs.push(metricUse(params.denominator, "denominator"));
  for (const input of params.metrics ?? []) inputs.push(metricUse(input, null));
  if (cumulative?.metric) inputs.push(metricUse(cumulative.metric, null));
  definition.inputMetrics = inputs;
  definition.conversion = conversionOf(params.conversion_type_params);
  return definition;
}

function conversionOf(params: TypeParams["conversion_type_params"]): ConversionParams | null {
  if (!params) return null;
  return {
    entity: textOrNull(params.entity),
    calculation: textOrNull(params.calculation),
    baseMeasure: params.base_measure ? measureUse(params.base_measure) : null,
    conversionMeasure: params.conversion_measure ? measureUse(params.conversion_measure) : null,
    window: windowText(params.window),
    constantProperties: constantPropertiesOf(params.constant_properties),
  };
}

export function semanticModelDefinitionOf(
  model: unknown,
  uniqueId: string,
  diagnostics: Diagnostic[],
): SemanticModelDefinition | undefined {
  return read(semanticModelDetails, model, uniqueId, diagnostics, (m) => ({
    definitionKind: "semantic_model",
    model: textOrNull(m.model),
    aggTimeDimension: textOrNull(m.defaults?.agg_time_dimension),
    primaryEntity: textOrNull(m.primary_entity),
    entities: (m.entities ?? []).map((e) => ({
      name: e.name,
      type: textOrNull(e.type),
      expr: textOrNull(e.expr),
      description: textOrNull(e.description),
    })),
    dimensions: (m.dimensions ?? []).map((d) => ({
      name: d.name,
      type: textOrNull(d.type),
      expr: textOrNull(d.expr),
      description: textOrNull(d.description),
      timeGranularity: textOrNull(d.type_params?.time_granularity),
    })),
    measures: (m.measures ?? []).map((measure) => ({
      name: measure.name,
      agg: textOrNull(measure.agg),
      expr: textOrNull(measure.expr),
      description: textOrNull(measure.description),
      aggTimeDimension: textOrNull(measure.agg_time_dimension),
      percentile: percentileOf(measure.agg_params),
      nonAdditiveDimension: nonAdditiveDimensionOf(measure.non_additive_dimension),
    })),
  }));
}

export function savedQueryDefinitionOf(query: unknown, uniqueId: string, diagnostics: Diagnostic[]): SavedQueryDefinition | undefined {
  return read(savedQueryDetails, query, uniqueId, diagnostics, (q) => ({
    definitionKind: "saved_query",
    label: textOrNull(q.label),
    metrics: q.query_params?.metrics ?? [],
    groupBy: q.query_params?.group_by ?? [],
    where: whereTexts(q.query_params?.where),
    exports: (q.exports ?? []).map((e) => ({
      name: e.name,
      exportAs: textOrNull(e.config?.export_as),
      schema: textOrNull(e.config?.schema_name),
      alias: textOrNull(e.config?.alias),
    })),
  }));
}

export function exposureDefinitionOf(exposure: unknown, uniqueId: string, diagnostics: Diagnostic[]): ExposureDefinition | undefined {
  return read(exposureDetails, exposure, uniqueId, diagnostics, (e) => ({
    definitionKind: "exposure",
    label: textOrNull(e.label),
    type: textOrNull(e.type),
    maturity: textOrNull(e.maturity),
    url: textOrNull(e.url),
  }));
}

function measureUse(input: z.infer<typeof measureInput>): MeasureUse {
  return { name: input.name, filters: whereTexts(input.filter), alias: textOrNull(input.alias) };
}

function metricUse(input: z.infer<typeof metricInput>, role: string | null): MetricUse {
  const offset = windowText(input.offset_window) ?? (input.offset_to_grain ? `to grain ${input.offset_to_grain}` : null);
  return { name: input.name, filters: whereTexts(input.filter), alias: textOrNull(input.alias), offset, role };
}


function whereTexts(where: Where): string[] {
  if (!where) return [];
  if ("where_filters" in where) return where.where_filters.map((f) => f.where_sql_template);
  return [where.where_sql_template];
}

function windowText(window: Window): string | null {
  if (!window || window.count === null || window.count === undefined) return null;
  const unit = window.granularity ?? window.period;
  return unit ? `${window.count} ${unit}` : String(window.count);
}
