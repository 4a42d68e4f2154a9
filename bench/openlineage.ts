/**
 * OpenLineage intake over real HTTP, on a fresh in-memory PGlite and (with --pg) a new database
 * on PostgreSQL. The server runs in this process (its memory is what the 5 MB case measures);
 * the clients are plain fetch calls.
 *
 *   npx tsx bench/openlineage.ts [--events 2000] [--batch 100] [--pg [postgres://…]]
 *
 * Prints, per database:
 *   - batch: events/s through POST /api/v1/lineage/batch (`--batch` events a request, one at a time);
 *   - single: events/s and p50/p99 latency of POST /api/v1/lineage from 16 concurrent clients;
 *   - large: time and peak memory (RSS and heap above the idle baseline) to take one 5 MB event
 *     with 2,000 columns' lineage.
 * Events are Airflow/Spark-like runs (START then COMPLETE) over 1,000 jobs with schema facets.
 */
import { randomBytes, randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import { performance } from "node:perf_hooks";
import "reflect-metadata";
import { Command } from "commander";
import { loadConfig } from "../src/config.js";
import { migrate, openDatabase, openEmbeddedDatabase, type Database } from "../src/db/database.js";
import { tributarySchema } from "../src/graphql/schema.js";
import { createHttpApp } from "../src/http/app.js";
import { createLogger } from "../src/logger.js";
import { createTenant } from "../src/services/tenants.js";
import { largeColumnLineageEvent } from "../tests/support/largeOpenLineageEvent.js";
import { adminQuery, databaseUrl } from "../tests/support/postgres.js";
import { positiveNumber } from "./support/positiveNumber.js";

const options = new Command("bench/openlineage.ts")
  .option("--events <n>", "events per phase", positiveNumber, 2000)
  .option("--batch <n>", "events per batch request", positiveNumber, 100)
  .option("--pg [url]", "also on PostgreSQL (default: DATABASE_URL, else postgres://postgres@127.0.0.1:5432/postgres)")
  .parse()
  .opts<{ events: number; batch: number; pg?: string | true }>();

const PRODUCER = "https://github.com/OpenLineage/OpenLineage/tree/1.24.2/integration/spark";
const JOBS = 1_000;

function runEvents(count: number, seed: string): Record<string, unknown>[] {
  const events: Record<string, unknown>[] = [];
  for (let i = 0; events.length < count; i++) {
    const runId = randomUUID();
    const job = { namespace: "bench", name: `${seed}.job_${i % JOBS}` };
    const inputs = [{ namespace: "postgres://warehouse:5432", name: `warehouse.analytics.table_${i % 700}` }];
    const schema = {
      _producer: PRODUCER,
      _schemaURL: "https://openlineage.io/spec/facets/1-2-0/SchemaDatasetFacet.json#/$defs/SchemaDatasetFacet",
      fields: Array.from({ length: 12 }, (_, c) => ({ name: `column_${c}`, type: c % 2 ? "text" : "bigint" })),
    };
    const outputs = [{ namespace: "s3://lake", name: `out/${seed}/table_${i % JOBS}`, facets: { schema } }];
    const base = { producer: PRODUCER, schemaURL: "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent", job, inputs, outputs };
    const start = new Date(Date.UTC(2026, 10, 1) + i * 60_000);
    events.push({ ...base, eventType: "START", eventTime: start.toISOString(), run: { runId } });
    events.push({ ...base, eventType: "COMPLETE", eventTime: new Date(start.getTime() + 30_000).toISOString(), run: { runId } });
  }
  return events.slice(0, count);
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

async function measure(label: string, db: Database): Promise<void> {
  await migrate(db);
  const { token } = await createTenant(db.prisma, { slug: "bench" });
  const config = loadConfig({ PORT: "0", LOG_LEVEL: "silent" });
  const { server, apollo } = await createHttpApp({ db, config, logger: createLogger("silent"), schema: await tributarySchema() });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1`;
  const post = async (path: string, body: string) => {
    const response = await fetch(`${url}/${path}`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${token}` }, body });
    await response.arrayBuffer();
    if (response.status >= 300) throw new Error(`${path} answered ${response.status}`);
  };
  try {
    // Warm-up: compiles the schemas and the statements.
    await post("lineage/batch", JSON.stringify(runEvents(50, "warmup")));

    const batchEvents = runEvents(options.events, "batch");
    let started = performance.now();
    for (let i = 0; i < batchEvents.length; i += options.batch) await post("lineage/batch", JSON.stringify(batchEvents.slice(i, i + options.batch)));
    const batchSeconds = (performance.now() - started) / 1000;

    const singles = runEvents(options.events, "single").map((event) => JSON.stringify(event));
    const latencies: number[] = [];
    let next = 0;
    started = performance.now();
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (next < singles.length) {
          const body = singles[next++]!;
          const sent = performance.now();
          await post("lineage", body);
          latencies.push(performance.now() - sent);
        }
      }),
    );
    const singleSeconds = (performance.now() - started) / 1000;
    latencies.sort((a, b) => a - b);

    const large = JSON.stringify(largeColumnLineageEvent(2_000));
    globalThis.gc?.();
    const idle = process.memoryUsage();
    let peak = { rss: idle.rss, heapUsed: idle.heapUsed };
    const sampler = setInterval(() => {
      const now = process.memoryUsage();
      peak = { rss: Math.max(peak.rss, now.rss), heapUsed: Math.max(peak.heapUsed, now.heapUsed) };
    }, 5);
    started = performance.now();
    await post("lineage", large);
    const largeSeconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    const mb = (bytes: number) => (bytes / 1024 ** 2).toFixed(0);

    console.log(
      [
        `${label}:`,
        `  batch   ${(batchEvents.length / batchSeconds).toFixed(0)} events/s (${batchEvents.length} events, ${options.batch} a request)`,
        `  single  ${(singles.length / singleSeconds).toFixed(0)} events/s from 16 clients; p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms`,
        `  large   ${(large.length / 1e6).toFixed(1)} MB event in ${largeSeconds.toFixed(2)} s; peak RSS +${mb(peak.rss - idle.rss)} MB, heap +${mb(peak.heapUsed - idle.heapUsed)} MB`,
      ].join("\n"),
    );
  } finally {
    await apollo.stop();
  }
}

await measure("PGlite", await openEmbeddedDatabase());
if (options.pg) {
  const target = options.pg === true ? (process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres") : options.pg;
  const name = `tributary_bench_${randomBytes(5).toString("hex")}`;
  await adminQuery(target, `CREATE DATABASE "${name}"`);
  const db = await openDatabase({ kind: "postgres", url: databaseUrl(target, name) });
  try {
    await measure("PostgreSQL", db);
  } finally {
    await db.close();
    await adminQuery(target, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  }
}
process.exit(0);
