/**
 * What a change to an asset touches: every transitive downstream asset, grouped by degree,
 * each with one shortest path from the changed asset. Of several shortest paths the one shown
 * is found by always taking the lowest-id parent at each step, so the answer is stable.
 */
import { levelBfs, pathTo } from "./bfs.js";
import { findCycles } from "./cycles.js";
import { requireCount } from "./errors.js";
import type { LineageIndex } from "./lineageIndex.js";
import type { ImpactedAsset, ImpactGroup, ImpactQuery, ImpactResult } from "./types.js";

export function impact(index: LineageIndex, query: ImpactQuery): ImpactResult {
  const start = index.requireNode(query.start);
  const maxNodes = requireCount("maxNodes", query.maxNodes, 1);
  const bfs = levelBfs(index.downstream, index.scratch, [start], Number.POSITIVE_INFINITY, maxNodes);
  const assets: ImpactedAsset[] = bfs.order.map((node, position) => ({
    id: index.idOf(node),
    kind: index.kindOf(node),
    degree: bfs.degree[position]!,
    path: pathTo(bfs, position).map((step) => index.idOf(step)),
  }));
  const cycles = findCycles(index.downstream, index.scratch, [start, ...bfs.order]);
  return {
    start: { id: index.idOf(start), kind: index.kindOf(start) },
    assets,
    groups: groupByDegree(assets),
    exposures: assets.filter((asset) => asset.kind === "EXPOSURE"),
    cycles: cycles.map((cycle) => cycle.map((node) => index.idOf(node))),
    truncated: bfs.truncated,
  };
}

/** Assets already ordered by degree, cut into one group per degree. */
export function groupByDegree<T extends ImpactedAsset>(assets: readonly T[]): ImpactGroup<T>[] {
  const groups: ImpactGroup<T>[] = [];
  for (const asset of assets) {
    const last = groups[groups.length - 1];
    if (last && last.degree === asset.degree) last.assets.push(asset);
    else groups.push({ degree: asset.degree, assets: [asset] });
  }
  return groups;
}
