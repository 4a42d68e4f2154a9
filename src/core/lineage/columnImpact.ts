/**
 * Column-aware impact: what a change to some columns of an asset touches.
 *
 * 1. Reads: assets with a column reached from the changed columns through column edges of any
 *    transform. Row-shaping transforms (FILTER, JOIN, GROUP_BY, SORT, WINDOW) count as reading:
 *    changing a join key changes which rows a model has. Degree and path follow the column path.
 * 2. Column use unknown: an asset edge x→y where x is the changed asset or a reader, y is not a
 *    reader, and no column edge at all runs from x to y: lineage says y uses x but not which
 *    columns (SELECT *, unparsed SQL, exposures, which have no columns). Everything downstream
 *    of such an asset is unknown too, unless it is a reader.
 * 3. The remaining downstream assets are not affected: their column lineage shows they do not
 *    read the changed columns. They are only counted.
 */
import { assetMapping, type AssetMapping } from "./assetMapping.js";
import { levelBfs, pathTo, type BfsResult } from "./bfs.js";
import { hasEdge } from "./csr.js";
import type { ColumnLineageIndex } from "./columnIndex.js";
import type { LineageIndex } from "./lineageIndex.js";
import type { ColumnImpactedAsset, ColumnImpactQuery, ColumnImpactResult, ImpactedAsset } from "./types.js";

export function impactOfColumns(assets: LineageIndex, columns: ColumnLineageIndex, query: ColumnImpactQuery): ColumnImpactResult {
  const start = assets.requireNode(query.start);
  const { found, missing } = resolveColumns(columns, assets.idOf(start), query.columns);
  const mapping = assetMapping(assets, columns);
  const reads = readersOf(assets, columns, mapping, start, found);
  const unknown = unknownUse(assets, columns, mapping, start, reads);

  const downstream = levelBfs(assets.downstream, assets.scratch, [start], Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY);
  const notAffectedCount = downstream.order.filter((node) => !reads.has(node) && !unknown.has(node)).length;

  const readList = sortedAssets(reads);
  const unknownList = sortedAssets(unknown);
  return {
    start: { id: assets.idOf(start), kind: assets.kindOf(start) },
    columns: found.map((column) => columns.names[column]!),
    missingColumns: missing,
    reads: readList,
    columnUseUnknown: unknownList,
    exposures: [...readList, ...unknownList]
      .filter((asset) => asset.kind === "EXPOSURE")
      .sort((a, b) => a.degree - b.degree || (a.id < b.id ? -1 : 1)),
    notAffectedCount,
  };
}

function resolveColumns(
  columns: ColumnLineageIndex,
  assetId: string,
  names: readonly string[],
): { found: number[]; missing: string[] } {
  const found = new Set<number>();
  const missing: string[] = [];
  for (const name of names) {
    const column = columns.columnOf(assetId, name);
    if (column >= 0) found.add(column);
    else missing.push(name);
  }
  return { found: Array.from(found).sort((a, b) => a - b), missing };
}

/** Keyed by asset node number, which orders ties by id. */
type AssetsByNode<T extends ImpactedAsset> = Map<number, T>;

/** Assets reached through column edges, at the degree of their first-reached column. */
function readersOf(
  assets: LineageIndex,
  columns: ColumnLineageIndex,
  mapping: AssetMapping,
  start: number,
  changed: readonly number[],
): AssetsByNode<ColumnImpactedAsset> {
  const readers: AssetsByNode<ColumnImpactedAsset> = new Map();
  if (changed.length === 0) return readers;
  const bfs = levelBfs(columns.downstream, columns.scratch, changed, Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY);
  bfs.order.forEach((column, position) => {
    const node = mapping.nodeOfColumnAsset[columns.assetOf[column]!]!;
    if (node < 0 || node === start) return;
    const known = readers.get(node);
    if (known) {
      known.columns.push(columns.names[column]!);
      return;
    }
    readers.set(node, {
      id: assets.idOf(node),
      kind: assets.kindOf(node),
      degree: bfs.degree[position]!,
      path: assetPathOfColumns(columns, bfs, position),
      columns: [columns.names[column]!],
    });
  });
  for (const reader of readers.values()) reader.columns.sort();
  return readers;
}

function assetPathOfColumns(columns: ColumnLineageIndex, bfs: BfsResult, position: number): string[] {
  const path: string[] = [];
  for (const column of pathTo(bfs, position)) {
    const assetId = columns.assetIds[columns.assetOf[column]!]!;
    if (path[path.length - 1] !== assetId) path.push(assetId);
  }
  return path;
}

/**
 * Walks asset edges outward from the changed asset and the readers in degree order, so each
 * unknown asset gets its lowest degree and, among equals, the lowest-id parent.
 */
function unknownUse(
  assets: LineageIndex,
  columns: ColumnLineageIndex,
  mapping: AssetMapping,
  start: number,
  readers: AssetsByNode<ColumnImpactedAsset>,
): AssetsByNode<ImpactedAsset> {
  const unknown: AssetsByNode<ImpactedAsset> = new Map();
  const pathOf = (node: number): string[] =>
    node === start ? [assets.idOf(start)] : (readers.get(node) ?? unknown.get(node))!.path;
  const buckets: number[][] = [[start]];
  for (const [node, reader] of readers) (buckets[reader.degree] ??= []).push(node);

  for (let degree = 0; degree < buckets.length; degree++) {
    const bucket = (buckets[degree] ?? []).sort((a, b) => a - b);
    for (const node of bucket) {
      const isKnown = node === start || readers.has(node);
      const { offsets, targets } = assets.downstream;
      for (let e = offsets[node]!; e < offsets[node + 1]!; e++) {
        const child = targets[e]!;
        if (child === start || readers.has(child) || unknown.has(child)) continue;
        if (isKnown && hasColumnLink(columns, mapping, node, child)) continue;
        unknown.set(child, {
          id: assets.idOf(child),
          kind: assets.kindOf(child),
          degree: degree + 1,
          path: [...pathOf(node), assets.idOf(child)],
        });
        (buckets[degree + 1] ??= []).push(child);
      }
    }
  }
  return unknown;
}

function hasColumnLink(columns: ColumnLineageIndex, mapping: AssetMapping, from: number, to: number): boolean {
  const fromAsset = mapping.columnAssetOfNode[from]!;
  const toAsset = mapping.columnAssetOfNode[to]!;
  return fromAsset >= 0 && toAsset >= 0 && hasEdge(columns.assetLinks, fromAsset, toAsset);
}

function sortedAssets<T extends ImpactedAsset>(byNode: AssetsByNode<T>): T[] {
  return Array.from(byNode)
    .sort(([nodeA, a], [nodeB, b]) => a.degree - b.degree || nodeA - nodeB)
    .map(([, asset]) => asset);
}
