/**
 * The nodes of Marquez's lineage graph, walked over Tributary's asset lineage index.
 *
 * Marquez's `depth` counts jobs: each level is a job and the datasets it reads and writes, two
 * hops in Tributary's graph (input → job → output); a dbt model reading another model is one
 * hop. The walk goes upstream from the start and downstream from it (ancestors and
 * descendants, not siblings), through datasets and jobs only (tests, exposures, metrics are not
 * Marquez nodes); then, as Marquez shows, every job reached brings all its inputs and outputs,
 * even those of the side the walk did not follow. Edges are every lineage edge among the nodes.
 */
import type { AssetKind, LineageIndex } from "../lineage/index.js";

export interface MarquezWalk {
  /** Asset ids, the start first. */
  nodes: string[];
  /** Upstream → downstream asset ids. */
  edges: { from: string; to: string }[];
  /** True when the node cap left reachable nodes out. */
  truncated: boolean;
}

export function walkMarquezGraph(
  index: LineageIndex,
  query: { start: string; depth: number; isNode: (kind: AssetKind) => boolean; maxNodes: number },
): MarquezWalk {
  const start = index.requireNode(query.start);
  const hops = query.depth * 2;
  const reached = new Set<number>([start]);
  let truncated = false;
  const isNode = (node: number) => query.isNode(index.kindOf(node));
  const add = (node: number): boolean => {
    if (reached.has(node) || !isNode(node)) return false;
    if (reached.size >= query.maxNodes) {
      truncated = true;
      return false;
    }
    reached.add(node);
    return true;
  };
  for (const direction of ["UPSTREAM", "DOWNSTREAM"] as const) {
    const csr = index.csr(direction);
    const seen = new Set<number>([start]);
    let frontier = [start];
    for (let hop = 0; hop < hops && frontier.length > 0; hop++) {
      const next: number[] = [];
      for (const node of frontier) {
        for (let e = csr.offsets[node]!; e < csr.offsets[node + 1]!; e++) {
          const neighbour = csr.targets[e]!;
          if (seen.has(neighbour) || !isNode(neighbour)) continue;
          seen.add(neighbour);
          add(neighbour);
          next.push(neighbour);
        }
      }
      frontier = next;
    }
  }
  for (const node of [...reached]) {
    if (index.kindOf(node) !== "JOB") continue;
    for (const csr of [index.upstream, index.downstream]) {
      for (let e = csr.offsets[node]!; e < csr.offsets[node + 1]!; e++) add(csr.targets[e]!);
    }
  }
  const edges: MarquezWalk["edges"] = [];
  for (const node of reached) {
    const csr = index.downstream;
    for (let e = csr.offsets[node]!; e < csr.offsets[node + 1]!; e++) {
      const to = csr.targets[e]!;
      if (reached.has(to)) edges.push({ from: index.idOf(node), to: index.idOf(to) });
    }
  }
  return { nodes: [...reached].map((node) => index.idOf(node)), edges, truncated };
}
