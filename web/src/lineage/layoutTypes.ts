/** Messages between the page and the layout worker. */
import type { LayeredNode } from "./layered";

export interface LayoutRequest {
  id: number;
  nodes: LayeredNode[];
  edges: { id: string; source: string; target: string }[];
}

export interface LayoutResult {
  id: number;
  positions: Record<string, { x: number; y: number }>;
  ms: number;
}
