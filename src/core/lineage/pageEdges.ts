/**
 * The edges that go with one page of lineage nodes.
 *
 * Shown nodes are numbered by their position in the full answer (the start is -1). An edge
 * between two shown nodes is returned with the page holding the later of its two ends, so the
 * first page carries every edge among its nodes and the start, and the pages of one query
 * together carry every edge exactly once.
 *
 * Nodes hidden by a kinds filter were still traversed. Two shown nodes joined only through
 * hidden ones get one bridging edge with `via` = the hidden ids of a shortest such path, and
 * the origin of that path (DECLARED or BOTH only when every hop is; see encoding.ts).
 */
import type { Csr } from "./csr.js";
import { hasEdge } from "./csr.js";
import { originOfFlags } from "./encoding.js";
import type { LineageIndex } from "./lineageIndex.js";
import type { LineageEdge } from "./types.js";

/** Slot value of a traversed node that the kinds filter hides. */
const HIDDEN = -2;
const START_POSITION = -1;

interface NumberedEdge {
  from: number;
  to: number;
  flags: number;
  via: number[];
}

export interface PageEdgeInput {
  start: number;
  /** All shown nodes of the answer, in answer order. */
  shown: readonly number[];
  hidden: readonly number[];
  pageBegin: number;
  pageEnd: number;
}

export function edgesForPage(index: LineageIndex, input: PageEdgeInput): LineageEdge[] {
  const scratch = index.scratch;
  scratch.reset();
  for (const node of input.hidden) scratch.mark(node, HIDDEN);
  input.shown.forEach((node, position) => scratch.mark(node, position));
  scratch.mark(input.start, START_POSITION);
  const positionOf = (node: number): number | undefined => (scratch.isMarked(node) ? scratch.slot[node] : undefined);

  const edges: NumberedEdge[] = [];
  for (let position = input.pageBegin; position < input.pageEnd; position++) {
    const node = input.shown[position]!;
    collectStoredEdges(index, node, position, positionOf, edges);
    if (input.hidden.length > 0) collectBridges(index, node, position, positionOf, edges);
  }
  edges.sort((a, b) => a.from - b.from || a.to - b.to);
  return edges.map((edge) => ({
    from: index.idOf(edge.from),
    to: index.idOf(edge.to),
    origin: originOfFlags(edge.flags),
    via: edge.via.map((node) => index.idOf(node)),
  }));
}

type PositionOf = (node: number) => number | undefined;

function isEarlierShown(position: number | undefined, than: number): position is number {
  return position !== undefined && position !== HIDDEN && position < than;
}

function collectStoredEdges(index: LineageIndex, node: number, position: number, positionOf: PositionOf, out: NumberedEdge[]): void {
  const { downstream, upstream } = index;
  for (let e = downstream.offsets[node]!; e < downstream.offsets[node + 1]!; e++) {
    const target = downstream.targets[e]!;
    // `<=` lets a self-loop through exactly once; the upstream pass below uses `<`.
    const targetPosition = positionOf(target);
    if (target === node || isEarlierShown(targetPosition, position)) {
      out.push({ from: node, to: target, flags: downstream.labels[e]!, via: [] });
    }
  }
  for (let e = upstream.offsets[node]!; e < upstream.offsets[node + 1]!; e++) {
    const source = upstream.targets[e]!;
    if (source !== node && isEarlierShown(positionOf(source), position)) {
      out.push({ from: source, to: node, flags: upstream.labels[e]!, via: [] });
    }
  }
}

function collectBridges(index: LineageIndex, node: number, position: number, positionOf: PositionOf, out: NumberedEdge[]): void {
  for (const bridge of bridgesFrom(index.downstream, node, position, positionOf)) {
    if (!hasEdge(index.downstream, node, bridge.end)) {
      out.push({ from: node, to: bridge.end, flags: bridge.flags, via: bridge.via });
    }
  }
  for (const bridge of bridgesFrom(index.upstream, node, position, positionOf)) {
    if (!hasEdge(index.downstream, bridge.end, node)) {
      out.push({ from: bridge.end, to: node, flags: bridge.flags, via: bridge.via.reverse() });
    }
  }
}

interface Bridge {
  end: number;
  flags: number;
  via: number[];
}

/** Shown nodes earlier than `position` reached from `node` through hidden nodes only, via at least one. */
function bridgesFrom(csr: Csr, node: number, position: number, positionOf: PositionOf): Bridge[] {
  const reached = new Map<number, { parent: number; flags: number }>();
  const bridges: Bridge[] = [];
  const found = new Set<number>();
  let frontier: number[] = [];
  for (let e = csr.offsets[node]!; e < csr.offsets[node + 1]!; e++) {
    const target = csr.targets[e]!;
    if (positionOf(target) === HIDDEN && !reached.has(target)) {
      reached.set(target, { parent: -1, flags: csr.labels[e]! });
      frontier.push(target);
    }
  }
  while (frontier.length > 0) {
    const next: number[] = [];
    for (const hidden of frontier) {
      const pathFlags = reached.get(hidden)!.flags;
      for (let e = csr.offsets[hidden]!; e < csr.offsets[hidden + 1]!; e++) {
        const target = csr.targets[e]!;
        const targetPosition = positionOf(target);
        const flags = pathFlags & csr.labels[e]!;
        if (targetPosition === HIDDEN && !reached.has(target)) {
          reached.set(target, { parent: hidden, flags });
          next.push(target);
        } else if (target !== node && isEarlierShown(targetPosition, position) && !found.has(target)) {
          found.add(target);
          bridges.push({ end: target, flags, via: hiddenPath(reached, hidden) });
        }
      }
    }
    frontier = next;
  }
  return bridges;
}

function hiddenPath(reached: ReadonlyMap<number, { parent: number }>, last: number): number[] {
  const path: number[] = [];
  for (let at = last; at !== -1; at = reached.get(at)!.parent) path.push(at);
  return path.reverse();
}
