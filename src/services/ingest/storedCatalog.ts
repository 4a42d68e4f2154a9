/**
 * What the catalog holds for one project now, loaded once per post: the rows (to write only
 * what changed) and the same content as a CatalogSnapshot (to diff against the posted one).
 */
import type { CatalogSnapshot, SnapshotAsset, SnapshotColumn, SnapshotTest } from "../../core/manifest/index.js";
import type { AssetDefinition } from "../../core/manifest/semantic/definition.js";
import type { TenantTx } from "../../db/tenantScope.js";
import { Prisma, type Asset, type Column, type DataTest, type EdgeOrigin, type Owner } from "../../generated/prisma/client.js";
import { jsonRows } from "../../db/jsonRows.js";
import { groupBy } from "../catalog/groupBy.js";

/** The fields a post reads of each stored row: what it diffs against, hashes, ids, removal. */
const ASSET_FIELDS = [
  "id", "uniqueId", "name", "kind", "layer", "packageName", "database", "schema", "relationName", "materialization", "description",
  "rawSql", "compiledSql", "language", "filePath", "checksum", "tags", "meta", "contractEnforced", "access", "version", "latestVersion",
  "groupName", "subtype", "url", "contentHash", "sqlHash", "diagnostics", "removedAt",
] as const satisfies readonly (keyof Asset)[];
const COLUMN_FIELDS = [
  "id", "assetId", "name", "dataType", "description", "position", "tags", "meta", "constraints", "inferred", "contentHash", "removedAt",
] as const satisfies readonly (keyof Column)[];
const TEST_FIELDS = [
  "id", "uniqueId", "name", "testType", "namespace", "assetId", "columnName", "severity", "kwargs", "dependsOnAssetIds", "contentHash",
  "removedAt",
] as const satisfies readonly (keyof DataTest)[];

export type StoredAsset = Pick<Asset, (typeof ASSET_FIELDS)[number]>;
export type StoredColumn = Pick<Column, (typeof COLUMN_FIELDS)[number]>;
export type StoredTest = Pick<DataTest, (typeof TEST_FIELDS)[number]>;

export interface StoredCatalog {
  assets: Map<string, StoredAsset>;
  /** assetId → column name → row */
  columns: Map<string, Map<string, StoredColumn>>;
  tests: Map<string, StoredTest>;
  /** `${assetId}\0${ownerId}` of links that came from manifests */
  manifestOwnerLinks: Set<string>;
  /** assetId → the owners manifests named for it */
  manifestOwners: Map<string, Owner[]>;
  /** assetId → the owners people assigned through the API (kept across posts; see services/owners.ts) */
  apiOwners: Map<string, Owner[]>;
  /** `${fromAssetId}\0${toAssetId}` → origin, for edges into this project's assets */
  edges: Map<string, EdgeOrigin>;
  /** assetId → its stored definition (metrics, semantic models, saved queries, exposures) */
  definitions: Map<string, AssetDefinition>;
}

export const pairKey = (a: string, b: string): string => `${a}\u0000${b}`;

export async function loadStoredCatalog(tx: TenantTx, project: { tenantId: string; id: string }): Promise<StoredCatalog> {
  const { tenantId, id: projectId } = project;
  const [assets, columns, tests, links, edges, definitions] = await Promise.all([
    tableRows<StoredAsset>(tx, ASSET_FIELDS, Prisma.sql`FROM "Asset" WHERE "tenantId" = ${tenantId} AND "projectId" = ${projectId}`),
    tableRows<StoredColumn>(
      tx,
      COLUMN_FIELDS,
      Prisma.sql`FROM "Column" WHERE "tenantId" = ${tenantId} AND "assetId" IN (SELECT "id" FROM "Asset" WHERE "tenantId" = ${tenantId} AND "projectId" = ${projectId})`,
    ),
    tableRows<StoredTest>(tx, TEST_FIELDS, Prisma.sql`FROM "DataTest" WHERE "tenantId" = ${tenantId} AND "projectId" = ${projectId}`),
    tx.assetOwner.findMany({ where: { asset: { projectId } }, include: { owner: true } }),
    tx.lineageEdge.findMany({ where: { projectId }, select: { fromAssetId: true, toAssetId: true, origin: true } }),
    tx.assetDefinition.findMany({ where: { asset: { projectId } }, select: { assetId: true, definition: true } }),
  ]);
  const columnsByAsset = new Map<string, Map<string, StoredColumn>>();
  for (const column of columns) {
    const byName = columnsByAsset.get(column.assetId) ?? new Map<string, StoredColumn>();
    byName.set(column.name, column);
    columnsByAsset.set(column.assetId, byName);
  }
  const manifestLinks = links.filter((l) => l.source === "MANIFEST");
  const ownersOf = (of: typeof links) => new Map([...groupBy(of, (l) => l.assetId)].map(([assetId, group]) => [assetId, group.map((l) => l.owner)]));
  return {
    manifestOwners: ownersOf(manifestLinks),
    apiOwners: ownersOf(links.filter((l) => l.source === "API")),
    assets: new Map(assets.map((a) => [a.uniqueId, a])),
    columns: columnsByAsset,
    tests: new Map(tests.map((t) => [t.uniqueId, t])),
    manifestOwnerLinks: new Set(manifestLinks.map((l) => pairKey(l.assetId, l.ownerId))),
    edges: new Map(edges.map((e) => [pairKey(e.fromAssetId, e.toAssetId), e.origin])),
    definitions: new Map(definitions.map((d) => [d.assetId, d.definition as unknown as AssetDefinition])),
  };
}

/**
 * The rows of one table as one JSON array (db/jsonRows.ts): through Prisma's driver adapters
 * each row and field is decoded on its own, which made loading a 5k-model project (7k assets,
 * 90k columns, 31k tests) take 4.4 s on PGlite. Raw SQL is not tenant-scoped: callers name the tenant.
 */
async function tableRows<T extends { removedAt: Date | null }>(tx: TenantTx, fields: readonly (keyof T & string)[], from: Prisma.Sql): Promise<T[]> {
  const list = Prisma.raw(fields.map((f) => `"${f}"`).join(", "));
  const rows = await jsonRows<T>(tx.$queryRaw`SELECT json_agg(t)::text AS "rows" FROM (SELECT ${list} ${from}) t`);
  // JSON has no dates; removal time is the one date a post reads.
  for (const row of rows) if (row.removedAt !== null) row.removedAt = new Date(row.removedAt as unknown as string);
  return rows;
}

/** The stored, not-removed content as a snapshot, to diff a post against. */
export function storedSnapshot(
  stored: StoredCatalog,
  header: Pick<CatalogSnapshot, "format" | "projectName" | "adapter" | "schemaVersion">,
): CatalogSnapshot {
  const live = [...stored.assets.values()].filter((a) => !a.removedAt);
  const uniqueIdOf = new Map([...stored.assets.values()].map((a) => [a.id, a.uniqueId]));
  const assets: SnapshotAsset[] = live.map((a) => withDefinition(stored.definitions.get(a.id), {
    uniqueId: a.uniqueId,
    name: a.name,
    kind: a.kind,
    layer: a.layer,
    packageName: a.packageName,
    database: a.database,
    schema: a.schema,
    relationName: a.relationName,
    materialization: a.materialization,
    description: a.description,
    rawSql: a.rawSql,
    compiledSql: a.compiledSql,
    language: a.language,
    filePath: a.filePath,
    checksum: a.checksum,
    tags: a.tags,
    meta: a.meta as Record<string, unknown>,
    contractEnforced: a.contractEnforced,
    access: a.access,
    version: a.version,
    latestVersion: a.latestVersion,
    groupName: a.groupName,
    subtype: a.subtype,
    url: a.url,
    owners: (stored.manifestOwners.get(a.id) ?? []).map((o) => ({ name: o.name, email: o.email, handle: o.handle })),
    columns: [...(stored.columns.get(a.id)?.values() ?? [])].filter((c) => !c.removedAt).map(snapshotColumn),
  }));
  const tests: SnapshotTest[] = [...stored.tests.values()]
    .filter((t) => !t.removedAt)
    .map((t) => ({
      uniqueId: t.uniqueId,
      name: t.name,
      testType: t.testType,
      namespace: t.namespace,
      attachedUniqueId: t.assetId ? (uniqueIdOf.get(t.assetId) ?? null) : null,
      columnName: t.columnName,
      severity: t.severity,
      kwargs: t.kwargs as Record<string, unknown>,
      dependsOn: t.dependsOnAssetIds.flatMap((id) => uniqueIdOf.get(id) ?? []),
    }));
  const edges = [...stored.edges.entries()]
    .filter(([, origin]) => origin !== "INFERRED")
    .map(([key]) => key.split("\u0000") as [string, string])
    .map(([from, to]) => ({ from: uniqueIdOf.get(from)!, to: uniqueIdOf.get(to)! }))
    .filter((e) => e.from && e.to);
  return { ...header, assets, tests, edges, runResults: [], diagnostics: [] };
}

/** The field is optional: an asset without a definition must not carry the key at all. */
function withDefinition(definition: AssetDefinition | undefined, asset: SnapshotAsset): SnapshotAsset {
  return definition ? { ...asset, definition } : asset;
}

export function snapshotColumn(c: StoredColumn): SnapshotColumn {
  return {
    name: c.name,
    dataType: c.dataType,
    description: c.description,
    position: c.position,
    tags: c.tags,
    meta: c.meta as Record<string, unknown>,
    constraints: c.constraints as unknown[],
    ...(c.inferred ? { inferred: true as const } : {}),
  };
}
