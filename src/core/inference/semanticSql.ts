/**
 * A semantic model written as the SQL it stands for: each entity, dimension and measure selected
 * from the model it reads, measures inside their aggregation. The SQL analysis then gives the
 * semantic model column lineage from that model's columns like any other model, so impact and
 * column lineage reach measures (and, through them, metrics) with no second lineage engine.
 * It is never run and never shown as the asset's SQL.
 */
import type { SemanticModelDefinition } from "../manifest/semantic/definition.js";
import type { SnapshotAsset } from "../manifest/index.js";

/** MetricFlow's aggregations as SQL functions; only what they read matters to lineage. */
const AGGREGATION_SQL: Readonly<Record<string, (expr: string) => string>> = {
  sum: (e) => `sum(${e})`,
  sum_boolean: (e) => `sum(${e})`,
  min: (e) => `min(${e})`,
  max: (e) => `max(${e})`,
  count: (e) => `count(${e})`,
  count_distinct: (e) => `count(distinct ${e})`,
  average: (e) => `avg(${e})`,
  percentile: (e) => `median(${e})`,
  median: (e) => `median(${e})`,
};

export function semanticModelSql(asset: SnapshotAsset): string | null {
  const definition = asset.definition;
  if (asset.kind !== "SEMANTIC_MODEL" || definition?.definitionKind !== "semantic_model") return null;
  const from = modelRelation(definition);
  if (from === null || asset.columns.length === 0) return null;
  const selected = new Map<string, string>();
  const add = (name: string, expression: string): void => {
    if (!selected.has(name.toLowerCase())) selected.set(name.toLowerCase(), `${expression} as ${quoted(name)}`);
  };
  for (const entity of definition.entities) add(entity.name, entity.expr ?? entity.name);
  for (const dimension of definition.dimensions) add(dimension.name, dimension.expr ?? dimension.name);
  for (const measure of definition.measures) {
    const expr = measure.expr ?? measure.name;
    add(measure.name, (AGGREGATION_SQL[measure.agg ?? ""] ?? ((e: string) => e))(expr));
  }
  return `select ${[...selected.values()].join(", ")} from ${from}`;
}

/** `ref('orders')` as written in the YAML; dbt renders it, so Jinja is what the analysis expects. */
function modelRelation(definition: SemanticModelDefinition): string | null {
  const model = definition.model?.trim();
  if (!model) return null;
  return model.startsWith("{{") ? model : `{{ ${model} }}`;
}

function quoted(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : `"${name.replace(/"/g, '""')}"`;
}
