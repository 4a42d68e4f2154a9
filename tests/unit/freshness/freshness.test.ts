import { describe, expect, it } from "vitest";
import { decideAlert, nextCheckAt } from "../../../src/core/freshness/alerts.js";
import { parseMinutes } from "../../../src/core/freshness/duration.js";
import { evaluateFreshness } from "../../../src/core/freshness/evaluate.js";
import { freshnessSettingsOf } from "../../../src/core/freshness/settings.js";
import { resolveSla, type SlaSubject } from "../../../src/core/freshness/sla.js";
import { computeHealth, qualityScore } from "../../../src/core/health/health.js";

const settings = freshnessSettingsOf({ freshness: { layers: { mart: 300 }, projects: { shop: { staging: 30 } } } });
const subject = (over: Partial<SlaSubject>): SlaSubject => ({ kind: "MODEL", layer: "STAGING", meta: {}, project: "other", slaMinutes: null, dbtWarnMinutes: null, dbtErrorMinutes: null, ...over });
const at = (minutes: number) => new Date(Date.UTC(2026, 0, 1) + minutes * 60_000);

describe("freshness SLAs", () => {
  it("take the most specific source: asset, meta.freshness_sla, dbt, project, tenant, default", () => {
    expect(resolveSla(subject({ slaMinutes: 5, meta: { freshness_sla: "2h" } }), settings)).toEqual({ lateAfterMinutes: 5, staleAfterMinutes: 10, origin: "ASSET" });
    expect(resolveSla(subject({ meta: { freshness_sla: "1h30m" }, dbtWarnMinutes: 7 }), settings)).toMatchObject({ lateAfterMinutes: 90, origin: "META" });
    expect(resolveSla(subject({ kind: "SOURCE", layer: null, dbtWarnMinutes: 30, dbtErrorMinutes: 120 }), settings)).toEqual({ lateAfterMinutes: 30, staleAfterMinutes: 120, origin: "DBT" });
    expect(resolveSla(subject({ kind: "SOURCE", layer: null, dbtErrorMinutes: 120 }), settings)).toEqual({ lateAfterMinutes: 120, staleAfterMinutes: 120, origin: "DBT" });
    expect(resolveSla(subject({ project: "shop" }), settings)).toMatchObject({ lateAfterMinutes: 30, origin: "PROJECT" });
    expect(resolveSla(subject({ layer: "MART" }), settings)).toMatchObject({ lateAfterMinutes: 300, origin: "TENANT" });
    expect(resolveSla(subject({ layer: "INTERMEDIATE" }), settings)).toMatchObject({ lateAfterMinutes: 240, origin: "DEFAULT" });
    expect(resolveSla(subject({ kind: "SOURCE", layer: null }), settings)).toMatchObject({ lateAfterMinutes: 15, origin: "DEFAULT" });
    expect(resolveSla(subject({ kind: "SEED", layer: null }), settings)).toBeNull();
    expect(resolveSla(subject({ layer: "OTHER", meta: { freshness_sla: 45 } }), settings)).toMatchObject({ lateAfterMinutes: 45, origin: "META" });
  });

  it("read durations as people write them, and nothing else", () => {
    expect(["15m", "2h", "1h30m", "1d", " 90 ", 20].map(parseMinutes)).toEqual([15, 120, 90, 1_440, 90, 20]);
    expect(["", "soon", "0m", "-5", "2x", 1.5, null].map(parseMinutes)).toEqual([null, null, null, null, null, null, null]);
  });

  it("date each state by the data: FRESH from the load, LATE from load + SLA, STALE from load + stale threshold", () => {
    const sla = { lateAfterMinutes: 60, staleAfterMinutes: 120, origin: "DEFAULT" as const };
    expect(evaluateFreshness(at(0), sla, at(59))).toEqual({ state: "FRESH", since: at(0), nextChangeAt: at(60) });
    expect(evaluateFreshness(at(0), sla, at(61))).toEqual({ state: "LATE", since: at(60), nextChangeAt: at(120) });
    expect(evaluateFreshness(at(0), sla, at(500))).toEqual({ state: "STALE", since: at(120), nextChangeAt: null });
    expect(evaluateFreshness(null, sla, at(0)).state).toBe("UNKNOWN");
    expect(evaluateFreshness(at(0), null, at(0)).state).toBe("UNKNOWN");
  });
});

describe("freshness alerts", () => {
  const calm = { state: "FRESH" as const, breachSince: null, remindersSent: 0 };
  it("alert once per breach, remind once per interval without a backlog, and say when it ends", () => {
    const breach = decideAlert("a", calm, { state: "LATE", since: at(60) }, at(61), 60);
    expect(breach).toMatchObject({ event: { type: "asset.freshness_breached", key: `freshness:a:${at(60).toISOString()}:breached` }, breachSince: at(60), remindersSent: 0 });
    const memory = { state: "LATE" as const, breachSince: at(60), remindersSent: 0 };
    expect(decideAlert("a", memory, { state: "STALE", since: at(120) }, at(119), 60).event).toBeNull();
    const reminded = decideAlert("a", memory, { state: "STALE", since: at(120) }, at(400), 60);
    expect(reminded).toMatchObject({ event: { type: "asset.freshness_reminder", reminder: 5 }, remindersSent: 5 });
    expect(decideAlert("a", { ...memory, remindersSent: 5 }, { state: "STALE", since: at(120) }, at(400), null).event).toBeNull();
    expect(decideAlert("a", memory, { state: "FRESH", since: at(401) }, at(402), 60)).toMatchObject({ event: { type: "asset.freshness_recovered" }, breachSince: null });
    // A breach already old when first seen: one alert, no reminders for the hours before.
    expect(decideAlert("a", calm, { state: "STALE", since: at(0) }, at(600), 60)).toMatchObject({ event: { type: "asset.freshness_breached" }, remindersSent: 10 });
  });

  it("say when a pass must look again: the next state change or reminder, whichever is first, and never when neither can come", () => {
    const sla = { lateAfterMinutes: 60, staleAfterMinutes: 120, origin: "DEFAULT" as const };
    const check = (before: typeof calm | { state: "LATE" | "STALE"; breachSince: Date; remindersSent: number }, now: Date, reminderMinutes: number | null) => {
      const verdict = evaluateFreshness(at(0), sla, now);
      return nextCheckAt(verdict, decideAlert("a", before, verdict, now, reminderMinutes), reminderMinutes);
    };
    expect(check(calm, at(10), 60)).toEqual(at(60)); // fresh: when it goes late
    expect(check(calm, at(61), 30)).toEqual(at(90)); // late: the first reminder (60 + 30) before stale at 120
    expect(check(calm, at(61), 240)).toEqual(at(120)); // late: stale before the first reminder
    expect(check({ state: "LATE", breachSince: at(60), remindersSent: 0 }, at(125), 60)).toEqual(at(180)); // stale: the next reminder
    expect(check({ state: "LATE", breachSince: at(60), remindersSent: 0 }, at(125), null)).toBeNull(); // stale, no reminders: only data changes it
    // Reminders already due when the breach is first seen are not sent, and the next is the one after them.
    expect(check(calm, at(600), 60)).toEqual(at(660));
    expect(nextCheckAt(evaluateFreshness(null, sla, at(0)), decideAlert("a", calm, { state: "UNKNOWN", since: null }, at(0), 60), 60)).toBeNull();
  });
});

describe("health", () => {
  it("measures success, recovery, SLA compliance and tests, and scores them with the documented weights", () => {
    const health = computeHealth({
      from: at(0),
      to: at(600),
      runs: [
        { assetId: "a", status: "SUCCESS", completedAt: at(10) },
        { assetId: "a", status: "ERROR", completedAt: at(100) },
        { assetId: "a", status: "ERROR", completedAt: at(130) },
        { assetId: "a", status: "SUCCESS", completedAt: at(340) },
        { assetId: "b", status: "SKIPPED", completedAt: at(20) },
      ],
      transitions: [
        { assetId: "a", state: "FRESH", at: at(-50) },
        { assetId: "a", state: "LATE", at: at(150) },
        { assetId: "a", state: "FRESH", at: at(300) },
      ],
      testStatuses: ["PASS", "PASS", "FAIL", "SKIPPED"],
      documented: 3,
      assets: 4,
    });
    expect(health).toMatchObject({ runs: 4, failedRuns: 2, successRate: 0.5, recoveries: 1, meanTimeToRecoveryMinutes: 240, slaCompliance: 0.75, testResults: 3 });
    expect(health.testPassRate).toBeCloseTo(2 / 3);
    // 100 × (0.25·0.5 + 0.25·0.75 + 0.25·⅔ + 0.15·0.75 + 0.1·0.5) / 1
    expect(health.qualityScore).toBe(64.2);
  });

  it("leaves out the parts without data and says null when none has any", () => {
    const empty = { runs: 0, failedRuns: 0, successRate: null, recoveries: 0, meanTimeToRecoveryMinutes: null, slaCompliance: null, testResults: 0, testPassRate: null, documentationCoverage: null };
    expect(qualityScore(empty)).toBeNull();
    expect(qualityScore({ ...empty, successRate: 1, documentationCoverage: 0 })).toBe(62.5);
  });
});
