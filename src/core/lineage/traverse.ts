/**
 * Asset lineage: the nodes upstream and/or downstream of a start asset, as a flat, paged list
 * ordered by degree then id, with the edges among them.
 *
 * BOTH means ancestors plus descendants (two walks), not an undirected walk, which would also
 * reach siblings. A kinds filter only hides nodes: the walk goes through them, degrees count
 * them, and shown nodes joined through them get bridging edges (pageEdges.ts).
 */
import { levelBfs, type BfsResult } from "./bfs.js";
import { decodeCursor, encodeCursor, queryFingerprint, type CursorScope } from "./cursor.js";
import { findCycles } from "./cycles.js";
import { kindCode } from "./encoding.js";
import { requireCount, requireDepth } from "./errors.js";
import type { LineageIndex } from "./lineageIndex.js";
import { edgesForPage } from "./pageEdges.js";
import type { AssetKind, Direction, LineageQuery, LineageResult } from "./types.js";

interface Reached {
  node: number;
  degree: number;
  direction: "UPSTREAM" | "DOWNSTREAM";
}

export function traverse(index: LineageIndex, query: LineageQuery): LineageResult {
  const start = index.requireNode(query.start);
  const maxDepth = requireDepth(query.depth);
  const maxNodes = requireCount("maxNodes", query.maxNodes, 1);
  const first = requireCount("first", query.first, 0);
  const kinds = normalizeKinds(query.kinds);
  const scope: CursorScope = {
    graph: index.fingerprint,
    query: queryFingerprint([query.start, query.direction, query.depth, kinds?.join(","), query.maxNodes]),
  };
  const pageBegin = query.after ? decodeCursor(query.after, scope) + 1 : 0;

  const { reached, truncated } = walk(index, start, query.direction, maxDepth, maxNodes);
  const isShown = kindFilter(index, kinds);
  const shown = reached.filter((entry) => isShown(entry.node));
  const hidden = reached.filter((entry) => !isShown(entry.node)).map((entry) => entry.node);
  const pageEnd = Math.min(shown.length, pageBegin + Math.min(first, shown.length));

  const cycles = findCycles(index.downstream, index.scratch, [start, ...reached.map((entry) => entry.node)], index.onCycles);
  const edges = edgesForPage(index, {
    start,
    shown: shown.map((entry) => entry.node),
    hidden,
    pageBegin,
    pageEnd,
  });
  return {
    start: { id: index.idOf(start), kind: index.kindOf(start) },
    nodes: shown.slice(pageBegin, pageEnd).map((entry) => ({
      id: index.idOf(entry.node),
      kind: index.kindOf(entry.node),
      degree: entry.degree,
      direction: entry.direction,
    })),
    edges,
    totalCount: shown.length,
    truncated,
    cycles: cycles.map((cycle) => cycle.map((node) => index.idOf(node))),
    pageInfo: {
      hasNextPage: pageEnd < shown.length,
      endCursor: pageEnd > pageBegin ? encodeCursor(scope, pageEnd - 1) : null,
    },
  };
}

/** An empty list filters nothing: it is what a client sends when no kind is ticked. */
function normalizeKinds(kinds: LineageQuery["kinds"]): AssetKind[] | undefined {
  if (!kinds || kinds.length === 0) return undefined;
  return Array.from(new Set(kinds)).sort();
}

function kindFilter(index: LineageIndex, kinds: readonly AssetKind[] | undefined): (node: number) => boolean {
  if (!kinds) return () => true;
  const wanted = new Uint8Array(256);
  for (const kind of kinds) wanted[kindCode(kind)] = 1;
  return (node) => wanted[index.kinds[node]!] === 1;
}

function walk(
  index: LineageIndex,
  start: number,
  direction: Direction,
  maxDepth: number,
  maxNodes: number,
): { reached: Reached[]; truncated: boolean } {
  if (direction !== "BOTH") {
    const bfs = levelBfs(index.csr(direction), index.scratch, [start], maxDepth, maxNodes);
    return { reached: reachedOf(bfs, direction), truncated: bfs.truncated };
  }
  const down = levelBfs(index.downstream, index.scratch, [start], maxDepth, maxNodes);
  const downstream = reachedOf(down, "DOWNSTREAM");
  const up = levelBfs(index.upstream, index.scratch, [start], maxDepth, maxNodes);
  const upstream = reachedOf(up, "UPSTREAM");
  const merged = mergeSides(downstream, upstream);
  return {
    reached: merged.slice(0, maxNodes),
    truncated: down.truncated || up.truncated || merged.length > maxNodes,
  };
}

function reachedOf(bfs: BfsResult, direction: "UPSTREAM" | "DOWNSTREAM"): Reached[] {
  return bfs.order.map((node, i) => ({ node, degree: bfs.degree[i]!, direction }));
}

/** A node on both sides lies on a cycle; it is listed once, at its lower degree (downstream on a tie). */
function mergeSides(downstream: Reached[], upstream: Reached[]): Reached[] {
  const best = new Map<number, Reached>();
  for (const entry of [...downstream, ...upstream]) {
    const known = best.get(entry.node);
    if (!known || entry.degree < known.degree) best.set(entry.node, entry);
  }
  return Array.from(best.values()).sort((a, b) => a.degree - b.degree || a.node - b.node);
}
