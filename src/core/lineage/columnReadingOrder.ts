/**
 * Column lineage in the order a reader expects: nodes by hop, then asset unique id, then column
 * name; edges by their upstream, then their downstream column (asset unique id, column name),
 * then transform. The walk and the index order by asset row id, which is random: the same
 * project ingested twice would list its columns in another order each time.
 */
import { COLUMN_TRANSFORMS, type ColumnLineageResult, type ColumnRef, type ColumnTransform } from "./types.js";

export function inReadingOrder(result: ColumnLineageResult, uniqueIdOf: (assetId: string) => string): ColumnLineageResult {
  const refs = new Map([result.start, ...result.nodes].map((ref) => [ref.columnId, ref]));
  // Two projects may hold the same unique id; the row id then keeps the order total.
  const byColumn = (a: ColumnRef, b: ColumnRef) =>
    compare(uniqueIdOf(a.assetId), uniqueIdOf(b.assetId)) || compare(a.column, b.column) || compare(a.assetId, b.assetId) || compare(a.columnId, b.columnId);
  const rank = (transform: ColumnTransform) => COLUMN_TRANSFORMS.indexOf(transform);
  return {
    ...result,
    nodes: [...result.nodes].sort((a, b) => a.degree - b.degree || byColumn(a, b)),
    edges: [...result.edges].sort(
      (a, b) => byColumn(refs.get(a.from)!, refs.get(b.from)!) || byColumn(refs.get(a.to)!, refs.get(b.to)!) || rank(a.transform) - rank(b.transform),
    ),
  };
}

/** Code-unit order, the same on every machine (not a locale's collation). */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
