/**
 * Lineage edges of a project after a post: declared (the manifest's depends_on), inferred (the
 * SQL), or both. Each edge's final origin is worked out first and the differences are written in
 * bulk: confirming thousands of declared edges with the SQL is one statement, not thousands.
 */
import type { TenantTx } from "../../db/tenantScope.js";
import type { EdgeOrigin } from "../../generated/prisma/client.js";
import type { CatalogSnapshot } from "../../core/manifest/index.js";
import type { ModelInference } from "./inferLineage.js";
import { pairKey, type StoredCatalog } from "./storedCatalog.js";
import { chunks } from "./writeSnapshot.js";
import type { BulkColumns, BulkWriter } from "../../db/bulkInsert.js";

const EDGE_COLUMNS: BulkColumns = { tenantId: "text", projectId: "text", fromAssetId: "text", toAssetId: "text", origin: { enum: "EdgeOrigin" }, createdAt: "timestamptz" };

/** Every edge the project should have now, with its origin. */
export function desiredEdges(
  snapshot: CatalogSnapshot,
  inferred: Map<string, ModelInference>,
  stored: StoredCatalog,
  assetIds: Map<string, string>,
): Map<string, EdgeOrigin> {
  const declared = new Set<string>();
  for (const edge of snapshot.edges) {
    const from = assetIds.get(edge.from);
    const to = assetIds.get(edge.to);
    if (from && to) declared.add(pairKey(from, to));
  }
  const fromSql = new Set<string>();
  const analysed = new Set<string>();
  for (const [uniqueId, model] of inferred) {
    const to = assetIds.get(uniqueId)!;
    analysed.add(to);
    for (const from of model.upstream) fromSql.add(pairKey(assetIds.get(from)!, to));
  }
  // Models not analysed this time keep what their last analysis found.
  for (const [key, origin] of stored.edges) {
    const to = key.split("\u0000")[1]!;
    if (!analysed.has(to) && origin !== "DECLARED") fromSql.add(key);
  }
  const desired = new Map<string, EdgeOrigin>();
  for (const key of declared) desired.set(key, fromSql.has(key) ? "BOTH" : "DECLARED");
  for (const key of fromSql) if (!declared.has(key)) desired.set(key, "INFERRED");
  return desired;
}

/** Writes the difference between the stored edges and the desired ones (new ones through `writer`); returns how many changed. */
export async function syncEdges(
  tx: TenantTx,
  writer: BulkWriter,
  scope: { tenantId: string; projectId: string },
  desired: Map<string, EdgeOrigin>,
  stored: StoredCatalog,
): Promise<number> {
  const created: { fromAssetId: string; toAssetId: string; origin: EdgeOrigin }[] = [];
  const retagged = new Map<EdgeOrigin, { fromAssetId: string; toAssetId: string }[]>();
  const deleted: { fromAssetId: string; toAssetId: string }[] = [];
  for (const [key, origin] of desired) {
    const pair = endpoints(key);
    const now = stored.edges.get(key);
    if (now === undefined) created.push({ ...pair, origin });
    else if (now !== origin) {
      const list = retagged.get(origin);
      if (list) list.push(pair);
      else retagged.set(origin, [pair]);
    }
  }
  for (const key of stored.edges.keys()) if (!desired.has(key)) deleted.push(endpoints(key));

  const now = new Date().toISOString();
  await writer.insert("LineageEdge", EDGE_COLUMNS, created.map((e) => ({ ...e, tenantId: scope.tenantId, projectId: scope.projectId, createdAt: now })), { onConflictDoNothing: true });
  if (retagged.size > 0 || deleted.length > 0) await writer.flush();
  for (const [origin, pairs] of retagged) {
    for (const chunk of chunks(pairs, 500)) await tx.lineageEdge.updateMany({ where: { OR: chunk }, data: { origin } });
  }
  for (const chunk of chunks(deleted, 500)) await tx.lineageEdge.deleteMany({ where: { OR: chunk } });
  stored.edges = new Map(desired);
  return created.length + deleted.length + [...retagged.values()].reduce((n, pairs) => n + pairs.length, 0);
}

function endpoints(key: string): { fromAssetId: string; toAssetId: string } {
  const [fromAssetId, toAssetId] = key.split("\u0000") as [string, string];
  return { fromAssetId, toAssetId };
}
