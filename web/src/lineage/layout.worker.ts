/**
 * Lays out a lineage graph off the main thread (ELK's layered algorithm, left to right), so a
 * large neighbourhood never freezes the tab while it is placed.
 */
import ELK from "elkjs/lib/elk.bundled.js";
import type { LayoutRequest, LayoutResult } from "./layoutTypes";

const elk = new ELK();

self.onmessage = async (event: MessageEvent<LayoutRequest>) => {
  const { id, nodes, edges } = event.data;
  const started = performance.now();
  try {
    const graph = await elk.layout({
      id: "root",
      layoutOptions: {
        "elk.algorithm": "layered",
        "elk.direction": "RIGHT",
        "elk.layered.spacing.nodeNodeBetweenLayers": "80",
        "elk.spacing.nodeNode": "16",
        "elk.layered.considerModelOrder.strategy": "NODES_AND_EDGES",
        // Faster on wide levels, and still few crossings for lineage's mostly-tree shapes.
        "elk.layered.thoroughness": nodes.length > 200 ? "1" : "7",
        "elk.edgeRouting": "POLYLINE",
      },
      children: nodes.map((n) => ({ id: n.id, width: n.width, height: n.height })),
      edges: edges.map((e) => ({ id: e.id, sources: [e.source], targets: [e.target] })),
    });
    const positions: LayoutResult["positions"] = {};
    for (const child of graph.children ?? []) positions[child.id] = { x: child.x ?? 0, y: child.y ?? 0 };
    const result: LayoutResult = { id, positions, ms: performance.now() - started };
    self.postMessage(result);
  } catch (error) {
    const result: LayoutResult = { id, positions: {}, ms: performance.now() - started, error: String(error) };
    self.postMessage(result);
  }
};
