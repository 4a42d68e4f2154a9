/**
 * What the lineage picture draws. Up to `limit` assets are drawn one by one; past that the
 * neighbourhood becomes a collapsed overview: one box per side, hop and group (project, layer
 * or kind) with its count, edges merged between boxes, and the boxes a person opens drawn
 * asset by asset. Pure, so the picture of a 10,000-node neighbourhood stays a few dozen boxes.
 */
export type Side = "UPSTREAM" | "DOWNSTREAM" | "CENTER";
export type GroupBy = "project" | "layer" | "kind";

export interface LineageAsset {
  id: string;
  uniqueId: string;
  name: string;
  kind: string;
  layer: string | null;
  project: string;
  degree: number;
  side: Side;
}

export type ViewNode =
  | { id: string; type: "asset"; asset: LineageAsset }
  | { id: string; type: "group"; key: string; label: string; count: number; side: Side; degree: number };

export interface ViewEdge {
  id: string;
  source: string;
  target: string;
  count: number;
}

export interface View {
  nodes: ViewNode[];
  edges: ViewEdge[];
  collapsed: boolean;
}

function groupValue(asset: LineageAsset, groupBy: GroupBy): string {
  if (groupBy === "project") return asset.project;
  if (groupBy === "layer") return (asset.layer ?? asset.kind).toLowerCase();
  return asset.kind.toLowerCase();
}

export function groupKey(asset: LineageAsset, groupBy: GroupBy): string {
  return `${asset.side}|${asset.degree}|${groupValue(asset, groupBy)}`;
}

export function buildView(
  assets: readonly LineageAsset[],
  edges: readonly { from: string; to: string }[],
  options: { limit: number; groupBy: GroupBy; expanded: ReadonlySet<string> },
): View {
  const collapsed = assets.length > options.limit;
  const viewIdOf = new Map<string, string>();
  const nodes: ViewNode[] = [];
  const groups = new Map<string, Extract<ViewNode, { type: "group" }>>();
  for (const asset of assets) {
    const key = groupKey(asset, options.groupBy);
    if (!collapsed || asset.side === "CENTER" || options.expanded.has(key)) {
      viewIdOf.set(asset.id, asset.id);
      nodes.push({ id: asset.id, type: "asset", asset });
      continue;
    }
    let group = groups.get(key);
    if (!group) {
      const where = asset.side === "UPSTREAM" ? "upstream" : "downstream";
      group = { id: `group:${key}`, type: "group", key, label: `${groupValue(asset, options.groupBy)} · ${asset.degree} hop${asset.degree === 1 ? "" : "s"} ${where}`, count: 0, side: asset.side, degree: asset.degree };
      groups.set(key, group);
      nodes.push(group);
    }
    group.count += 1;
    viewIdOf.set(asset.id, group.id);
  }
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
  return { nodes, edges: [...merged.values()], collapsed };
}
