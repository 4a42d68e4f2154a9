/**
 * Where in the posted document an asset or test of the snapshot was written, as a JSON path, so
 * that an error found after normalization still points at what to fix. dbt keys its resources by
 * unique id; native resources are found by name (RFC 9535 filter selectors).
 */
import { formatJsonPath } from "./jsonPath.js";
import type { AssetKind, ManifestFormat, SnapshotAsset, SnapshotTest } from "./snapshot.js";

/** OpenLineage's kinds never come from a manifest. */
const DBT_COLLECTION: Readonly<Record<Exclude<AssetKind, "DATASET" | "JOB">, string>> = {
  MODEL: "nodes",
  SEED: "nodes",
  SNAPSHOT: "nodes",
  SOURCE: "sources",
  EXPOSURE: "exposures",
  METRIC: "metrics",
  SEMANTIC_MODEL: "semantic_models",
  SAVED_QUERY: "saved_queries",
};

const NATIVE_COLLECTION: Partial<Readonly<Record<AssetKind, string>>> = { EXPOSURE: "exposures", METRIC: "metrics" };

const named = (name: string) => `[?(@.name==${JSON.stringify(name)})]`;

export function assetLocation(format: ManifestFormat, asset: Pick<SnapshotAsset, "uniqueId" | "name" | "kind">): string {
  if (format === "DBT") return formatJsonPath([DBT_COLLECTION[asset.kind as keyof typeof DBT_COLLECTION] ?? "nodes", asset.uniqueId]);
  if (asset.kind === "SOURCE") {
    // source.<project>.<source>.<table>; names have no dots in a native manifest.
    const source = asset.uniqueId.split(".")[2] ?? "";
    return `$.sources${named(source)}.tables${named(asset.name)}`;
  }
  return `$.${NATIVE_COLLECTION[asset.kind] ?? "models"}${named(asset.name)}`;
}

/** A native test is written on its asset (or column), or in `tests` when it is singular. */
export function testLocation(format: ManifestFormat, test: SnapshotTest, assets: ReadonlyMap<string, SnapshotAsset>): string {
  if (format === "DBT") return formatJsonPath(["nodes", test.uniqueId]);
  const asset = test.attachedUniqueId === null ? undefined : assets.get(test.attachedUniqueId);
  if (asset === undefined) return `$.tests${named(test.name)}`;
  const on = assetLocation(format, asset);
  return test.columnName === null ? `${on}.tests` : `${on}.columns${named(test.columnName)}.tests`;
}
