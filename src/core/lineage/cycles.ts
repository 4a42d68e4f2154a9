/**
 * Cycles among a set of traversed nodes. Listing every simple cycle can be exponential, so each
 * strongly connected group (a self-loop, or nodes that all reach each other) is reported by one
 * shortest cycle through its lowest-id member, in edge direction: [a, b, c] means a→b→c→a.
 * The cycles are sorted by their first id.
 */
import type { Csr } from "./csr.js";
import type { VisitScratch } from "./scratch.js";

export function findCycles(downstream: Csr, scratch: VisitScratch, traversed: readonly number[], onCycles?: Uint8Array): number[][] {
  // A cycle among some nodes is a cycle of the whole graph, so only nodes on one of those can
  // be on one here: usually none (lineage is almost always acyclic), else a few.
  const nodes = onCycles ? traversed.filter((node) => onCycles[node] === 1) : traversed;
  if (nodes.length === 0) return [];
  scratch.reset();
  nodes.forEach((node, local) => scratch.mark(node, local));
  const localOf = (node: number): number => (scratch.isMarked(node) ? scratch.slot[node]! : -1);
  return stronglyConnectedGroups(downstream, nodes, localOf)
    .filter((group) => group.length > 1 || hasSelfLoop(downstream, group[0]!))
    .map((group) => shortestCycleThrough(downstream, Math.min(...group), new Set(group)))
    .sort((a, b) => a[0]! - b[0]!);
}

/** 1 for each node on a cycle of the whole graph (a self-loop or a strongly connected group of two or more). */
export function nodesOnCycles(downstream: Csr, nodeCount: number): Uint8Array {
  const flags = new Uint8Array(nodeCount);
  const all = Array.from({ length: nodeCount }, (_, node) => node);
  for (const group of stronglyConnectedGroups(downstream, all, (node) => node)) {
    if (group.length > 1 || hasSelfLoop(downstream, group[0]!)) for (const node of group) flags[node] = 1;
  }
  return flags;
}

function hasSelfLoop(csr: Csr, node: number): boolean {
  for (let e = csr.offsets[node]!; e < csr.offsets[node + 1]!; e++) if (csr.targets[e] === node) return true;
  return false;
}

/** Tarjan's algorithm, iterative so deep chains cannot overflow the stack. */
function stronglyConnectedGroups(csr: Csr, nodes: readonly number[], localOf: (node: number) => number): number[][] {
  const count = nodes.length;
  const index = new Int32Array(count).fill(-1);
  const lowLink = new Int32Array(count);
  const onStack = new Uint8Array(count);
  const nextEdge = new Int32Array(count);
  const stack: number[] = [];
  const groups: number[][] = [];
  let counter = 0;

  for (let root = 0; root < count; root++) {
    if (index[root] !== -1) continue;
    const callStack = [root];
    index[root] = lowLink[root] = counter++;
    nextEdge[root] = csr.offsets[nodes[root]!]!;
    stack.push(root);
    onStack[root] = 1;
    while (callStack.length > 0) {
      const v = callStack[callStack.length - 1]!;
      const end = csr.offsets[nodes[v]! + 1]!;
      if (nextEdge[v]! < end) {
        const w = localOf(csr.targets[nextEdge[v]!++]!);
        if (w < 0) continue;
        if (index[w] === -1) {
          index[w] = lowLink[w] = counter++;
          nextEdge[w] = csr.offsets[nodes[w]!]!;
          stack.push(w);
          onStack[w] = 1;
          callStack.push(w);
        } else if (onStack[w]) {
          lowLink[v] = Math.min(lowLink[v]!, index[w]!);
        }
        continue;
      }
      callStack.pop();
      const caller = callStack[callStack.length - 1];
      if (caller !== undefined) lowLink[caller] = Math.min(lowLink[caller]!, lowLink[v]!);
      if (lowLink[v] === index[v]) groups.push(popGroup(stack, onStack, v).map((local) => nodes[local]!));
    }
  }
  return groups;
}

function popGroup(stack: number[], onStack: Uint8Array, root: number): number[] {
  const group: number[] = [];
  let member: number;
  do {
    member = stack.pop()!;
    onStack[member] = 0;
    group.push(member);
  } while (member !== root);
  return group;
}

/** BFS inside the group from `first` back to itself; neighbours in id order keep it deterministic. */
function shortestCycleThrough(csr: Csr, first: number, group: ReadonlySet<number>): number[] {
  const parent = new Map<number, number>([[first, -1]]);
  let frontier = [first];
  while (frontier.length > 0) {
    const next: number[] = [];
    for (const node of frontier) {
      for (let e = csr.offsets[node]!; e < csr.offsets[node + 1]!; e++) {
        const target = csr.targets[e]!;
        if (target === first) return unwind(parent, node);
        if (group.has(target) && !parent.has(target)) {
          parent.set(target, node);
          next.push(target);
        }
      }
    }
    frontier = next;
  }
  return [first];
}

function unwind(parent: ReadonlyMap<number, number>, last: number): number[] {
  const cycle: number[] = [];
  for (let at = last; at !== -1; at = parent.get(at)!) cycle.push(at);
  return cycle.reverse();
}
