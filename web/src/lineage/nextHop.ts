/**
 * One more hop from a single asset of the picture: the answer of `lineage(assetId, direction:
 * <its side>, depth: 1)` merged into the graph already drawn. The new assets stand one hop
 * further out on the same side; an asset the picture already has keeps its place (only the
 * new edges to it are added). Pure, so the picture's state changes in one step.
 */
// With its extension: the server's type check reads this module too (tests/unit/web).
import type { LineageAsset } from "./view.js";

export interface LineageGraph {
  assets: LineageAsset[];
  edges: { from: string; to: string }[];
}

/** The asset fields a lineage answer gives for each node. */
export type AnsweredAsset = Omit<LineageAsset, "degree" | "side">;

export interface NextHopAnswer {
  nodes: { degree: number; asset: AnsweredAsset }[];
  edges: { from: string; to: string }[];
}

/** The graph with `from`'s next hop (on its side) merged in, and the ids of the assets it added. */
export function mergeNextHop<G extends LineageGraph>(graph: G, from: LineageAsset, answer: NextHopAnswer): { graph: G; added: string[] } {
  if (from.side === "CENTER") throw new Error("The centre's hops are the depth selector's");
  const known = new Set(graph.assets.map((a) => a.id));
  const added: LineageAsset[] = [];
  for (const node of answer.nodes) {
    if (known.has(node.asset.id)) continue;
    known.add(node.asset.id);
    added.push({ ...node.asset, side: from.side, degree: from.degree + node.degree });
  }
  const edgeKeys = new Set(graph.edges.map((e) => `${e.from}\u0000${e.to}`));
  const edges: LineageGraph["edges"] = [];
  for (const edge of answer.edges) {
    const key = `${edge.from}\u0000${edge.to}`;
    if (!known.has(edge.from) || !known.has(edge.to) || edgeKeys.has(key)) continue;
    edgeKeys.add(key);
    edges.push({ from: edge.from, to: edge.to });
  }
  return { graph: { ...graph, assets: [...graph.assets, ...added], edges: [...graph.edges, ...edges] }, added: added.map((a) => a.id) };
}

/**
 * The assets that get a "+": those at the outermost hop of their side when the depth limit cut
 * the answer (`truncated`), and those a "+" added, until their own next hop is loaded.
 */
export function extendable(assets: readonly LineageAsset[], options: { truncated: boolean; added: ReadonlySet<string>; extended: ReadonlySet<string> }): Set<string> {
  const outermost = { UPSTREAM: 0, DOWNSTREAM: 0 };
  for (const a of assets) if (a.side !== "CENTER" && !options.added.has(a.id)) outermost[a.side] = Math.max(outermost[a.side], a.degree);
  const ids = new Set<string>();
  for (const a of assets) {
    if (a.side === "CENTER" || options.extended.has(a.id)) continue;
    if (options.added.has(a.id) || (options.truncated && a.degree === outermost[a.side])) ids.add(a.id);
  }
  return ids;
}
