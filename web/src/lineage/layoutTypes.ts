/** Messages between the page and the layout worker. */
export interface LayoutRequest {
  id: number;
  nodes: { id: string; width: number; height: number }[];
  edges: { id: string; source: string; target: string }[];
}

export interface LayoutResult {
  id: number;
  positions: Record<string, { x: number; y: number }>;
  ms: number;
  error?: string;
}
