/**
 * dbt ≤ 1.5 `metrics:` entries of a project's property files → native metrics (an aggregation
 * over a model, or a formula over other metrics). The semantic layer's metrics (with
 * `type_params`) are read by semanticEntries.ts.
 */
import { z } from "zod";
import type { Diagnostic } from "../core/diagnostic.js";
import { NATIVE_AGGREGATIONS } from "../core/manifest/native/nativeManifestSchema.js";
import { describeZodError } from "../core/validation.js";
import type { NativeMetricInput, NativeOwnerInput } from "./nativeTypes.js";

const text = z.string().nullish();

export const metricPropertiesSchema = z.looseObject({
  name: z.string().min(1),
  label: text,
  description: text,
  model: text,
  /** dbt 1.3–1.5 */
  calculation_method: text,
  expression: text,
  /** dbt 1.0–1.2 */
  type: text,
  sql: text,
  timestamp: text,
  time_grains: z.array(z.string()).nullish(),
  dimensions: z.array(z.string()).nullish(),
  filters: z.array(z.object({ field: z.string(), operator: z.string(), value: z.union([z.string(), z.number(), z.boolean()]) })).nullish(),
  window: z.object({ count: z.number(), period: z.string() }).nullish(),
  meta: z.record(z.string(), z.unknown()).nullish(),
  tags: z.unknown().optional(),
  /** The semantic layer's metric: read by semanticEntries.ts. */
  type_params: z.unknown().optional(),
});

export interface MetricHelpers {
  describe(text: string): string;
  owners(value: unknown): NativeOwnerInput[];
  tags(value: unknown): string[];
}

/** dbt 1.0's `expression` type is a formula over other metrics, as 1.3's `derived` is. */
const AGGREGATION_OF: Readonly<Record<string, (typeof NATIVE_AGGREGATIONS)[number]>> = {
  ...Object.fromEntries(NATIVE_AGGREGATIONS.map((a) => [a, a])),
  expression: "derived",
};

const METRIC_CALL = /\{\{\s*metric\(\s*['"]([^'"]+)['"]\s*\)\s*\}\}/g;

export function nativeMetrics(entries: readonly { item: unknown; file: string; at: string }[], helpers: MetricHelpers, diagnostics: Diagnostic[]): NativeMetricInput[] {
  const metrics: NativeMetricInput[] = [];
  const names = new Set<string>();
  for (const { item, file, at } of entries) {
    const parsed = metricPropertiesSchema.safeParse(item);
    if (!parsed.success) {
      diagnostics.push(warning("PROPERTY_ENTRY_INVALID", `${file}: ${describeZodError(parsed.error, at).message}; entry skipped.`, file));
      continue;
    }
    const props = parsed.data;
    // The semantic layer's metrics are read by semanticEntries.ts.
    if (props.type_params !== undefined) continue;
    const method = props.calculation_method ?? props.type ?? "";
    const aggregation = AGGREGATION_OF[method];
    const rawExpression = props.expression ?? props.sql ?? "";
    if (!/^[^.\s]+$/.test(props.name) || names.has(props.name) || aggregation === undefined || rawExpression.trim() === "" || (aggregation !== "derived" && !props.model)) {
      diagnostics.push(warning("METRIC_INVALID", `${file} at ${at}: metric "${props.name}" needs a unique name without dots or spaces, a known calculation method (not "${method}"), an expression and, unless derived, a model; skipped.`, file));
      continue;
    }
    names.add(props.name);
    const inputs = [...rawExpression.matchAll(METRIC_CALL)].map((m) => m[1]!);
    const metric: NativeMetricInput = { name: props.name, aggregation, expression: rawExpression.replace(METRIC_CALL, "$1").trim() };
    if (props.model) metric.model = props.model;
    if (inputs.length > 0) metric.metrics = [...new Set(inputs)];
    if (props.label) metric.label = props.label;
    const description = props.description ? helpers.describe(props.description).trim() : "";
    if (description !== "") metric.description = description;
    if (props.timestamp) metric.timestamp = props.timestamp;
    if (props.time_grains?.length) metric.time_grains = props.time_grains;
    if (props.dimensions?.length) metric.dimensions = props.dimensions;
    if (props.filters?.length) metric.filters = props.filters.map((f) => `${f.field} ${f.operator} ${String(f.value)}`);
    if (props.window) metric.window = `${props.window.count} ${props.window.period}`;
    const owners = helpers.owners(props.meta?.owner);
    if (owners.length > 0) metric.owners = owners;
    const tags = helpers.tags(props.tags);
    if (tags.length > 0) metric.tags = tags;
    if (props.meta && Object.keys(props.meta).length > 0) metric.meta = props.meta;
    metrics.push(metric);
  }
  return metrics;
}

function warning(code: string, message: string, file: string): Diagnostic {
  return { code, severity: "warning", message, path: file };
}
