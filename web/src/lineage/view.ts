/**
 * What the lineage picture draws. Up to `limit` assets are drawn one by one; past that the
 * neighbourhood becomes a collapsed overview: one box per side, hop and group (project, layer,
 * schema or kind) with its count, edges merged between boxes, and the boxes a person opens
 * drawn asset by asset. A person can also close or open a whole hop, whatever the size. Pure,
 * so the picture of a 10,000-node neighbourhood stays a few dozen boxes.
 */
export type Side = "UPSTREAM" | "DOWNSTREAM" | "CENTER";
export type GroupBy = "project" | "layer" | "schema" | "kind";
export const GROUP_BYS: readonly GroupBy[] = ["layer", "project", "schema", "kind"];

export interface LineageAsset {
  id: string;
  uniqueId: string;
  name: string;
  kind: string;
  layer: string | null;
  schema: string | null;
  project: string;
  degree: number;
  side: Side;
}

export type ViewNode =
  | { id: string; type: "asset"; asset: LineageAsset }
  | { id: string; type: "group"; key: string; label: string; count: number; side: Side; degree: number; members: string[] };

export interface ViewEdge {
  id: string;
  source: string;
  target: string;
  count: number;
}

/** One hop on one side, as the hop controls list it. */
export interface Hop {
  key: string;
  side: Exclude<Side, "CENTER">;
  degree: number;
  count: number;
  /** Drawn asset by asset (some of its boxes may still be closed when it is not). */
  open: boolean;
}

export interface View {
  nodes: ViewNode[];
  edges: ViewEdge[];
  collapsed: boolean;
  hops: Hop[];
}

export interface ViewOptions {
  limit: number;
  groupBy: GroupBy;
  /** Group keys (groupKey) a person opened. */
  expanded: ReadonlySet<string>;
  /** Hops (hopKey) a person opened or closed; the others follow the size of the neighbourhood. */
  hopState?: ReadonlyMap<string, "open" | "closed">;
}

function groupValue(asset: LineageAsset, groupBy: GroupBy): string {
  if (groupBy === "project") return asset.project;
  if (groupBy === "layer") return (asset.layer ?? asset.kind).toLowerCase();
  if (groupBy === "schema") return asset.schema ?? "no schema";
  return asset.kind.toLowerCase();
}

export function hopKey(side: Side, degree: number): string {
  return `${side}|${degree}`;
}

export function groupKey(asset: LineageAsset, groupBy: GroupBy): string {
  return `${hopKey(asset.side, asset.degree)}|${groupValue(asset, groupBy)}`;
}

export function buildView(assets: readonly LineageAsset[], edges: readonly { from: string; to: string }[], options: ViewOptions): View {
  const collapsed = assets.length > options.limit;
  const hopOpen = (asset: LineageAsset) => {
    const state = options.hopState?.get(hopKey(asset.side, asset.degree));
    return state ? state === "open" : !collapsed;
  };
  const viewIdOf = new Map<string, string>();
  const nodes: ViewNode[] = [];
  const groups = new Map<string, Extract<ViewNode, { type: "group" }>>();
  const hops = new Map<string, Hop>();
  for (const asset of assets) {
    if (asset.side !== "CENTER") countHop(hops, asset, hopOpen(asset));
    const key = groupKey(asset, options.groupBy);
    if (asset.side === "CENTER" || hopOpen(asset) || options.expanded.has(key)) {
      viewIdOf.set(asset.id, asset.id);
      nodes.push({ id: asset.id, type: "asset", asset });
      continue;
    }
    let group = groups.get(key);
    if (!group) {
      const where = asset.side === "UPSTREAM" ? "upstream" : "downstream";
      group = { id: `group:${key}`, type: "group", key, label: `${groupValue(asset, options.groupBy)} · ${asset.degree} hop${asset.degree === 1 ? "" : "s"} ${where}`, count: 0, side: asset.side, degree: asset.degree, members: [] };
      groups.set(key, group);
      nodes.push(group);
    }
    group.count += 1;
    group.members.push(asset.id);
    viewIdOf.set(asset.id, group.id);
  }
  return { nodes, edges: mergeEdges(edges, viewIdOf), collapsed, hops: [...hops.values()].sort((a, b) => signedHop(a) - signedHop(b)) };
}

function countHop(hops: Map<string, Hop>, asset: LineageAsset, open: boolean) {
  const key = hopKey(asset.side, asset.degree);
  const hop = hops.get(key);
  if (hop) hop.count += 1;
  else hops.set(key, { key, side: asset.side as Hop["side"], degree: asset.degree, count: 1, open });
}

/** Upstream hops first, farthest first: the order they stand in, left to right. */
function signedHop(hop: Hop): number {
  return hop.side === "UPSTREAM" ? -hop.degree : hop.degree;
}

/** Edges between what is drawn: an edge into or out of a closed box joins the box's others. */
function mergeEdges(edges: readonly { from: string; to: string }[], viewIdOf: ReadonlyMap<string, string>): ViewEdge[] {
  const merged = new Map<string, ViewEdge>();
  for (const edge of edges) {
    const source = viewIdOf.get(edge.from);
    const target = viewIdOf.get(edge.to);
    if (!source || !target || source === target) continue;
    const id = `${source}->${target}`;
    const existing = merged.get(id);
    if (existing) existing.count += 1;
    else merged.set(id, { id, source, target, count: 1 });
  }
  return [...merged.values()];
}
