/**
 * Content hashes of a snapshot. `snapshotChecksum` tells an identical post (same assets, columns,
 * tests, edges and run results, in any order, with object keys in any order) from a changed one;
 * the per-row hashes let storage write only the rows that changed.
 *
 * Each row is written as a JSON array of its fields in the fixed order of the serializers below,
 * so the order of keys in the row object never matters and no keys need sorting; only free-form
 * values (meta, kwargs, constraints) go through canonical key sorting. The serializers are typed
 * to name every field, so a field added to the snapshot type cannot be forgotten here.
 */
import { createHash } from "node:crypto";
import { sha256Hex, sortedKeys } from "../canonicalJson.js";
import { ownerKey } from "./owners.js";
import type {
  CatalogSnapshot,
  SnapshotAsset,
  SnapshotColumn,
  SnapshotEdge,
  SnapshotOwner,
  SnapshotRunResult,
  SnapshotTest,
} from "./snapshot.js";
import { compareText } from "../compareText.js";

type Fields<T> = { [K in keyof Required<T>]: (value: T[K]) => unknown };

const asIs = <T>(value: T): T => value;

const OWNER: Fields<SnapshotOwner> = { name: asIs, email: asIs, handle: asIs };

const COLUMN: Fields<SnapshotColumn> = {
  name: asIs,
  dataType: asIs,
  description: asIs,
  position: asIs,
  tags: asIs,
  meta: sortedKeys,
  constraints: sortedKeys,
  inferred: asIs,
};

const ASSET_WITHOUT_COLUMNS: Fields<Omit<SnapshotAsset, "columns">> = {
  uniqueId: asIs,
  name: asIs,
  kind: asIs,
  layer: asIs,
  packageName: asIs,
  database: asIs,
  schema: asIs,
  relationName: asIs,
  materialization: asIs,
  description: asIs,
  rawSql: asIs,
  compiledSql: asIs,
  language: asIs,
  filePath: asIs,
  checksum: asIs,
  tags: asIs,
  meta: sortedKeys,
  contractEnforced: asIs,
  access: asIs,
  version: asIs,
  latestVersion: asIs,
  groupName: asIs,
  subtype: asIs,
  url: asIs,
  owners: (owners) => byKey(owners, ownerKey).map((owner) => row(OWNER, owner)),
  definition: (definition) => (definition === undefined ? undefined : sortedKeys(definition)),
};

const TEST: Fields<SnapshotTest> = {
  uniqueId: asIs,
  name: asIs,
  testType: asIs,
  namespace: asIs,
  attachedUniqueId: asIs,
  columnName: asIs,
  severity: asIs,
  kwargs: sortedKeys,
  dependsOn: asIs,
};

const RUN_RESULT: Fields<SnapshotRunResult> = {
  uniqueId: asIs,
  status: asIs,
  executionTime: asIs,
  failures: asIs,
  // Absent when unknown, so results without it hash as they did before it was read.
  rowsAffected: (rows) => rows ?? undefined,
  message: asIs,
  completedAt: asIs,
};

/**
 * sha256 over every row of the snapshot but its diagnostics (they explain the input and may be
 * worded differently by a later Tributary without the catalog having changed). Hashed row by
 * row, so a 20k-model snapshot never becomes one huge string.
 */
export function snapshotChecksum(snapshot: CatalogSnapshot): string {
  const hash = createHash("sha256");
  const line = (value: unknown): void => {
    hash.update(JSON.stringify(value));
    hash.update("\n");
  };
  line([snapshot.format, snapshot.projectName, snapshot.adapter, snapshot.schemaVersion]);
  for (const asset of byKey(snapshot.assets, (a) => a.uniqueId)) {
    line(row(ASSET_WITHOUT_COLUMNS, asset));
    line(byKey(asset.columns, (c) => c.name).map((column) => row(COLUMN, column)));
  }
  for (const test of byKey(snapshot.tests, (t) => t.uniqueId)) line(row(TEST, test));
  line(byKey(snapshot.edges, edgeKey).map((edge) => [edge.from, edge.to]));
  if (snapshot.meshEdges?.length) line(byKey(snapshot.meshEdges, edgeKey).map((edge) => [edge.from, edge.to]));
  for (const result of byKey(snapshot.runResults, (r) => `${r.uniqueId}\u0000${r.completedAt ?? ""}`)) {
    line(row(RUN_RESULT, result));
  }
  return hash.digest("hex");
}

/** Hash of an asset's own fields and owners, without its columns (they are hashed one by one). */
export function assetContentHash(asset: SnapshotAsset): string {
  return sha256Hex(JSON.stringify(row(ASSET_WITHOUT_COLUMNS, asset)));
}

export function columnContentHash(column: SnapshotColumn): string {
  return sha256Hex(JSON.stringify(row(COLUMN, column)));
}

export function testContentHash(test: SnapshotTest): string {
  return sha256Hex(JSON.stringify(row(TEST, test)));
}

export function edgeKey(edge: SnapshotEdge): string {
  return `${edge.from}\u0000${edge.to}`;
}

/** An optional field left out adds nothing, so hashes of rows without it stay as they were. */
function row<T>(fields: Fields<T>, value: T): unknown[] {
  const values: unknown[] = [];
  for (const key in fields) {
    const serialized = fields[key](value[key]);
    if (serialized !== undefined) values.push(serialized);
  }
  return values;
}

function byKey<T>(items: readonly T[], key: (item: T) => string): T[] {
  return items
    .map((item) => [key(item), item] as const)
    .sort(([a], [b]) => compareText(a, b))
    .map(([, item]) => item);
}
