/**
 * SQL-inferred lineage at ingest: each model whose SQL (or the facts its analysis uses) changed
 * since the stored version is analysed again; the others keep their stored edges.
 */
import { createHash } from "node:crypto";
import type { InferredColumnsReuse } from "../../core/inference/inferColumns.js";
import { hasAnalysableSql, inferDependencies, type InferredDependencies } from "../../core/inference/inferDependencies.js";
import { semanticModelSql } from "../../core/inference/semanticSql.js";
import { RelationResolver } from "../../core/inference/relationResolver.js";
import type { CatalogSnapshot, SnapshotAsset } from "../../core/manifest/index.js";
import { parseDialect, type SqlAnalysis as ModelSqlAnalysis } from "../../core/sql/index.js";
import type { TenantTx } from "../../db/tenantScope.js";
import type { BulkColumns, BulkWriter } from "../../db/bulkInsert.js";
import { pairKey, snapshotColumn, type StoredCatalog } from "./storedCatalog.js";
import { chunks } from "./writeSnapshot.js";

const COLUMN_EDGE_COLUMNS: BulkColumns = {
  tenantId: "text", fromColumnId: "text", toColumnId: "text", transform: { enum: "ColumnTransform" }, fromAssetId: "text", toAssetId: "text",
};
const ROW_DEPENDENCY_COLUMNS: BulkColumns = {
  tenantId: "text", toAssetId: "text", fromColumnId: "text", transform: { enum: "ColumnTransform" }, fromAssetId: "text",
};
const MESH_COLUMN_COLUMNS: BulkColumns = {
  tenantId: "text", toAssetId: "text", toColumnId: "text", parentUniqueId: "text", parentRelation: "text", parentColumn: "text", transform: { enum: "ColumnTransform" },
};

export type ModelInference = InferredDependencies & { sqlHash: string };

/**
 * The models whose inputs changed since their stored analysis, analysed when first asked for
 * (`get`): storage asks model by model as it writes assets, so the analysis of the next batch
 * runs while the database inserts the last one. `results()` completes and returns them all.
 */
export class SqlAnalysis {
  private readonly assets: Map<string, SnapshotAsset>;
  private readonly parents = new Map<string, Set<string>>();
  /** Each model's dbt Mesh parents (models of other projects). */
  private readonly meshParents = new Map<string, Set<string>>();
  private readonly resolver: RelationResolver;
  private readonly dialect: ReturnType<typeof parseDialect>;
  /** uniqueId → input hash, of each model to analyse, in snapshot order */
  private readonly due = new Map<string, string>();
  private readonly done = new Map<string, ModelInference>();

  /**
   * `analysed`: models whose SQL inferMissingColumns already analysed (to infer their columns),
   * each handed over once and then dropped.
   */
  constructor(snapshot: CatalogSnapshot, stored: StoredCatalog, private readonly analysed = new Map<string, ModelSqlAnalysis>()) {
    this.assets = new Map(snapshot.assets.map((a) => [a.uniqueId, a]));
    for (const edge of snapshot.edges) {
      const set = this.parents.get(edge.to) ?? new Set<string>();
      set.add(edge.from);
      this.parents.set(edge.to, set);
    }
    for (const edge of snapshot.meshEdges ?? []) this.meshParents.set(edge.to, (this.meshParents.get(edge.to) ?? new Set<string>()).add(edge.from));
    this.dialect = parseDialect(snapshot.adapter);
    this.resolver = new RelationResolver(snapshot.assets, this.dialect);
    for (const asset of snapshot.assets) {
      if (!hasAnalysableSql(asset)) continue;
      const sqlHash = analysisInputHash(asset, this.parentsOf(asset.uniqueId), this.assets, this.meshParents.get(asset.uniqueId));
      if (stored.assets.get(asset.uniqueId)?.sqlHash !== sqlHash) this.due.set(asset.uniqueId, sqlHash);
    }
  }

  /** The model's fresh analysis, or undefined when it needs none. */
  get(uniqueId: string): ModelInference | undefined {
    const sqlHash = this.due.get(uniqueId);
    if (sqlHash === undefined) return undefined;
    let result = this.done.get(uniqueId);
    if (!result) {
      const asset = this.assets.get(uniqueId)!;
      const context = {
        resolver: this.resolver,
        dialect: this.dialect,
        assets: this.assets,
        declaredParents: this.parentsOf(uniqueId),
        meshParents: this.meshParents.get(uniqueId) ?? new Set<string>(),
      };
      const earlier = this.analysed.get(uniqueId);
      this.analysed.delete(uniqueId);
      // Absent, inferDependencies analyses the SQL itself (its default argument).
      result = { sqlHash, ...inferDependencies(asset, context, earlier) };
      this.done.set(uniqueId, result);
    }
    return result;
  }

  /** Every analysed model's result by uniqueId, in snapshot order. */
  results(): Map<string, ModelInference> {
    return new Map([...this.due.keys()].map((uniqueId) => [uniqueId, this.get(uniqueId)!]));
  }

  private parentsOf(uniqueId: string): Set<string> {
    return this.parents.get(uniqueId) ?? new Set<string>();
  }
}

/**
 * Keeps the columns an earlier post inferred for a model while its analysis inputs (SQL, declared
 * parents and their columns, and those very columns) hash as they did then: inference from the
 * same inputs gives the same columns, so unchanged models are not analysed on every post.
 */
export function storedInferredColumns(stored: StoredCatalog): InferredColumnsReuse {
  return (asset, declaredParents, assets) => {
    const row = stored.assets.get(asset.uniqueId);
    if (!row || row.removedAt || row.sqlHash === null) return undefined;
    const columns = [...(stored.columns.get(row.id)?.values() ?? [])]
      .filter((c) => c.inferred && !c.removedAt)
      .sort((a, b) => (a.position ?? 0) - (b.position ?? 0))
      .map(snapshotColumn);
    if (columns.length === 0) return undefined;
    return analysisInputHash({ ...asset, columns }, declaredParents, assets) === row.sqlHash ? columns : undefined;
  };
}

/**
 * Bumped when the analysis itself changes what it finds from the same inputs, so that stored
 * models are analysed again by the next post (2: compiled SQL first, relations by case rules;
 * 3: column lineage through dbt Mesh refs; 4: through relations of other projects and `*`).
 */
const ANALYSIS_REVISION = "4";

/**
 * Everything the analysis of one model reads: its SQL, its declared parents, their and its
 * columns, and its dbt Mesh parents (by id only: their columns are matched when the tenant's
 * lineage is built, not here).
 */
function analysisInputHash(asset: SnapshotAsset, declaredParents: Set<string>, assets: Map<string, SnapshotAsset>, meshParents?: ReadonlySet<string>): string {
  const hash = createHash("sha256").update(ANALYSIS_REVISION).update("\0");
  hash.update(asset.rawSql ?? "").update("\0").update(asset.compiledSql ?? "").update("\0");
  // A semantic model's SQL is its definition; models hash as before (an empty update adds nothing).
  hash.update(semanticModelSql(asset) ?? "");
  hash.update(asset.columns.map((c) => c.name).join(",")).update("\0");
  for (const parent of [...declaredParents].sort()) {
    hash.update(parent).update(":").update((assets.get(parent)?.columns ?? []).map((c) => c.name).join(",")).update("\0");
  }
  for (const parent of [...(meshParents ?? [])].sort()) hash.update("mesh:").update(parent).update("\0");
  return hash.digest("hex");
}

function meshParent(from: { fromUniqueId: string; fromRelation?: string }): { parentUniqueId: string; parentRelation: string } {
  return { parentUniqueId: from.fromUniqueId, parentRelation: from.fromRelation ?? "" };
}

/**
 * Column lineage of the analysed models, replacing what their earlier analysis stored: column
 * edges (ColumnLineageEdge), row dependencies, one row per model (ModelColumnDependency), and
 * both through dbt Mesh refs (MeshColumnDependency).
 * Returns how many rows of each were written; the inserts may still be in flight on `writer`.
 */
export async function writeColumnLineage(
  tx: TenantTx,
  writer: BulkWriter,
  tenantId: string,
  inferred: Map<string, ModelInference>,
  written: { assetIds: Map<string, string>; columnIds: Map<string, string> },
  stored: StoredCatalog,
): Promise<{ columnLineageEdges: number; rowDependencies: number; meshColumnDependencies: number }> {
  const { assetIds, columnIds } = written;
  // New models have no earlier column lineage to replace.
  const reanalysed = [...inferred.keys()].filter((uid) => stored.assets.has(uid)).map((uid) => assetIds.get(uid)!);
  if (reanalysed.length > 0) await writer.flush();
  for (const chunk of chunks(reanalysed)) {
    await tx.columnLineageEdge.deleteMany({ where: { toAssetId: { in: chunk } } });
    await tx.modelColumnDependency.deleteMany({ where: { toAssetId: { in: chunk } } });
    await tx.meshColumnDependency.deleteMany({ where: { toAssetId: { in: chunk } } });
  }
  const edges: Record<string, unknown>[] = [];
  const rowDependencies: Record<string, unknown>[] = [];
  const mesh: Record<string, unknown>[] = [];
  for (const [uniqueId, model] of inferred) {
    const toAssetId = assetIds.get(uniqueId)!;
    for (const edge of model.columnEdges) {
      const fromAssetId = assetIds.get(edge.fromUniqueId)!;
      const fromColumnId = columnIds.get(pairKey(fromAssetId, edge.fromColumn));
      const toColumnId = columnIds.get(pairKey(toAssetId, edge.toColumn));
      if (fromColumnId && toColumnId) edges.push({ tenantId, fromColumnId, toColumnId, transform: edge.transform, fromAssetId, toAssetId });
    }
    for (const dependency of model.rowDependencies) {
      const fromAssetId = assetIds.get(dependency.fromUniqueId)!;
      const fromColumnId = columnIds.get(pairKey(fromAssetId, dependency.fromColumn));
      if (fromColumnId) rowDependencies.push({ tenantId, toAssetId, fromColumnId, transform: dependency.transform, fromAssetId });
    }
    for (const edge of model.mesh.columnEdges) {
      // A star names no column of the model: it reaches each one its parent has a column of the name of.
      const toColumnId = edge.toColumn === "*" ? "*" : columnIds.get(pairKey(toAssetId, edge.toColumn));
      if (toColumnId) mesh.push({ tenantId, toAssetId, toColumnId, ...meshParent(edge), parentColumn: edge.fromColumn, transform: edge.transform });
    }
    for (const dependency of model.mesh.rowDependencies) {
      mesh.push({ tenantId, toAssetId, toColumnId: "", ...meshParent(dependency), parentColumn: dependency.fromColumn, transform: dependency.transform });
    }
  }
  await writer.insert("ColumnLineageEdge", COLUMN_EDGE_COLUMNS, edges, { onConflictDoNothing: true });
  await writer.insert("ModelColumnDependency", ROW_DEPENDENCY_COLUMNS, rowDependencies, { onConflictDoNothing: true });
  await writer.insert("MeshColumnDependency", MESH_COLUMN_COLUMNS, mesh, { onConflictDoNothing: true });
  return { columnLineageEdges: edges.length, rowDependencies: rowDependencies.length, meshColumnDependencies: mesh.length };
}
