/**
 * dbt's production artifacts posted on their own (REST `POST /api/v1/runs`, `tributary push
 * --run-results/--sources` without a manifest): each is read into run facts, and all of them
 * are recorded in one call of recordRuns.
 */
import type { Diagnostic } from "../../core/diagnostic.js";
import { parseDbtSchemaId } from "../../core/manifest/dbt/schemaVersion.js";
import { inputError } from "../../core/manifest/inputError.js";
import { parseRunArtifact, type RunArtifactKind } from "../../core/runs/parseRunArtifact.js";
import type { DbtTestOutcome } from "../../core/runs/dbtRunFacts.js";
import type { RunFactInput } from "../../core/runs/runFact.js";
import type { TenantContext } from "../actor.js";
import { manifestError } from "../ingest/ingestManifest.js";
import { recordRuns, type RecordRunsOptions, type RecordRunsResult } from "./recordRuns.js";

export interface RunArtifactsPost {
  project?: string | null;
  runResults?: unknown;
  sources?: unknown;
  /** Run facts from any other producer, as recordRuns takes them. */
  runs?: RunFactInput[];
}

export async function recordRunArtifacts(ctx: TenantContext, post: RunArtifactsPost, options: RecordRunsOptions = {}): Promise<RecordRunsResult> {
  const runs: RunFactInput[] = [...(Array.isArray(post.runs) ? post.runs : [])];
  const tests: DbtTestOutcome[] = [];
  const diagnostics: Diagnostic[] = [];
  const documents: [RunArtifactKind, unknown][] = [];
  if (post.runResults !== undefined) documents.push(["run_results", post.runResults]);
  if (post.sources !== undefined) documents.push(["sources", post.sources]);
  if (documents.length === 0 && post.runs === undefined) {
    throw manifestError(inputError("INVALID_RUN_RESULTS", "$", "Post a run_results.json (runResults), a sources.json (sources), or run facts (runs).", "runResults, sources or runs"));
  }
  for (const [kind, document] of documents) {
    const parsed = parseRunArtifact(kind, document);
    if (!parsed.ok) throw manifestError(parsed.error);
    runs.push(...parsed.facts.runs);
    tests.push(...parsed.facts.tests);
    diagnostics.push(...parsed.facts.diagnostics);
  }
  return recordRuns(ctx, { project: post.project, runs, tests, diagnostics }, options);
}

/** Which artifact a bare document is, by its schema URL (`…/run-results/v6.json`, `…/sources/v3.json`). */
export function artifactKindOf(document: unknown): RunArtifactKind | null {
  const url = (document as { metadata?: { dbt_schema_version?: unknown } } | null)?.metadata?.dbt_schema_version;
  const id = typeof url === "string" ? parseDbtSchemaId(url) : null;
  if (id?.artifact === "run-results") return "run_results";
  if (id?.artifact === "sources") return "sources";
  return null;
}
