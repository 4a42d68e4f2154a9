/**
 * One unique id, one resource. dbt keys its resources by unique id, so a manifest dbt wrote never
 * repeats one (a repeated key is refused with the JSON text, see core/json/jsonStructure.ts); a
 * hand-edited one can name the same id under two keys. A native manifest can list the same test
 * twice on a column. Either way which one is meant is ambiguous, so the post is refused, naming both.
 */
import { assetLocation, testLocation } from "./assetLocation.js";
import { inputError, type ManifestInputError } from "./inputError.js";
import { formatJsonPath } from "./jsonPath.js";
import type { DbtManifest } from "./dbt/manifestSchema.js";
import type { CatalogSnapshot } from "./snapshot.js";

export const DBT_RESOURCE_MAPS = ["nodes", "sources", "exposures", "metrics", "semantic_models"] as const;

export function findDuplicateDbtId(manifest: DbtManifest): ManifestInputError | null {
  const firstPath = new Map<string, string>();
  for (const map of DBT_RESOURCE_MAPS) {
    for (const [key, resource] of Object.entries(manifest[map] ?? {})) {
      const id = "role" in resource ? resource.node.unique_id : resource.unique_id;
      const path = formatJsonPath([map, key]);
      const first = firstPath.get(id);
      if (first !== undefined) return duplicate(id, first, path, "unique_id");
      firstPath.set(id, path);
    }
  }
  return null;
}

/** Assets and tests of a normalized snapshot (what a native manifest's names and tests make). */
export function findDuplicateSnapshotId(snapshot: CatalogSnapshot): ManifestInputError | null {
  const assets = new Map(snapshot.assets.map((asset) => [asset.uniqueId, asset]));
  const located = [
    ...snapshot.assets.map((asset) => ({ id: asset.uniqueId, path: assetLocation(snapshot.format, asset) })),
    ...snapshot.tests.map((test) => ({ id: test.uniqueId, path: testLocation(snapshot.format, test, assets) })),
  ];
  const firstPath = new Map<string, string>();
  for (const { id, path } of located) {
    const first = firstPath.get(id);
    if (first !== undefined) return duplicate(id, first, path, "id");
    firstPath.set(id, path);
  }
  return null;
}

function duplicate(id: string, first: string, second: string, what: string): ManifestInputError {
  const where = first === second ? `twice at ${first}` : `at ${first} and at ${second}`;
  return {
    ...inputError("INVALID_MANIFEST", second, `Two resources have the ${what} "${id}", ${where}: a unique id names one resource; remove or rename one.`, `a ${what} used once`),
    node: id,
  };
}
