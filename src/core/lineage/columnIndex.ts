/**
 * One tenant's column lineage in compact form. Columns are numbered in (asset id, column name)
 * order, so each asset's columns are one contiguous, name-sorted range and answers sort by
 * number. Edges are CSR typed arrays both ways, labelled with their transform; one pair of
 * columns may be joined by several edges with different transforms.
 */
import { buildCsr, csrByteSize, reverseCsr, type Csr } from "./csr.js";
import { TRANSFORM_BITS, transformCode } from "./encoding.js";
import { LineageQueryError } from "./errors.js";
import { VisitScratch } from "./scratch.js";
import { findSorted, internSorted, stringArrayBytes, stringBytes } from "./sortedIds.js";
import type { ColumnEdgeRow, ColumnRef, ColumnRow, ColumnRowDependencyRow } from "./types.js";

export class ColumnLineageIndex {
  /** Ids of the assets that have columns, sorted. */
  readonly assetIds: readonly string[];
  /** Columns of asset `a` are numbers `assetColumns[a] .. assetColumns[a+1]`. */
  readonly assetColumns: Int32Array;
  /** Asset number (in `assetIds`) of each column. */
  readonly assetOf: Int32Array;
  readonly columnIds: readonly string[];
  readonly names: readonly string[];
  /** upstream column → downstream column; labels are transform codes. */
  readonly downstream: Csr;
  readonly upstream: Csr;
  /** Asset `a` → assets with a column fed by one of `a`'s columns (labels unused). */
  readonly assetLinks: Csr;
  /** Rows (edges and row dependencies) dropped because a column or asset they name is missing. */
  readonly skippedEdges: number;
  private readonly uniqueNameBytes: number;
  private scratchSpace: VisitScratch | undefined;

  constructor(parts: {
    assetIds: string[];
    assetColumns: Int32Array;
    assetOf: Int32Array;
    columnIds: string[];
    names: string[];
    uniqueNameBytes: number;
    downstream: Csr;
    upstream: Csr;
    assetLinks: Csr;
    skippedEdges: number;
  }) {
    this.assetIds = parts.assetIds;
    this.assetColumns = parts.assetColumns;
    this.assetOf = parts.assetOf;
    this.columnIds = parts.columnIds;
    this.names = parts.names;
    this.uniqueNameBytes = parts.uniqueNameBytes;
    this.downstream = parts.downstream;
    this.upstream = parts.upstream;
    this.assetLinks = parts.assetLinks;
    this.skippedEdges = parts.skippedEdges;
  }

  get columnCount(): number {
    return this.columnIds.length;
  }

  get edgeCount(): number {
    return this.downstream.targets.length;
  }

  /** Estimated heap bytes, scratch space included. Column names are shared between columns. */
  get byteSize(): number {
    return (
      stringArrayBytes(this.assetIds) +
      stringArrayBytes(this.columnIds) +
      16 + 8 * this.names.length + this.uniqueNameBytes +
      this.assetColumns.byteLength +
      this.assetOf.byteLength +
      csrByteSize(this.downstream) +
      csrByteSize(this.upstream) +
      csrByteSize(this.assetLinks) +
      this.columnCount * 8
    );
  }

  /** Number of an asset in `assetIds`, or -1 when it has no columns. */
  assetNumberOf(assetId: string): number {
    return findSorted(this.assetIds, assetId);
  }

  /**
   * The column `name` of an asset, or -1. An exact match wins; otherwise a case-insensitive one,
   * if only one column matches, since warehouses differ in how they fold identifiers.
   */
  columnOf(assetId: string, name: string): number {
    const asset = this.assetNumberOf(assetId);
    if (asset < 0) return -1;
    const begin = this.assetColumns[asset]!;
    const end = this.assetColumns[asset + 1]!;
    const exact = findSorted(this.names, name, begin, end);
    if (exact >= 0) return exact;
    const folded = name.toLowerCase();
    let match = -1;
    for (let column = begin; column < end; column++) {
      if (this.names[column]!.toLowerCase() !== folded) continue;
      if (match >= 0) return -1;
      match = column;
    }
    return match;
  }

  requireColumn(assetId: string, name: string): number {
    const column = this.columnOf(assetId, name);
    if (column < 0) throw new LineageQueryError("UNKNOWN_COLUMN", `asset ${assetId} has no column ${name}`);
    return column;
  }

  refOf(column: number): ColumnRef {
    return { columnId: this.columnIds[column]!, assetId: this.assetIds[this.assetOf[column]!]!, column: this.names[column]! };
  }

  csr(direction: "UPSTREAM" | "DOWNSTREAM"): Csr {
    return direction === "UPSTREAM" ? this.upstream : this.downstream;
  }

  get scratch(): VisitScratch {
    this.scratchSpace ??= new VisitScratch(this.columnCount);
    return this.scratchSpace;
  }
}

/**
 * Column ids are unique (they are primary keys); edges naming an unknown column are skipped.
 * Each row dependency becomes one edge to every column of its asset, as if stored per column.
 */
export function buildColumnLineageIndex(
  columns: readonly ColumnRow[],
  edges: readonly ColumnEdgeRow[],
  rowDependencies: readonly ColumnRowDependencyRow[] = [],
): ColumnLineageIndex {
  const { ids: assetIds, numberOf: assetNumber } = internSorted(columns.map((row) => row.assetId));
  const order = orderByAssetThenName(columns, assetIds.length, assetNumber);

  const columnIds: string[] = new Array<string>(order.rows.length);
  const names: string[] = new Array<string>(order.rows.length);
  const assetOf = new Int32Array(order.rows.length);
  const numberOf = new Map<string, number>();
  const sharedNames = new Map<string, string>();
  let uniqueNameBytes = 0;
  order.rows.forEach((rowIndex, column) => {
    const row = columns[rowIndex]!;
    let name = sharedNames.get(row.name);
    if (name === undefined) {
      name = row.name;
      sharedNames.set(name, name);
      uniqueNameBytes += stringBytes(name);
    }
    columnIds[column] = row.id;
    names[column] = name;
    assetOf[column] = order.assetOfRow[rowIndex]!;
    numberOf.set(row.id, column);
  });

  const { downstream, skippedEdges } = buildColumnEdges(columnIds.length, numberOf, edges, {
    rowDependencies,
    columnsOfAsset: (assetId) => {
      const asset = assetNumber.get(assetId);
      return asset === undefined ? undefined : [order.assetColumns[asset]!, order.assetColumns[asset + 1]!];
    },
  });
  const upstream = reverseCsr(downstream, TRANSFORM_BITS);
  const assetLinks = buildAssetLinks(assetIds.length, assetOf, downstream);
  return new ColumnLineageIndex({
    assetIds,
    assetColumns: order.assetColumns,
    assetOf,
    columnIds,
    names,
    uniqueNameBytes,
    downstream,
    upstream,
    assetLinks,
    skippedEdges,
  });
}

/** Row indexes bucketed by asset (a counting sort), each bucket sorted by column name. */
function orderByAssetThenName(
  columns: readonly ColumnRow[],
  assetCount: number,
  assetNumber: ReadonlyMap<string, number>,
): { rows: Int32Array; assetColumns: Int32Array; assetOfRow: Int32Array } {
  const assetColumns = new Int32Array(assetCount + 1);
  const assetOfRow = new Int32Array(columns.length);
  columns.forEach((row, i) => {
    const asset = assetNumber.get(row.assetId)!;
    assetOfRow[i] = asset;
    assetColumns[asset + 1]!++;
  });
  for (let a = 0; a < assetCount; a++) assetColumns[a + 1]! += assetColumns[a]!;
  const rows = new Int32Array(columns.length);
  const cursor = assetColumns.slice(0, assetCount);
  for (let i = 0; i < columns.length; i++) rows[cursor[assetOfRow[i]!]!++] = i;
  for (let a = 0; a < assetCount; a++) sortRowsByName(rows, assetColumns[a]!, assetColumns[a + 1]!, columns);
  return { rows, assetColumns, assetOfRow };
}

function sortRowsByName(rows: Int32Array, begin: number, end: number, columns: readonly ColumnRow[]): void {
  for (let i = begin + 1; i < end; i++) {
    const row = rows[i]!;
    const name = columns[row]!.name;
    let j = i - 1;
    while (j >= begin && columns[rows[j]!]!.name > name) {
      rows[j + 1] = rows[j]!;
      j--;
    }
    rows[j + 1] = row;
  }
}

function buildColumnEdges(
  columnCount: number,
  numberOf: ReadonlyMap<string, number>,
  edges: readonly ColumnEdgeRow[],
  rows: {
    rowDependencies: readonly ColumnRowDependencyRow[];
    /** The range of column numbers of an asset, undefined when it has no columns. */
    columnsOfAsset: (assetId: string) => readonly [number, number] | undefined;
  },
): { downstream: Csr; skippedEdges: number } {
  const expanded: { from: number; begin: number; end: number; label: number }[] = [];
  let expandedCount = 0;
  let skippedEdges = 0;
  for (const dependency of rows.rowDependencies) {
    const from = numberOf.get(dependency.fromColumnId);
    const range = rows.columnsOfAsset(dependency.toAssetId);
    if (from === undefined || range === undefined) {
      skippedEdges++;
      continue;
    }
    expanded.push({ from, begin: range[0], end: range[1], label: transformCode(dependency.transform) });
    expandedCount += range[1] - range[0];
  }
  const capacity = edges.length + expandedCount;
  const sources = new Int32Array(capacity);
  const targets = new Int32Array(capacity);
  const labels = new Uint8Array(capacity);
  let kept = 0;
  for (const edge of edges) {
    const from = numberOf.get(edge.fromColumnId);
    const to = numberOf.get(edge.toColumnId);
    if (from === undefined || to === undefined) {
      skippedEdges++;
      continue;
    }
    sources[kept] = from;
    targets[kept] = to;
    labels[kept] = transformCode(edge.transform);
    kept++;
  }
  for (const { from, begin, end, label } of expanded) {
    for (let to = begin; to < end; to++) {
      sources[kept] = from;
      targets[kept] = to;
      labels[kept] = label;
      kept++;
    }
  }
  const downstream = buildCsr(columnCount, { sources, targets, labels, length: kept }, TRANSFORM_BITS, "distinct");
  return { downstream, skippedEdges };
}

function buildAssetLinks(assetCount: number, assetOf: Int32Array, downstream: Csr): Csr {
  const edgeCount = downstream.targets.length;
  const sources = new Int32Array(edgeCount);
  const targets = new Int32Array(edgeCount);
  for (let column = 0; column < assetOf.length; column++) {
    for (let e = downstream.offsets[column]!; e < downstream.offsets[column + 1]!; e++) {
      sources[e] = assetOf[column]!;
      targets[e] = assetOf[downstream.targets[e]!]!;
    }
  }
  return buildCsr(assetCount, { sources, targets, labels: new Uint8Array(edgeCount), length: edgeCount }, 0, "merge");
}
