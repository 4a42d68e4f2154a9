/**
 * The geometry of a metric series' chart (pure, so it is unit-tested): points placed by time,
 * the expected band (mean ± threshold × stddev) as closed polygons over the runs of points that
 * have one (a point without a range breaks the band rather than pinching it to the line; a lone
 * one is a narrow bar), and
 * which points to mark as anomalies.
 */

export interface SeriesPoint {
  at: string;
  value: number;
  expectedRange: { lower: number; upper: number } | null;
  excluded: boolean;
  anomaly: { status: string } | null;
}

export interface PlacedPoint {
  x: number;
  y: number;
  at: string;
  value: number;
  anomaly: string | null;
  excluded: boolean;
}

export interface SeriesGeometry {
  line: string;
  bands: string[];
  points: PlacedPoint[];
  low: number;
  high: number;
}

/** Half the width of the band drawn for a lone point with a range. */
const LONE_BAR = 5;

export function seriesGeometry(points: readonly SeriesPoint[], width: number, height: number, pad = 4): SeriesGeometry {
  if (points.length === 0) return { line: "", bands: [], points: [], low: 0, high: 0 };
  const times = points.map((p) => Date.parse(p.at));
  const values = points.flatMap((p) => (p.expectedRange ? [p.value, p.expectedRange.lower, p.expectedRange.upper] : [p.value]));
  const low = Math.min(...values);
  const high = Math.max(...values);
  const first = times[0]!;
  const span = times[times.length - 1]! - first;
  const x = (t: number) => (span === 0 ? width / 2 : pad + ((t - first) / span) * (width - 2 * pad));
  const y = (v: number) => height - pad - ((v - low) / (high - low || 1)) * (height - 2 * pad);
  const xy = (px: number, py: number) => `${px.toFixed(1)},${py.toFixed(1)}`;

  const bands: string[] = [];
  let run: { x: number; lower: number; upper: number }[] = [];
  const close = () => {
    // A lone point with a range (the first one after a full baseline) gets a bar of its own width.
    const edge = run.length === 1 ? [{ ...run[0]!, x: run[0]!.x - LONE_BAR }, { ...run[0]!, x: run[0]!.x + LONE_BAR }] : run;
    if (edge.length > 1) bands.push([...edge.map((r) => xy(r.x, y(r.upper))), ...[...edge].reverse().map((r) => xy(r.x, y(r.lower)))].join(" "));
    run = [];
  };
  points.forEach((p, i) => {
    if (p.expectedRange) run.push({ x: x(times[i]!), lower: p.expectedRange.lower, upper: p.expectedRange.upper });
    else close();
  });
  close();

  const placed = points.map((p, i) => ({ x: x(times[i]!), y: y(p.value), at: p.at, value: p.value, anomaly: p.anomaly?.status ?? null, excluded: p.excluded }));
  return { line: placed.map((p) => xy(p.x, p.y)).join(" "), bands, points: placed, low, high };
}

/**
 * The window to draw for a series with anomalies: the 30 days up to now, or, when its newest
 * anomaly is older than that (a backfill, the demo's series), the 30 days up to a week after it,
 * so the anomaly and what followed are in the picture.
 */
export function seriesWindow(newestAnomalyAt: string, now: Date, days = 30): { from: string; to: string } {
  const DAY = 86_400_000;
  const anomalyAt = Date.parse(newestAnomalyAt);
  const to = anomalyAt > now.getTime() - days * DAY ? now.getTime() : anomalyAt + 7 * DAY;
  return { from: new Date(to - days * DAY).toISOString(), to: new Date(to).toISOString() };
}
