import { describe, expect, it } from "vitest";
import { baselineOf, detectAnomalies, type SeriesPoint } from "../../../src/core/anomaly/detect.js";
import { DEFAULT_DETECTION, resolveDetection, tenantDetectionOf } from "../../../src/core/anomaly/settings.js";

const DAY = 86_400_000;
const START = Date.UTC(2026, 10, 2); // a Monday

const daily = (values: number[], start = START): SeriesPoint[] => values.map((value, i) => ({ at: start + i * DAY, value }));
const STABLE_WEEK = [1000, 1012, 990, 1004, 996, 1008, 993];

describe("anomaly detection (z-score against the preceding N points)", () => {
  it("alerts on a 40 % drop after a stable week, with the expected range and baseline window", () => {
    const points = daily([...STABLE_WEEK, 600]);
    const found = detectAnomalies(points, DEFAULT_DETECTION);
    expect(found).toHaveLength(1);
    const [hit] = found;
    const mean = STABLE_WEEK.reduce((a, b) => a + b) / 7;
    const stddev = Math.sqrt(STABLE_WEEK.reduce((a, v) => a + (v - mean) ** 2, 0) / 6);
    expect(hit).toMatchObject({ index: 7, value: 600, from: START, to: START + 6 * DAY });
    expect(hit!.mean).toBeCloseTo(mean, 9);
    expect(hit!.stddev).toBeCloseTo(stddev, 9);
    expect(hit!.zScore).toBeCloseTo((mean - 600) / stddev, 9);
    expect(hit!.lower).toBeCloseTo(mean - 2.5 * stddev, 9);
    expect(hit!.upper).toBeCloseTo(mean + 2.5 * stddev, 9);
  });

  it("does not alert on a slow drift (1 % a day for two months)", () => {
    const values = Array.from({ length: 60 }, (_, i) => 1000 * 1.01 ** i + (i % 2 === 0 ? 3 : -3));
    expect(detectAnomalies(daily(values), DEFAULT_DETECTION)).toEqual([]);
  });

  it("does not alert while the history is shorter than the window", () => {
    expect(detectAnomalies(daily([1000, 1012, 990, 1004, 996, 10]), DEFAULT_DETECTION)).toEqual([]);
    // The seventh point completes the baseline: the eighth is judged.
    expect(detectAnomalies(daily([...STABLE_WEEK, 10]), DEFAULT_DETECTION)).toHaveLength(1);
  });

  it("does not alert on a zero-variance baseline, even with floating-point noise", () => {
    expect(detectAnomalies(daily([1000, 1000, 1000, 1000, 1000, 1000, 1000, 600]), DEFAULT_DETECTION)).toEqual([]);
    expect(detectAnomalies(daily([0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.3]), DEFAULT_DETECTION)).toEqual([]);
    expect(baselineOf(daily([5, 5, 5]))).toBeNull();
  });

  it("alerts only above the threshold, and honours window and threshold", () => {
    const points = daily([...STABLE_WEEK, 1030]);
    const z = detectAnomalies(points, { ...DEFAULT_DETECTION, threshold: 0.1 })[0]!.zScore;
    expect(detectAnomalies(points, { ...DEFAULT_DETECTION, threshold: z + 1e-9 })).toEqual([]);
    expect(detectAnomalies(points, { ...DEFAULT_DETECTION, threshold: z - 1e-9 })).toHaveLength(1);
    // A window of 3: only the last three points of the week are the baseline.
    const three = detectAnomalies(points, { ...DEFAULT_DETECTION, window: 3, threshold: 0.1 }).find((h) => h.index === 7)!;
    expect(three.from).toBe(START + 4 * DAY);
    expect(three.mean).toBeCloseTo((996 + 1008 + 993) / 3, 9);
  });

  it("leaves excluded (dismissed) points out of later baselines", () => {
    const points = daily([...STABLE_WEEK, 600, 1001]);
    const spike = { ...points[7]!, excluded: true };
    const withSpike = detectAnomalies(points, DEFAULT_DETECTION);
    const dismissed = detectAnomalies([...points.slice(0, 7), spike, points[8]!], DEFAULT_DETECTION);
    // With the drop in its baseline the next normal day is within range; without it, the baseline is the stable days.
    expect(withSpike.map((h) => h.index)).toEqual([7]);
    expect(dismissed.map((h) => h.index)).toEqual([7]);
    const next = detectAnomalies([...points.slice(0, 7), spike, { ...points[8]!, value: 1060 }], DEFAULT_DETECTION);
    expect(next.map((h) => h.index)).toEqual([7, 8]);
    // Its baseline skips the dismissed drop: the stable week, not the week's last six days and the drop.
    expect(next[1]!.from).toBe(START);
    expect(next[1]!.mean).toBeCloseTo(STABLE_WEEK.reduce((a, b) => a + b) / 7, 9);
  });

  it("judges only points from fromIndex on", () => {
    const points = daily([...STABLE_WEEK, 600, 1000, 1000]);
    expect(detectAnomalies(points, DEFAULT_DETECTION, 8)).toEqual([]);
  });

  it("with day-of-week seasonality compares a day with the same weekdays only", () => {
    // Weekdays ~1000, weekends ~300: a quiet Saturday is normal for Saturdays.
    const values: number[] = [];
    for (let i = 0; i < 8 * 7; i++) {
      const weekday = new Date(START + i * DAY).getUTCDay();
      values.push((weekday === 0 || weekday === 6 ? 300 : 1000) + ((i * 7) % 11) - 5);
    }
    const points = daily(values);
    const seasonal = { ...DEFAULT_DETECTION, seasonality: "DAY_OF_WEEK" as const };
    expect(detectAnomalies(points, seasonal)).toEqual([]);
    // A Saturday at weekday level is an anomaly for Saturdays, though normal for the week as a whole.
    const saturday = points.findLastIndex((p) => new Date(p.at).getUTCDay() === 6);
    points[saturday] = { ...points[saturday]!, value: 1000 };
    const found = detectAnomalies(points, seasonal);
    expect(found.map((h) => h.index)).toEqual([saturday]);
    expect(new Date(found[0]!.from).getUTCDay()).toBe(6);
    expect(found[0]!.to).toBe(points[saturday]!.at - 7 * DAY);
  });

  it("resolves settings from series, metric, tenant, then the defaults", () => {
    expect(resolveDetection()).toEqual({ window: 7, threshold: 2.5, seasonality: "NONE" });
    expect(resolveDetection({ window: 14 }, { threshold: 3, window: null }, { seasonality: "DAY_OF_WEEK" })).toEqual({ window: 14, threshold: 3, seasonality: "DAY_OF_WEEK" });
    expect(tenantDetectionOf({ anomalies: { threshold: 4 } })).toEqual({ threshold: 4 });
    expect(tenantDetectionOf({ anomalies: { threshold: -1 } })).toEqual({});
  });
});
