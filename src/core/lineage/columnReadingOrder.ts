/**
 * Column lineage in the order a reader expects: nodes by hop, then asset unique id, then column
 * name; edges by their upstream, then their downstream column (asset unique id, column name),
 * then transform. The walk and the index order by asset row id, which is random: the same
 * project ingested twice would list its columns in another order each time.
 */
import { compareText } from "../compareText.js";
import { COLUMN_TRANSFORMS, type ColumnLineageResult, type ColumnRef, type ColumnTransform } from "./types.js";

export function inReadingOrder(result: ColumnLineageResult, uniqueIdOf: (assetId: string) => string): ColumnLineageResult {
  const refs = new Map([result.start, ...result.nodes].map((ref) => [ref.columnId, ref]));
  // Two projects may hold the same unique id; the row id then keeps the order total.
  const byColumn = (a: ColumnRef, b: ColumnRef) =>
    compareText(uniqueIdOf(a.assetId), uniqueIdOf(b.assetId)) || compareText(a.column, b.column) || compareText(a.assetId, b.assetId) || compareText(a.columnId, b.columnId);
  const rank = (transform: ColumnTransform) => COLUMN_TRANSFORMS.indexOf(transform);
  return {
    ...result,
    nodes: [...result.nodes].sort((a, b) => a.degree - b.degree || byColumn(a, b)),
    edges: [...result.edges].sort(
      (a, b) => byColumn(refs.get(a.from)!, refs.get(b.from)!) || byColumn(refs.get(a.to)!, refs.get(b.to)!) || rank(a.transform) - rank(b.transform),
    ),
  };
}
