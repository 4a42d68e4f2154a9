/**
 * The one place the lineage core's types live: the rows an index is built from (the shape of
 * the LineageEdge / ColumnLineageEdge / ModelColumnDependency / Column tables, with string ids) and the answers the
 * traversals give. Enum values equal the Prisma enums of the same names.
 */
import type { AssetKind } from "../manifest/snapshot.js";

export type { AssetKind };

export const EDGE_ORIGINS = ["DECLARED", "INFERRED", "BOTH"] as const;
export type EdgeOrigin = (typeof EDGE_ORIGINS)[number];

export const COLUMN_TRANSFORMS = [
  "DIRECT",
  "TRANSFORMED",
  "AGGREGATED",
  "FILTER",
  "JOIN",
  "GROUP_BY",
  "SORT",
  "WINDOW",
  // OpenLineage's INDIRECT/CONDITIONAL (a CASE WHEN decides the value); the SQL engine finds none.
  "CONDITIONAL",
] as const;
export type ColumnTransform = (typeof COLUMN_TRANSFORMS)[number];

/** Transforms that decide which rows exist rather than feeding a value (OpenLineage's INDIRECT). */
export const INDIRECT_TRANSFORMS: readonly ColumnTransform[] = ["FILTER", "JOIN", "GROUP_BY", "SORT", "WINDOW", "CONDITIONAL"];

export type Direction = "UPSTREAM" | "DOWNSTREAM" | "BOTH";

// ---------------------------------------------------------------------------------------------
// Input rows

export interface AssetRow {
  id: string;
  kind: AssetKind;
}

/** `fromId` is upstream of `toId`. */
export interface AssetEdgeRow {
  fromId: string;
  toId: string;
  origin: EdgeOrigin;
}

export interface ColumnRow {
  id: string;
  assetId: string;
  name: string;
}

export interface ColumnEdgeRow {
  fromColumnId: string;
  toColumnId: string;
  transform: ColumnTransform;
}

/**
 * A column that shapes which rows an asset has (ModelColumnDependency): an edge of `transform`
 * from it to every column of `toAssetId`.
 */
export interface ColumnRowDependencyRow {
  fromColumnId: string;
  toAssetId: string;
  transform: ColumnTransform;
}

// ---------------------------------------------------------------------------------------------
// Asset lineage answers

export interface LineageNode {
  id: string;
  kind: AssetKind;
  /** Number of hops from the start, counting hops through nodes hidden by a kinds filter. */
  degree: number;
  /** The side the node was reached on at its degree (a node on both sides lies on a cycle). */
  direction: "UPSTREAM" | "DOWNSTREAM";
}

export interface LineageEdge {
  /** Upstream end. */
  from: string;
  /** Downstream end. */
  to: string;
  origin: EdgeOrigin;
  /**
   * Empty for a stored edge. When a kinds filter hides nodes, two shown nodes joined only
   * through hidden ones get a bridging edge; `via` lists the hidden ids of one shortest such
   * path, upstream first.
   */
  via: string[];
}

export interface PageInfo {
  hasNextPage: boolean;
  /** Cursor of the last node on this page; null when the page is empty. */
  endCursor: string | null;
}

export interface LineageQuery {
  start: string;
  direction: Direction;
  /** Hops to follow, 1 or more; null means unbounded. */
  depth: number | null;
  /** Only nodes of these kinds are returned; the traversal still passes through the others. */
  kinds?: readonly AssetKind[];
  /** Page size; all nodes when omitted. */
  first?: number;
  /** `endCursor` of the previous page of the same query. */
  after?: string | null;
  /** Stop after reaching this many nodes (hidden ones included); the answer is then truncated. */
  maxNodes?: number;
}

export interface LineageResult {
  start: { id: string; kind: AssetKind };
  nodes: LineageNode[];
  edges: LineageEdge[];
  /** Nodes matching the query over all pages. */
  totalCount: number;
  /** True when the depth limit or the node cap left reachable nodes out. */
  truncated: boolean;
  /** One cycle per strongly connected group among the traversed nodes; see cycles.ts. */
  cycles: string[][];
  pageInfo: PageInfo;
}

export interface ImpactedAsset {
  id: string;
  kind: AssetKind;
  degree: number;
  /** One shortest path from the changed asset to this one, both included. */
  path: string[];
}

export interface ImpactGroup<T extends ImpactedAsset = ImpactedAsset> {
  degree: number;
  assets: T[];
}

export interface ImpactQuery {
  start: string;
  /** Page size over `assets`; all when omitted (what notifying every consumer needs). */
  first?: number;
  after?: string | null;
  maxNodes?: number;
}

export interface ImpactResult {
  start: { id: string; kind: AssetKind };
  /** This page of the transitive downstream assets, ordered by degree then id. */
  assets: ImpactedAsset[];
  /** This page's assets cut by degree. */
  groups: ImpactGroup[];
  /** How many assets each degree has over all pages. */
  degreeCounts: { degree: number; count: number }[];
  /** Every exposure downstream (not paged: usually few, and each is a consumer to notify). */
  exposures: ImpactedAsset[];
  totalCount: number;
  cycles: string[][];
  truncated: boolean;
  pageInfo: PageInfo;
}

// ---------------------------------------------------------------------------------------------
// Column lineage answers

export interface ColumnRef {
  columnId: string;
  assetId: string;
  column: string;
}

export interface ColumnLineageNode extends ColumnRef {
  degree: number;
  direction: "UPSTREAM" | "DOWNSTREAM";
}

export interface ColumnLineageEdge {
  /** Upstream column id. */
  from: string;
  /** Downstream column id. */
  to: string;
  transform: ColumnTransform;
}

export interface ColumnLineageQuery {
  assetId: string;
  column: string;
  direction: Direction;
  depth: number | null;
  maxNodes?: number;
}

export interface ColumnLineageResult {
  start: ColumnRef;
  nodes: ColumnLineageNode[];
  edges: ColumnLineageEdge[];
  truncated: boolean;
}

export interface ColumnImpactQuery {
  start: string;
  columns: readonly string[];
}

export interface ColumnImpactedAsset extends ImpactedAsset {
  /** The asset's columns that read the changed columns, directly or transitively, by name. */
  columns: string[];
}

export interface ColumnImpactResult {
  start: { id: string; kind: AssetKind };
  /** The requested columns found on the start asset (its spelling). */
  columns: string[];
  /** Requested names the start asset has no column for. */
  missingColumns: string[];
  /** Assets that read the changed columns according to column lineage, by degree then id. */
  reads: ColumnImpactedAsset[];
  /**
   * Assets downstream of the change whose use of it is unknown: an asset edge without any
   * column edge along it, or downstream of such an asset. By degree then id.
   */
  columnUseUnknown: ImpactedAsset[];
  /** Exposures among `reads` and `columnUseUnknown`, by degree then id. */
  exposures: ImpactedAsset[];
  /** Transitive downstream assets that column lineage shows do not read the changed columns. */
  notAffectedCount: number;
}
