/** One layout worker per page, asked one graph at a time (a newer request wins). */
import type { LayoutRequest, LayoutResult } from "./layoutTypes";

let worker: Worker | undefined;
let next = 0;

export function layout(nodes: LayoutRequest["nodes"], edges: LayoutRequest["edges"]): Promise<LayoutResult> {
  worker ??= new Worker(new URL("./layout.worker.ts", import.meta.url), { type: "module" });
  const id = ++next;
  const current = worker;
  return new Promise((resolve) => {
    const onMessage = (event: MessageEvent<LayoutResult>) => {
      if (event.data.id !== id) return;
      current.removeEventListener("message", onMessage);
      resolve(event.data);
    };
    current.addEventListener("message", onMessage);
    current.postMessage({ id, nodes, edges } satisfies LayoutRequest);
  });
}
