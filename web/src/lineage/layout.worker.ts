/** Lays out a lineage graph off the main thread, so a large neighbourhood never freezes the tab. */
import { layeredLayout } from "./layered";
import type { LayoutRequest, LayoutResult } from "./layoutTypes";

self.onmessage = (event: MessageEvent<LayoutRequest>) => {
  const { id, nodes, edges } = event.data;
  const started = performance.now();
  const positions = layeredLayout(nodes, edges);
  self.postMessage({ id, positions, ms: performance.now() - started } satisfies LayoutResult);
};
