/**
 * Size limits per field of a snapshot, in UTF-8 bytes, checked before anything is stored: one
 * 50 MB description would otherwise live in the database, the search index and every cache.
 * The defaults admit real dbt projects with room to spare: the largest model files seen are
 * about 750 KB (compiled SQL can be several times its source), and meta objects of a few
 * hundred KB occur. The environment variables named here change them (see src/config.ts).
 */
import { assetLocation, testLocation } from "./assetLocation.js";
import { inputError, type DocumentRole, type ManifestInputError } from "./inputError.js";
import type { CatalogSnapshot, SnapshotAsset } from "./snapshot.js";

export interface FieldLimits {
  /** Unique ids, names, database/schema/relation names, paths, URLs, tags, owners, test names. */
  name: number;
  /** Descriptions of assets and columns, column data types, test result messages. */
  description: number;
  /** An asset's raw and compiled SQL, each. */
  sql: number;
  /** An asset's or column's meta, a column's constraints, a test's arguments: as JSON. */
  meta: number;
}

export type FieldCategory = keyof FieldLimits;

const KiB = 1024;
const MiB = 1024 * KiB;

export const DEFAULT_FIELD_LIMITS: Readonly<FieldLimits> = { name: 4 * KiB, description: 1 * MiB, sql: 8 * MiB, meta: 1 * MiB };

export const FIELD_LIMIT_VARIABLES: Readonly<Record<FieldCategory, string>> = {
  name: "TRIBUTARY_MAX_NAME",
  description: "TRIBUTARY_MAX_DESCRIPTION",
  sql: "TRIBUTARY_MAX_SQL",
  meta: "TRIBUTARY_MAX_META",
};

interface Field {
  role: DocumentRole;
  /** Where the node is written in its document. */
  location: string;
  node: string;
  /** The field, in words a reader finds in the document (`description`, `columns.amount.meta`). */
  field: string;
  category: FieldCategory;
  value: unknown;
}

/** The first field over its limit, as the error the post gets; null when every field fits. */
export function findOversizedField(snapshot: CatalogSnapshot, limits: FieldLimits): ManifestInputError | null {
  for (const field of fieldsOf(snapshot)) {
    const limit = limits[field.category];
    const size = sizeOver(field.value, limit);
    if (size === null) continue;
    return {
      ...inputError(
        field.role === "manifest" ? "INVALID_MANIFEST" : "INVALID_RUN_RESULTS",
        field.location,
        `${field.node}: ${field.field} is ${formatBytes(size)}, over the limit of ${formatBytes(limit)} for ${field.category} fields (${FIELD_LIMIT_VARIABLES[field.category]}).`,
        `at most ${formatBytes(limit)}`,
      ),
      node: field.node,
      field: field.field,
    };
  }
  return null;
}

function* fieldsOf(snapshot: CatalogSnapshot): Generator<Field> {
  const manifestField = (location: string, node: string) => (field: string, category: FieldCategory, value: unknown): Field => ({ role: "manifest", location, node, field, category, value });
  for (const asset of snapshot.assets) {
    const at = manifestField(assetLocation(snapshot.format, asset), asset.uniqueId);
    yield* assetFields(asset, at);
  }
  const assetsById = new Map(snapshot.assets.map((asset) => [asset.uniqueId, asset]));
  for (const test of snapshot.tests) {
    const at = manifestField(testLocation(snapshot.format, test, assetsById), test.uniqueId);
    yield* [at("unique_id", "name", test.uniqueId), at("name", "name", test.name), at("test type", "name", test.testType), at("namespace", "name", test.namespace), at("column name", "name", test.columnName), at("arguments", "meta", test.kwargs)];
    for (const parent of test.dependsOn) yield at("depends_on", "name", parent);
  }
  for (const result of snapshot.runResults) {
    yield { role: "run_results", location: `$.results[?(@.unique_id==${JSON.stringify(result.uniqueId)})]`, node: result.uniqueId, field: "message", category: "description", value: result.message };
  }
}

function* assetFields(asset: SnapshotAsset, at: (field: string, category: FieldCategory, value: unknown) => Field): Generator<Field> {
  const names = ["uniqueId", "name", "packageName", "database", "schema", "relationName", "materialization", "language", "filePath", "checksum", "access", "version", "latestVersion", "groupName", "subtype", "url"] as const;
  for (const key of names) yield at(key, "name", asset[key]);
  yield at("description", "description", asset.description);
  yield at("raw SQL", "sql", asset.rawSql);
  yield at("compiled SQL", "sql", asset.compiledSql);
  yield at("meta", "meta", asset.meta);
  for (const tag of asset.tags) yield at("tags", "name", tag);
  for (const owner of asset.owners) yield* [at("owners", "name", owner.name), at("owners", "name", owner.email), at("owners", "name", owner.handle)];
  for (const column of asset.columns) {
    const field = `columns.${column.name.length > 100 ? `${column.name.slice(0, 100)}…` : column.name}`;
    yield at(`${field} (its name)`, "name", column.name);
    yield at(`${field}.dataType`, "description", column.dataType);
    yield at(`${field}.description`, "description", column.description);
    yield at(`${field}.meta`, "meta", column.meta);
    yield at(`${field}.constraints`, "meta", column.constraints);
    for (const tag of column.tags) yield at(`${field}.tags`, "name", tag);
  }
}

/** The value's size in UTF-8 bytes when it is over `limit`, else null. Objects count as JSON. */
function sizeOver(value: unknown, limit: number): number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "string") {
    // A UTF-16 unit is 1 to 3 UTF-8 bytes: most strings are settled without counting.
    if (value.length * 3 <= limit) return null;
    const size = Buffer.byteLength(value, "utf8");
    return size > limit ? size : null;
  }
  if (typeof value !== "object" || isEmpty(value)) return null;
  const size = Buffer.byteLength(JSON.stringify(value), "utf8");
  return size > limit ? size : null;
}

function isEmpty(value: object): boolean {
  for (const _key in value) return false;
  return true;
}

function formatBytes(bytes: number): string {
  if (bytes >= MiB) return `${(bytes / MiB).toFixed(1)} MB`;
  if (bytes >= KiB) return `${(bytes / KiB).toFixed(1)} KB`;
  return `${bytes} bytes`;
}
