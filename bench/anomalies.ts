/**
 * Anomaly alerts at scale:
 * 1. Detection: 1,000 series of a year of daily points through core/anomaly/detect (pure, in
 *    process), with and without day-of-week seasonality. Target: under 1 s.
 * 2. Ingestion: observations posted to `POST /api/v1/observations` of a real HTTP server on
 *    127.0.0.1 (in this process), each batch stored and judged in its transaction, on a fresh
 *    in-memory PGlite and, with --pg, on a fresh database of that PostgreSQL server. Target:
 *    10,000 points/s or more.
 *
 *   npx tsx bench/anomalies.ts [--pg [postgres://postgres@127.0.0.1:5432/postgres]] [--series 1000] [--days 100] [--batch 10000]
 */
import "reflect-metadata";
import type { AddressInfo } from "node:net";
import { performance } from "node:perf_hooks";
import { Command } from "commander";
import { detectAnomalies, type SeriesPoint } from "../src/core/anomaly/detect.js";
import { DEFAULT_DETECTION } from "../src/core/anomaly/settings.js";
import { loadConfig } from "../src/config.js";
import { migrate, openEmbeddedDatabase, type Database } from "../src/db/database.js";
import { tributarySchema } from "../src/graphql/schema.js";
import { createHttpApp } from "../src/http/app.js";
import { createLogger } from "../src/logger.js";
import { createTenant } from "../src/services/tenants.js";
import { positiveNumber } from "./support/positiveNumber.js";
import { onScratchPostgres } from "./support/scratchPostgres.js";

const options = new Command("bench/anomalies.ts")
  .option("--pg [url]", "also on PostgreSQL (default: postgres://postgres@127.0.0.1:5432/postgres)")
  .option("--series <n>", "series posted in the ingestion run", positiveNumber, 1000)
  .option("--days <n>", "daily points per series in the ingestion run", positiveNumber, 100)
  .option("--batch <n>", "observations per request", positiveNumber, 10_000)
  .parse()
  .opts<{ pg?: string | true; series: number; days: number; batch: number }>();

const DAY = 86_400_000;
const START = Date.UTC(2025, 0, 1);

/** A deterministic pseudo-random walk around a weekly pattern, so every run judges the same points. */
function seriesValues(seed: number, days: number): number[] {
  let state = seed * 2654435761 >>> 0;
  const next = () => ((state = (state * 1664525 + 1013904223) >>> 0) / 2 ** 32);
  const base = 1000 + (seed % 97) * 10;
  return Array.from({ length: days }, (_, d) => base * (1 + 0.2 * Math.sin((2 * Math.PI * d) / 7)) * (1 + 0.05 * (next() - 0.5)) + (next() < 0.01 ? base * 0.5 : 0));
}

function benchDetection(): string[][] {
  const series: SeriesPoint[][] = Array.from({ length: 1000 }, (_, s) => seriesValues(s + 1, 365).map((value, d) => ({ at: START + d * DAY, value })));
  const rows: string[][] = [];
  for (const seasonality of ["NONE", "DAY_OF_WEEK"] as const) {
    const settings = { ...DEFAULT_DETECTION, seasonality };
    const times: number[] = [];
    let found = 0;
    for (let run = 0; run < 7; run++) {
      const started = performance.now();
      found = 0;
      for (const points of series) found += detectAnomalies(points, settings).length;
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    rows.push([`detect 1,000 series × 365 days (${seasonality})`, `${times[3]!.toFixed(1)} ms median of 7 (min ${times[0]!.toFixed(1)})`, `${found} anomalies`, "< 1,000 ms", times[3]! < 1000 ? "yes" : "no"]);
  }
  return rows;
}

async function benchIngest(label: string, db: Database): Promise<string[]> {
  await migrate(db);
  const { tenant, token } = await createTenant(db.prisma, { slug: "bench" });
  const project = await db.prisma.project.create({ data: { tenantId: tenant.id, name: "bench" } });
  const assets = Array.from({ length: Math.min(options.series, 100) }, (_, i) => ({
    tenantId: tenant.id,
    projectId: project.id,
    uniqueId: `model.bench.model_${i}`,
    name: `model_${i}`,
    kind: "MODEL" as const,
    contentHash: `bench${i}`,
  }));
  await db.prisma.asset.createMany({ data: assets });

  const config = loadConfig({ PORT: "0", LOG_LEVEL: "silent" });
  const { server, apollo } = await createHttpApp({ db, config, logger: createLogger("silent"), schema: await tributarySchema() });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/observations`;
  try {
    // Series s is measure `m<s / assets>` of asset s % assets: each request carries whole days of every series.
    const values = Array.from({ length: options.series }, (_, s) => seriesValues(s + 1, options.days));
    const all = [];
    for (let d = 0; d < options.days; d++) {
      for (let s = 0; s < options.series; s++) {
        all.push({ asset: assets[s % assets.length]!.uniqueId, name: `m${Math.floor(s / assets.length)}`, date: new Date(START + d * DAY).toISOString().slice(0, 10), value: values[s]![d]! });
      }
    }
    const bodies: string[] = [];
    for (let i = 0; i < all.length; i += options.batch) bodies.push(JSON.stringify({ observations: all.slice(i, i + options.batch) }));
    let anomalies = 0;
    const started = performance.now();
    for (const body of bodies) {
      const response = await fetch(url, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body });
      const answer = (await response.json()) as { anomalies?: unknown[] };
      if (!response.ok) throw new Error(`${label}: ${response.status} ${JSON.stringify(answer).slice(0, 300)}`);
      anomalies += answer.anomalies!.length;
    }
    const seconds = (performance.now() - started) / 1000;
    const rate = all.length / seconds;
    console.error(`${label}: ${all.length} points in ${seconds.toFixed(2)} s, ${anomalies} anomalies`);
    return [`ingest via REST, ${label} (${options.series} series × ${options.days} days, ${options.batch}/request)`, `${Math.round(rate).toLocaleString("en-US")} points/s (${seconds.toFixed(2)} s)`, `${anomalies} anomalies`, "≥ 10,000 points/s", rate >= 10_000 ? "yes" : "no"];
  } finally {
    await apollo.stop();
    server.closeAllConnections();
  }
}

async function main(): Promise<void> {
  const rows = benchDetection();
  const embedded = await openEmbeddedDatabase();
  try {
    rows.push(await benchIngest("PGlite", embedded));
  } finally {
    await embedded.close();
  }
  if (options.pg) {
    rows.push(await onScratchPostgres(options.pg, (db) => benchIngest("PostgreSQL", db)));
  }
  const header = ["what", "result", "found", "target", "met"];
  console.log(`| ${header.join(" | ")} |\n|${header.map(() => "---").join("|")}|`);
  for (const row of rows) console.log(`| ${row.join(" | ")} |`);
}

await main();
