/**
 * Output columns of models whose columns nobody listed (an ephemeral model, an undocumented one
 * without catalog.json), read from their SQL so that column lineage and column-aware impact pass
 * through them instead of stopping. Each such column is marked `inferred`.
 */
import type { CatalogSnapshot, SnapshotAsset, SnapshotColumn } from "../manifest/index.js";
import { parseDialect, type SqlAnalysis } from "../sql/index.js";
import { analyseModelSql, hasAnalysableSql } from "./inferDependencies.js";

/**
 * Columns an earlier post inferred for this model, when they still hold (its SQL and its parents'
 * columns are as they were then); undefined to read them from the SQL again.
 */
export type InferredColumnsReuse = (asset: SnapshotAsset, declaredParents: Set<string>, assets: Map<string, SnapshotAsset>) => SnapshotColumn[] | undefined;

/**
 * Fills in the columns of every SQL model that has none, parents first (a `select *` over a
 * parent whose columns were inferred expands to them). A model whose output keeps a `*` that
 * cannot be expanded is left without columns: a partial list would pass for the whole.
 *
 * Returns the analyses it made, by uniqueId: the analysis of the model's dependencies reads the
 * same SQL against the same parents' columns, so it takes them instead of parsing again.
 */
export function inferMissingColumns(snapshot: CatalogSnapshot, reuse: InferredColumnsReuse = () => undefined): Map<string, SqlAnalysis> {
  const analysed = new Map<string, SqlAnalysis>();
  const assets = new Map(snapshot.assets.map((a) => [a.uniqueId, a]));
  const parents = new Map<string, Set<string>>();
  for (const edge of snapshot.edges) parents.set(edge.to, (parents.get(edge.to) ?? new Set<string>()).add(edge.from));
  const dialect = parseDialect(snapshot.adapter);
  for (const asset of parentsFirst(snapshot.assets, parents)) {
    if (asset.columns.length > 0 || !hasAnalysableSql(asset)) continue;
    const declaredParents = parents.get(asset.uniqueId) ?? new Set<string>();
    const kept = reuse(asset, declaredParents, assets);
    if (kept) {
      asset.columns = kept;
      continue;
    }
    const analysis = analyseModelSql(asset, { dialect, assets, declaredParents });
    analysed.set(asset.uniqueId, analysis);
    const names = analysis.columnLineage.map((c) => c.target);
    if (names.length === 0 || names.includes("*")) continue;
    asset.columns = uniqueNames(names).map((name, index) => inferredColumn(name, index + 1));
  }
  return analysed;
}

/** Depth-first post-order over declared parents; a cycle is cut where it is met. */
function parentsFirst(assets: readonly SnapshotAsset[], parents: ReadonlyMap<string, ReadonlySet<string>>): SnapshotAsset[] {
  const byId = new Map(assets.map((a) => [a.uniqueId, a]));
  const ordered: SnapshotAsset[] = [];
  const visited = new Set<string>();
  for (const root of assets) {
    if (visited.has(root.uniqueId)) continue;
    visited.add(root.uniqueId);
    const stack: Array<{ asset: SnapshotAsset; pending: string[] }> = [{ asset: root, pending: [...(parents.get(root.uniqueId) ?? [])] }];
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const next = top.pending.pop();
      if (next === undefined) {
        ordered.push(top.asset);
        stack.pop();
        continue;
      }
      const parent = byId.get(next);
      if (!parent || visited.has(next)) continue;
      visited.add(next);
      stack.push({ asset: parent, pending: [...(parents.get(next) ?? [])] });
    }
  }
  return ordered;
}

function uniqueNames(names: string[]): string[] {
  const seen = new Set<string>();
  return names.filter((name) => {
    const key = name.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function inferredColumn(name: string, position: number): SnapshotColumn {
  return { name, dataType: null, description: null, position, tags: [], meta: {}, constraints: [], inferred: true };
}
