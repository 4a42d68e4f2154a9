/**
 * Writes a snapshot over what the catalog holds for a project, touching only rows that
 * changed: new rows are inserted in bulk, changed ones updated, vanished ones marked removed
 * (kept as history). Lineage edges are written afterwards (lineageEdges.ts), once the SQL
 * analysis is known too.
 */
import { assetContentHash, columnContentHash, columnDefinition, ownerKey, testContentHash, type CatalogSnapshot, type SnapshotAsset } from "../../core/manifest/index.js";
import type { TenantTx } from "../../db/tenantScope.js";
import type { Prisma } from "../../generated/prisma/client.js";
import type { ModelInference } from "./inferLineage.js";
import { pairKey, type StoredCatalog } from "./storedCatalog.js";
import { BulkWriter, bulkInsert, newRowId, type BulkColumns } from "../../db/bulkInsert.js";

const ASSET_COLUMNS: BulkColumns = {
  id: "text", tenantId: "text", projectId: "text", uniqueId: "text", name: "text", kind: { enum: "AssetKind" }, layer: { enum: "Layer" },
  packageName: "text", database: "text", schema: "text", relationName: "text", materialization: "text", description: "text",
  rawSql: "text", compiledSql: "text", language: "text", filePath: "text", checksum: "text", tags: "text[]", meta: "jsonb",
  contractEnforced: "bool", access: "text", version: "text", latestVersion: "text", groupName: "text", subtype: "text", url: "text",
  contentHash: "text", sqlHash: "text", diagnostics: "jsonb", firstSeenAt: "timestamptz", lastChangedAt: "timestamptz",
};
const COLUMN_COLUMNS: BulkColumns = {
  id: "text", tenantId: "text", assetId: "text", name: "text", dataType: "text", description: "text", position: "int",
  tags: "text[]", meta: "jsonb", constraints: "jsonb", inferred: "bool", contentHash: "text", definitionId: "text",
};
const OWNER_LINK_COLUMNS: BulkColumns = { tenantId: "text", assetId: "text", ownerId: "text", source: "text" };
const DEFINITION_COLUMNS: BulkColumns = { tenantId: "text", id: "text", name: "text", description: "text" };
const ASSET_DEFINITION_COLUMNS: BulkColumns = { tenantId: "text", assetId: "text", kind: "text", definition: "jsonb" };
const TEST_COLUMNS: BulkColumns = {
  id: "text", tenantId: "text", projectId: "text", uniqueId: "text", name: "text", testType: "text", namespace: "text",
  assetId: "text", columnName: "text", severity: "text", kwargs: "jsonb", dependsOnAssetIds: "text[]", contentHash: "text",
};

export interface WriteCounts {
  assetsAdded: number;
  assetsChanged: number;
  assetsRemoved: number;
  columnsWritten: number;
  testsWritten: number;
}

export interface WrittenSnapshot {
  /** uniqueId → asset id, for every asset of the snapshot */
  assetIds: Map<string, string>;
  /** pairKey(assetId, column name) → column id, for every live column of the snapshot */
  columnIds: Map<string, string>;
  counts: WriteCounts;
}

/** Prisma sends each createMany as one statement; keep them well under PostgreSQL's 65,535 parameters. */
const CHUNK = 2_000;

/**
 * Assets and their columns are written this many assets at a time, so that the SQL analysis and
 * hashing of the next batch run while the database inserts the last one.
 */
const ASSET_BATCH = 300;
/** New tests are handed to the bulk writer in batches of this many, for the same reason. */
const TEST_BATCH = 5_000;

/** The SQL analysis of a model, computed when first asked for (see SqlAnalysis). */
export interface InferenceSource {
  get(uniqueId: string): ModelInference | undefined;
}

/** What writing the columns of successive asset batches accumulates. */
interface ColumnsWritten {
  ids: Map<string, string>;
  definitions: Map<string, { tenantId: string; id: string; name: string; description: string | null }>;
  removed: string[];
}

/**
 * Assets, columns and tests. New rows go through `writer` and may still be in flight when this
 * returns (the caller flushes it); every other statement waits for the writer first.
 * Owners are written by `writeOwners`, afterwards. `afterBatch` runs after each batch of assets
 * (the caller refreshes planner statistics there as the tables grow).
 */
export async function writeSnapshot(
  tx: TenantTx,
  writer: BulkWriter,
  scope: { tenantId: string; projectId: string; now: Date },
  snapshot: CatalogSnapshot,
  stored: StoredCatalog,
  inferred: InferenceSource,
  afterBatch: () => Promise<unknown> = async () => undefined,
): Promise<WrittenSnapshot> {
  const counts: WriteCounts = { assetsAdded: 0, assetsChanged: 0, assetsRemoved: 0, columnsWritten: 0, testsWritten: 0 };
  const assetIds = new Map<string, string>();
  const columns: ColumnsWritten = { ids: new Map(), definitions: new Map(), removed: [] };
  for (let i = 0; i < snapshot.assets.length; i += ASSET_BATCH) {
    const batch = snapshot.assets.slice(i, i + ASSET_BATCH);
    await writeAssets(tx, writer, scope, batch, stored, inferred, counts, assetIds);
    await writeColumns(tx, writer, scope, batch, assetIds, stored, counts, columns);
    await afterBatch();
  }
  await removeVanishedAssets(tx, writer, scope, stored, assetIds, counts);
  // Definitions are content-addressed: one another post or project already wrote is left as it is.
  await writer.insert("ColumnDefinition", DEFINITION_COLUMNS, [...columns.definitions.values()], { onConflictDoNothing: true });
  if (columns.removed.length > 0) await writer.flush();
  for (const chunk of chunks(columns.removed)) await tx.column.updateMany({ where: { id: { in: chunk } }, data: { removedAt: new Date() } });
  counts.columnsWritten += columns.removed.length;
  await writeTests(tx, writer, scope, snapshot, assetIds, stored, counts);
  return { assetIds, columnIds: columns.ids, counts };
}

function assetRow(asset: SnapshotAsset, inference: ModelInference | undefined) {
  const { columns: _columns, owners: _owners, definition: _definition, meta, ...fields } = asset;
  return {
    ...fields,
    meta: meta as Prisma.InputJsonValue,
    contentHash: assetContentHash(asset),
    // Only analysed models carry these; the others keep what their last analysis stored.
    ...(inference ? { sqlHash: inference.sqlHash, diagnostics: inference.diagnostics as unknown as Prisma.InputJsonValue } : {}),
  };
}

async function writeAssets(
  tx: TenantTx,
  writer: BulkWriter,
  scope: { tenantId: string; projectId: string; now: Date },
  assets: SnapshotAsset[],
  stored: StoredCatalog,
  inferred: InferenceSource,
  counts: WriteCounts,
  ids: Map<string, string>,
): Promise<void> {
  const fresh: ReturnType<typeof assetRow>[] = [];
  const definitions: SnapshotAsset[] = [];
  const replacedDefinitions: string[] = [];
  for (const asset of assets) {
    const inference = inferred.get(asset.uniqueId);
    const row = assetRow(asset, inference);
    const existing = stored.assets.get(asset.uniqueId);
    if (!existing) {
      fresh.push(row);
      if (asset.definition) definitions.push(asset);
      continue;
    }
    ids.set(asset.uniqueId, existing.id);
    // The definition is part of the content hash: an unchanged hash means an unchanged definition.
    if (existing.contentHash !== row.contentHash || existing.removedAt) {
      replacedDefinitions.push(existing.id);
      if (asset.definition) definitions.push(asset);
    }
    if (existing.contentHash !== row.contentHash || existing.removedAt || inference) {
      await writer.flush();
      await tx.asset.update({
        where: { tenantId_id: { tenantId: scope.tenantId, id: existing.id } },
        data: { ...row, removedAt: null, ...(existing.contentHash !== row.contentHash || existing.removedAt ? { lastChangedAt: scope.now } : {}) },
      });
      counts.assetsChanged += 1;
    }
  }
  const now = scope.now.toISOString();
  const rows = fresh.map((row) => {
    const id = newRowId();
    ids.set(row.uniqueId, id);
    return { diagnostics: [], ...row, id, tenantId: scope.tenantId, projectId: scope.projectId, firstSeenAt: now, lastChangedAt: now };
  });
  await writer.insert("Asset", ASSET_COLUMNS, rows);
  counts.assetsAdded += fresh.length;
  await writeDefinitions(tx, writer, scope.tenantId, definitions, replacedDefinitions, ids);
}

async function writeDefinitions(
  tx: TenantTx,
  writer: BulkWriter,
  tenantId: string,
  assets: SnapshotAsset[],
  replaced: string[],
  ids: Map<string, string>,
): Promise<void> {
  if (replaced.length > 0) {
    await writer.flush();
    await tx.assetDefinition.deleteMany({ where: { assetId: { in: replaced } } });
  }
  const rows = assets.map((asset) => ({
    tenantId,
    assetId: ids.get(asset.uniqueId)!,
    kind: asset.definition!.definitionKind,
    definition: asset.definition,
  }));
  await writer.insert("AssetDefinition", ASSET_DEFINITION_COLUMNS, rows);
}

/** Stored assets the snapshot no longer has are marked removed. */
async function removeVanishedAssets(
  tx: TenantTx,
  writer: BulkWriter,
  scope: { now: Date },
  stored: StoredCatalog,
  ids: Map<string, string>,
  counts: WriteCounts,
): Promise<void> {
  const vanished = [...stored.assets.values()].filter((a) => !a.removedAt && !ids.has(a.uniqueId)).map((a) => a.id);
  if (vanished.length > 0) await writer.flush();
  for (const chunk of chunks(vanished)) {
    await tx.asset.updateMany({ where: { id: { in: chunk } }, data: { removedAt: scope.now, lastChangedAt: scope.now, sqlHash: null } });
  }
  await detachRemoved(tx, vanished, stored);
  counts.assetsRemoved = vanished.length;
}

/** A removed asset keeps its rows as history but takes no part in lineage, declared or inferred. */
async function detachRemoved(tx: TenantTx, removedIds: string[], stored: StoredCatalog): Promise<void> {
  if (removedIds.length === 0) return;
  const removed = new Set(removedIds);
  for (const chunk of chunks(removedIds)) {
    await tx.lineageEdge.deleteMany({ where: { OR: [{ fromAssetId: { in: chunk } }, { toAssetId: { in: chunk } }] } });
    await tx.columnLineageEdge.deleteMany({ where: { OR: [{ fromAssetId: { in: chunk } }, { toAssetId: { in: chunk } }] } });
    await tx.modelColumnDependency.deleteMany({ where: { OR: [{ fromAssetId: { in: chunk } }, { toAssetId: { in: chunk } }] } });
  }
  for (const key of [...stored.edges.keys()]) {
    const [from, to] = key.split("\u0000") as [string, string];
    if (removed.has(from) || removed.has(to)) stored.edges.delete(key);
  }
}

async function writeColumns(
  tx: TenantTx,
  writer: BulkWriter,
  scope: { tenantId: string },
  assets: SnapshotAsset[],
  assetIds: Map<string, string>,
  stored: StoredCatalog,
  counts: WriteCounts,
  { ids: columnIds, definitions, removed }: ColumnsWritten,
): Promise<void> {
  const fresh: Record<string, unknown>[] = [];
  for (const asset of assets) {
    const assetId = assetIds.get(asset.uniqueId)!;
    const existing = stored.columns.get(assetId) ?? new Map();
    const seen = new Set<string>();
    for (const column of asset.columns) {
      seen.add(column.name);
      const contentHash = columnContentHash(column);
      const current = existing.get(column.name);
      const id = current?.id ?? newRowId();
      columnIds.set(pairKey(assetId, column.name), id);
      if (current && current.contentHash === contentHash && !current.removedAt) continue;
      const definition = columnDefinition(column.name, column.description);
      definitions.set(definition.id, { tenantId: scope.tenantId, ...definition });
      const row = {
        name: column.name,
        dataType: column.dataType,
        description: column.description,
        position: column.position,
        tags: column.tags,
        meta: column.meta as Prisma.InputJsonValue,
        constraints: column.constraints as Prisma.InputJsonValue,
        inferred: column.inferred ?? false,
        contentHash,
        definitionId: definition.id,
      };
      if (!current) fresh.push({ ...row, id, tenantId: scope.tenantId, assetId });
      else {
        await writer.flush();
        await tx.column.update({ where: { tenantId_id: { tenantId: scope.tenantId, id: current.id } }, data: { ...row, removedAt: null } });
        counts.columnsWritten += 1;
      }
    }
    for (const [name, column] of existing) if (!seen.has(name) && !column.removedAt) removed.push(column.id);
  }
  counts.columnsWritten += fresh.length;
  await writer.insert("Column", COLUMN_COLUMNS, fresh);
}

async function writeTests(
  tx: TenantTx,
  writer: BulkWriter,
  scope: { tenantId: string; projectId: string },
  snapshot: CatalogSnapshot,
  assetIds: Map<string, string>,
  stored: StoredCatalog,
  counts: WriteCounts,
): Promise<void> {
  let fresh: Record<string, unknown>[] = [];
  const seen = new Set<string>();
  for (const test of snapshot.tests) {
    seen.add(test.uniqueId);
    const row = {
      name: test.name,
      testType: test.testType,
      namespace: test.namespace,
      assetId: test.attachedUniqueId ? (assetIds.get(test.attachedUniqueId) ?? null) : null,
      columnName: test.columnName,
      severity: test.severity,
      kwargs: test.kwargs as Prisma.InputJsonValue,
      dependsOnAssetIds: test.dependsOn.flatMap((uniqueId) => assetIds.get(uniqueId) ?? []),
      contentHash: testContentHash(test),
    };
    const current = stored.tests.get(test.uniqueId);
    if (!current) {
      fresh.push({ ...row, id: newRowId(), uniqueId: test.uniqueId, tenantId: scope.tenantId, projectId: scope.projectId });
      if (fresh.length >= TEST_BATCH) {
        counts.testsWritten += fresh.length;
        await writer.insert("DataTest", TEST_COLUMNS, fresh);
        fresh = [];
      }
    } else if (
      current.contentHash !== row.contentHash ||
      current.removedAt ||
      current.assetId !== row.assetId ||
      current.dependsOnAssetIds.join() !== row.dependsOnAssetIds.join()
    ) {
      await writer.flush();
      await tx.dataTest.update({ where: { tenantId_id: { tenantId: scope.tenantId, id: current.id } }, data: { ...row, removedAt: null } });
      counts.testsWritten += 1;
    }
  }
  const removed = [...stored.tests.values()].filter((t) => !t.removedAt && !seen.has(t.uniqueId)).map((t) => t.id);
  await writer.insert("DataTest", TEST_COLUMNS, fresh);
  if (removed.length > 0) await writer.flush();
  for (const chunk of chunks(removed)) await tx.dataTest.updateMany({ where: { id: { in: chunk } }, data: { removedAt: new Date() } });
  counts.testsWritten += fresh.length + removed.length;
}

/** Owners named by the manifest replace the manifest's earlier ones; owners set through the API stay. */
export async function writeOwners(
  tx: TenantTx,
  scope: { tenantId: string },
  assets: SnapshotAsset[],
  assetIds: Map<string, string>,
  stored: StoredCatalog,
): Promise<void> {
  const people = new Map<string, { key: string; name: string | null; email: string | null; handle: string | null }>();
  const wanted: { assetId: string; key: string }[] = [];
  for (const asset of assets) {
    for (const owner of asset.owners) {
      const key = ownerKey(owner);
      if (!key) continue;
      people.set(key, { key, name: owner.name, email: owner.email?.toLowerCase() ?? null, handle: owner.handle });
      wanted.push({ assetId: assetIds.get(asset.uniqueId)!, key });
    }
  }
  if (people.size > 0) {
    await tx.owner.createMany({ data: [...people.values()].map((p) => ({ ...p, tenantId: scope.tenantId })), skipDuplicates: true });
  }
  const ownerIds = new Map(
    (await tx.owner.findMany({ where: { key: { in: [...people.keys()] } }, select: { id: true, key: true } })).map((o) => [o.key, o.id]),
  );
  const desired = new Set(wanted.map((w) => pairKey(w.assetId, ownerIds.get(w.key)!)));
  const stale = [...stored.manifestOwnerLinks].filter((link) => !desired.has(link));
  for (const link of stale) {
    const [assetId, ownerId] = link.split("\u0000") as [string, string];
    await tx.assetOwner.deleteMany({ where: { assetId, ownerId, source: "MANIFEST" } });
  }
  const added = [...desired].filter((link) => !stored.manifestOwnerLinks.has(link));
  await bulkInsert(
    tx,
    "AssetOwner",
    OWNER_LINK_COLUMNS,
    added.map((link) => {
      const [assetId, ownerId] = link.split("\u0000") as [string, string];
      return { tenantId: scope.tenantId, assetId, ownerId, source: "MANIFEST" };
    }),
    { onConflictDoNothing: true },
  );
}

export function chunks<T>(items: T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
