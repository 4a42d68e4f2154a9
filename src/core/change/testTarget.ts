/** Which asset and columns a data test checks. */
import type { CatalogSnapshot, SnapshotTest } from "../manifest/snapshot.js";

/** dbt's attached_node; tests without one (singular tests) belong to what they depend on first. */
export function testedAssetOf(test: SnapshotTest): string {
  return test.attachedUniqueId ?? test.dependsOn[0] ?? test.uniqueId;
}

/** The lower-cased columns a test covers: its column, or the columns of a multi-column test. */
export function testedColumnsOf(test: SnapshotTest): string[] {
  const listed = test.kwargs["combination_of_columns"] ?? test.kwargs["column_names"];
  const columns = Array.isArray(listed) ? listed.filter((c): c is string => typeof c === "string") : [];
  if (test.columnName !== null) columns.push(test.columnName);
  return [...new Set(columns.map((c) => c.toLowerCase()))];
}

export function testsByAsset(snapshot: CatalogSnapshot): Map<string, SnapshotTest[]> {
  const byAsset = new Map<string, SnapshotTest[]>();
  for (const test of snapshot.tests) {
    const id = testedAssetOf(test);
    const list = byAsset.get(id);
    if (list === undefined) byAsset.set(id, [test]);
    else list.push(test);
  }
  return byAsset;
}
