/** One layout worker per page, asked one graph at a time (a newer request wins). */
import type { LayoutRequest, LayoutResult } from "./layoutTypes";

// Started when the lineage code loads, so the worker's script is fetched and running while the
// page's queries are out, not after the answer.
const worker = new Worker(new URL("./layout.worker.ts", import.meta.url), { type: "module" });
let next = 0;

export function layout(nodes: LayoutRequest["nodes"], edges: LayoutRequest["edges"]): Promise<LayoutResult> {
  const id = ++next;
  return new Promise((resolve) => {
    const onMessage = (event: MessageEvent<LayoutResult>) => {
      if (event.data.id !== id) return;
      worker.removeEventListener("message", onMessage);
      resolve(event.data);
    };
    worker.addEventListener("message", onMessage);
    worker.postMessage({ id, nodes, edges } satisfies LayoutRequest);
  });
}
