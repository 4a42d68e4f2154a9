/**
 * What the catalog holds for one project now, loaded once per post: the rows (to write only
 * what changed) and the same content as a CatalogSnapshot (to diff against the posted one).
 */
import type { CatalogSnapshot, SnapshotAsset, SnapshotTest } from "../../core/manifest/index.js";
import type { TenantTx } from "../../db/tenantScope.js";
import type { Asset, Column, DataTest, EdgeOrigin, Owner } from "../../generated/prisma/client.js";

export interface StoredCatalog {
  assets: Map<string, Asset>;
  /** assetId → column name → row */
  columns: Map<string, Map<string, Column>>;
  tests: Map<string, DataTest>;
  /** `${assetId}\0${ownerId}` of links that came from manifests */
  manifestOwnerLinks: Set<string>;
  /** assetId → the owners manifests named for it */
  manifestOwners: Map<string, Owner[]>;
  /** `${fromAssetId}\0${toAssetId}` → origin, for edges into this project's assets */
  edges: Map<string, EdgeOrigin>;
}

export const pairKey = (a: string, b: string): string => `${a}\u0000${b}`;

export async function loadStoredCatalog(tx: TenantTx, projectId: string): Promise<StoredCatalog> {
  const [assets, columns, tests, links, edges] = await Promise.all([
    tx.asset.findMany({ where: { projectId } }),
    tx.column.findMany({ where: { asset: { projectId } } }),
    tx.dataTest.findMany({ where: { projectId } }),
    tx.assetOwner.findMany({ where: { source: "MANIFEST", asset: { projectId } }, include: { owner: true } }),
    tx.lineageEdge.findMany({ where: { projectId }, select: { fromAssetId: true, toAssetId: true, origin: true } }),
  ]);
  const columnsByAsset = new Map<string, Map<string, Column>>();
  for (const column of columns) {
    const byName = columnsByAsset.get(column.assetId) ?? new Map<string, Column>();
    byName.set(column.name, column);
    columnsByAsset.set(column.assetId, byName);
  }
  const manifestOwners = new Map<string, Owner[]>();
  for (const link of links) {
    const owners = manifestOwners.get(link.assetId);
    if (owners) owners.push(link.owner);
    else manifestOwners.set(link.assetId, [link.owner]);
  }
  return {
    manifestOwners,
    assets: new Map(assets.map((a) => [a.uniqueId, a])),
    columns: columnsByAsset,
    tests: new Map(tests.map((t) => [t.uniqueId, t])),
    manifestOwnerLinks: new Set(links.map((l) => pairKey(l.assetId, l.ownerId))),
    edges: new Map(edges.map((e) => [pairKey(e.fromAssetId, e.toAssetId), e.origin])),
  };
}

/** The stored, not-removed content as a snapshot, to diff a post against. */
export function storedSnapshot(
  stored: StoredCatalog,
  header: Pick<CatalogSnapshot, "format" | "projectName" | "adapter" | "schemaVersion">,
): CatalogSnapshot {
  const live = [...stored.assets.values()].filter((a) => !a.removedAt);
  const uniqueIdOf = new Map([...stored.assets.values()].map((a) => [a.id, a.uniqueId]));
  const assets: SnapshotAsset[] = live.map((a) => ({
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
    columns: [...(stored.columns.get(a.id)?.values() ?? [])]
      .filter((c) => !c.removedAt)
      .map((c) => ({
        name: c.name,
        dataType: c.dataType,
        description: c.description,
        position: c.position,
        tags: c.tags,
        meta: c.meta as Record<string, unknown>,
        constraints: c.constraints as unknown[],
      })),
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
      dependsOn: [],
    }));
  const edges = [...stored.edges.entries()]
    .filter(([, origin]) => origin !== "INFERRED")
    .map(([key]) => key.split("\u0000") as [string, string])
    .map(([from, to]) => ({ from: uniqueIdOf.get(from)!, to: uniqueIdOf.get(to)! }))
    .filter((e) => e.from && e.to);
  return { ...header, assets, tests, edges, runResults: [], diagnostics: [] };
}
