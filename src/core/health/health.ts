/**
 * Health over a window, from the run history, the freshness log and test results:
 *
 * - run success rate: runs that completed (any status but ERROR and SKIPPED) over runs not
 *   skipped. A source check that found old data completed; its lateness is SLA compliance's.
 * - mean time to recovery: per asset, from the first failed run (ERROR) of a streak to the
 *   next run that completed, for recoveries inside the window.
 * - SLA compliance: the share of asset-time in the window spent FRESH, of the time spent in a
 *   known state (FRESH, LATE, STALE).
 * - test pass rate: PASS over test results not skipped.
 * - documentation coverage: described assets over assets (now, not over the window).
 * - data quality score: see qualityScore.
 */
import type { FreshnessStateName } from "../freshness/evaluate.js";

export interface HealthRun {
  assetId: string;
  status: string;
  completedAt: Date;
}

export interface HealthTransition {
  assetId: string;
  state: FreshnessStateName;
  at: Date;
}

export interface HealthInput {
  from: Date;
  to: Date;
  /** Runs in the window, any order. */
  runs: readonly HealthRun[];
  /** Each asset's last transition before the window, and all within it. */
  transitions: readonly HealthTransition[];
  /** Test result statuses in the window. */
  testStatuses: readonly string[];
  documented: number;
  assets: number;
}

export interface Health {
  runs: number;
  failedRuns: number;
  successRate: number | null;
  recoveries: number;
  meanTimeToRecoveryMinutes: number | null;
  slaCompliance: number | null;
  testResults: number;
  testPassRate: number | null;
  documentationCoverage: number | null;
  qualityScore: number | null;
}

/** The MTTR the score measures against: recovering within it scores full marks. */
export const MTTR_TARGET_MINUTES = 120;

/** Weights of the quality score's parts; parts without data are left out and the rest re-weighted. */
export const SCORE_WEIGHTS = { successRate: 0.25, slaCompliance: 0.25, testPassRate: 0.25, documentationCoverage: 0.15, recovery: 0.1 } as const;

export function computeHealth(input: HealthInput): Health {
  const counted = input.runs.filter((run) => run.status !== "SKIPPED");
  const failedRuns = counted.filter((run) => run.status === "ERROR").length;
  const recovery = meanTimeToRecovery(counted);
  const tests = input.testStatuses.filter((status) => status !== "SKIPPED");
  const health: Omit<Health, "qualityScore"> = {
    runs: counted.length,
    failedRuns,
    successRate: ratio(counted.length - failedRuns, counted.length),
    recoveries: recovery.count,
    meanTimeToRecoveryMinutes: recovery.count > 0 ? recovery.totalMs / recovery.count / 60_000 : null,
    slaCompliance: slaCompliance(input.transitions, input.from, input.to),
    testResults: tests.length,
    testPassRate: ratio(tests.filter((status) => status === "PASS").length, tests.length),
    documentationCoverage: ratio(input.documented, input.assets),
  };
  return { ...health, qualityScore: qualityScore(health) };
}

/**
 * 100 × the weighted mean of the parts that have data: success rate, SLA compliance and test
 * pass rate 25 % each, documentation coverage 15 %, recovery 10 % (1 when the mean time to
 * recovery is within MTTR_TARGET_MINUTES, else target / MTTR). Null when no part has data.
 */
export function qualityScore(health: Omit<Health, "qualityScore">): number | null {
  const recovery = health.meanTimeToRecoveryMinutes === null ? null : Math.min(1, MTTR_TARGET_MINUTES / Math.max(health.meanTimeToRecoveryMinutes, 1e-9));
  const parts: [number | null, number][] = [
    [health.successRate, SCORE_WEIGHTS.successRate],
    [health.slaCompliance, SCORE_WEIGHTS.slaCompliance],
    [health.testPassRate, SCORE_WEIGHTS.testPassRate],
    [health.documentationCoverage, SCORE_WEIGHTS.documentationCoverage],
    [recovery, SCORE_WEIGHTS.recovery],
  ];
  let weight = 0;
  let sum = 0;
  for (const [value, w] of parts) {
    if (value === null) continue;
    weight += w;
    sum += value * w;
  }
  return weight === 0 ? null : Math.round((1_000 * sum) / weight) / 10;
}

function ratio(part: number, whole: number): number | null {
  return whole === 0 ? null : part / whole;
}

function meanTimeToRecovery(runs: readonly HealthRun[]): { count: number; totalMs: number } {
  const byAsset = new Map<string, HealthRun[]>();
  for (const run of runs) {
    const list = byAsset.get(run.assetId);
    if (list) list.push(run);
    else byAsset.set(run.assetId, [run]);
  }
  let count = 0;
  let totalMs = 0;
  for (const list of byAsset.values()) {
    list.sort((a, b) => a.completedAt.getTime() - b.completedAt.getTime());
    let failedAt: number | null = null;
    for (const run of list) {
      if (run.status === "ERROR") failedAt ??= run.completedAt.getTime();
      else if (failedAt !== null) {
        count += 1;
        totalMs += run.completedAt.getTime() - failedAt;
        failedAt = null;
      }
    }
  }
  return { count, totalMs };
}

function slaCompliance(transitions: readonly HealthTransition[], from: Date, to: Date): number | null {
  const byAsset = new Map<string, HealthTransition[]>();
  for (const t of transitions) {
    const list = byAsset.get(t.assetId);
    if (list) list.push(t);
    else byAsset.set(t.assetId, [t]);
  }
  let fresh = 0;
  let known = 0;
  const end = to.getTime();
  for (const list of byAsset.values()) {
    list.sort((a, b) => a.at.getTime() - b.at.getTime());
    list.forEach((t, i) => {
      const start = Math.max(t.at.getTime(), from.getTime());
      const stop = Math.min(list[i + 1]?.at.getTime() ?? end, end);
      if (stop <= start || t.state === "UNKNOWN") return;
      known += stop - start;
      if (t.state === "FRESH") fresh += stop - start;
    });
  }
  return known === 0 ? null : fresh / known;
}

export const HEALTH_WINDOWS = { DAY: { days: 1, buckets: 24 }, WEEK: { days: 7, buckets: 7 }, MONTH: { days: 30, buckets: 30 } } as const;
export type HealthWindow = keyof typeof HEALTH_WINDOWS;

/** The window's bucket boundaries for trend points: hours for a day, days for a week or a month. */
export function windowBuckets(window: HealthWindow, now: Date): { from: Date; to: Date }[] {
  const { days, buckets } = HEALTH_WINDOWS[window];
  const size = (days * 86_400_000) / buckets;
  const start = now.getTime() - days * 86_400_000;
  return Array.from({ length: buckets }, (_, i) => ({ from: new Date(start + i * size), to: new Date(start + (i + 1) * size) }));
}
