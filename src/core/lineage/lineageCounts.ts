/**
 * The numbers an asset page shows: how many assets are transitively upstream and downstream of
 * it, and how many of the downstream ones are exposures (dashboards, apps: the consumers).
 */
import { levelBfs } from "./bfs.js";
import type { LineageIndex } from "./lineageIndex.js";

export interface LineageCounts {
  upstream: number;
  downstream: number;
  exposures: number;
}

export function lineageCounts(index: LineageIndex, assetId: string): LineageCounts {
  const start = index.requireNode(assetId);
  const everything = Number.POSITIVE_INFINITY;
  const upstream = levelBfs(index.upstream, index.scratch, [start], everything, everything).order.length;
  const downstream = levelBfs(index.downstream, index.scratch, [start], everything, everything).order;
  const exposures = downstream.filter((node) => index.kindOf(node) === "EXPOSURE").length;
  return { upstream, downstream: downstream.length, exposures };
}
