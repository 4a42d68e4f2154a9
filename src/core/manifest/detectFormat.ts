/**
 * Which format a posted JSON document is: a dbt manifest (its `metadata.dbt_schema_version`
 * names `manifest/vN`) or a native one (`format: "tributary/…"`). Anything else is refused
 * with a hint at what it looks like instead.
 */
import { inputError, type ManifestInputError } from "./inputError.js";
import { isSupportedManifestVersion, parseDbtSchemaId, SUPPORTED_MANIFEST_VERSIONS } from "./dbt/schemaVersion.js";
import { NATIVE_FORMAT } from "./native/nativeManifestSchema.js";

export type DetectedFormat =
  | { ok: true; format: "DBT"; schemaVersion: number }
  | { ok: true; format: "NATIVE" }
  | { ok: false; error: ManifestInputError };

const SUPPORTED_DBT = `a dbt manifest schema v${SUPPORTED_MANIFEST_VERSIONS.min} … v${SUPPORTED_MANIFEST_VERSIONS.max}`;

export function detectFormat(document: unknown): DetectedFormat {
  if (document === null || typeof document !== "object" || Array.isArray(document)) {
    return notAManifest("$", `the document is ${document === null ? "null" : Array.isArray(document) ? "an array" : `a ${typeof document}`}`);
  }
  const record = document as Record<string, unknown>;
  if ("format" in record) return detectNative(record.format);
  const metadata = record.metadata;
  const schemaUrl =
    metadata !== null && typeof metadata === "object" ? (metadata as Record<string, unknown>).dbt_schema_version : undefined;
  if (typeof schemaUrl !== "string") {
    return notAManifest("$", "it has neither metadata.dbt_schema_version (dbt) nor format (Tributary)");
  }
  return detectDbt(schemaUrl);
}

function detectNative(format: unknown): DetectedFormat {
  if (format === NATIVE_FORMAT) return { ok: true, format: "NATIVE" };
  if (typeof format === "string" && format.startsWith("tributary/")) {
    return {
      ok: false,
      error: inputError(
        "UNSUPPORTED_SCHEMA_VERSION",
        "$.format",
        `Unsupported Tributary manifest format "${format}"; this server reads "${NATIVE_FORMAT}".`,
        JSON.stringify(NATIVE_FORMAT),
      ),
    };
  }
  return notAManifest("$.format", `format is ${JSON.stringify(format)}, not "${NATIVE_FORMAT}"`);
}

function detectDbt(schemaUrl: string): DetectedFormat {
  const path = "$.metadata.dbt_schema_version";
  const id = parseDbtSchemaId(schemaUrl);
  if (id === null) return notAManifest(path, `"${schemaUrl}" is not a dbt schema URL`);
  if (id.artifact !== "manifest") {
    return notAManifest(path, `this is a dbt ${id.artifact} artifact (${id.artifact}.json), not manifest.json`);
  }
  if (!isSupportedManifestVersion(id.version)) {
    return {
      ok: false,
      error: inputError(
        "UNSUPPORTED_SCHEMA_VERSION",
        path,
        `dbt manifest schema v${id.version} is not supported; Tributary reads v${SUPPORTED_MANIFEST_VERSIONS.min} … v${SUPPORTED_MANIFEST_VERSIONS.max} (dbt 1.0 … 1.11).`,
        SUPPORTED_DBT,
      ),
    };
  }
  return { ok: true, format: "DBT", schemaVersion: id.version };
}

function notAManifest(path: string, why: string): DetectedFormat {
  return {
    ok: false,
    error: inputError(
      "NOT_A_MANIFEST",
      path,
      `Not a manifest: ${why}. Expected a dbt manifest.json or a Tributary manifest ("format": "${NATIVE_FORMAT}").`,
      `${SUPPORTED_DBT} or "format": "${NATIVE_FORMAT}"`,
    ),
  };
}
