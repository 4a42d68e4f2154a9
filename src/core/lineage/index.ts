/** The lineage core's public API: compact graph indexes and the questions asked of them. */
export * from "./types.js";
export { LineageQueryError, type LineageErrorCode } from "./errors.js";
export { LineageIndex, buildLineageIndex } from "./lineageIndex.js";
export { ColumnLineageIndex, buildColumnLineageIndex } from "./columnIndex.js";
export { traverse } from "./traverse.js";
export { lineageCounts, type LineageCounts } from "./lineageCounts.js";
export { impact, groupByDegree } from "./impact.js";
export { traverseColumns } from "./traverseColumns.js";
export { inReadingOrder, nodesInReadingOrder } from "./columnReadingOrder.js";
export { impactOfColumns } from "./columnImpact.js";
export { TenantGraphCache, type GraphVersion, type Sized, type TenantGraphCacheStats } from "./tenantGraphCache.js";
export { crossProjectEdges, relationColumnEdges, relationKey, resolveRelationReads, type CrossProjectEdges, type LinkableAsset, type MeshDependencyRow, type RelationReadRow } from "./crossProjectLinks.js";
