/**
 * One thing, one node: which OpenLineage datasets are the same asset as a dbt model or source,
 * or as another dataset, worked out from what is stored (so the order of posts and events does
 * not matter):
 *
 * - a dataset and the names its `symlinks` facet gives (a storage location's table name) are one
 *   thing, and so is every dataset sharing one of those names;
 * - such a group is the dbt model, seed or snapshot that builds a relation one of its names
 *   names (`database.schema.table` in a warehouse namespace, compared as that warehouse compares
 *   identifiers), when exactly one does in the tenant; else the dbt source that reads it, when
 *   exactly one does. A namespace mapped to a project (OpenLineageNamespaceMapping) counts only
 *   that project's assets, which settles a relation that two projects build;
 * - several candidates and no mapping to choose: no merge, the group is flagged ambiguous (it
 *   stays linked to each candidate, as core/lineage/crossProjectLinks.ts links relations);
 * - no dbt asset: the group is one of its datasets, the one a symlink names (the table) first,
 *   then the smallest unique id.
 *
 * The lineage graphs are built with these aliases (services/lineage/tenantGraphs.ts): an
 * aliased dataset is not a node, its edges attach to the asset it is, and asking about it
 * answers about that asset.
 */
import { identifierOf, relationKey, type LinkableAsset } from "../lineage/crossProjectLinks.js";
import type { Diagnostic } from "../diagnostic.js";
import { pushTo } from "../listMap.js";
import { datasetRelation, datasetUniqueId } from "./catalogNames.js";

export interface IdentityDataset {
  /** The asset row id of the dataset. */
  assetId: string;
  namespace: string;
  name: string;
}

export interface DatasetSymlinkRow {
  namespace: string;
  name: string;
  targetNamespace: string;
  targetName: string;
}

export interface NamespaceMappingRow {
  namespace: string;
  projectId: string;
}

export interface AmbiguousDataset {
  /** The relation the dataset names, as the warehouse compares it. */
  relation: string;
  /** The dbt assets that build (or else read) it, by unique id. */
  candidates: { id: string; uniqueId: string; projectId: string }[];
}

export interface DatasetIdentity {
  /** Dataset asset id → the asset it is (a dbt asset, or another dataset of its group). */
  aliases: Map<string, string>;
  /** Dataset asset ids that are a dbt asset: they are no longer linked to other relations. */
  intoDbt: Set<string>;
  /** Dataset asset id → why it is not merged with a dbt asset. */
  ambiguous: Map<string, AmbiguousDataset>;
}

const BUILDERS = new Set(["MODEL", "SEED", "SNAPSHOT"]);
const nameKey = (namespace: string, name: string) => JSON.stringify([namespace, name]);

export function emptyIdentity(): DatasetIdentity {
  return { aliases: new Map(), intoDbt: new Set(), ambiguous: new Map() };
}

export function datasetIdentity(input: {
  datasets: readonly IdentityDataset[];
  symlinks: readonly DatasetSymlinkRow[];
  /** dbt models, seeds, snapshots and sources, with their project's adapter. */
  dbtAssets: readonly LinkableAsset[];
  mappings: readonly NamespaceMappingRow[];
}): DatasetIdentity {
  const identity = emptyIdentity();
  if (input.datasets.length === 0) return identity;
  const groups = new UnionFind();
  const assetOfName = new Map<string, IdentityDataset>();
  const named = new Map<string, { namespace: string; name: string }>();
  for (const dataset of input.datasets) {
    const key = nameKey(dataset.namespace, dataset.name);
    assetOfName.set(key, dataset);
    named.set(key, dataset);
    groups.add(key);
  }
  const tableNames = new Set<string>();
  for (const link of input.symlinks) {
    const target = nameKey(link.targetNamespace, link.targetName);
    tableNames.add(target);
    named.set(target, { namespace: link.targetNamespace, name: link.targetName });
    groups.union(nameKey(link.namespace, link.name), target);
  }
  // Each name's relation, as its warehouse compares it; dbt assets are keyed only when their
  // identifier is one of these (most models are named by no dataset: a cheap look spares them).
  const relationOf = new Map<string, string>();
  for (const [key, { namespace, name }] of named) {
    const relation = datasetRelation(namespace, name);
    const folded = relation && relationKey({ relationName: name, database: relation.database, schema: relation.schema, name: relation.identifier, adapter: relation.adapter });
    if (folded) relationOf.set(key, folded);
  }
  const identifiers = new Set([...relationOf.values()].map((key) => key.slice(key.lastIndexOf(".") + 1).toLowerCase()));
  const byRelation = new Map<string, LinkableAsset[]>();
  for (const asset of input.dbtAssets) {
    if (!identifiers.has(identifierOf(asset))) continue;
    const key = relationKey(asset);
    if (key) pushTo(byRelation, key, asset);
  }
  const projectOf = new Map(input.mappings.map((m) => [m.namespace, m.projectId]));

  for (const names of groups.groups()) {
    const datasets = names.flatMap((key) => assetOfName.get(key) ?? []);
    if (datasets.length === 0) continue;
    const mapped = new Set(projectOf.size === 0 ? [] : names.flatMap((key) => projectOf.get(named.get(key)!.namespace) ?? []));
    const relations = names.flatMap((key) => relationOf.get(key) ?? []);
    const candidates = [...new Map(relations.flatMap((key) => byRelation.get(key) ?? []).map((asset) => [asset.id, asset])).values()]
      .filter((asset) => mapped.size === 0 || mapped.has(asset.projectId));
    const builders = candidates.filter((asset) => BUILDERS.has(asset.kind));
    const chosen = builders.length > 0 ? builders : candidates;
    if (chosen.length === 1) {
      for (const dataset of datasets) {
        identity.aliases.set(dataset.assetId, chosen[0]!.id);
        identity.intoDbt.add(dataset.assetId);
      }
      continue;
    }
    const canonical = datasets
      .map((dataset) => ({ dataset, table: tableNames.has(nameKey(dataset.namespace, dataset.name)) ? 0 : 1, uniqueId: datasetUniqueId(dataset.namespace, dataset.name) }))
      .sort((a, b) => a.table - b.table || (a.uniqueId < b.uniqueId ? -1 : a.uniqueId > b.uniqueId ? 1 : 0))[0]!.dataset;
    for (const dataset of datasets) {
      if (dataset !== canonical) identity.aliases.set(dataset.assetId, canonical.assetId);
      if (chosen.length > 1) {
        identity.ambiguous.set(dataset.assetId, {
          relation: relations[0]!,
          candidates: chosen.map((asset) => ({ id: asset.id, uniqueId: asset.uniqueId, projectId: asset.projectId })).sort((a, b) => (a.uniqueId < b.uniqueId ? -1 : a.uniqueId > b.uniqueId ? 1 : a.projectId < b.projectId ? -1 : 1)),
        });
      }
    }
  }
  return identity;
}

/** Disjoint sets of string keys (path halving), for grouping names that are one thing. */
class UnionFind {
  private readonly parent = new Map<string, string>();

  add(key: string): void {
    if (!this.parent.has(key)) this.parent.set(key, key);
  }

  find(key: string): string {
    this.add(key);
    let at = key;
    while (this.parent.get(at) !== at) {
      const up = this.parent.get(this.parent.get(at)!)!;
      this.parent.set(at, up);
      at = up;
    }
    return at;
  }

  union(a: string, b: string): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent.set(ra < rb ? rb : ra, ra < rb ? ra : rb);
  }

  groups(): string[][] {
    const byRoot = new Map<string, string[]>();
    for (const key of this.parent.keys()) {
      pushTo(byRoot, this.find(key), key);
    }
    return [...byRoot.values()];
  }
}

/** Why a dataset was not merged: the dbt assets it could be, and how to settle it. */
export function ambiguityDiagnostic(uniqueId: string, ambiguous: AmbiguousDataset, projectNames: ReadonlyMap<string, string>): Diagnostic {
  const candidates = ambiguous.candidates.map((c) => `${c.uniqueId} (project ${projectNames.get(c.projectId) ?? c.projectId})`).join(", ");
  return {
    code: "AMBIGUOUS_DATASET_RELATION",
    severity: "warning",
    uniqueId,
    message: `${uniqueId} names the relation ${ambiguous.relation}, which ${ambiguous.candidates.length} dbt assets could be: ${candidates}. It is kept apart and linked to each; map its namespace to a project (setOpenLineageNamespaceMapping) to make it one of them.`,
  };
}
