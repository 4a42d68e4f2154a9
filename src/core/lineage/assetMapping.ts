/**
 * The correspondence between the asset numbers of a LineageIndex and those of a
 * ColumnLineageIndex. Both number assets in id order, so one linear merge of the two sorted id
 * lists finds it; it is memoized per pair, as both indexes are immutable.
 */
import type { ColumnLineageIndex } from "./columnIndex.js";
import type { LineageIndex } from "./lineageIndex.js";

export interface AssetMapping {
  /** Asset-index node of each column-index asset, or -1. */
  readonly nodeOfColumnAsset: Int32Array;
  /** Column-index asset of each asset-index node, or -1 when the asset has no columns. */
  readonly columnAssetOfNode: Int32Array;
}

const mappings = new WeakMap<ColumnLineageIndex, WeakMap<LineageIndex, AssetMapping>>();

export function assetMapping(assets: LineageIndex, columns: ColumnLineageIndex): AssetMapping {
  let byAssets = mappings.get(columns);
  if (!byAssets) mappings.set(columns, (byAssets = new WeakMap()));
  let mapping = byAssets.get(assets);
  if (!mapping) byAssets.set(assets, (mapping = mergeSortedIds(assets.ids, columns.assetIds)));
  return mapping;
}

function mergeSortedIds(nodeIds: readonly string[], columnAssetIds: readonly string[]): AssetMapping {
  const nodeOfColumnAsset = new Int32Array(columnAssetIds.length).fill(-1);
  const columnAssetOfNode = new Int32Array(nodeIds.length).fill(-1);
  let node = 0;
  let asset = 0;
  while (node < nodeIds.length && asset < columnAssetIds.length) {
    const nodeId = nodeIds[node]!;
    const assetId = columnAssetIds[asset]!;
    if (nodeId === assetId) {
      nodeOfColumnAsset[asset++] = node;
      columnAssetOfNode[node++] = asset - 1;
    } else if (nodeId < assetId) {
      node++;
    } else {
      asset++;
    }
  }
  return { nodeOfColumnAsset, columnAssetOfNode };
}
