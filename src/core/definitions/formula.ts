/**
 * A column's formula as comparable parts, from the SQL engine's column lineage: the normalized
 * expression that computes it, the aggregations it applies, the upstream columns its value comes
 * from, the columns that filter its rows, and its grain (the GROUP BY columns).
 *
 * Upstream relations are named by their last part (`ref('orders')`, `analytics.marts.orders` and
 * `"ORDERS"` are all `orders`), so two projects reading the same table compare equal whatever
 * database or schema their SQL spelled.
 */
import type { ColumnLineage } from "../sql/index.js";

export interface Formula {
  /** The SQL expression as the select list writes it, normalized; null when unknown. */
  expression: string | null;
  /** `sum`, `count distinct`, … in order of appearance. */
  aggregations: string[];
  /** `relation.column` values feeding the value, sorted. */
  upstream: string[];
  /** `relation.column` values deciding which rows count (WHERE, HAVING, QUALIFY), sorted. */
  filters: string[];
  /** `relation.column` values of the GROUP BY, sorted. */
  grain: string[];
}

export const EMPTY_FORMULA: Formula = { expression: null, aggregations: [], upstream: [], filters: [], grain: [] };

const AGGREGATE = /\b(sum|count|avg|average|min|max|median|stddev|stddev_pop|stddev_samp|variance|var_pop|var_samp|approx_count_distinct|count_if|countif|listagg|string_agg|array_agg|any_value|percentile_cont|percentile_disc)\((distinct )?/g;

export function formulaOf(lineage: ColumnLineage): Formula {
  const of = (...transforms: string[]) =>
    [...new Set(lineage.sources.filter((s) => transforms.includes(s.transform)).map((s) => `${relationName(s.table)}.${s.column.toLowerCase()}`))].sort();
  const expression = lineage.expression ?? null;
  return {
    expression,
    aggregations: expression === null ? [] : [...expression.matchAll(AGGREGATE)].map((m) => (m[2] ? `${m[1]} distinct` : m[1]!)),
    upstream: of("DIRECT", "TRANSFORMED", "AGGREGATED", "WINDOW"),
    filters: of("FILTER"),
    grain: of("GROUP_BY"),
  };
}

/** A column copied as is from upstream (no computation of its own): not a definition of its own. */
export function isCopy(lineage: ColumnLineage): boolean {
  const value = lineage.sources.filter((s) => s.transform === "DIRECT" || s.transform === "TRANSFORMED" || s.transform === "AGGREGATED" || s.transform === "WINDOW");
  return value.length > 0 && value.every((s) => s.transform === "DIRECT");
}

/** `ref('pkg', 'orders')` → orders; `source('shop', 'orders')` → orders; `db.schema."Orders"` → orders. */
export function relationName(table: string): string {
  const call = /^(?:ref|source)\((.*)\)$/i.exec(table.trim());
  const inner = call ? (call[1]!.match(/'([^']*)'|"([^"]*)"/g) ?? []).at(-1) ?? call[1]! : table;
  const last = inner.replace(/^['"]|['"]$/g, "").split(".").at(-1) ?? inner;
  return last.replace(/^["`[]|["`\]]$/g, "").toLowerCase();
}
