/**
 * Column lineage in the order a reader expects: nodes by hop, then asset unique id, then column
 * name; edges by their upstream, then their downstream column (asset unique id, column name),
 * then transform. The walk and the index order by asset row id, which is random: the same
 * project ingested twice would list its columns in another order each time.
 */
import { compareText } from "../compareText.js";
import { COLUMN_TRANSFORMS, type ColumnLineageNode, type ColumnLineageResult, type ColumnRef, type ColumnTransform } from "./types.js";

export function inReadingOrder(result: ColumnLineageResult, uniqueIdOf: (assetId: string) => string): ColumnLineageResult {
  const refs = new Map([result.start, ...result.nodes].map((ref) => [ref.columnId, ref]));
  const byColumn = columnsInReadingOrder(uniqueIdOf);
  const rank = (transform: ColumnTransform) => COLUMN_TRANSFORMS.indexOf(transform);
  return {
    ...result,
    nodes: [...result.nodes].sort(nodesInReadingOrder(uniqueIdOf)),
    edges: [...result.edges].sort(
      (a, b) => byColumn(refs.get(a.from)!, refs.get(b.from)!) || byColumn(refs.get(a.to)!, refs.get(b.to)!) || rank(a.transform) - rank(b.transform),
    ),
  };
}

/** Columns by asset unique id, then name. Two projects may hold the same unique id; the row ids then keep the order total. */
function columnsInReadingOrder(uniqueIdOf: (assetId: string) => string): (a: ColumnRef, b: ColumnRef) => number {
  return (a, b) =>
    compareText(uniqueIdOf(a.assetId), uniqueIdOf(b.assetId)) || compareText(a.column, b.column) || compareText(a.assetId, b.assetId) || compareText(a.columnId, b.columnId);
}

/**
 * Nodes by hop, then as columnsInReadingOrder: also the order a walk cut at `maxNodes` keeps
 * its first nodes in, so that the columns kept of the last hop are the first ones a reader sees.
 */
export function nodesInReadingOrder(uniqueIdOf: (assetId: string) => string): (a: ColumnLineageNode, b: ColumnLineageNode) => number {
  const byColumn = columnsInReadingOrder(uniqueIdOf);
  return (a, b) => a.degree - b.degree || byColumn(a, b);
}
