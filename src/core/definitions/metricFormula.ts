/**
 * A metric's formula as comparable parts, so metrics feed the conflict detector like mart
 * columns do. Names are resolved away: a measure becomes its aggregation over its expression,
 * an input metric (a ratio's numerator and denominator, a derived metric's inputs) its own
 * resolved formula. Two projects that name their measures differently but compute the same
 * number therefore agree, and two that divide by different denominators differ in FORMULA.
 *
 * Upstream columns are the identifiers of the aggregated expressions, named by the model the
 * measure's semantic model (or the legacy metric) reads (`orders.amount`), as column formulas
 * name theirs. Filters are the metric's own and those of its inputs, as written (normalized);
 * the grain is its time granularity (or a legacy metric's time grains).
 */
import type { ConstantProperty, MeasurePercentile, MeasureUse, MetricDefinition, MetricUse, NonAdditiveDimension, SemanticMeasure } from "../manifest/semantic/definition.js";
import { relationName, type Formula } from "./formula.js";

/** A measure with the relation its semantic model reads (`orders`). */
export interface MeasureSource {
  measure: SemanticMeasure;
  relation: string | null;
}

export interface ProjectSemantics {
  /** Metric name → its definition (dbt's metric names are unique per project). */
  metrics: ReadonlyMap<string, MetricDefinition>;
  measures: ReadonlyMap<string, MeasureSource>;
}

interface Resolved {
  expression: string;
  aggregations: string[];
  upstream: string[];
  filters: string[];
}

/** MetricFlow's and dbt_metrics' aggregation names → the SQL names column formulas use. */
const AGGREGATION_NAMES: Readonly<Record<string, string>> = {
  count_distinct: "count distinct",
  average: "avg",
  sum_boolean: "sum",
  percentile: "percentile_cont",
};

const KEYWORDS = new Set([
  "and", "or", "not", "null", "is", "in", "as", "case", "when", "then", "else", "end", "distinct", "true", "false",
  "between", "like", "ilike", "interval", "cast", "over", "partition", "by", "order", "asc", "desc", "day", "week", "month", "year",
]);
const TOKEN = /'(?:[^']|'')*'|"((?:[^"]|"")+)"|([A-Za-z_][A-Za-z0-9_$]*)(\s*\()?/g;
/** dbt ≤ 1.5 `{{ metric('revenue') }}` inside a derived expression. */
const METRIC_CALL = /\{\{\s*metric\(\s*['"]([^'"]+)['"]\s*\)\s*\}\}/g;
/** Derived metrics nest; a deeper chain than this is a cycle or a mistake. */
const MAX_DEPTH = 16;

export function metricBusinessFormula(definition: MetricDefinition, semantics: ProjectSemantics): Formula {
  const resolved = resolveMetric(definition, semantics, 0);
  const grains = definition.timeGranularity ? [definition.timeGranularity] : definition.timeGrains;
  return {
    expression: resolved.expression,
    aggregations: resolved.aggregations,
    upstream: sortedUnique(resolved.upstream),
    filters: sortedUnique(resolved.filters),
    grain: sortedUnique(grains.map((g) => g.toLowerCase())),
  };
}

function resolveMetric(d: MetricDefinition, semantics: ProjectSemantics, depth: number): Resolved {
  const own = d.filters.map(normalize);
  const core = depth > MAX_DEPTH ? { expression: "?", aggregations: [], upstream: [], filters: [] } : d.style === "legacy" ? legacyCore(d, semantics, depth) : semanticCore(d, semantics, depth);
  return { ...core, expression: withFilters(core.expression, own), filters: [...own, ...core.filters] };
}

function legacyCore(d: MetricDefinition, semantics: ProjectSemantics, depth: number): Resolved {
  const expression = normalize(d.expression ?? "*");
  const aggregation = (d.aggregation ?? "").toLowerCase();
  if (aggregation === "derived" || aggregation === "expression") {
    const names = [...new Set([...d.inputMetrics.map((i) => i.name), ...[...expression.matchAll(METRIC_CALL)].map((m) => m[1]!)])];
    return substitute(expression.replace(METRIC_CALL, "$1"), names.map((name) => ({ name, filters: [], alias: null, offset: null, role: null })), semantics, depth);
  }
  const relation = d.model ? relationName(d.model) : null;
  const name = AGGREGATION_NAMES[aggregation] ?? aggregation;
  return {
    expression: aggregateText(aggregation, expression),
    aggregations: name === "" ? [] : [name],
    upstream: identifiers(expression).map((column) => qualified(relation, column)),
    filters: [],
  };
}

function semanticCore(d: MetricDefinition, semantics: ProjectSemantics, depth: number): Resolved {
  switch (d.type) {
    case "ratio": {
      const numerator = inputOf(d.inputMetrics.find((m) => m.role === "numerator"), semantics, depth);
      const denominator = inputOf(d.inputMetrics.find((m) => m.role === "denominator"), semantics, depth);
      return combine(`(${numerator.expression}) / (${denominator.expression})`, [numerator, denominator]);
    }
    case "derived":
      return substitute(normalize(d.expression ?? "?"), d.inputMetrics, semantics, depth);
    case "cumulative": {
      const inner = d.measures[0] ? measureOf(d.measures[0], semantics) : inputOf(d.inputMetrics[0], semantics, depth);
      const span = d.window ? `over ${d.window}` : d.grainToDate ? `${d.grainToDate} to date` : "over all time";
      return combine(`cumulative(${inner.expression} ${span})`, [inner]);
    }
    case "conversion": {
      const c = d.conversion;
      const base = c?.baseMeasure ? measureOf(c.baseMeasure, semantics) : unknown();
      const converted = c?.conversionMeasure ? measureOf(c.conversionMeasure, semantics) : unknown();
      const per = c?.entity ? ` per ${c.entity}` : "";
      const within = c?.window ? ` within ${c.window}` : "";
      const keeping = constantPropertiesText(c?.constantProperties ?? []);
      return combine(`${c?.calculation ?? "conversion_rate"}(${converted.expression} among ${base.expression}${per}${within}${keeping})`, [converted, base]);
    }
    default:
      return d.measures[0] ? measureOf(d.measures[0], semantics) : unknown();
  }
}

/** A measure as `sum(amount)`, with the filter the metric puts on it. */
function measureOf(use: MeasureUse, semantics: ProjectSemantics): Resolved {
  const found = semantics.measures.get(use.name);
  const filters = use.filters.map(normalize);
  if (!found) return { expression: withFilters(normalize(use.name), filters), aggregations: [], upstream: [], filters };
  const agg = (found.measure.agg ?? "").toLowerCase();
  const percentile = agg === "percentile" ? found.measure.percentile : null;
  const aggregation = percentile ? percentileFunction(percentile) : (AGGREGATION_NAMES[agg] ?? agg);
  const expr = normalize(found.measure.expr ?? found.measure.name);
  const aggregated = percentile ? `${aggregation} within group (order by ${expr})` : aggregateText(agg, expr);
  return {
    expression: withFilters(`${aggregated}${nonAdditiveText(found.measure.nonAdditiveDimension)}`, filters),
    aggregations: aggregation === "" ? [] : [aggregation],
    upstream: identifiers(expr).map((column) => qualified(found.relation, column)),
    filters,
  };
}

/** An input metric resolved to its own formula, with the filter and offset this metric puts on it. */
function inputOf(use: MetricUse | undefined, semantics: ProjectSemantics, depth: number): Resolved {
  if (!use) return unknown();
  const definition = semantics.metrics.get(use.name);
  const inner = definition ? resolveMetric(definition, semantics, depth + 1) : { ...unknown(), expression: normalize(use.name) };
  const filters = use.filters.map(normalize);
  const offset = use.offset ? ` offset ${use.offset}` : "";
  return { ...inner, expression: `${withFilters(inner.expression, filters)}${offset}`, filters: [...inner.filters, ...filters] };
}

/** A formula over input metrics (`revenue / customers`) with each name replaced by its resolved formula. */
function substitute(expression: string, inputs: readonly MetricUse[], semantics: ProjectSemantics, depth: number): Resolved {
  const resolved = new Map(inputs.map((input) => [(input.alias ?? input.name).toLowerCase(), inputOf(input, semantics, depth)]));
  if (resolved.size === 0) return { expression, aggregations: [], upstream: [], filters: [] };
  const names = [...resolved.keys()].sort((a, b) => b.length - a.length).map(escapeRegExp);
  const text = expression.replace(new RegExp(`\\b(${names.join("|")})\\b`, "g"), (name) => `(${resolved.get(name)!.expression})`);
  return combine(text, [...resolved.values()]);
}

/** `percentile_cont(0.9)`: which percentile changes the number, so it is part of the aggregation. */
function percentileFunction(p: MeasurePercentile): string {
  return `${p.approximate ? "approx_percentile" : p.discrete ? "percentile_disc" : "percentile_cont"}(${p.percentile})`;
}

/** A semi-additive measure is taken at one point of its dimension, not summed over it. */
function nonAdditiveText(dimension: NonAdditiveDimension | null | undefined): string {
  if (!dimension) return "";
  const per = dimension.windowGroupings.length > 0 ? ` per ${dimension.windowGroupings.map(normalize).join(", ")}` : "";
  return ` at ${dimension.windowChoice ?? "max"}(${normalize(dimension.name)})${per}`;
}

function constantPropertiesText(properties: readonly ConstantProperty[]): string {
  return properties.map((p) => ` keeping ${normalize(p.base)} = ${normalize(p.conversion)}`).join("");
}

/** The aggregation as SQL would write it: `count(distinct customer_id)`, `avg(amount)`. */
function aggregateText(aggregation: string, expression: string): string {
  switch (aggregation) {
    case "count_distinct":
      return `count(distinct ${expression})`;
    case "sum_boolean":
      return `sum(case when ${expression} then 1 else 0 end)`;
    case "":
      return expression;
    default:
      return `${AGGREGATION_NAMES[aggregation] ?? aggregation}(${expression})`;
  }
}

function combine(expression: string, parts: readonly Resolved[]): Resolved {
  return {
    expression,
    aggregations: parts.flatMap((p) => p.aggregations),
    upstream: parts.flatMap((p) => p.upstream),
    filters: parts.flatMap((p) => p.filters),
  };
}

function unknown(): Resolved {
  return { expression: "?", aggregations: [], upstream: [], filters: [] };
}

function withFilters(expression: string, filters: readonly string[]): string {
  return filters.length === 0 ? expression : `${expression} where ${filters.join(" and ")}`;
}

/** Column names an SQL expression reads: identifiers outside strings that are neither keywords nor function names. */
function identifiers(expression: string): string[] {
  const found: string[] = [];
  for (const match of expression.matchAll(TOKEN)) {
    const quoted = match[1]?.replace(/""/g, '"');
    if (quoted !== undefined) found.push(quoted);
    else if (match[2] && !match[3] && !KEYWORDS.has(match[2].toLowerCase())) found.push(match[2].toLowerCase());
  }
  return found;
}

function qualified(relation: string | null, column: string): string {
  return relation ? `${relation}.${column}` : column;
}

/** Lower case, one space apart: what column formulas compare. */
function normalize(text: string): string {
  return text.replace(/\s+/g, " ").trim().toLowerCase();
}

function sortedUnique(values: readonly string[]): string[] {
  return [...new Set(values)].sort();
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
