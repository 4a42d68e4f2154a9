/**
 * dbt's production artifacts → run facts: `run_results.json` (models, seeds, snapshots; test
 * results apart) and `sources.json` (source freshness checks). Status words differ per artifact
 * and per resource; they are mapped onto RUN_STATUSES here.
 */
import type { Diagnostic } from "../diagnostic.js";
import { DBT_RUN_STATUS, rowsAffected } from "../manifest/dbt/dbtRunResults.js";
import type { DbtRunResult, DbtRunResults } from "../manifest/dbt/runResultsSchema.js";
import type { RunStatus } from "../manifest/snapshot.js";
import type { RunFactInput } from "./runFact.js";
import type { DbtSourceResult, DbtSources } from "./sourcesSchema.js";

/** A freshness check's `error` means the data is past error_after: the check ran, the data failed it. */
const FRESHNESS_STATUS_OF: Readonly<Record<string, RunStatus>> = { pass: "PASS", warn: "WARN", error: "FAIL", "runtime error": "ERROR" };

export interface DbtTestOutcome {
  uniqueId: string;
  status: RunStatus;
  executionTime: number | null;
  failures: number | null;
  message: string | null;
  completedAt: string;
}

export interface DbtRunFacts {
  runs: RunFactInput[];
  tests: DbtTestOutcome[];
  diagnostics: Diagnostic[];
}

export function runFactsFromRunResults(document: DbtRunResults): DbtRunFacts {
  return readResults(document, RUN_RESULTS, (result, run, out) => {
    if (result.unique_id.startsWith("test.") || result.unique_id.startsWith("unit_test.")) {
      out.tests.push({ uniqueId: result.unique_id, status: run.status, executionTime: result.execution_time ?? null, failures: result.failures ?? null, message: result.message ?? null, completedAt: run.completedAt });
    } else {
      out.runs.push({ ...run, message: result.message ?? null });
    }
  });
}

export function runFactsFromSources(document: DbtSources): DbtRunFacts {
  return readResults(document, SOURCES, (result, run, out) => {
    out.runs.push({
      ...run,
      message: result.error === undefined || result.error === null ? null : String(result.error),
      maxLoadedAt: result.max_loaded_at ?? null,
      snapshottedAt: result.snapshotted_at ?? null,
      warnAfterMinutes: minutesOf(result.criteria?.warn_after),
      errorAfterMinutes: minutesOf(result.criteria?.error_after),
    });
  });
}

/** What tells the two artifacts apart while reading them: status words, fallback time, wording of a skip. */
interface ArtifactReading<R> {
  statuses: Readonly<Record<string, RunStatus>>;
  fallbackTime(result: R, generatedAt: string | null): string | null;
  /** The diagnostic's message: the status is unknown (`status` given), else there is no time. */
  skipMessage(status?: string): string;
}

type ArtifactResult = { unique_id: string; status: string; adapter_response?: unknown; timing?: DbtRunResult["timing"] };

const RUN_RESULTS: ArtifactReading<DbtRunResult> = {
  statuses: DBT_RUN_STATUS,
  fallbackTime: (_result, generatedAt) => generatedAt,
  skipMessage: (status) =>
    `run_results.json: ${status !== undefined ? `status "${status}" is not a dbt status Tributary knows` : "the result has no completion time (no timing, no generated_at)"}; the result was skipped.`,
};

const SOURCES: ArtifactReading<DbtSourceResult> = {
  statuses: FRESHNESS_STATUS_OF,
  fallbackTime: (result, generatedAt) => result.snapshotted_at ?? generatedAt,
  skipMessage: (status) =>
    `sources.json: ${status !== undefined ? `status "${status}" is not a freshness status (pass, warn, error, runtime error)` : "the check has no time (no snapshotted_at, timing or generated_at)"}; the check was skipped.`,
};

/** The fields every run fact of a dbt artifact has; each artifact adds its own. */
type BaseRunFact = Omit<RunFactInput, "completedAt"> & { status: RunStatus; completedAt: string };

/**
 * Each result with a known status and a time becomes a base run fact handed to `each`; any
 * other is skipped with a diagnostic.
 */
function readResults<R extends ArtifactResult>(
  document: { metadata: { generated_at?: string | null; invocation_id?: string | null }; results: readonly R[] },
  reading: ArtifactReading<R>,
  each: (result: R, run: BaseRunFact, out: DbtRunFacts) => void,
): DbtRunFacts {
  const generatedAt = document.metadata.generated_at ?? null;
  const invocationId = document.metadata.invocation_id ?? null;
  const out: DbtRunFacts = { runs: [], tests: [], diagnostics: [] };
  document.results.forEach((result, index) => {
    const status = reading.statuses[result.status.toLowerCase()];
    const { startedAt, completedAt } = timesOf(result.timing, reading.fallbackTime(result, generatedAt));
    if (status === undefined || completedAt === null) {
      out.diagnostics.push(skipped(reading.skipMessage(status === undefined ? result.status : undefined), `$.results[${index}]`, result.unique_id));
      return;
    }
    each(result, { asset: result.unique_id, source: "DBT", status, startedAt, completedAt, rowsAffected: rowsAffected(result.adapter_response), invocationId }, out);
  });
  return out;
}

const MINUTES_PER: Readonly<Record<string, number>> = { minute: 1, hour: 60, day: 1_440 };

function minutesOf(time: { count?: number | null; period?: string | null } | null | undefined): number | null {
  if (!time?.count || !time.period || time.count <= 0) return null;
  return time.count * (MINUTES_PER[time.period] ?? 0) || null;
}

/** The `execute` step's times, else the first step's start and the last step's end, else the artifact's time. */
function timesOf(timing: DbtRunResult["timing"], fallback: string | null): { startedAt: string | null; completedAt: string | null } {
  const steps = timing ?? [];
  const execute = steps.find((step) => step.name === "execute");
  return {
    startedAt: execute?.started_at ?? steps[0]?.started_at ?? null,
    completedAt: execute?.completed_at ?? steps[steps.length - 1]?.completed_at ?? fallback,
  };
}

function skipped(message: string, path: string, uniqueId: string): Diagnostic {
  return { code: "RUN_RESULT_SKIPPED", severity: "warning", message, path, uniqueId };
}
