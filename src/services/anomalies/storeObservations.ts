/**
 * Writes observations inside the caller's transaction and judges them: each series' new points
 * are compared with the points before them (core/anomaly/detect), and every anomaly found is
 * stored and announced (anomalyEvents.ts). Raw SQL with one JSON or array parameter per column,
 * like ingestion's bulk writes (db/bulkInsert.ts): createMany binds every field and was far
 * slower for the tens of thousands of points a backfill posts.
 *
 * The history the new points are judged against is read before they are written and the posted
 * points merged into it here: reading them back after the insert cost a second pass over every
 * row just written.
 */
import { randomUUID } from "node:crypto";
import { detectAnomalies, expectedRange, type SeriesPoint } from "../../core/anomaly/detect.js";
import { dimensionsKey, seriesKey } from "../../core/anomaly/observationInput.js";
import type { DerivedObservation } from "../../core/anomaly/runObservations.js";
import type { DetectionSettings } from "../../core/anomaly/settings.js";
import type { TenantTx } from "../../db/tenantScope.js";
import type { ChangeRequestLinks } from "../changes/changeRequests.js";
import { jsonRows } from "../../db/jsonRows.js";
import { announceAnomalies } from "./anomalyEvents.js";
import { readSeriesPoints, type SeriesSpan } from "./seriesPoints.js";
import { settingsLookup } from "./settingsLookup.js";

export interface StoreOptions {
  source: "API" | "RUN";
  now: Date;
  links?: ChangeRequestLinks;
}

export interface StoredAnomaly {
  id: string;
  seriesId: string;
  at: Date;
  value: number;
  mean: number;
  stddev: number;
  zScore: number;
  threshold: number;
  window: number;
  seasonality: string;
  baselineFrom: Date;
  baselineTo: Date;
  lower: number;
  upper: number;
}

export interface StoreResult {
  accepted: number;
  series: number;
  anomalies: StoredAnomaly[];
}

interface SeriesRow {
  id: string;
  assetId: string;
  name: string;
  dimensionsKey: string;
}

/** A posted point, one per series and time. */
interface PostedPoint {
  seriesId: string;
  at: string;
  value: number;
}

export async function storeObservations(tx: TenantTx, tenantId: string, drafts: readonly DerivedObservation[], options: StoreOptions): Promise<StoreResult> {
  if (drafts.length === 0) return { accepted: 0, series: 0, anomalies: [] };
  // Each draft's series identity, worked out once (canonical JSON of its dimensions).
  const keys = drafts.map((d) => seriesKey(d.assetId, d.name, dimensionsKey(d.dimensions)));
  const series = await seriesOf(tx, tenantId, drafts, keys);
  const idOf = new Map(series.map((s) => [seriesKey(s.assetId, s.name, s.dimensionsKey), s.id]));

  // One point per series and time: the last one posted wins, as a later post of the same time does.
  const points = new Map<string, PostedPoint>();
  drafts.forEach((draft, i) => {
    const seriesId = idOf.get(keys[i]!)!;
    const at = draft.at.toISOString();
    points.set(`${seriesId}\u0000${at}`, { seriesId, at, value: draft.value });
  });
  const rows = [...points.values()];

  const settingsOf = await settingsLookup(tx, tenantId, series);
  const spans = spansOf(rows, settingsOf);
  const stored = await readSeriesPoints(tx, tenantId, [...spans.values()]);
  await tx.$executeRaw`
    INSERT INTO "Observation" ("tenantId", "seriesId", "at", "value", "source", "createdAt")
    SELECT ${tenantId}, u."seriesId", u."at"::timestamp(3), u."value", ${options.source}, ${options.now.toISOString()}::timestamp(3)
      FROM unnest(${rows.map((r) => r.seriesId)}::text[], ${rows.map((r) => r.at)}::text[], ${rows.map((r) => r.value)}::float8[]) AS u("seriesId", "at", "value")
    ON CONFLICT ("tenantId", "seriesId", "at") DO UPDATE SET "value" = EXCLUDED."value", "source" = EXCLUDED."source"`;

  const anomalies = await judge(tx, tenantId, spans, withPosted(stored, rows), settingsOf, options.now);
  if (anomalies.length > 0) await announceAnomalies(tx, tenantId, anomalies, options.links);
  return { accepted: rows.length, series: spans.size, anomalies };
}

/** The drafts' series: read, and created first where missing (a series' first points). */
async function seriesOf(tx: TenantTx, tenantId: string, drafts: readonly DerivedObservation[], keys: readonly string[]): Promise<SeriesRow[]> {
  const wanted = new Map<string, { id: string; assetId: string; name: string; dimensionsKey: string; dimensions: Record<string, string> }>();
  drafts.forEach((d, i) => {
    const k = keys[i]!;
    if (!wanted.has(k)) wanted.set(k, { id: randomUUID(), assetId: d.assetId, name: d.name, dimensionsKey: dimensionsKey(d.dimensions), dimensions: d.dimensions });
  });
  const found = await readSeries(tx, tenantId, [...wanted.values()]);
  if (found.length === wanted.size) return found;
  for (const s of found) wanted.delete(seriesKey(s.assetId, s.name, s.dimensionsKey));
  const missing = [...wanted.values()];
  await tx.$executeRawUnsafe(
    `INSERT INTO "MetricSeries" ("tenantId", "id", "assetId", "name", "dimensionsKey", "dimensions")
     SELECT $1, r."id", r."assetId", r."name", r."dimensionsKey", r."dimensions"
     FROM jsonb_to_recordset($2::jsonb) AS r("id" text, "assetId" text, "name" text, "dimensionsKey" text, "dimensions" jsonb)
     ON CONFLICT ("tenantId", "assetId", "name", "dimensionsKey") DO NOTHING`,
    tenantId,
    JSON.stringify(missing),
  );
  // A statement of its own, so it also sees a series another transaction created meanwhile.
  return [...found, ...(await readSeries(tx, tenantId, missing))];
}

function readSeries(tx: TenantTx, tenantId: string, wanted: readonly { assetId: string; name: string; dimensionsKey: string }[]): Promise<SeriesRow[]> {
  return jsonRows<SeriesRow>(
    tx.$queryRawUnsafe(
      `SELECT json_agg(json_build_object('id', s."id", 'assetId', s."assetId", 'name', s."name", 'dimensionsKey', s."dimensionsKey"))::text AS "rows"
       FROM "MetricSeries" s JOIN jsonb_to_recordset($2::jsonb) AS r("assetId" text, "name" text, "dimensionsKey" text)
         ON s."assetId" = r."assetId" AND s."name" = r."name" AND s."dimensionsKey" = r."dimensionsKey"
       WHERE s."tenantId" = $1`,
      tenantId,
      JSON.stringify(wanted),
    ),
  );
}

/** Per series: the posted points' times (the earliest and latest as ISO text), and how deep its baseline reaches. */
interface Span extends SeriesSpan {
  posted: Set<number>;
}

function spansOf(rows: readonly PostedPoint[], settingsOf: (seriesId: string) => DetectionSettings): Map<string, Span> {
  const spans = new Map<string, Span>();
  for (const row of rows) {
    let span = spans.get(row.seriesId);
    if (!span) {
      const settings = settingsOf(row.seriesId);
      spans.set(row.seriesId, (span = { seriesId: row.seriesId, from: row.at, to: row.at, depth: settings.window, seasonal: settings.seasonality === "DAY_OF_WEEK", posted: new Set() }));
    }
    if (row.at < span.from) span.from = row.at;
    if (row.at > span.to) span.to = row.at;
    span.posted.add(Date.parse(row.at));
  }
  return spans;
}

/** Each series' points as the batch leaves them: a posted value replaces a stored one at its time, which keeps its `excluded`. */
function withPosted(stored: ReadonlyMap<string, SeriesPoint[]>, rows: readonly PostedPoint[]): Map<string, SeriesPoint[]> {
  const byTime = new Map<string, Map<number, SeriesPoint>>();
  for (const [seriesId, points] of stored) byTime.set(seriesId, new Map(points.map((p) => [p.at, p])));
  for (const row of rows) {
    let points = byTime.get(row.seriesId);
    if (!points) byTime.set(row.seriesId, (points = new Map()));
    const at = Date.parse(row.at);
    points.set(at, { at, value: row.value, excluded: points.get(at)?.excluded ?? false });
  }
  return new Map([...byTime].map(([seriesId, points]) => [seriesId, [...points.values()].sort((a, b) => a.at - b.at)]));
}

/** Judges each series' posted points against what precedes them, and stores the anomalies found. */
async function judge(
  tx: TenantTx,
  tenantId: string,
  spans: ReadonlyMap<string, Span>,
  bySeries: ReadonlyMap<string, SeriesPoint[]>,
  settingsOf: (seriesId: string) => DetectionSettings,
  now: Date,
): Promise<StoredAnomaly[]> {
  const found: StoredAnomaly[] = [];
  const creates = [];
  // In the order the batch first names each series, so the answer lists anomalies in the post's order.
  for (const [seriesId, span] of spans) {
    const points = bySeries.get(seriesId)!;
    const settings = settingsOf(seriesId);
    const firstNew = points.findIndex((p) => p.at >= Date.parse(span.from));
    for (const hit of detectAnomalies(points, settings, firstNew)) {
      if (!span.posted.has(hit.at)) continue;
      creates.push({
        seriesId,
        at: new Date(hit.at),
        value: hit.value,
        mean: hit.mean,
        stddev: hit.stddev,
        zScore: hit.zScore,
        threshold: settings.threshold,
        window: settings.window,
        seasonality: settings.seasonality,
        baselineFrom: new Date(hit.from),
        baselineTo: new Date(hit.to),
        detectedAt: now,
      });
    }
  }
  if (creates.length === 0) return found;
  // A point already judged anomalous (posted again) keeps its anomaly and is not announced twice.
  const stored = await tx.anomaly.createManyAndReturn({ data: creates.map((c) => ({ ...c, tenantId })), skipDuplicates: true });
  for (const a of stored) {
    const { id, seriesId, at, value, mean, stddev, zScore, threshold, window, seasonality, baselineFrom, baselineTo } = a;
    found.push({ id, seriesId, at, value, mean, stddev, zScore, threshold, window, seasonality, baselineFrom, baselineTo, ...expectedRange(mean, stddev, threshold) });
  }
  return found;
}
