/**
 * An asset's metric series and their history, to draw: each point of a window with the range
 * detection expects it in (its baseline as the series' settings now make it, dismissed points
 * left out) and the anomaly stored for it, if any.
 */
import { judgePoints } from "../../core/anomaly/detect.js";
import { dimensionsKey } from "../../core/anomaly/observationInput.js";
import type { DetectionSettings } from "../../core/anomaly/settings.js";
import { badInput } from "../../core/errors.js";
import type { TenantContext } from "../actor.js";
import { anomalyInclude, type AnomalyWithSeries } from "./queries.js";
import { readSeriesPoints } from "./seriesPoints.js";
import { settingsLookup } from "./settingsLookup.js";

export interface SeriesRef {
  id: string;
  assetId: string;
  name: string;
  dimensionsKey: string;
  dimensions: Record<string, string>;
}

export interface HistoryPoint {
  at: Date;
  value: number;
  /** A dismissed anomaly's point: drawn, but in no baseline. */
  excluded: boolean;
  /** Null while the baseline is incomplete (fewer than N points before) or flat. */
  mean: number | null;
  stddev: number | null;
  zScore: number | null;
  lower: number | null;
  upper: number | null;
  anomaly: AnomalyWithSeries | null;
}

export interface SeriesHistory {
  settings: DetectionSettings;
  points: HistoryPoint[];
}

/** Longest window one request may draw: a year of daily points. */
export const MAX_HISTORY_DAYS = 366;
export const DEFAULT_HISTORY_DAYS = 30;
const DAY = 86_400_000;

/** Several assets' series (one statement), each asset's by measure name and dimension values. */
export async function seriesOfAssets(ctx: Pick<TenantContext, "db">, assetIds: readonly string[]): Promise<Map<string, SeriesRef[]>> {
  const rows = await ctx.db.metricSeries.findMany({
    where: { assetId: { in: [...assetIds] } },
    select: { id: true, assetId: true, name: true, dimensionsKey: true, dimensions: true },
    orderBy: [{ name: "asc" }, { dimensionsKey: "asc" }],
  });
  const byAsset = new Map<string, SeriesRef[]>(assetIds.map((id) => [id, []]));
  for (const r of rows) byAsset.get(r.assetId)?.push({ ...r, dimensions: r.dimensions as Record<string, string> });
  return byAsset;
}

/** Whether a series is the one named (by measure name, and dimension values when given). */
export function seriesMatches(series: SeriesRef, filter: { name?: string | null; dimensions?: Record<string, string> | null }): boolean {
  return (!filter.name || series.name === filter.name) && (!filter.dimensions || series.dimensionsKey === dimensionsKey(filter.dimensions));
}

/** The window a history reads: `to` defaults to now, `from` to 30 days before `to`; at most 366 days. */
export function historyWindow(from: Date | null | undefined, to: Date | null | undefined, now: Date): { from: Date; to: Date } {
  const end = to ?? now;
  const start = from ?? new Date(end.getTime() - DEFAULT_HISTORY_DAYS * DAY);
  if (start > end) throw badInput("from: must not be after to", { path: "from" });
  if (end.getTime() - start.getTime() > MAX_HISTORY_DAYS * DAY) throw badInput(`from: a history spans at most ${MAX_HISTORY_DAYS} days`, { path: "from" });
  return { from: start, to: end };
}

/** Several series' histories over one window, in a few statements whatever their number. */
export async function seriesHistories(ctx: Pick<TenantContext, "db" | "tenant">, series: readonly SeriesRef[], window: { from: Date; to: Date }): Promise<Map<string, SeriesHistory>> {
  const histories = new Map<string, SeriesHistory>();
  if (series.length === 0) return histories;
  const settingsOf = await settingsLookup(ctx.db, ctx.tenant.id, series);
  const spans = series.map((s) => {
    const settings = settingsOf(s.id);
    return { seriesId: s.id, from: window.from.toISOString(), to: window.to.toISOString(), depth: settings.window, seasonal: settings.seasonality === "DAY_OF_WEEK" };
  });
  const [points, anomalies] = await Promise.all([
    readSeriesPoints(ctx.db, ctx.tenant.id, spans),
    ctx.db.anomaly.findMany({ where: { seriesId: { in: series.map((s) => s.id) }, at: { gte: window.from, lte: window.to } }, include: anomalyInclude }),
  ]);
  const anomalyAt = new Map(anomalies.map((a) => [`${a.seriesId}\u0000${a.at.getTime()}`, a]));
  for (const s of series) {
    const settings = settingsOf(s.id);
    const all = points.get(s.id) ?? [];
    const first = all.findIndex((p) => p.at >= window.from.getTime());
    const judged = first < 0 ? [] : judgePoints(all, settings, first);
    histories.set(s.id, {
      settings,
      points: judged.map((p) => ({
        at: new Date(p.at),
        value: p.value,
        excluded: p.excluded ?? false,
        mean: p.baseline?.mean ?? null,
        stddev: p.baseline?.stddev ?? null,
        zScore: p.zScore,
        lower: p.lower,
        upper: p.upper,
        anomaly: anomalyAt.get(`${s.id}\u0000${p.at}`) ?? null,
      })),
    });
  }
  return histories;
}
