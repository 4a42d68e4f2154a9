/**
 * What a metric, semantic model, saved query or exposure means, beyond the fields every asset
 * has: stored as JSON beside the asset (AssetDefinition), because its structure differs by kind
 * and by dbt version. Every format's normalizer builds these shapes; readers never see dbt's.
 */

/** A measure a metric aggregates, with the filter the metric puts on it. */
export interface MeasureUse {
  name: string;
  filters: string[];
  alias: string | null;
}

/** A metric another metric is built from (ratio, derived, cumulative, conversion, legacy derived). */
export interface MetricUse {
  name: string;
  filters: string[];
  alias: string | null;
  /** "7 day", or "to grain month", when the input is offset in time. */
  offset: string | null;
  /** numerator, denominator, base, conversion; null for a plain input. */
  role: string | null;
}

/** A property that must be equal on the base and the conversion event (MetricFlow's constant_properties). */
export interface ConstantProperty {
  base: string;
  conversion: string;
}

export interface ConversionParams {
  entity: string | null;
  calculation: string | null;
  baseMeasure: MeasureUse | null;
  conversionMeasure: MeasureUse | null;
  window: string | null;
  /** Absent in definitions stored before it was read. */
  constantProperties?: ConstantProperty[];
}

export interface MetricDefinition {
  definitionKind: "metric";
  /** dbt ≤ 1.5 (dbt_metrics: aggregation over a model) or the semantic layer (MetricFlow, dbt ≥ 1.6). */
  style: "legacy" | "semantic";
  /** simple, ratio, derived, cumulative, conversion; legacy: count, sum, …, expression, derived. */
  type: string | null;
  label: string | null;
  /** Legacy: the calculation method (count, sum, average, …). Semantic: none (the measures say). */
  aggregation: string | null;
  /** Legacy: the expression aggregated; derived metrics: their formula over input metrics. */
  expression: string | null;
  /** Legacy: the model it aggregates, as written (`ref('orders')`). */
  model: string | null;
  timestamp: string | null;
  timeGrains: string[];
  /** The grain a semantic metric defaults to (`time_granularity`, dbt ≥ 1.9). */
  timeGranularity: string | null;
  dimensions: string[];
  /** Readable filters: `status = 'paid'`, or a semantic-layer where template. */
  filters: string[];
  /** Cumulative or legacy window: "7 day". */
  window: string | null;
  grainToDate: string | null;
  measures: MeasureUse[];
  inputMetrics: MetricUse[];
  conversion: ConversionParams | null;
}

export interface SemanticEntity {
  name: string;
  type: string | null;
  expr: string | null;
  description: string | null;
}

export interface SemanticDimension {
  name: string;
  type: string | null;
  expr: string | null;
  description: string | null;
  timeGranularity: string | null;
}

/** A percentile measure's parameters (`agg_params`). */
export interface MeasurePercentile {
  percentile: number;
  discrete: boolean;
  approximate: boolean;
}

/**
 * A semi-additive measure (a balance, a subscriber count): not summed over this dimension, but
 * taken at the window's `min` or `max` of it, per the groupings.
 */
export interface NonAdditiveDimension {
  name: string;
  windowChoice: string | null;
  windowGroupings: string[];
}

export interface SemanticMeasure {
  name: string;
  agg: string | null;
  expr: string | null;
  description: string | null;
  aggTimeDimension: string | null;
  /** Absent in definitions stored before they were read. */
  percentile?: MeasurePercentile | null;
  nonAdditiveDimension?: NonAdditiveDimension | null;
}

export interface SemanticModelDefinition {
  definitionKind: "semantic_model";
  /** The model it reads, as written (`ref('orders')`). */
  model: string | null;
  aggTimeDimension: string | null;
  primaryEntity: string | null;
  entities: SemanticEntity[];
  dimensions: SemanticDimension[];
  measures: SemanticMeasure[];
}

export interface SavedQueryExport {
  name: string;
  exportAs: string | null;
  schema: string | null;
  alias: string | null;
}

export interface SavedQueryDefinition {
  definitionKind: "saved_query";
  label: string | null;
  metrics: string[];
  groupBy: string[];
  where: string[];
  exports: SavedQueryExport[];
}

export interface ExposureDefinition {
  definitionKind: "exposure";
  label: string | null;
  type: string | null;
  maturity: string | null;
  url: string | null;
}

export type AssetDefinition = MetricDefinition | SemanticModelDefinition | SavedQueryDefinition | ExposureDefinition;

/** A metric definition with nothing known yet, for a reader to fill in. */
export function blankMetricDefinition(style: MetricDefinition["style"]): MetricDefinition {
  return {
    definitionKind: "metric",
    style,
    type: null,
    label: null,
    aggregation: null,
    expression: null,
    model: null,
    timestamp: null,
    timeGrains: [],
    timeGranularity: null,
    dimensions: [],
    filters: [],
    window: null,
    grainToDate: null,
    measures: [],
    inputMetrics: [],
    conversion: null,
  };
}

/** A ratio lists its measure twice in input_measures when numerator and denominator share it: once is enough. */
export function uniqueUses(uses: MeasureUse[]): MeasureUse[] {
  const seen = new Set<string>();
  return uses.filter((use) => {
    const key = JSON.stringify(use);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
