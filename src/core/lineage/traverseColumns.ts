/**
 * Column lineage of one column: the columns upstream and/or downstream of it, by degree then
 * (asset id, column name), with every column edge among them and the start, each with its
 * transform. BOTH is ancestors plus descendants, as for assets.
 */
import { levelBfs } from "./bfs.js";
import type { ColumnLineageIndex } from "./columnIndex.js";
import { transformOfCode } from "./encoding.js";
import { requireCount, requireDepth } from "./errors.js";
import type { ColumnLineageEdge, ColumnLineageNode, ColumnLineageQuery, ColumnLineageResult } from "./types.js";

interface Reached {
  column: number;
  degree: number;
  direction: "UPSTREAM" | "DOWNSTREAM";
}

export function traverseColumns(index: ColumnLineageIndex, query: ColumnLineageQuery): ColumnLineageResult {
  const start = index.requireColumn(query.assetId, query.column);
  const maxDepth = requireDepth(query.depth);
  const maxNodes = requireCount("maxNodes", query.maxNodes, 1);
  const sides = query.direction === "BOTH" ? (["DOWNSTREAM", "UPSTREAM"] as const) : [query.direction];

  let truncated = false;
  const best = new Map<number, Reached>();
  for (const direction of sides) {
    const bfs = levelBfs(index.csr(direction), index.scratch, [start], maxDepth, maxNodes);
    truncated ||= bfs.truncated;
    bfs.order.forEach((column, i) => {
      const known = best.get(column);
      if (!known || bfs.degree[i]! < known.degree) best.set(column, { column, degree: bfs.degree[i]!, direction });
    });
  }
  const reached = Array.from(best.values()).sort((a, b) => a.degree - b.degree || a.column - b.column);
  if (reached.length > maxNodes) truncated = true;
  const kept = reached.slice(0, maxNodes);

  const nodes: ColumnLineageNode[] = kept.map((entry) => ({
    ...index.refOf(entry.column),
    degree: entry.degree,
    direction: entry.direction,
  }));
  return {
    start: index.refOf(start),
    nodes,
    edges: edgesAmong(index, [start, ...kept.map((entry) => entry.column)]),
    truncated,
  };
}

function edgesAmong(index: ColumnLineageIndex, columns: readonly number[]): ColumnLineageEdge[] {
  const scratch = index.scratch;
  scratch.reset();
  for (const column of columns) scratch.mark(column, 0);
  const found: { from: number; to: number; transform: number }[] = [];
  const { offsets, targets, labels } = index.downstream;
  for (const column of columns) {
    for (let e = offsets[column]!; e < offsets[column + 1]!; e++) {
      if (scratch.isMarked(targets[e]!)) found.push({ from: column, to: targets[e]!, transform: labels[e]! });
    }
  }
  found.sort((a, b) => a.from - b.from || a.to - b.to || a.transform - b.transform);
  return found.map((edge) => ({
    from: index.columnIds[edge.from]!,
    to: index.columnIds[edge.to]!,
    transform: transformOfCode(edge.transform),
  }));
}
