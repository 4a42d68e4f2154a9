/**
 * Anomaly detection as teams write it by hand: each point is compared with the mean and the
 * (sample) standard deviation of the N points before it — or, with day-of-week seasonality,
 * the N points before it on the same UTC weekday. z = |x − mean| / stddev; the point is an
 * anomaly when z exceeds the threshold, the baseline has all N points, and stddev > 0.
 * Excluded points (dismissed anomalies) are evaluated like any other but never enter a baseline.
 */
import type { DetectionSettings } from "./settings.js";

export interface SeriesPoint {
  /** Epoch milliseconds; points are sorted by it, ascending. */
  at: number;
  value: number;
  excluded?: boolean;
}

export interface Baseline {
  mean: number;
  stddev: number;
  /** The first and last time of the points the baseline was computed from. */
  from: number;
  to: number;
}

export interface Detection extends Baseline {
  /** Index of the point in the series given. */
  index: number;
  at: number;
  value: number;
  zScore: number;
  /** The expected range: mean ± threshold × stddev. */
  lower: number;
  upper: number;
}

/**
 * A stddev this small next to the mean is floating-point noise of a constant baseline (seven
 * times 0.1 do not sum to exactly 0.7): treated as zero, so it never yields an infinite z.
 */
const RELATIVE_ZERO = 1e-9;

/** The anomalies among `points[fromIndex…]`, each judged against the points before it. */
export function detectAnomalies(points: readonly SeriesPoint[], settings: DetectionSettings, fromIndex = 0): Detection[] {
  const { threshold } = settings;
  const found: Detection[] = [];
  eachBaseline(points, settings, fromIndex, (index, baseline) => {
    if (!baseline) return;
    const point = points[index]!;
    const zScore = Math.abs(point.value - baseline.mean) / baseline.stddev;
    if (zScore > threshold) found.push({ index, at: point.at, value: point.value, zScore, ...expectedRange(baseline.mean, baseline.stddev, threshold), ...baseline });
  });
  return found;
}

/** A point with what detection compares it with: null while its baseline is incomplete or has no spread. */
export interface JudgedPoint extends SeriesPoint {
  baseline: Baseline | null;
  zScore: number | null;
  lower: number | null;
  upper: number | null;
}

/** Every point of `points[fromIndex…]` with its baseline and expected range, to draw a series with its band. */
export function judgePoints(points: readonly SeriesPoint[], settings: DetectionSettings, fromIndex = 0): JudgedPoint[] {
  const judged: JudgedPoint[] = [];
  eachBaseline(points, settings, fromIndex, (index, baseline) => {
    const point = points[index]!;
    if (!baseline) return void judged.push({ ...point, baseline: null, zScore: null, lower: null, upper: null });
    const zScore = Math.abs(point.value - baseline.mean) / baseline.stddev;
    judged.push({ ...point, baseline, zScore, ...expectedRange(baseline.mean, baseline.stddev, settings.threshold) });
  });
  return judged;
}

/**
 * Visits `points[fromIndex…]` in order, each with the baseline of the `window` included points
 * before it (on the same UTC weekday when seasonal): null while there are fewer, or their spread is zero.
 */
function eachBaseline(points: readonly SeriesPoint[], settings: DetectionSettings, fromIndex: number, visit: (index: number, baseline: Baseline | null) => void): void {
  const { window } = settings;
  const seasonal = settings.seasonality === "DAY_OF_WEEK";
  // The most recent `window` included points per bucket (one bucket, or one per weekday), oldest first.
  const buckets = new Map<number, SeriesPoint[]>();
  for (let index = 0; index < points.length; index++) {
    const point = points[index]!;
    const key = seasonal ? new Date(point.at).getUTCDay() : 0;
    let recent = buckets.get(key);
    if (!recent) buckets.set(key, (recent = []));
    if (index >= fromIndex) visit(index, recent.length === window ? baselineOf(recent) : null);
    if (!point.excluded) {
      recent.push(point);
      if (recent.length > window) recent.shift();
    }
  }
}

/** The range a point is expected in: mean ± threshold × stddev. */
export function expectedRange(mean: number, stddev: number, threshold: number): { lower: number; upper: number } {
  const spread = threshold * stddev;
  return { lower: mean - spread, upper: mean + spread };
}

/** Mean and sample standard deviation (n − 1, as SQL's stddev); null when the spread is zero. */
export function baselineOf(points: readonly SeriesPoint[]): Baseline | null {
  const n = points.length;
  if (n < 2) return null;
  let sum = 0;
  for (const p of points) sum += p.value;
  const mean = sum / n;
  let squares = 0;
  for (const p of points) squares += (p.value - mean) ** 2;
  const stddev = Math.sqrt(squares / (n - 1));
  if (!(stddev > RELATIVE_ZERO * Math.max(1, Math.abs(mean)))) return null;
  return { mean, stddev, from: points[0]!.at, to: points[n - 1]!.at };
}
