/** GraphQL types of a metric's definition: its formula, what it is built from, where it is used. */
import { Field, Float, ObjectType } from "type-graphql";
import type { ResolvedColumn, ResolvedInput, ResolvedMeasure, ResolvedMetric } from "../../services/catalog/metricDefinition.js";
import { Asset } from "./Asset.js";

@ObjectType({ description: "A column a metric reads in the end." })
export class MetricColumn {
  @Field(() => Asset, { description: "The model (or source, seed, snapshot) that has the column." })
  asset!: Asset;

  @Field(() => String)
  column!: string;

  static from(resolved: ResolvedColumn): MetricColumn {
    return Object.assign(new MetricColumn(), { asset: Asset.from(resolved.asset), column: resolved.column });
  }
}

@ObjectType({ description: "A semi-additive measure's dimension: not summed over it, but read at its first (min) or last (max) value, per the groupings." })
export class MeasureNonAdditiveDimension {
  @Field(() => String)
  name!: string;

  @Field(() => String, { nullable: true, description: "min or max." })
  windowChoice!: string | null;

  @Field(() => [String])
  windowGroupings!: string[];
}

@ObjectType({ description: "A percentile measure's parameters." })
export class MeasurePercentile {
  @Field(() => Float, { description: "Between 0 and 1: 0.9 is the 90th percentile." })
  percentile!: number;

  @Field(() => Boolean)
  discrete!: boolean;

  @Field(() => Boolean)
  approximate!: boolean;
}

@ObjectType({ description: "A measure of a semantic model that a metric aggregates." })
export class MetricMeasure {
  @Field(() => String)
  name!: string;

  @Field(() => String, { nullable: true, description: "sum, count, count_distinct, average, …; null when no semantic model of the project has the measure." })
  agg!: string | null;

  @Field(() => String, { nullable: true, description: "The SQL expression aggregated (the measure's name when it has none)." })
  expr!: string | null;

  @Field(() => MeasurePercentile, { nullable: true, description: "Percentile measures: which percentile." })
  percentile!: MeasurePercentile | null;

  @Field(() => MeasureNonAdditiveDimension, { nullable: true, description: "Semi-additive measures (balances, counts at a time): the dimension they are not summed over." })
  nonAdditiveDimension!: MeasureNonAdditiveDimension | null;

  @Field(() => [String], { description: "Filters the metric puts on this measure." })
  filters!: string[];

  @Field(() => Asset, { nullable: true, description: "The semantic model that defines the measure." })
  semanticModel!: Asset | null;

  @Field(() => [MetricColumn], { description: "The model columns the measure reads (column lineage)." })
  columns!: MetricColumn[];

  static from(resolved: ResolvedMeasure): MetricMeasure {
    return Object.assign(new MetricMeasure(), {
      name: resolved.use.name,
      agg: resolved.measure?.agg ?? null,
      expr: resolved.measure ? (resolved.measure.expr ?? resolved.measure.name) : null,
      percentile: resolved.measure?.percentile ? Object.assign(new MeasurePercentile(), resolved.measure.percentile) : null,
      nonAdditiveDimension: resolved.measure?.nonAdditiveDimension ? Object.assign(new MeasureNonAdditiveDimension(), resolved.measure.nonAdditiveDimension) : null,
      filters: resolved.use.filters,
      semanticModel: resolved.semanticModel ? Asset.from(resolved.semanticModel) : null,
      columns: resolved.columns.map(MetricColumn.from),
    });
  }
}

@ObjectType({ description: "A metric another metric is built from." })
export class MetricInput {
  @Field(() => String)
  name!: string;

  @Field(() => String, { nullable: true, description: "numerator or denominator of a ratio; null for a derived metric's input." })
  role!: string | null;

  @Field(() => [String])
  filters!: string[];

  @Field(() => String, { nullable: true, description: "A time offset: \"7 day\", \"to grain month\"." })
  offset!: string | null;

  @Field(() => Asset, { nullable: true, description: "The input metric; null when the project has no metric of that name." })
  metric!: Asset | null;

  @Field(() => String, { nullable: true, description: "The input metric's own formula." })
  formula!: string | null;

  static from(resolved: ResolvedInput): MetricInput {
    return Object.assign(new MetricInput(), {
      name: resolved.use.name,
      role: resolved.use.role,
      filters: resolved.use.filters,
      offset: resolved.use.offset,
      metric: resolved.metric ? Asset.from(resolved.metric) : null,
      formula: resolved.formula,
    });
  }
}

@ObjectType({ description: "What a metric means, readable in one place. Its description, owners and tags are the asset's." })
export class MetricDefinition {
  @Field(() => String, { description: "legacy (dbt ≤ 1.5 metrics) or semantic (the dbt semantic layer, MetricFlow)." })
  style!: string;

  @Field(() => String, { nullable: true, description: "simple, ratio, derived, cumulative, conversion; legacy: count, sum, average, derived, expression, …" })
  type!: string | null;

  @Field(() => String, { nullable: true })
  label!: string | null;

  @Field(() => String, { description: "The formula in plain terms, e.g. `sum(amount) [order_total] where … , at day grain`." })
  formula!: string;

  @Field(() => String, { nullable: true, description: "Legacy metrics: the calculation method." })
  aggregation!: string | null;

  @Field(() => String, { nullable: true, description: "Legacy: the expression aggregated; derived metrics: the formula over their inputs." })
  expression!: string | null;

  @Field(() => [String], { description: "Filters on the whole metric." })
  filters!: string[];

  @Field(() => [String], { description: "Legacy metrics: the time grains offered; semantic metrics: their default grain, if any." })
  timeGrains!: string[];

  @Field(() => String, { nullable: true, description: "Legacy metrics: the timestamp column." })
  timestamp!: string | null;

  @Field(() => [String], { description: "Legacy metrics: the dimensions offered." })
  dimensions!: string[];

  @Field(() => String, { nullable: true, description: "Cumulative or legacy window, e.g. \"7 day\"." })
  window!: string | null;

  @Field(() => [MetricMeasure])
  measures!: MetricMeasure[];

  @Field(() => [MetricInput])
  inputMetrics!: MetricInput[];

  @Field(() => [MetricColumn], { description: "Every column the metric reads in the end, through its measures and input metrics." })
  columns!: MetricColumn[];

  @Field(() => [Asset], { description: "Exposures and saved queries that use the metric, directly or through metrics built on it." })
  usedBy!: Asset[];

  static from(resolved: ResolvedMetric): MetricDefinition {
    const d = resolved.definition;
    return Object.assign(new MetricDefinition(), {
      style: d.style,
      type: d.type,
      label: d.label,
      formula: resolved.formula,
      aggregation: d.aggregation,
      expression: d.expression,
      filters: d.filters,
      timeGrains: d.timeGranularity ? [d.timeGranularity] : d.timeGrains,
      timestamp: d.timestamp,
      dimensions: d.dimensions,
      window: d.window,
      measures: resolved.measures.map(MetricMeasure.from),
      inputMetrics: resolved.inputs.map(MetricInput.from),
      columns: resolved.columns.map(MetricColumn.from),
      usedBy: resolved.usedBy.map(Asset.from),
    });
  }
}
