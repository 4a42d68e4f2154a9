/**
 * The columns of a model that a dbt ≤ 1.5 metric reads: its expression, its timestamp, its
 * dimensions and the fields of its filters. Those are SQL over one model, so any of the model's
 * column names appearing in them as an identifier is a column the metric reads; names outside
 * quotes only, matched as the warehouse does (case-insensitively, for unquoted names).
 */
import type { MetricDefinition } from "../manifest/semantic/definition.js";

const IDENTIFIER = /"((?:[^"]|"")+)"|'(?:[^']|'')*'|([A-Za-z_][A-Za-z0-9_$]*)/g;

export function legacyMetricColumns(definition: MetricDefinition, modelColumns: readonly string[]): string[] {
  const byLowerName = new Map(modelColumns.map((name) => [name.toLowerCase(), name]));
  const found = new Set<string>();
  const texts = [definition.expression ?? "", definition.timestamp ?? "", ...definition.dimensions, ...definition.filters];
  for (const text of texts) {
    for (const match of text.matchAll(IDENTIFIER)) {
      const quoted = match[1]?.replace(/""/g, '"');
      const name = quoted !== undefined ? modelColumns.find((c) => c === quoted) : match[2] ? byLowerName.get(match[2].toLowerCase()) : undefined;
      if (name !== undefined) found.add(name);
    }
  }
  return [...found];
}
