/**
 * run_results.json → SnapshotRunResult, for the models and tests of this snapshot. dbt's status
 * vocabulary differs per resource (`success` for models, `pass`/`fail` for tests, …); it is mapped
 * onto RUN_STATUSES.
 */
import type { Diagnostic } from "../../diagnostic.js";
import { textOrNull } from "../assetDefaults.js";
import type { RunStatus, SnapshotRunResult } from "../snapshot.js";
import type { DbtRunResult, DbtRunResults } from "./runResultsSchema.js";

/** dbt's status words (lower case) in run_results.json, for every resource type. */
export const DBT_RUN_STATUS: Readonly<Record<string, RunStatus>> = {
  success: "SUCCESS",
  reused: "SUCCESS",
  pass: "PASS",
  fail: "FAIL",
  warn: "WARN",
  "partial success": "WARN",
  error: "ERROR",
  "runtime error": "ERROR",
  skipped: "SKIPPED",
  "no-op": "SKIPPED",
};

export function runResultsFor(
  runResults: DbtRunResults,
  isKnown: (uniqueId: string) => boolean,
  diagnostics: Diagnostic[],
): SnapshotRunResult[] {
  const fallbackTime = textOrNull(runResults.metadata.generated_at);
  const mapped: SnapshotRunResult[] = [];
  let unknown = 0;
  runResults.results.forEach((result, index) => {
    if (!isKnown(result.unique_id)) {
      unknown += 1;
      return;
    }
    const status = DBT_RUN_STATUS[result.status.toLowerCase()];
    if (status === undefined) {
      diagnostics.push({
        code: "UNKNOWN_RUN_STATUS",
        severity: "warning",
        message: `run_results.json: status "${result.status}" is not a dbt status Tributary knows; the result was skipped.`,
        path: `$.results[${index}].status`,
        uniqueId: result.unique_id,
      });
      return;
    }
    mapped.push({
      uniqueId: result.unique_id,
      status,
      executionTime: result.execution_time ?? null,
      failures: result.failures ?? null,
      rowsAffected: rowsAffected(result.adapter_response),
      message: textOrNull(result.message),
      completedAt: completedAt(result) ?? fallbackTime,
    });
  });
  if (unknown > 0) {
    diagnostics.push({
      code: "RUN_RESULT_FOR_UNKNOWN_NODE",
      severity: "info",
      message: `run_results.json: ${unknown} result(s) are for nodes that are not models, seeds, snapshots or tests of this manifest (analyses, operations, unit tests, or nodes of another manifest); they were ignored.`,
    });
  }
  return mapped;
}

/** When the node finished: the end of its `execute` step, else of its last step. */
function completedAt(result: DbtRunResult): string | null {
  const timing = result.timing ?? [];
  const execute = timing.find((step) => step.name === "execute");
  return textOrNull(execute?.completed_at) ?? textOrNull(timing[timing.length - 1]?.completed_at);
}

/** `adapter_response.rows_affected`, when the adapter reports a count. */
export function rowsAffected(response: unknown): number | null {
  const rows = response && typeof response === "object" ? (response as Record<string, unknown>).rows_affected : undefined;
  return typeof rows === "number" && Number.isSafeInteger(rows) && rows >= 0 ? rows : null;
}
