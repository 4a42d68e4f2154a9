/**
 * The stored points of some series over spans of time, with the baseline before each span:
 * what detection judges new points against (storeObservations.ts) and what a series' history
 * draws (seriesHistory.ts).
 */
import type { SeriesPoint } from "../../core/anomaly/detect.js";
import { jsonRows } from "../../db/jsonRows.js";
import type { TenantDb, TenantTx } from "../../db/tenantScope.js";

export interface SeriesSpan {
  seriesId: string;
  /** ISO times, inclusive. */
  from: string;
  to: string;
  /** The baseline's points (N) to read before `from`. */
  depth: number;
  /** Per weekday: N points before `from` on each of the seven. */
  seasonal: boolean;
}

/** seriesId, at (timestamp text, UTC), value, excluded */
type PointRow = [string, string, number, boolean];

/**
 * Per series: the baseline's worth of included points before `from` (per weekday when seasonal),
 * each found by a backward scan of the primary key's (tenantId, seriesId, at), and every point
 * from `from` to `to`. Sorted by time. One json_agg string rather than rows: row-by-row decoding
 * through the driver adapters is several times slower (db/jsonRows.ts).
 */
export async function readSeriesPoints(db: TenantDb | TenantTx, tenantId: string, spans: readonly SeriesSpan[]): Promise<Map<string, SeriesPoint[]>> {
  const bySeries = new Map<string, SeriesPoint[]>();
  if (spans.length === 0) return bySeries;
  const rows = await jsonRows<PointRow>(
    db.$queryRawUnsafe(
      `WITH span AS (SELECT * FROM jsonb_to_recordset($2::jsonb) AS s("seriesId" text, "from" timestamp(3), "to" timestamp(3), "depth" int, "seasonal" boolean)),
       bucket AS (
         SELECT span.*, NULL::int AS weekday FROM span WHERE NOT span."seasonal"
         UNION ALL
         SELECT span.*, d AS weekday FROM span CROSS JOIN generate_series(0, 6) AS d WHERE span."seasonal"
       ),
       points AS (
         SELECT b."seriesId", o."at", o."value", o."excluded"
         FROM bucket b CROSS JOIN LATERAL (
           SELECT o."at", o."value", o."excluded" FROM "Observation" o
           WHERE o."tenantId" = $1 AND o."seriesId" = b."seriesId" AND o."at" < b."from" AND NOT o."excluded"
             AND (b.weekday IS NULL OR extract(dow FROM o."at") = b.weekday)
           ORDER BY o."at" DESC LIMIT b."depth"
         ) o
         UNION ALL
         SELECT o."seriesId", o."at", o."value", o."excluded"
         FROM "Observation" o JOIN span ON o."seriesId" = span."seriesId"
         WHERE o."tenantId" = $1 AND o."at" >= span."from" AND o."at" <= span."to"
       )
       SELECT json_agg(json_build_array(p."seriesId", p."at", p."value", p."excluded"))::text AS "rows" FROM points p`,
      tenantId,
      JSON.stringify(spans.map(({ seriesId, from, to, depth, seasonal }) => ({ seriesId, from, to, depth, seasonal }))),
    ),
  );
  for (const [seriesId, at, value, excluded] of rows) {
    let list = bySeries.get(seriesId);
    if (!list) bySeries.set(seriesId, (list = []));
    list.push({ at: Date.parse(`${at}Z`), value, excluded });
  }
  for (const list of bySeries.values()) list.sort((a, b) => a.at - b.at);
  return bySeries;
}
