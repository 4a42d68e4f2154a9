/**
 * Where each dbt artifact's values may be repaired rather than refused (see lenientValidation.ts):
 * inside one resource, or inside `metadata` but for the schema version that says what the
 * document is.
 */
import { valueAtPath } from "../jsonPath.js";
import type { LenientScope, ResourceAt } from "../lenientValidation.js";
import { DBT_RESOURCE_MAPS } from "../duplicateIds.js";

type Path = readonly PropertyKey[];

const MANIFEST_RESOURCE_MAPS: ReadonlySet<PropertyKey> = new Set([...DBT_RESOURCE_MAPS, "groups"]);
const CATALOG_TABLE_MAPS: ReadonlySet<PropertyKey> = new Set(["nodes", "sources"]);

/** Inside `metadata`, every field but `dbt_schema_version` belongs to no resource and may be repaired. */
function inMetadata(path: Path): ResourceAt | null {
  return path[0] === "metadata" && path.length >= 2 && path[1] !== "dbt_schema_version" ? { depth: 1, uniqueId: undefined } : null;
}

/** `{map: {unique_id: resource}}`, the shape of the manifest's and catalog's resources. */
function inKeyedResource(maps: ReadonlySet<PropertyKey>, path: Path): ResourceAt | null {
  return path.length >= 3 && maps.has(path[0]!) ? { depth: 2, uniqueId: String(path[1]) } : null;
}

export const MANIFEST_SCOPE: LenientScope = {
  resourceAt: (path) => inKeyedResource(MANIFEST_RESOURCE_MAPS, path) ?? inMetadata(path),
  isConfig: (path) => MANIFEST_RESOURCE_MAPS.has(path[0]!) && path[2] === "config",
};

export const CATALOG_SCOPE: LenientScope = {
  resourceAt: (path) => inKeyedResource(CATALOG_TABLE_MAPS, path) ?? inMetadata(path),
  isConfig: () => false,
};

export const RUN_RESULTS_SCOPE: LenientScope = {
  resourceAt(path, document) {
    if (path[0] !== "results" || path.length < 3) return inMetadata(path);
    const uniqueId = valueAtPath(document, ["results", path[1]!, "unique_id"]);
    return { depth: 2, uniqueId: typeof uniqueId === "string" ? uniqueId : undefined };
  },
  isConfig: () => false,
};
