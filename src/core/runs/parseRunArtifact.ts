/**
 * A production artifact posted on its own (no manifest): run_results.json or sources.json →
 * run facts, or the one input error it gets. Read leniently like the manifest's artifacts: one
 * value dbt wrote oddly skips that result, with a diagnostic, instead of refusing the post.
 */
import { RUN_RESULTS_SCOPE } from "../manifest/dbt/lenientScopes.js";
import { dbtRunResultsSchema, type DbtRunResults } from "../manifest/dbt/runResultsSchema.js";
import { parseDbtSchemaId } from "../manifest/dbt/schemaVersion.js";
import { inputError, INVALID_CODE_OF, type ManifestInputError } from "../manifest/inputError.js";
import { validateArtifact } from "../manifest/parseManifest.js";
import { runFactsFromRunResults, runFactsFromSources, type DbtRunFacts } from "./dbtRunFacts.js";
import { dbtSourcesSchema, SUPPORTED_SOURCES_VERSIONS, type DbtSources } from "./sourcesSchema.js";

export type RunArtifactKind = "run_results" | "sources";
export type ParsedRunArtifact = { ok: true; facts: DbtRunFacts } | { ok: false; error: ManifestInputError };

export function parseRunArtifact(kind: RunArtifactKind, document: unknown): ParsedRunArtifact {
  if (document === undefined || document === null || typeof document !== "object" || Array.isArray(document)) {
    return { ok: false, error: inputError(INVALID_CODE_OF[kind], "$", `Expected the ${kind === "sources" ? "sources.json" : "run_results.json"} document (a JSON object).`, "a JSON object") };
  }
  if (kind === "sources") {
    const version = parseDbtSchemaId(String((document as { metadata?: { dbt_schema_version?: unknown } }).metadata?.dbt_schema_version ?? ""));
    if (version !== null && version.artifact === "sources" && (version.version < SUPPORTED_SOURCES_VERSIONS.min || version.version > SUPPORTED_SOURCES_VERSIONS.max)) {
      return {
        ok: false,
        error: inputError("UNSUPPORTED_SCHEMA_VERSION", "$.metadata.dbt_schema_version", `sources.json schema v${version.version} is not supported (v${SUPPORTED_SOURCES_VERSIONS.min} … v${SUPPORTED_SOURCES_VERSIONS.max} are).`, `sources v${SUPPORTED_SOURCES_VERSIONS.min} … v${SUPPORTED_SOURCES_VERSIONS.max}`),
      };
    }
    const sources = validateArtifact<DbtSources>(dbtSourcesSchema, document, "sources", "sources", RUN_RESULTS_SCOPE);
    if (!sources.ok) return sources;
    return { ok: true, facts: withDiagnostics(runFactsFromSources(sources.value!), sources.diagnostics) };
  }
  const runResults = validateArtifact<DbtRunResults>(dbtRunResultsSchema, document, "run_results", "run-results", RUN_RESULTS_SCOPE);
  if (!runResults.ok) return runResults;
  return { ok: true, facts: withDiagnostics(runFactsFromRunResults(runResults.value!), runResults.diagnostics) };
}

function withDiagnostics(facts: DbtRunFacts, diagnostics: DbtRunFacts["diagnostics"]): DbtRunFacts {
  return { ...facts, diagnostics: [...diagnostics, ...facts.diagnostics] };
}
