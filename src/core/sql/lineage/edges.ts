import type { ColumnSource, ColumnTransform } from "../analysis.js";

/** Kinds that say a column shaped which rows an output holds, not what value it has (OpenLineage INDIRECT). */
const INDIRECT: ReadonlySet<ColumnTransform> = new Set(["FILTER", "JOIN", "GROUP_BY", "SORT", "WINDOW"]);
const DIRECT_RANK: Record<string, number> = { DIRECT: 0, TRANSFORMED: 1, AGGREGATED: 2 };

/**
 * The kind of an edge seen through one more step: an indirect kind is kept (a filter column stays
 * a filter column downstream); otherwise the stronger of copy < transformation < aggregation wins.
 */
export function compose(outer: ColumnTransform, inner: ColumnTransform): ColumnTransform {
  if (INDIRECT.has(outer)) return outer;
  if (INDIRECT.has(inner)) return inner;
  return DIRECT_RANK[outer]! >= DIRECT_RANK[inner]! ? outer : inner;
}

export function composeAll(edges: ColumnSource[], outer: ColumnTransform): ColumnSource[] {
  return edges.map((edge) => ({ ...edge, transform: compose(outer, edge.transform) }));
}

/** Drops repeated (table, column, transform) triples, keeping first-seen order. */
export function uniqueEdges(edges: ColumnSource[]): ColumnSource[] {
  const seen = new Set<string>();
  const out: ColumnSource[] = [];
  for (const edge of edges) {
    const key = `${edge.table}\u0000${edge.column.toLowerCase()}\u0000${edge.transform}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(edge);
  }
  return out;
}
