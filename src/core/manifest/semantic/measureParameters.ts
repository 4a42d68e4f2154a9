/**
 * The parts of a measure and a conversion metric that change what the number means beyond its
 * aggregation: a percentile's parameters, a semi-additive measure's non-additive dimension, and
 * the properties a conversion must keep. dbt manifests, project YAML and the native manifest all
 * spell them as MetricFlow does, so one reading serves every format.
 */
import type { ConstantProperty, MeasurePercentile, NonAdditiveDimension } from "./definition.js";

interface AggParams {
  percentile?: number | null;
  use_discrete_percentile?: boolean | null;
  use_approximate_percentile?: boolean | null;
}

interface NonAdditiveInput {
  name: string;
  window_choice?: string | null;
  window_groupings?: string[] | null;
}

interface ConstantPropertyInput {
  base_property: string;
  conversion_property: string;
}

/** Null unless a percentile is given: dbt writes `agg_params` with nulls on every measure. */
export function percentileOf(params: AggParams | null | undefined): MeasurePercentile | null {
  if (params?.percentile === null || params?.percentile === undefined) return null;
  return { percentile: params.percentile, discrete: params.use_discrete_percentile ?? false, approximate: params.use_approximate_percentile ?? false };
}

export function nonAdditiveDimensionOf(dimension: NonAdditiveInput | null | undefined): NonAdditiveDimension | null {
  if (!dimension) return null;
  return { name: dimension.name, windowChoice: dimension.window_choice ?? null, windowGroupings: dimension.window_groupings ?? [] };
}

export function constantPropertiesOf(properties: ConstantPropertyInput[] | null | undefined): ConstantProperty[] {
  return (properties ?? []).map((p) => ({ base: p.base_property, conversion: p.conversion_property }));
}
