/**
 * Layered layout for lineage: one column per hop (upstream to the left of the asset, downstream
 * to the right), each column ordered by the barycentre of its neighbours in the column nearer
 * the asset, so edges cross little. Linear in nodes and edges per sweep: it places 10,000 boxes
 * in milliseconds, where ELK's layered algorithm took seconds for 40 boxes and minutes for
 * 1,000 on this machine (lineage graphs have many edges that skip hops, each a chain of dummy
 * nodes for ELK).
 */
export interface LayeredNode {
  id: string;
  /** Signed hops from the asset: negative upstream, 0 the asset, positive downstream. */
  rank: number;
  width: number;
  height: number;
}

const COLUMN_GAP = 90;
const ROW_GAP = 16;
const SWEEPS = 3;

export function layeredLayout(nodes: readonly LayeredNode[], edges: readonly { source: string; target: string }[]): Record<string, { x: number; y: number }> {
  const columns = new Map<number, LayeredNode[]>();
  for (const node of nodes) listIn(columns, node.rank).push(node);
  const rankOf = new Map(nodes.map((n) => [n.id, n.rank]));
  const neighbours = new Map<string, string[]>();
  const link = (a: string, b: string) => listIn(neighbours, a).push(b);
  for (const e of edges) {
    link(e.source, e.target);
    link(e.target, e.source);
  }

  const ranks = [...columns.keys()].sort((a, b) => a - b);
  // Outward from the asset: each column follows the one nearer the centre.
  const outward = [...ranks.filter((r) => r > 0), ...ranks.filter((r) => r < 0).reverse()];
  const index = new Map<string, number>();
  for (const rank of ranks) columns.get(rank)!.forEach((n, i) => index.set(n.id, i));
  for (let sweep = 0; sweep < SWEEPS; sweep++) {
    for (const rank of outward) {
      const inner = rank > 0 ? rank - 1 : rank + 1;
      const column = columns.get(rank)!;
      const weight = new Map(
        column.map((n) => {
          const near = (neighbours.get(n.id) ?? []).filter((m) => rankOf.get(m) === inner).map((m) => index.get(m)!);
          return [n.id, near.length ? near.reduce((a, b) => a + b, 0) / near.length : index.get(n.id)!];
        }),
      );
      column.sort((a, b) => weight.get(a.id)! - weight.get(b.id)!);
      column.forEach((n, i) => index.set(n.id, i));
    }
  }

  const positions: Record<string, { x: number; y: number }> = {};
  const widest = Math.max(0, ...nodes.map((n) => n.width));
  for (const rank of ranks) {
    const column = columns.get(rank)!;
    const height = column.reduce((sum, n) => sum + n.height + ROW_GAP, -ROW_GAP);
    let y = -height / 2;
    for (const node of column) {
      positions[node.id] = { x: rank * (widest + COLUMN_GAP), y };
      y += node.height + ROW_GAP;
    }
  }
  return positions;
}

/** The list kept under `key`, started when there is none (appending in place keeps wide hops linear). */
function listIn<K, V>(map: Map<K, V[]>, key: K): V[] {
  let list = map.get(key);
  if (!list) map.set(key, (list = []));
  return list;
}
