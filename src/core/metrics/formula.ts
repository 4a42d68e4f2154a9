/**
 * A metric's formula in plain terms, one line a reader outside dbt can follow: what is
 * aggregated, how, under which filters, over which window and grain. Measures and input metrics
 * are named; what they resolve to is listed beside the formula (services/catalog/metricDefinition.ts).
 */
import type { MeasureUse, MetricDefinition, MetricUse, NonAdditiveDimension, SemanticMeasure } from "../manifest/semantic/definition.js";

/** How a measure aggregates, when its semantic model is known. */
export type MeasureLookup = (name: string) => SemanticMeasure | undefined;

export function metricFormula(definition: MetricDefinition, measureOf: MeasureLookup): string {
  const core = definition.style === "legacy" ? legacyCore(definition) : semanticCore(definition, measureOf);
  return [core, ...qualifiers(definition)].join(", ");
}

function legacyCore(d: MetricDefinition): string {
  const expression = d.expression ?? "*";
  const aggregation = d.aggregation ?? "value";
  const from = d.model ? ` of ${d.model}` : "";
  if (aggregation === "derived" || aggregation === "expression") return `${expression}${inputsText(d.inputMetrics)}`;
  return `${aggregation}(${expression})${from}`;
}

function semanticCore(d: MetricDefinition, measureOf: MeasureLookup): string {
  switch (d.type) {
    case "ratio": {
      const numerator = d.inputMetrics.find((m) => m.role === "numerator");
      const denominator = d.inputMetrics.find((m) => m.role === "denominator");
      return `${metricText(numerator)} / ${metricText(denominator)}`;
    }
    case "derived":
      return `${d.expression ?? "?"}${inputsText(d.inputMetrics)}`;
    case "conversion": {
      const c = d.conversion;
      const calculation = c?.calculation ?? "conversion_rate";
      const keeping = (c?.constantProperties ?? []).map((p) => (p.base === p.conversion ? ` with the same ${p.base}` : ` with ${p.base} equal to the conversion's ${p.conversion}`)).join("");
      return `${calculation} of ${measureText(c?.conversionMeasure ?? undefined, measureOf)} among ${measureText(c?.baseMeasure ?? undefined, measureOf)}${c?.entity ? ` per ${c.entity}` : ""}${c?.window ? ` within ${c.window}` : ""}${keeping}`;
    }
    case "cumulative": {
      const measure = d.measures[0];
      const input = d.inputMetrics[0];
      const what = measure ? measureText(measure, measureOf) : metricText(input);
      const span = d.window ? `over a ${d.window} window` : d.grainToDate ? `${d.grainToDate} to date` : "over all time";
      return `cumulative ${what} ${span}`;
    }
    default:
      return measureText(d.measures[0], measureOf);
  }
}

function qualifiers(d: MetricDefinition): string[] {
  const out: string[] = [];
  if (d.filters.length > 0) out.push(`where ${d.filters.join(" and ")}`);
  if (d.window && !(d.style === "semantic" && d.type === "cumulative")) out.push(`over ${d.window}`);
  if (d.timestamp) out.push(`by ${d.timestamp}`);
  const grains = d.timeGranularity ? [d.timeGranularity] : d.timeGrains;
  if (grains.length > 0) out.push(`at ${grains.join("/")} grain`);
  return out;
}

/** `sum(amount) [order_total]`, with the measure's own filter when the metric puts one on it. */
function measureText(use: MeasureUse | undefined, measureOf: MeasureLookup): string {
  if (!use) return "?";
  const measure = measureOf(use.name);
  const expression = measure ? `${aggregationText(measure)}(${measure.expr ?? measure.name})` : use.name;
  const named = measure ? ` [${use.name}]` : "";
  return `${expression}${named}${semiAdditiveText(measure?.nonAdditiveDimension)}${filterText(use.filters)}`;
}

/** `sum`, or `90th percentile (discrete)` for a percentile measure. */
function aggregationText(measure: SemanticMeasure): string {
  const p = measure.agg === "percentile" ? measure.percentile : null;
  if (!p) return measure.agg ?? "value";
  const kind = p.approximate ? " (approximate)" : p.discrete ? " (discrete)" : "";
  return `${ordinal(Math.round(p.percentile * 1000) / 10)} percentile${kind}`;
}

function ordinal(n: number): string {
  const suffix = Number.isInteger(n) && ![11, 12, 13].includes(n % 100) ? (["th", "st", "nd", "rd"][n % 10] ?? "th") : "th";
  return `${n}${suffix}`;
}

/** A balance or a count at a time is not summed over its dimension: it is read at one point of it. */
function semiAdditiveText(dimension: NonAdditiveDimension | null | undefined): string {
  if (!dimension) return "";
  const point = dimension.windowChoice === "min" ? "first" : "last";
  const per = dimension.windowGroupings.length > 0 ? ` per ${dimension.windowGroupings.join(", ")}` : "";
  return ` at the ${point} ${dimension.name}${per}`;
}

function metricText(use: MetricUse | undefined): string {
  if (!use) return "?";
  const offset = use.offset ? ` offset ${use.offset}` : "";
  return `${use.name}${filterText(use.filters)}${offset}`;
}

function inputsText(inputs: MetricUse[]): string {
  const filtered = inputs.filter((i) => i.filters.length > 0 || i.offset);
  return filtered.length === 0 ? "" : ` (with ${filtered.map(metricText).join("; ")})`;
}

function filterText(filters: string[]): string {
  return filters.length === 0 ? "" : ` where ${filters.join(" and ")}`;
}
