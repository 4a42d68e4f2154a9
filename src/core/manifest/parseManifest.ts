/**
 * The one entry point from posted documents to a CatalogSnapshot: detect the format, validate
 * every document with zod (the first problem becomes the single error), normalize, then refuse
 * what is ambiguous (a unique id used twice) or too large to store (fieldLimits.ts).
 *
 * Documents must nest at most MAX_JSON_DEPTH levels: readJsonDocument checks that for text, and
 * `findTooDeepDocument` for values parsed elsewhere. Normalization and checksums recurse into
 * free-form values (meta, test arguments), and that bound is what keeps them off the stack's end.
 */
import type { z } from "zod";
import { dbtCatalogSchema, type DbtCatalog } from "./dbt/catalogSchema.js";
import { dbtManifestSchema } from "./dbt/manifestSchema.js";
import { normalizeDbtManifest } from "./dbt/normalizeDbtManifest.js";
import { dbtRunResultsSchema, type DbtRunResults } from "./dbt/runResultsSchema.js";
import { parseDbtSchemaId } from "./dbt/schemaVersion.js";
import { detectFormat } from "./detectFormat.js";
import { INVALID_CODE_OF, inputError, type DocumentRole, type ManifestInputError, type ParseResult } from "./inputError.js";
import { DEFAULT_LAYER_RULES, type LayerRules } from "./layerRules.js";
import { nativeManifestSchema } from "./native/nativeManifestSchema.js";
import { normalizeNativeManifest } from "./native/normalizeNativeManifest.js";
import { readJsonDocument } from "./readJsonDocument.js";
import { zodErrorToInputError } from "./zodIssue.js";
import { findDuplicateDbtId, findDuplicateSnapshotId } from "./duplicateIds.js";
import { DEFAULT_FIELD_LIMITS, findOversizedField, type FieldLimits } from "./fieldLimits.js";
import { validateLeniently, type LenientResult, type LenientScope } from "./lenientValidation.js";
import { CATALOG_SCOPE, MANIFEST_SCOPE, RUN_RESULTS_SCOPE } from "./dbt/lenientScopes.js";
import { MAX_JSON_DEPTH } from "../json/jsonStructure.js";
import { findTooDeepValue } from "../json/valueDepth.js";

export interface ManifestInput {
  /** A parsed dbt manifest.json or native manifest. */
  manifest: unknown;
  /** dbt run_results.json, parsed; dbt manifests only. */
  runResults?: unknown;
  /** dbt catalog.json, parsed; dbt manifests only. */
  catalog?: unknown;
  /** The tenant's layer rules; DESIGN.md's default when absent. */
  layerRules?: LayerRules;
  /** The largest field sizes accepted; DEFAULT_FIELD_LIMITS when absent. */
  fieldLimits?: FieldLimits;
}

export interface ManifestTextInput {
  manifest: string;
  runResults?: string;
  catalog?: string;
  layerRules?: LayerRules;
  fieldLimits?: FieldLimits;
}

type Validated<T> = { ok: true; value: T } | { ok: false; error: ManifestInputError };

export function parseManifest(input: ManifestInput): ParseResult {
  const detected = detectFormat(input.manifest);
  if (!detected.ok) return detected;
  const layerRules = input.layerRules ?? DEFAULT_LAYER_RULES;
  const parsed = detected.format === "NATIVE" ? parseNative(input, layerRules) : parseDbt(input, detected.schemaVersion, layerRules);
  if (!parsed.ok) return parsed;
  const refused = findDuplicateSnapshotId(parsed.snapshot) ?? findOversizedField(parsed.snapshot, input.fieldLimits ?? DEFAULT_FIELD_LIMITS);
  return refused ? { ok: false, error: refused } : parsed;
}

/** The first posted document nested deeper than MAX_JSON_DEPTH, for values that did not come through readJsonDocument. */
export function findTooDeepDocument(input: Pick<ManifestInput, "manifest" | "runResults" | "catalog">): ManifestInputError | null {
  for (const role of ["manifest", "run_results", "catalog"] as const) {
    const path = findTooDeepValue(role === "manifest" ? input.manifest : role === "run_results" ? input.runResults : input.catalog, MAX_JSON_DEPTH);
    if (path !== null) {
      return inputError(INVALID_CODE_OF[role], path, `The ${role} nests deeper than ${MAX_JSON_DEPTH} levels at ${path}.`, `at most ${MAX_JSON_DEPTH} levels of nested objects and arrays`);
    }
  }
  return null;
}

function parseNative(input: ManifestInput, layerRules: LayerRules): ParseResult {
  const manifest = validate(nativeManifestSchema, input.manifest, "manifest");
  if (!manifest.ok) return manifest;
  const snapshot = normalizeNativeManifest(manifest.value, layerRules);
  if (input.runResults !== undefined || input.catalog !== undefined) {
    snapshot.diagnostics.push({
      code: "DBT_ARTIFACTS_IGNORED",
      severity: "warning",
      message: "run_results.json and catalog.json belong to dbt manifests; with a Tributary manifest they were ignored.",
    });
  }
  return { ok: true, snapshot };
}

/** dbt artifacts are read leniently (lenientValidation.ts): what dbt wrote is not refused over one value. */
function parseDbt(input: ManifestInput, schemaVersion: number, layerRules: LayerRules): ParseResult {
  const manifest = validateLeniently(dbtManifestSchema, input.manifest, "manifest", MANIFEST_SCOPE);
  if (!manifest.ok) return manifest;
  const duplicate = findDuplicateDbtId(manifest.value);
  if (duplicate) return { ok: false, error: duplicate };
  const runResults = validateArtifact<DbtRunResults>(dbtRunResultsSchema, input.runResults, "run_results", "run-results", RUN_RESULTS_SCOPE);
  if (!runResults.ok) return runResults;
  const catalog = validateArtifact<DbtCatalog>(dbtCatalogSchema, input.catalog, "catalog", "catalog", CATALOG_SCOPE);
  if (!catalog.ok) return catalog;
  const snapshot = normalizeDbtManifest({
    manifest: manifest.value,
    schemaVersion,
    runResults: runResults.value,
    catalog: catalog.value,
    layerRules,
  });
  snapshot.diagnostics.unshift(...manifest.diagnostics, ...runResults.diagnostics, ...catalog.diagnostics);
  return { ok: true, snapshot };
}

/** The same, from JSON text: a truncated or malformed document gets its own clear error. */
export function parseManifestText(input: ManifestTextInput): ParseResult {
  const manifest = readJsonDocument(input.manifest, "manifest");
  if (!manifest.ok) return manifest;
  const runResults = input.runResults === undefined ? undefined : readJsonDocument(input.runResults, "run_results");
  if (runResults?.ok === false) return runResults;
  const catalog = input.catalog === undefined ? undefined : readJsonDocument(input.catalog, "catalog");
  if (catalog?.ok === false) return catalog;
  return parseManifest({
    manifest: manifest.value,
    runResults: runResults?.value,
    catalog: catalog?.value,
    layerRules: input.layerRules,
    fieldLimits: input.fieldLimits,
  });
}

function validate<S extends z.ZodType>(schema: S, document: unknown, role: DocumentRole): Validated<z.output<S>> {
  const parsed = schema.safeParse(document);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, error: zodErrorToInputError(parsed.error, document, role) };
}

/** An optional dbt artifact: absent is fine; present, it must be the artifact it claims to be. */
export function validateArtifact<T>(
  schema: z.ZodType<T>,
  document: unknown,
  role: DocumentRole,
  artifact: string,
  scope: LenientScope,
): LenientResult<T | undefined> {
  if (document === undefined || document === null) return { ok: true, value: undefined, diagnostics: [] };
  const schemaUrl = (document as { metadata?: { dbt_schema_version?: unknown } }).metadata?.dbt_schema_version;
  const id = typeof schemaUrl === "string" ? parseDbtSchemaId(schemaUrl) : null;
  if (id !== null && id.artifact !== artifact) {
    return {
      ok: false,
      error: inputError(
        INVALID_CODE_OF[role],
        "$.metadata.dbt_schema_version",
        `The document posted as ${role} is a dbt ${id.artifact} artifact, not ${artifact}.`,
        `a dbt ${artifact} schema URL`,
      ),
    };
  }
  return validateLeniently(schema, document, role, scope);
}
