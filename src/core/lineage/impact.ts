/**
 * What a change to an asset touches: every transitive downstream asset, grouped by degree,
 * each with one shortest path from the changed asset. Of several shortest paths the one shown
 * is found by always taking the lowest-id parent at each step, so the answer is stable.
 * Paths are only built for the assets returned (the page and the exposures).
 */
import { levelBfs, pathTo, type BfsResult } from "./bfs.js";
import { decodeCursor, encodeCursor, queryFingerprint, type CursorScope } from "./cursor.js";
import { findCycles } from "./cycles.js";
import { requireCount } from "./errors.js";
import type { LineageIndex } from "./lineageIndex.js";
import type { ImpactedAsset, ImpactGroup, ImpactQuery, ImpactResult } from "./types.js";

export function impact(index: LineageIndex, query: ImpactQuery): ImpactResult {
  const start = index.requireNode(query.start);
  const maxNodes = requireCount("maxNodes", query.maxNodes, 1);
  const first = requireCount("first", query.first, 0);
  const scope: CursorScope = { graph: index.fingerprint, query: queryFingerprint(["impact", query.start, query.maxNodes]) };
  const pageBegin = query.after ? decodeCursor(query.after, scope) + 1 : 0;

  const bfs = levelBfs(index.downstream, index.scratch, [start], Number.POSITIVE_INFINITY, maxNodes);
  const total = bfs.order.length;
  const pageEnd = Math.min(total, pageBegin + Math.min(first, total));
  const impacted = (position: number): ImpactedAsset => impactedAt(index, bfs, position);
  const assets = range(pageBegin, pageEnd).map(impacted);
  const exposures: ImpactedAsset[] = [];
  for (let position = 0; position < total; position++) if (index.kindOf(bfs.order[position]!) === "EXPOSURE") exposures.push(impacted(position));
  const cycles = findCycles(index.downstream, index.scratch, [start, ...bfs.order], index.onCycles);
  return {
    start: { id: index.idOf(start), kind: index.kindOf(start) },
    assets,
    groups: groupByDegree(assets),
    degreeCounts: countByDegree(bfs.degree),
    exposures,
    totalCount: total,
    cycles: cycles.map((cycle) => cycle.map((node) => index.idOf(node))),
    truncated: bfs.truncated,
    pageInfo: {
      hasNextPage: pageEnd < total,
      endCursor: pageEnd > pageBegin ? encodeCursor(scope, pageEnd - 1) : null,
    },
  };
}

function impactedAt(index: LineageIndex, bfs: BfsResult, position: number): ImpactedAsset {
  const node = bfs.order[position]!;
  return {
    id: index.idOf(node),
    kind: index.kindOf(node),
    degree: bfs.degree[position]!,
    path: pathTo(bfs, position).map((step) => index.idOf(step)),
  };
}

function range(begin: number, end: number): number[] {
  return Array.from({ length: Math.max(0, end - begin) }, (_, i) => begin + i);
}

/** Degrees come in ascending order, so counting is one pass. */
function countByDegree(degrees: readonly number[]): { degree: number; count: number }[] {
  const counts: { degree: number; count: number }[] = [];
  for (const degree of degrees) {
    const last = counts[counts.length - 1];
    if (last && last.degree === degree) last.count++;
    else counts.push({ degree, count: 1 });
  }
  return counts;
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
