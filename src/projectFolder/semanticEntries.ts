/**
 * The semantic layer of a project's YAML, read as dbt ≥ 1.6 reads it: `semantic_models:`,
 * metrics with `type_params` (simple, ratio, derived, cumulative, conversion), `saved_queries:`
 * and `groups:` → the native manifest's semantic_models, semantic_metrics, saved_queries and
 * groups. dbt's short forms are spelled one way here: a measure or input metric by name or as an
 * object, a filter as one string or a list, a window as "7 days" (dbt's `{count, granularity}`:
 * "7 day"), a cumulative metric's window at the top of `type_params` (≤ 1.8) or in
 * `cumulative_type_params` (1.9+). An entry the reader cannot map is reported and skipped.
 */
import { z } from "zod";
import type { Diagnostic } from "../core/diagnostic.js";
import type { NativeManifestInput } from "../core/manifest/index.js";
import { describeZodError } from "../core/validation.js";
import type { MetricHelpers } from "./metricEntries.js";

type SemanticModelInput = NonNullable<NativeManifestInput["semantic_models"]>[number];
type SemanticMetricInput = NonNullable<NativeManifestInput["semantic_metrics"]>[number];
type SavedQueryInput = NonNullable<NativeManifestInput["saved_queries"]>[number];
type GroupInput = NonNullable<NativeManifestInput["groups"]>[number];

export interface YamlEntry {
  item: unknown;
  file: string;
  /** The entry's YAML path in its file, e.g. `$.metrics[2]`. */
  at: string;
}

const text = z.string().nullish();
const anyRecord = z.record(z.string(), z.unknown());
/** `filter:` is one where template or a list of them. */
const filterField = z.union([z.string(), z.array(z.string())]).nullish();
const measureRef = z.union([z.string(), z.looseObject({ name: z.string(), filter: filterField, alias: text })]);
const metricRef = z.union([z.string(), z.looseObject({ name: z.string(), filter: filterField, alias: text, offset_window: text, offset_to_grain: text })]);
const common = { name: z.string().min(1), description: text, label: text, meta: anyRecord.nullish(), tags: z.unknown().optional(), config: z.looseObject({ meta: anyRecord.nullish(), group: text, enabled: z.boolean().nullish(), tags: z.unknown().optional() }).nullish(), group: text };

const semanticModelYaml = z.looseObject({
  ...common,
  model: z.string().min(1),
  defaults: z.looseObject({ agg_time_dimension: text }).nullish(),
  primary_entity: text,
  entities: z.array(z.looseObject({ name: z.string(), type: z.string(), expr: z.union([z.string(), z.boolean(), z.number()]).nullish(), description: text })).nullish(),
  dimensions: z
    .array(z.looseObject({ name: z.string(), type: z.string(), expr: z.union([z.string(), z.boolean(), z.number()]).nullish(), description: text, type_params: z.looseObject({ time_granularity: text }).nullish() }))
    .nullish(),
  measures: z
    .array(
      z.looseObject({
        name: z.string(),
        agg: z.string(),
        expr: z.union([z.string(), z.boolean(), z.number()]).nullish(),
        description: text,
        agg_time_dimension: text,
        agg_params: z.looseObject({ percentile: z.number().nullish(), use_discrete_percentile: z.boolean().nullish(), use_approximate_percentile: z.boolean().nullish() }).nullish(),
        non_additive_dimension: z.looseObject({ name: z.string(), window_choice: text, window_groupings: z.array(z.string()).nullish() }).nullish(),
      }),
    )
    .nullish(),
});

const semanticMetricYaml = z.looseObject({
  ...common,
  type: z.enum(["simple", "ratio", "derived", "cumulative", "conversion"]),
  filter: filterField,
  time_granularity: text,
  type_params: z.looseObject({
    measure: measureRef.nullish(),
    numerator: metricRef.nullish(),
    denominator: metricRef.nullish(),
    expr: z.union([z.string(), z.number()]).nullish(),
    metrics: z.array(metricRef).nullish(),
    window: text,
    grain_to_date: text,
    cumulative_type_params: z.looseObject({ window: text, grain_to_date: text }).nullish(),
    conversion_type_params: z
      .looseObject({
        entity: z.string(),
        calculation: text,
        base_measure: measureRef,
        conversion_measure: measureRef,
        window: text,
        constant_properties: z.array(z.looseObject({ base_property: z.string(), conversion_property: z.string() })).nullish(),
      })
      .nullish(),
  }),
});

const savedQueryYaml = z.looseObject({
  ...common,
  query_params: z.looseObject({ metrics: z.array(z.string()).min(1), group_by: z.array(z.string()).nullish(), where: filterField }),
  exports: z.array(z.looseObject({ name: z.string(), config: z.looseObject({ export_as: text, schema: text, alias: text }).nullish() })).nullish(),
});

const groupYaml = z.looseObject({ name: z.string().min(1), owner: z.unknown().optional(), description: text });

export interface SemanticLayer {
  semantic_models: SemanticModelInput[];
  semantic_metrics: SemanticMetricInput[];
  saved_queries: SavedQueryInput[];
  groups: GroupInput[];
}

const NAME = /^[^.\s]+$/;

/** `metrics` holds every metrics: entry; those without `type_params` are dbt ≤ 1.5's (metricEntries.ts). */
export function semanticLayer(
  entries: { semanticModels: YamlEntry[]; metrics: YamlEntry[]; savedQueries: YamlEntry[]; groups: YamlEntry[] },
  helpers: MetricHelpers,
  diagnostics: Diagnostic[],
): SemanticLayer {
  const layer: SemanticLayer = { semantic_models: [], semantic_metrics: [], saved_queries: [], groups: [] };
  const names = { semantic_models: new Set<string>(), semantic_metrics: new Set<string>(), saved_queries: new Set<string>(), groups: new Set<string>() };
  const read = <T, K extends keyof SemanticLayer>(list: YamlEntry[], schema: z.ZodType<T>, key: K, build: (props: T) => SemanticLayer[K][number] | null): void => {
    for (const { item, file, at } of list) {
      const parsed = schema.safeParse(item);
      if (!parsed.success) {
        diagnostics.push(warning("PROPERTY_ENTRY_INVALID", `${file}: ${describeZodError(parsed.error, at).message}; entry skipped.`, file));
        continue;
      }
      const props = parsed.data as T & { name: string; config?: { enabled?: boolean | null } | null };
      if (props.config?.enabled === false) continue;
      if (!NAME.test(props.name) || names[key].has(props.name)) {
        diagnostics.push(warning("SEMANTIC_ENTRY_INVALID", `${file} at ${at}: "${props.name}" needs a unique name without dots or spaces; skipped.`, file));
        continue;
      }
      const built = build(props);
      if (built === null) {
        diagnostics.push(warning("SEMANTIC_ENTRY_INVALID", `${file} at ${at}: ${String(key).replace("_", " ").replace(/s$/, "")} "${props.name}" lacks what its type needs; skipped.`, file));
        continue;
      }
      names[key].add(props.name);
      (layer[key] as SemanticLayer[K][number][]).push(built);
    }
  };
  read(entries.groups, groupYaml, "groups", (g) => {
    const owner = helpers.owners(g.owner)[0];
    return { name: g.name, ...(owner ? { owner } : {}), ...described(g.description, helpers) };
  });
  read(entries.semanticModels, semanticModelYaml, "semantic_models", (m) => ({
    name: m.name,
    model: m.model.replace(/^\s*\{\{\s*|\s*\}\}\s*$/g, ""),
    ...commonFields(m, helpers),
    ...(m.defaults?.agg_time_dimension ? { agg_time_dimension: m.defaults.agg_time_dimension } : {}),
    ...(m.primary_entity ? { primary_entity: m.primary_entity } : {}),
    entities: (m.entities ?? []).map((e) => ({ name: e.name, type: e.type, ...exprOf(e.expr), ...described(e.description, helpers) })),
    dimensions: (m.dimensions ?? []).map((d) => ({ name: d.name, type: d.type, ...exprOf(d.expr), ...described(d.description, helpers), ...(d.type_params?.time_granularity ? { time_granularity: d.type_params.time_granularity } : {}) })),
    measures: (m.measures ?? []).map((x) => ({
      name: x.name,
      agg: x.agg,
      ...exprOf(x.expr),
      ...described(x.description, helpers),
      ...(x.agg_time_dimension ? { agg_time_dimension: x.agg_time_dimension } : {}),
      ...aggParamsOf(x.agg_params),
      ...nonAdditiveOf(x.non_additive_dimension),
    })),
  }));
  read(
    entries.metrics.filter((entry) => hasTypeParams(entry.item)),
    semanticMetricYaml,
    "semantic_metrics",
    (m) => semanticMetric(m, helpers),
  );
  read(entries.savedQueries, savedQueryYaml, "saved_queries", (q) => ({
    name: q.name,
    ...commonFields(q, helpers),
    ...(q.label ? { label: q.label } : {}),
    metrics: q.query_params.metrics,
    ...(q.query_params.group_by?.length ? { group_by: q.query_params.group_by } : {}),
    ...(filtersOf(q.query_params.where).length > 0 ? { where: filtersOf(q.query_params.where) } : {}),
    ...(q.exports?.length
      ? { exports: q.exports.map((e) => ({ name: e.name, ...(e.config?.export_as ? { export_as: e.config.export_as } : {}), ...(e.config?.schema ? { schema: e.config.schema } : {}), ...(e.config?.alias ? { alias: e.config.alias } : {}) })) }
      : {}),
  }));
  return layer;
}

/** A metrics: entry of the semantic layer (dbt ≥ 1.6) rather than dbt ≤ 1.5's. */
export function hasTypeParams(item: unknown): boolean {
  return item !== null && typeof item === "object" && "type_params" in item;
}

function semanticMetric(m: z.infer<typeof semanticMetricYaml>, helpers: MetricHelpers): SemanticMetricInput | null {
  const p = m.type_params;
  const metric: SemanticMetricInput = { name: m.name, type: m.type, ...commonFields(m, helpers) };
  if (m.label) metric.label = m.label;
  const filters = filtersOf(m.filter);
  if (filters.length > 0) metric.filters = filters;
  if (m.time_granularity) metric.time_granularity = m.time_granularity;
  if (p.measure) metric.measure = measureOf(p.measure);
  if (p.numerator) metric.numerator = metricOf(p.numerator);
  if (p.denominator) metric.denominator = metricOf(p.denominator);
  if (p.expr !== null && p.expr !== undefined) metric.expression = String(p.expr);
  if (p.metrics?.length) metric.metrics = p.metrics.map(metricOf);
  const window = windowOf(p.cumulative_type_params?.window ?? p.window);
  if (window) metric.window = window;
  const grainToDate = p.cumulative_type_params?.grain_to_date ?? p.grain_to_date;
  if (grainToDate) metric.grain_to_date = grainToDate;
  const c = p.conversion_type_params;
  if (c) {
    const conversionWindow = windowOf(c.window);
    metric.conversion = { entity: c.entity, base_measure: measureOf(c.base_measure), conversion_measure: measureOf(c.conversion_measure), ...(c.calculation ? { calculation: c.calculation } : {}), ...(conversionWindow ? { window: conversionWindow } : {}), ...(c.constant_properties?.length ? { constant_properties: c.constant_properties.map((p) => ({ base_property: p.base_property, conversion_property: p.conversion_property })) } : {}) };
  }
  const needs = { simple: [metric.measure], ratio: [metric.numerator, metric.denominator], derived: [metric.expression, metric.metrics], cumulative: [metric.measure], conversion: [metric.conversion] }[m.type];
  return needs.every((part) => part !== undefined) ? metric : null;
}

type MeasureYaml = NonNullable<z.infer<typeof semanticModelYaml>["measures"]>[number];
type MeasureInput = NonNullable<SemanticModelInput["measures"]>[number];

/** Only what MetricFlow would accept goes on: a percentile between 0 and 1. */
function aggParamsOf(params: MeasureYaml["agg_params"]): Pick<MeasureInput, "agg_params"> {
  const percentile = params?.percentile;
  if (percentile === null || percentile === undefined || percentile < 0 || percentile > 1) return {};
  return { agg_params: { percentile, ...(params?.use_discrete_percentile ? { use_discrete_percentile: true } : {}), ...(params?.use_approximate_percentile ? { use_approximate_percentile: true } : {}) } };
}

function nonAdditiveOf(dimension: MeasureYaml["non_additive_dimension"]): Pick<MeasureInput, "non_additive_dimension"> {
  if (!dimension) return {};
  const choice = dimension.window_choice?.toLowerCase();
  return {
    non_additive_dimension: {
      name: dimension.name,
      ...(choice === "min" || choice === "max" ? { window_choice: choice } : {}),
      ...(dimension.window_groupings?.length ? { window_groupings: dimension.window_groupings } : {}),
    },
  };
}

function measureOf(ref: z.infer<typeof measureRef>): NonNullable<SemanticMetricInput["measure"]> {
  if (typeof ref === "string") return ref;
  const filters = filtersOf(ref.filter);
  if (filters.length === 0 && !ref.alias) return ref.name;
  return { name: ref.name, ...(filters.length > 0 ? { filters } : {}), ...(ref.alias ? { alias: ref.alias } : {}) };
}

function metricOf(ref: z.infer<typeof metricRef>): NonNullable<SemanticMetricInput["numerator"]> {
  if (typeof ref === "string") return ref;
  const filters = filtersOf(ref.filter);
  const offset = windowOf(ref.offset_window) ?? (ref.offset_to_grain ? `to grain ${ref.offset_to_grain}` : undefined);
  if (filters.length === 0 && !ref.alias && !offset) return ref.name;
  return { name: ref.name, ...(filters.length > 0 ? { filters } : {}), ...(ref.alias ? { alias: ref.alias } : {}), ...(offset ? { offset } : {}) };
}

/** "7 days" → "7 day", as dbt parses a window into `{count, granularity}`. */
function windowOf(window: string | null | undefined): string | undefined {
  const match = window?.trim().match(/^(\d+)\s+([A-Za-z_]+?)s?$/);
  return match ? `${match[1]} ${match[2]!.toLowerCase()}` : undefined;
}

function filtersOf(filter: string | string[] | null | undefined): string[] {
  const list = typeof filter === "string" ? [filter] : (filter ?? []);
  return list.map((f) => f.trim()).filter((f) => f !== "");
}

function exprOf(expr: string | boolean | number | null | undefined): { expr?: string } {
  return expr === null || expr === undefined || expr === "" ? {} : { expr: String(expr) };
}

function described(description: string | null | undefined, helpers: MetricHelpers): { description?: string } {
  const rendered = description ? helpers.describe(description).trim() : "";
  return rendered === "" ? {} : { description: rendered };
}

/** Description, owners (`meta.owner`), tags, meta and group, from the entry and its `config:`. */
function commonFields(entry: z.infer<z.ZodObject<typeof common>>, helpers: MetricHelpers) {
  const meta = { ...(entry.meta ?? {}), ...(entry.config?.meta ?? {}) };
  const owners = helpers.owners(meta.owner);
  const tags = [...new Set([...helpers.tags(entry.tags), ...helpers.tags(entry.config?.tags)])];
  const group = entry.config?.group ?? entry.group;
  return {
    ...described(entry.description, helpers),
    ...(owners.length > 0 ? { owners } : {}),
    ...(tags.length > 0 ? { tags } : {}),
    ...(Object.keys(meta).length > 0 ? { meta } : {}),
    ...(group ? { group } : {}),
  };
}

function warning(code: string, message: string, file: string): Diagnostic {
  return { code, severity: "warning", message, path: file };
}
