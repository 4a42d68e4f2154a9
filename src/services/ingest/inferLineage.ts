/**
 * SQL-inferred lineage at ingest: each model whose SQL (or the facts its analysis uses) changed
 * since the stored version is analysed again; the others keep their stored edges.
 */
import { createHash } from "node:crypto";
import type { Diagnostic } from "../../core/diagnostic.js";
import { hasAnalysableSql, inferDependencies, type InferredColumnEdge } from "../../core/inference/inferDependencies.js";
import { RelationResolver } from "../../core/inference/relationResolver.js";
import type { CatalogSnapshot, SnapshotAsset } from "../../core/manifest/index.js";
import { parseDialect } from "../../core/sql/index.js";
import type { TenantTx } from "../../db/tenantScope.js";
import type { EdgeOrigin, Prisma } from "../../generated/prisma/client.js";
import { pairKey, type StoredCatalog } from "./storedCatalog.js";
import { applyEdgeChanges, chunks } from "./writeSnapshot.js";

export interface ModelInference {
  sqlHash: string;
  upstream: string[];
  columnEdges: InferredColumnEdge[];
  diagnostics: Diagnostic[];
}

/** Analyses the models whose inputs changed; returns their results by uniqueId. */
export function analyseChangedSql(snapshot: CatalogSnapshot, stored: StoredCatalog): Map<string, ModelInference> {
  const assets = new Map(snapshot.assets.map((a) => [a.uniqueId, a]));
  const parents = new Map<string, Set<string>>();
  for (const edge of snapshot.edges) {
    const set = parents.get(edge.to) ?? new Set<string>();
    set.add(edge.from);
    parents.set(edge.to, set);
  }
  const resolver = new RelationResolver(snapshot.assets);
  const dialect = parseDialect(snapshot.adapter);
  const results = new Map<string, ModelInference>();
  for (const asset of snapshot.assets) {
    if (!hasAnalysableSql(asset)) continue;
    const declaredParents = parents.get(asset.uniqueId) ?? new Set<string>();
    const sqlHash = analysisInputHash(asset, declaredParents, assets);
    if (stored.assets.get(asset.uniqueId)?.sqlHash === sqlHash) continue;
    results.set(asset.uniqueId, { sqlHash, ...inferDependencies(asset, { resolver, dialect, assets, declaredParents }) });
  }
  return results;
}

/** Everything the analysis of one model reads: its SQL, its declared parents, their and its columns. */
function analysisInputHash(asset: SnapshotAsset, declaredParents: Set<string>, assets: Map<string, SnapshotAsset>): string {
  const hash = createHash("sha256");
  hash.update(asset.rawSql ?? "").update("\0").update(asset.compiledSql ?? "").update("\0");
  hash.update(asset.columns.map((c) => c.name).join(",")).update("\0");
  for (const parent of [...declaredParents].sort()) {
    hash.update(parent).update(":").update((assets.get(parent)?.columns ?? []).map((c) => c.name).join(",")).update("\0");
  }
  return hash.digest("hex");
}

/** Inferred asset edges and column lineage of the analysed models, replacing their earlier ones. */
export async function writeInferredLineage(
  tx: TenantTx,
  scope: { tenantId: string; projectId: string },
  inferred: Map<string, ModelInference>,
  assetIds: Map<string, string>,
  stored: StoredCatalog,
): Promise<{ edgesWritten: number; columnEdges: number }> {
  if (inferred.size === 0) return { edgesWritten: 0, columnEdges: 0 };
  const changes: { key: string; origin: EdgeOrigin | null }[] = [];
  const intoAnalysed = new Map<string, string[]>();
  for (const key of stored.edges.keys()) {
    const to = key.split("\u0000")[1]!;
    intoAnalysed.set(to, [...(intoAnalysed.get(to) ?? []), key]);
  }
  for (const [uniqueId, model] of inferred) {
    const to = assetIds.get(uniqueId)!;
    const wanted = new Set(model.upstream.map((from) => pairKey(assetIds.get(from)!, to)));
    for (const key of wanted) {
      const origin = stored.edges.get(key);
      if (origin === undefined) changes.push({ key, origin: "INFERRED" });
      else if (origin === "DECLARED") changes.push({ key, origin: "BOTH" });
    }
    for (const key of intoAnalysed.get(to) ?? []) {
      if (wanted.has(key)) continue;
      const origin = stored.edges.get(key);
      if (origin === "INFERRED") changes.push({ key, origin: null });
      else if (origin === "BOTH") changes.push({ key, origin: "DECLARED" });
    }
  }
  await applyEdgeChanges(tx, scope, changes, stored);
  return { edgesWritten: changes.length, columnEdges: await writeColumnLineage(tx, scope.tenantId, inferred, assetIds) };
}

async function writeColumnLineage(
  tx: TenantTx,
  tenantId: string,
  inferred: Map<string, ModelInference>,
  assetIds: Map<string, string>,
): Promise<number> {
  const analysedIds = [...inferred.keys()].map((uid) => assetIds.get(uid)!);
  for (const chunk of chunks(analysedIds)) await tx.columnLineageEdge.deleteMany({ where: { toAssetId: { in: chunk } } });
  const involved = new Set<string>(analysedIds);
  for (const model of inferred.values()) for (const edge of model.columnEdges) involved.add(assetIds.get(edge.fromUniqueId)!);
  const columnIds = new Map<string, string>();
  for (const chunk of chunks([...involved])) {
    const rows = await tx.column.findMany({ where: { assetId: { in: chunk }, removedAt: null }, select: { id: true, assetId: true, name: true } });
    for (const row of rows) columnIds.set(pairKey(row.assetId, row.name), row.id);
  }
  const rows: Prisma.ColumnLineageEdgeCreateManyInput[] = [];
  for (const [uniqueId, model] of inferred) {
    const toAssetId = assetIds.get(uniqueId)!;
    for (const edge of model.columnEdges) {
      const fromAssetId = assetIds.get(edge.fromUniqueId)!;
      const fromColumnId = columnIds.get(pairKey(fromAssetId, edge.fromColumn));
      const toColumnId = columnIds.get(pairKey(toAssetId, edge.toColumn));
      if (fromColumnId && toColumnId) rows.push({ tenantId, fromColumnId, toColumnId, transform: edge.transform, fromAssetId, toAssetId });
    }
  }
  for (const chunk of chunks(rows)) await tx.columnLineageEdge.createMany({ data: chunk, skipDuplicates: true });
  return rows.length;
}
