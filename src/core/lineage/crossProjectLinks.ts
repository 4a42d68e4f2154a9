/**
 * Lineage between the projects of one tenant, worked out from what each project stores on its
 * own, so that posting the projects in any order gives the same links and a rename in one
 * project drops the link at its next post:
 *
 * - a source whose relation (database, schema, identifier, folded by the adapter's case rules)
 *   is the relation another project's model, seed or snapshot builds reads that asset;
 * - an OpenLineage dataset (kind DATASET) not merged into a dbt asset (an ambiguous one,
 *   core/openlineage/datasetIdentity.ts) is the same relation as each model that builds it (the
 *   model feeds it) or source that reads it (it feeds the source), so jobs reading a mart are
 *   downstream of it, and jobs writing a source upstream;
 * - a dbt Mesh ref (`model.other_project.orders`) reads the asset of that unique id in another
 *   project; when that model is versioned, its latest version (`model.other_project.orders.v2`),
 *   as dbt resolves an unpinned ref;
 * - a relation that a model's SQL reads where no asset of its project gives the columns
 *   (compiled SQL naming a Mesh parent, a source that lists no columns) is, for column lineage,
 *   the other project's asset that builds it, when that asset is linked to the model's project
 *   already: a Mesh parent of the model, or the model of a source link into its project.
 */
import { foldedRelationKey } from "../inference/relationNames.js";
import { parseDialect } from "../sql/index.js";
import type { AssetKind } from "../manifest/snapshot.js";
import type { AssetEdgeRow, ColumnEdgeRow, ColumnRow } from "./types.js";
import { pushTo } from "../listMap.js";

export interface LinkableAsset {
  id: string;
  projectId: string;
  uniqueId: string;
  kind: AssetKind;
  name: string;
  database: string | null;
  schema: string | null;
  relationName: string | null;
  /** The adapter of the asset's project (its last post), for its case rules. */
  adapter: string | null;
  /** A versioned model's version and its model's latest version. */
  version?: string | null;
  latestVersion?: string | null;
}

export interface MeshDependencyRow {
  /** The asset that declares the dependency. */
  assetId: string;
  parentUniqueId: string;
}

const BUILT = new Set<AssetKind>(["MODEL", "SEED", "SNAPSHOT", "DATASET"]);
const READERS = new Set<AssetKind>(["SOURCE", "DATASET"]);

export interface CrossProjectEdges {
  /** Model → source of another project reading its relation (INFERRED: found by name). */
  relations: AssetEdgeRow[];
  /** Model of another project → the asset whose Mesh ref names it (DECLARED). */
  mesh: AssetEdgeRow[];
  /** The same links with the unique id each was declared by, to match the column lineage stored under it. */
  meshParents: (MeshDependencyRow & { parentId: string })[];
}

export function crossProjectEdges(assets: readonly LinkableAsset[], mesh: readonly MeshDependencyRow[]): CrossProjectEdges {
  const meshParents = resolveMeshParents(assets, mesh);
  return {
    relations: relationEdges(assets),
    mesh: meshParents.map(({ parentId, assetId }) => ({ fromId: parentId, toId: assetId, origin: "DECLARED" as const })),
    meshParents,
  };
}

export interface RelationReadRow {
  /** The model whose SQL reads the relation. */
  assetId: string;
  /** The relation as the reader's adapter compares it (relationKey). */
  parentRelation: string;
}

/**
 * The asset each relation a model reads stands for: one of another project built under that
 * relation and linked to the model (a Mesh parent of it, or linked to a source of its project),
 * so that a relation no link explains stays unresolved rather than guessed.
 */
export function resolveRelationReads(
  assets: readonly LinkableAsset[],
  edges: Pick<CrossProjectEdges, "relations" | "meshParents">,
  reads: readonly RelationReadRow[],
): (RelationReadRow & { parentId: string })[] {
  if (reads.length === 0) return [];
  const byId = new Map(assets.map((asset) => [asset.id, asset]));
  const keys = new Map<string, string | null>();
  const keyOf = (asset: LinkableAsset) => {
    if (!keys.has(asset.id)) keys.set(asset.id, BUILT.has(asset.kind) ? relationKey(asset) : null);
    return keys.get(asset.id)!;
  };
  /** `reader asset id` or `project:<id>` (for its sources) and relation → the linked assets of other projects built under it. */
  const linked = new Map<string, string[]>();
  const link = (scope: string, parentId: string) => {
    const parent = byId.get(parentId);
    const key = parent ? keyOf(parent) : null;
    if (key) pushTo(linked, `${scope}\u0000${key}`, parentId);
  };
  for (const { assetId, parentId } of edges.meshParents) link(assetId, parentId);
  for (const { fromId, toId } of edges.relations) {
    const source = byId.get(toId);
    if (source) link(`project:${source.projectId}`, fromId);
  }
  return reads.flatMap((read) => {
    const reader = byId.get(read.assetId);
    if (!reader) return [];
    const candidates = new Set([...(linked.get(`${read.assetId}\u0000${read.parentRelation}`) ?? []), ...(linked.get(`project:${reader.projectId}\u0000${read.parentRelation}`) ?? [])]);
    return [...candidates].flatMap((parentId) => (byId.get(parentId)!.projectId !== reader.projectId ? [{ ...read, parentId }] : []));
  });
}

/**
 * A source reads its relation's columns as they are: each column of the source comes DIRECT from
 * the model's column of the same name (case-insensitively, as warehouses fold names).
 */
export function relationColumnEdges(relations: readonly AssetEdgeRow[], columns: readonly ColumnRow[]): ColumnEdgeRow[] {
  const byAsset = new Map<string, Map<string, string>>();
  for (const column of columns) {
    let named = byAsset.get(column.assetId);
    if (!named) byAsset.set(column.assetId, (named = new Map()));
    named.set(column.name.toLowerCase(), column.id);
  }
  return relations.flatMap(({ fromId, toId }) =>
    [...(byAsset.get(toId) ?? [])].flatMap(([name, toColumnId]) => {
      const fromColumnId = byAsset.get(fromId)?.get(name);
      return fromColumnId ? [{ fromColumnId, toColumnId, transform: "DIRECT" as const }] : [];
    }),
  );
}

function relationEdges(assets: readonly LinkableAsset[]): AssetEdgeRow[] {
  const sources = assets.flatMap((asset) => {
    const key = READERS.has(asset.kind) ? relationKey(asset) : null;
    return key ? [{ source: asset, key }] : [];
  });
  // Most models are read by no source: a cheap look at the identifier spares them the full key.
  const readIdentifiers = new Set(sources.map(({ source }) => identifierOf(source)));
  const builtBy = new Map<string, LinkableAsset[]>();
  for (const asset of assets) {
    if (!BUILT.has(asset.kind) || !readIdentifiers.has(identifierOf(asset))) continue;
    const key = relationKey(asset);
    if (key) pushTo(builtBy, key, asset);
  }
  const edges: AssetEdgeRow[] = [];
  for (const { source, key } of sources) {
    for (const model of builtBy.get(key) ?? []) {
      if (model.projectId !== source.projectId && !(model.kind === "DATASET" && source.kind === "DATASET")) edges.push({ fromId: model.id, toId: source.id, origin: "INFERRED" });
    }
  }
  return edges;
}

/** The relation's last part, unquoted and lower case: equal for any two relations that can match. */
export function identifierOf(asset: Pick<LinkableAsset, "relationName" | "name">): string {
  const relation = asset.relationName ?? asset.name;
  return relation.slice(relation.lastIndexOf(".") + 1).replace(/["`[\]]/g, "").toLowerCase();
}

function resolveMeshParents(assets: readonly LinkableAsset[], mesh: readonly MeshDependencyRow[]): CrossProjectEdges["meshParents"] {
  const byUniqueId = new Map<string, LinkableAsset[]>();
  const projectOf = new Map<string, string>();
  for (const asset of assets) {
    pushTo(byUniqueId, asset.uniqueId, asset);
    projectOf.set(asset.id, asset.projectId);
    // The latest version also answers to the model's unversioned id (an unpinned ref).
    const suffix = asset.version != null && asset.version === asset.latestVersion ? `.v${asset.version}` : null;
    if (suffix && asset.uniqueId.endsWith(suffix)) pushTo(byUniqueId, asset.uniqueId.slice(0, -suffix.length), asset);
  }
  return mesh.flatMap(({ assetId, parentUniqueId }) =>
    (byUniqueId.get(parentUniqueId) ?? [])
      // A removed asset keeps its rows as history but takes no part in lineage.
      .filter((parent) => projectOf.has(assetId) && parent.projectId !== projectOf.get(assetId))
      .map((parent) => ({ assetId, parentUniqueId, parentId: parent.id })),
  );
}

/**
 * The relation as its adapter compares it (foldedRelationKey). Also what matches an OpenLineage
 * dataset to the dbt asset of its relation for schema drift.
 */
export function relationKey(asset: Pick<LinkableAsset, "relationName" | "database" | "schema" | "name" | "adapter">): string | null {
  return foldedRelationKey(asset, parseDialect(asset.adapter));
}
