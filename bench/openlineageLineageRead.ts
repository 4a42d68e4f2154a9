/**
 * Marquez's lineage read (`GET /api/v1/lineage`) of a 1,000-job graph, over real HTTP, on a
 * fresh in-memory PGlite and (with --pg) a new database on PostgreSQL.
 *
 *   npx tsx bench/openlineageLineageRead.ts [--jobs 1000] [--reads 20] [--pg [postgres://…]]
 *
 * The graph: one source dataset read by the first layer of jobs; layers of 100 jobs, each job
 * reading two outputs of the layer before and writing one dataset with a 12-column schema
 * facet; every job has one COMPLETE run. The read starts at the source, so its answer holds
 * every job and dataset (with their facets and latest runs). Prints the first read (the
 * tenant's lineage graph is built then), p50/p99 of the next reads (the same answer, kept for
 * the tenant's revisions: services/openlineage/lineageAnswers.ts), p50/p99 of as many reads
 * each after a new event (a run of one of the jobs, so the answer is built again), the answer's
 * size, and the CPU time this process spent per read (server and client; with PGlite, the
 * database too), which a loaded machine inflates less than wall time.
 */
import { randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import { performance } from "node:perf_hooks";
import "reflect-metadata";
import { Command } from "commander";
import { loadConfig } from "../src/config.js";
import { migrate, openEmbeddedDatabase, type Database } from "../src/db/database.js";
import { tributarySchema } from "../src/graphql/schema.js";
import { createHttpApp } from "../src/http/app.js";
import { createLogger } from "../src/logger.js";
import { createTenant } from "../src/services/tenants.js";
import { positiveNumber } from "./support/positiveNumber.js";
import { onScratchPostgres } from "./support/scratchPostgres.js";

const options = new Command("bench/openlineageLineageRead.ts")
  .option("--jobs <n>", "jobs in the graph (layers of 100)", positiveNumber, 1000)
  .option("--reads <n>", "timed reads after the first", positiveNumber, 20)
  .option("--pg [url]", "also on PostgreSQL (default: DATABASE_URL, else postgres://postgres@127.0.0.1:5432/postgres)")
  .parse()
  .opts<{ jobs: number; reads: number; pg?: string | true }>();

const PRODUCER = "https://github.com/OpenLineage/OpenLineage/tree/1.24.2/integration/spark";
const WIDTH = 100;
const SOURCE = { namespace: "postgres://warehouse:5432", name: "warehouse.raw.events" };

function graphEvents(jobs: number): Record<string, unknown>[] {
  const dataset = (layer: number, j: number) => ({ namespace: "s3://lake", name: `layer_${layer}/table_${j % WIDTH}` });
  const schema = {
    _producer: PRODUCER,
    _schemaURL: "https://openlineage.io/spec/facets/1-2-0/SchemaDatasetFacet.json#/$defs/SchemaDatasetFacet",
    fields: Array.from({ length: 12 }, (_, c) => ({ name: `column_${c}`, type: c % 2 ? "text" : "bigint" })),
  };
  const events: Record<string, unknown>[] = [];
  for (let i = 0; i < jobs; i++) {
    const layer = Math.floor(i / WIDTH);
    const j = i % WIDTH;
    const inputs = layer === 0 ? [SOURCE] : [dataset(layer - 1, j), dataset(layer - 1, j + 1)];
    const base = {
      producer: PRODUCER,
      schemaURL: "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent",
      job: { namespace: "bench", name: `layer_${layer}.job_${j}` },
      inputs,
      outputs: [{ ...dataset(layer, j), facets: { schema } }],
      run: { runId: randomUUID() },
    };
    const start = Date.UTC(2026, 10, 1) + i * 60_000;
    events.push({ ...base, eventType: "START", eventTime: new Date(start).toISOString() });
    events.push({ ...base, eventType: "COMPLETE", eventTime: new Date(start + 30_000).toISOString() });
  }
  return events;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

async function measure(label: string, db: Database): Promise<void> {
  await migrate(db);
  const { token } = await createTenant(db.prisma, { slug: "bench" });
  const config = loadConfig({ PORT: "0", LOG_LEVEL: "silent" });
  const { server, apollo } = await createHttpApp({ db, config, logger: createLogger("silent"), schema: await tributarySchema() });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1`;
  const headers = { "content-type": "application/json", authorization: `Bearer ${token}` };
  try {
    const events = graphEvents(options.jobs);
    for (let i = 0; i < events.length; i += 200) {
      const response = await fetch(`${url}/lineage/batch`, { method: "POST", headers, body: JSON.stringify(events.slice(i, i + 200)) });
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`batch answered ${response.status}`);
    }
    const read = async () => {
      const cpu = process.cpuUsage();
      const sent = performance.now();
      const response = await fetch(`${url}/lineage?nodeId=${encodeURIComponent(`dataset:${SOURCE.namespace}:${SOURCE.name}`)}&depth=20`, { headers });
      const body = await response.text();
      if (response.status !== 200) throw new Error(`lineage answered ${response.status}: ${body.slice(0, 200)}`);
      const used = process.cpuUsage(cpu);
      return { ms: performance.now() - sent, cpuMs: (used.user + used.system) / 1000, body };
    };
    const first = await read();
    const graph = (JSON.parse(first.body) as { graph: { type: string }[] }).graph;
    const jobs = graph.filter((node) => node.type === "JOB").length;
    const latencies: number[] = [];
    const cpu: number[] = [];
    for (let i = 0; i < options.reads; i++) {
      const { ms, cpuMs } = await read();
      latencies.push(ms);
      cpu.push(cpuMs);
    }
    const rebuilt: number[] = [];
    const rebuiltCpu: number[] = [];
    for (let i = 0; i < options.reads; i++) {
      const event = {
        producer: PRODUCER,
        schemaURL: "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent",
        job: { namespace: "bench", name: `layer_0.job_${i % WIDTH}` },
        run: { runId: randomUUID() },
        eventType: "COMPLETE",
        eventTime: new Date(Date.UTC(2026, 11, 1) + i * 60_000).toISOString(),
      };
      const posted = await fetch(`${url}/lineage`, { method: "POST", headers, body: JSON.stringify(event) });
      await posted.arrayBuffer();
      if (posted.status !== 201) throw new Error(`post answered ${posted.status}`);
      const { ms, cpuMs } = await read();
      rebuilt.push(ms);
      rebuiltCpu.push(cpuMs);
    }
    for (const list of [latencies, cpu, rebuilt, rebuiltCpu]) list.sort((a, b) => a - b);
    console.log(
      [
        `${label}:`,
        `  lineage read of ${jobs} jobs, ${graph.length - jobs} datasets (${(first.body.length / 1e6).toFixed(1)} MB of JSON)`,
        `  first ${first.ms.toFixed(0)} ms (builds the lineage graph); then p50 ${percentile(latencies, 50).toFixed(0)} ms, p99 ${percentile(latencies, 99).toFixed(0)} ms over ${latencies.length} reads`,
        `  CPU of this process per read: p50 ${percentile(cpu, 50).toFixed(0)} ms`,
        `  after a new event each (answer built again): p50 ${percentile(rebuilt, 50).toFixed(0)} ms, p99 ${percentile(rebuilt, 99).toFixed(0)} ms over ${rebuilt.length} reads; CPU per read p50 ${percentile(rebuiltCpu, 50).toFixed(0)} ms`,
      ].join("\n"),
    );
  } finally {
    await apollo.stop();
  }
}

await measure("PGlite", await openEmbeddedDatabase());
if (options.pg) {
  await onScratchPostgres(options.pg, (db) => measure("PostgreSQL", db));
}
process.exit(0);
