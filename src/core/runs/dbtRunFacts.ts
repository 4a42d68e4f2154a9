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
import type { DbtSources } from "./sourcesSchema.js";

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
  const fallback = document.metadata.generated_at ?? null;
  const invocationId = document.metadata.invocation_id ?? null;
  const out: DbtRunFacts = { runs: [], tests: [], diagnostics: [] };
  document.results.forEach((result, index) => {
    const status = DBT_RUN_STATUS[result.status.toLowerCase()];
    const { startedAt, completedAt } = timesOf(result.timing, fallback);
    if (status === undefined || completedAt === null) {
      out.diagnostics.push(skipped(`run_results.json: ${status === undefined ? `status "${result.status}" is not a dbt status Tributary knows` : "the result has no completion time (no timing, no generated_at)"}; the result was skipped.`, `$.results[${index}]`, result.unique_id));
      return;
    }
    if (result.unique_id.startsWith("test.") || result.unique_id.startsWith("unit_test.")) {
      out.tests.push({ uniqueId: result.unique_id, status, executionTime: result.execution_time ?? null, failures: result.failures ?? null, message: result.message ?? null, completedAt });
      return;
    }
    out.runs.push({
      asset: result.unique_id,
      source: "DBT",
      status,
      startedAt,
      completedAt,
      rowsAffected: rowsAffected(result.adapter_response),
      message: result.message ?? null,
      invocationId,
    });
  });
  return out;
}

export function runFactsFromSources(document: DbtSources): DbtRunFacts {
  const fallback = document.metadata.generated_at ?? null;
  const invocationId = document.metadata.invocation_id ?? null;
  const out: DbtRunFacts = { runs: [], tests: [], diagnostics: [] };
  document.results.forEach((result, index) => {
    const status = FRESHNESS_STATUS_OF[result.status.toLowerCase()];
    const { startedAt, completedAt } = timesOf(result.timing, result.snapshotted_at ?? fallback);
    if (status === undefined || completedAt === null) {
      out.diagnostics.push(skipped(`sources.json: ${status === undefined ? `status "${result.status}" is not a freshness status (pass, warn, error, runtime error)` : "the check has no time (no snapshotted_at, timing or generated_at)"}; the check was skipped.`, `$.results[${index}]`, result.unique_id));
      return;
    }
    out.runs.push({
      asset: result.unique_id,
      source: "DBT",
      status,
      startedAt,
      completedAt,
      rowsAffected: rowsAffected(result.adapter_response),
      message: result.error === undefined || result.error === null ? null : String(result.error),
      maxLoadedAt: result.max_loaded_at ?? null,
      snapshottedAt: result.snapshotted_at ?? null,
      warnAfterMinutes: minutesOf(result.criteria?.warn_after),
      errorAfterMinutes: minutesOf(result.criteria?.error_after),
      invocationId,
    });
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
