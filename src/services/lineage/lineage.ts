/** Asset lineage of one asset, from the tenant's in-memory graph. */
import { traverse, type AssetKind, type Direction, type LineageResult } from "../../core/lineage/index.js";
import type { TenantContext } from "../actor.js";
import { answer } from "./errors.js";
import { MAX_WALK_NODES, pageSize } from "./limits.js";
import { assetGraph } from "./tenantGraphs.js";

export interface AssetLineageQuery {
  /** Asset row id. */
  assetId: string;
  direction: Direction;
  /** Hops, 1 or more; null for no limit. */
  depth: number | null;
  kinds?: readonly AssetKind[] | null;
  first?: number | null;
  after?: string | null;
  /** false: stay inside the asset's own project (see tenantGraphs.ts). */
  crossProject?: boolean | null;
}

export async function assetLineage(ctx: TenantContext, query: AssetLineageQuery): Promise<LineageResult> {
  const first = pageSize(query.first);
  const graph = await assetGraph(ctx, query);
  return answer(() =>
    traverse(graph, {
      start: query.assetId,
      direction: query.direction,
      depth: query.depth,
      kinds: query.kinds ?? undefined,
      first,
      after: query.after ?? null,
      maxNodes: MAX_WALK_NODES,
    }),
  );
}
