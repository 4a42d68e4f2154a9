/**
 * Breadth-first search one level at a time, each level sorted by node number (= id order).
 * That gives the answers' order for free (degree, then id) and makes each node's recorded
 * parent the lowest-id node of the previous level that reaches it, so paths are deterministic.
 * Every node is visited once: cycles cost nothing extra and can never loop.
 */
import type { Csr } from "./csr.js";
import type { VisitScratch } from "./scratch.js";

export interface BfsResult {
  /** The start nodes, sorted. */
  roots: Int32Array;
  /** Nodes reached (roots excluded), by degree then node number. */
  order: number[];
  /** Degree of `order[i]`. */
  degree: number[];
  /** Position in `order` of the node `order[i]` was reached from; `-1 - r` for `roots[r]`. */
  parent: number[];
  /** True when the depth limit or the node cap left reachable nodes out. */
  truncated: boolean;
}

export function levelBfs(
  csr: Csr,
  scratch: VisitScratch,
  starts: readonly number[],
  maxDepth: number,
  maxNodes: number,
): BfsResult {
  const roots = Int32Array.from(new Set(starts)).sort();
  const result: BfsResult = { roots, order: [], degree: [], parent: [], truncated: false };
  scratch.reset();
  roots.forEach((root, r) => scratch.mark(root, -1 - r));

  let frontier: ArrayLike<number> = roots;
  let frontierPosition = (i: number): number => -1 - i;
  let level = 0;
  while (frontier.length > 0 && level < maxDepth) {
    const next = discoverNextLevel(csr, scratch, frontier, frontierPosition);
    if (next.length === 0) return result;
    level++;
    const room = maxNodes - result.order.length;
    const taken = next.length > room ? next.subarray(0, room) : next;
    const levelStart = result.order.length;
    for (const node of taken) {
      result.order.push(node);
      result.degree.push(level);
      result.parent.push(scratch.slot[node]!);
    }
    if (taken.length < next.length) {
      result.truncated = true;
      return result;
    }
    frontier = next;
    frontierPosition = (i) => levelStart + i;
  }
  result.truncated = frontier.length > 0 && reachesUnvisited(csr, scratch, frontier);
  return result;
}

/** Marks and returns (sorted) the unvisited neighbours of `frontier`. */
function discoverNextLevel(
  csr: Csr,
  scratch: VisitScratch,
  frontier: ArrayLike<number>,
  positionOf: (i: number) => number,
): Int32Array {
  const next: number[] = [];
  for (let i = 0; i < frontier.length; i++) {
    const node = frontier[i]!;
    const parentPosition = positionOf(i);
    for (let e = csr.offsets[node]!; e < csr.offsets[node + 1]!; e++) {
      const target = csr.targets[e]!;
      if (!scratch.isMarked(target)) {
        scratch.mark(target, parentPosition);
        next.push(target);
      }
    }
  }
  return Int32Array.from(next).sort();
}

function reachesUnvisited(csr: Csr, scratch: VisitScratch, frontier: ArrayLike<number>): boolean {
  for (let i = 0; i < frontier.length; i++) {
    const node = frontier[i]!;
    for (let e = csr.offsets[node]!; e < csr.offsets[node + 1]!; e++) {
      if (!scratch.isMarked(csr.targets[e]!)) return true;
    }
  }
  return false;
}

/** The nodes from a root to `order[position]`, both included. */
export function pathTo(bfs: BfsResult, position: number): number[] {
  const path: number[] = [];
  let at = position;
  while (at >= 0) {
    path.push(bfs.order[at]!);
    at = bfs.parent[at]!;
  }
  path.push(bfs.roots[-1 - at]!);
  return path.reverse();
}
