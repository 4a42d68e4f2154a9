/**
 * Content hashes of a snapshot. `snapshotChecksum` tells an identical post (same assets, columns,
 * tests, edges and run results, in any order) from a changed one; the per-row hashes let storage
 * write only the rows that changed.
 */
import { createHash } from "node:crypto";
import { canonicalJson, sha256Hex } from "./canonicalJson.js";
import { ownerKey } from "./owners.js";
import type { CatalogSnapshot, SnapshotAsset, SnapshotColumn, SnapshotEdge, SnapshotOwner, SnapshotTest } from "./snapshot.js";

/**
 * sha256 over the canonical form of everything but diagnostics (they explain the input and may
 * be worded differently by a later Tributary without the catalog having changed). Order never
 * matters: assets, columns, tests, edges, owners and run results are sorted first, object keys
 * by RFC 8785. Hashed asset by asset, so a 20k-model snapshot never becomes one huge string.
 */
export function snapshotChecksum(snapshot: CatalogSnapshot): string {
  const hash = createHash("sha256");
  const line = (value: unknown): void => {
    hash.update(canonicalJson(value));
    hash.update("\n");
  };
  line({
    format: snapshot.format,
    projectName: snapshot.projectName,
    adapter: snapshot.adapter,
    schemaVersion: snapshot.schemaVersion,
  });
  for (const asset of byKey(snapshot.assets, (a) => a.uniqueId)) line(canonicalAsset(asset));
  for (const test of byKey(snapshot.tests, (t) => t.uniqueId)) line(test);
  line(byKey(snapshot.edges, edgeKey));
  line(byKey(snapshot.runResults, (r) => `${r.uniqueId}\u0000${r.completedAt ?? ""}`));
  return hash.digest("hex");
}

/** Hash of an asset's own fields and owners, without its columns (they are hashed one by one). */
export function assetContentHash(asset: SnapshotAsset): string {
  const { columns: _columns, ...fields } = asset;
  return sha256Hex(canonicalJson({ ...fields, owners: sortedOwners(asset.owners) }));
}

export function columnContentHash(column: SnapshotColumn): string {
  return sha256Hex(canonicalJson(column));
}

export function testContentHash(test: SnapshotTest): string {
  return sha256Hex(canonicalJson(test));
}

export function edgeKey(edge: SnapshotEdge): string {
  return `${edge.from}\u0000${edge.to}`;
}

function canonicalAsset(asset: SnapshotAsset): unknown {
  return {
    ...asset,
    owners: sortedOwners(asset.owners),
    columns: byKey(asset.columns, (c) => c.name),
  };
}

function sortedOwners(owners: readonly SnapshotOwner[]): SnapshotOwner[] {
  return byKey(owners, ownerKey);
}

function byKey<T>(items: readonly T[], key: (item: T) => string): T[] {
  return items
    .map((item) => [key(item), item] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, item]) => item);
}
