/**
 * The observations a run post brings on its own: per model (seed, snapshot) the rows it
 * affected and how long it ran, per test how many rows failed it. Each becomes a series of the
 * asset: `rows_affected`, `duration_seconds`, and `test_failures` split by the test's unique id.
 */
import type { SnapshotRunResult } from "../manifest/snapshot.js";

export const RUN_MEASURES = { rowsAffected: "rows_affected", duration: "duration_seconds", testFailures: "test_failures" } as const;

/** An observation resolved to its asset: a run result's (here) or a client's (services/anomalies/observations.ts); storeObservations writes both. */
export interface DerivedObservation {
  assetId: string;
  name: string;
  dimensions: Record<string, string>;
  at: Date;
  value: number;
}

/** Where a result belongs: a model's own asset, or the asset a test checks. */
export type RunTarget = { kind: "asset"; assetId: string } | { kind: "test"; assetId: string; testUniqueId: string };

/** Only results that finished tell a measure: errors and skips say nothing about rows or time. */
export function observationsFromRunResults(
  results: readonly SnapshotRunResult[],
  targetOf: (uniqueId: string) => RunTarget | null,
  fallbackTime: Date,
): DerivedObservation[] {
  const observations: DerivedObservation[] = [];
  for (const result of results) {
    const target = targetOf(result.uniqueId);
    if (!target) continue;
    const at = result.completedAt ? new Date(result.completedAt) : fallbackTime;
    if (Number.isNaN(at.getTime())) continue;
    if (target.kind === "test") {
      if (result.status === "PASS" || result.status === "FAIL" || result.status === "WARN") {
        const value = result.failures ?? (result.status === "PASS" ? 0 : null);
        if (value !== null) observations.push({ assetId: target.assetId, name: RUN_MEASURES.testFailures, dimensions: { test: target.testUniqueId }, at, value });
      }
      continue;
    }
    if (result.status !== "SUCCESS") continue;
    if (result.rowsAffected != null) observations.push({ assetId: target.assetId, name: RUN_MEASURES.rowsAffected, dimensions: {}, at, value: result.rowsAffected });
    if (result.executionTime != null) observations.push({ assetId: target.assetId, name: RUN_MEASURES.duration, dimensions: {}, at, value: result.executionTime });
  }
  return observations;
}
