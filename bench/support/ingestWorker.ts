/**
 * One benchmark worker (started by bench/ingest.ts, never by hand): opens a fresh migrated
 * database (PGlite in a temporary data dir, or the PostgreSQL database it is given), creates a
 * tenant, and for each input times the first post, an unchanged re-post (with a breakdown of
 * where its time goes) and a re-post with ~1 % of the models' SQL edited. Results go to the
 * parent over IPC.
 *
 *   node --import tsx --expose-gc bench/support/ingestWorker.ts '<WorkerSpec JSON>'
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import pg from "pg";
import { generateDbtManifest } from "../generate/dbtManifest.js";
import { writeDbtProjectFolder } from "../generate/dbtProjectFolder.js";
import { readDbtProject } from "../../src/projectFolder/index.js";
import { DBT_FIXTURES, readFixture } from "../../tests/support/fixtureDocs.js";
import { parseManifest, snapshotChecksum } from "../../src/core/manifest/index.js";
import { migrate, openDatabase, openEmbeddedDatabase, type Database } from "../../src/db/database.js";
import { deployMigrations, readMigrationFiles } from "../../src/db/migrations.js";
import { ingestManifest, type IngestResult } from "../../src/services/ingest/ingestManifest.js";
import { createTenant, operatorContext } from "../../src/services/tenants.js";
import type { TenantContext } from "../../src/services/actor.js";
import type { Operation, StepName, StepResult, WorkerMessage, WorkerSpec } from "./ingestProtocol.js";

type Json = Record<string, unknown>;

interface Input {
  name: string;
  /** The project posted to (a native manifest names its own). */
  project?: string;
  /** The documents as CI would send them (JSON text), to time JSON.parse. */
  manifestText: string;
  catalogText?: string;
  manifest: Json;
  catalog?: unknown;
  synthetic: boolean;
}

const MB = 1024 * 1024;
const gc = (globalThis as { gc?: () => void }).gc;

function send(message: WorkerMessage): void {
  if (process.send) process.send(message);
  else console.log(JSON.stringify(message));
}

async function openBenchDatabase(spec: WorkerSpec): Promise<Database> {
  if (spec.backend === "pglite") {
    // A fresh data dir, as `tributary serve` opens one: in memory, the whole database would sit
    // in the process (and count in its RSS), which a server's does not.
    const dataDir = await mkdtemp(path.join(tmpdir(), "tributary-bench-pglite-"));
    const db = await openEmbeddedDatabase({ dataDir });
    await migrate(db);
    return { ...db, close: async () => (await db.close(), await rm(dataDir, { recursive: true, force: true })) };
  }
  if (!spec.url) throw new Error("postgres worker without a database URL");
  try {
    await deployMigrations({ kind: "postgres", url: spec.url });
  } catch (error) {
    // @prisma/adapter-pg's executeScript splits a migration on every ";", comments included,
    // so a migration with ";" in a comment fails there (it applies fine with psql). Rather than
    // lose the PostgreSQL column, start the schema over and run each file whole (simple query
    // protocol, one round trip); the bench never looks at _prisma_migrations.
    const first = (error instanceof Error ? error.message : String(error)).split("\n").slice(0, 2).join(" ");
    send({ type: "warning", message: `deployMigrations failed (${first}); applied the migration files with pg instead` });
    await applyMigrationFilesWithPg(spec.url);
  }
  return openDatabase({ kind: "postgres", url: spec.url });
}

async function applyMigrationFilesWithPg(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public");
    for (const file of await readMigrationFiles()) await client.query(file.sql);
  } finally {
    await client.end();
  }
}

/**
 * The folder written to a temporary directory, then read as `tributary push --models` reads it
 * (readDbtProject, then the JSON text it uploads) and parsed as the server parses the body.
 */
async function folderInput(models: number): Promise<Input> {
  const dir = await mkdtemp(path.join(tmpdir(), "tributary-bench-folder-"));
  try {
    const name = `folder_${models}`;
    const { files } = await writeDbtProjectFolder(dir, { models });
    const read = await measure(async () => JSON.stringify((await readDbtProject(dir)).manifest));
    const manifestText = read.value;
    send({ type: "folder", input: name, files, readSeconds: read.seconds, readPeakRssMb: read.peakRssMb, manifestMb: manifestText.length / 1e6 });
    const manifest = JSON.parse(manifestText) as Json;
    return { name, project: manifest.project as string, manifestText, manifest, synthetic: true };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function* inputsOf(spec: WorkerSpec): AsyncGenerator<Input> {
  if (spec.inputs.kind === "folder") {
    yield await folderInput(spec.inputs.models);
    return;
  }
  if (spec.inputs.kind === "synthetic") {
    const manifestText = JSON.stringify(generateDbtManifest({ models: spec.inputs.models }));
    yield { name: `synthetic_${spec.inputs.models}`, manifestText, manifest: JSON.parse(manifestText) as Json, synthetic: true };
    return;
  }
  for (const fixture of DBT_FIXTURES) {
    const { manifest, catalog } = readFixture(fixture.dir);
    const catalogText = catalog === undefined ? undefined : JSON.stringify(catalog);
    yield {
      name: fixture.name,
      manifestText: JSON.stringify(manifest),
      manifest: manifest as Json,
      ...(catalogText === undefined ? {} : { catalogText, catalog }),
      synthetic: false,
    };
  }
}

/** Runs `fn`, sampling RSS and heap every 50 ms (and once at the end). */
async function measure<T>(fn: () => Promise<T>): Promise<{ value: T; seconds: number; peakRssMb: number; peakHeapMb: number }> {
  gc?.();
  let peakRss = 0;
  let peakHeap = 0;
  const sample = () => {
    const usage = process.memoryUsage();
    peakRss = Math.max(peakRss, usage.rss);
    peakHeap = Math.max(peakHeap, usage.heapUsed);
  };
  sample();
  const timer = setInterval(sample, 50);
  const start = performance.now();
  try {
    const value = await fn();
    return { value, seconds: (performance.now() - start) / 1000, peakRssMb: peakRss / MB, peakHeapMb: peakHeap / MB };
  } finally {
    clearInterval(timer);
    sample();
  }
}

const num = (value: unknown): number => (typeof value === "number" ? value : 0);

function writtenOf(result: IngestResult): Record<string, number> {
  const written = (result.counts.written ?? {}) as Record<string, unknown>;
  return Object.fromEntries(Object.entries(written).map(([key, value]) => [key, num(value)]));
}

function rowsWritten(result: IngestResult): number {
  if (result.status === "UNCHANGED") return 0; // counts are the current version's, nothing was written
  const w = writtenOf(result);
  return (
    num(w.assetsAdded) +
    num(w.assetsChanged) +
    num(w.assetsRemoved) +
    num(w.columnsWritten) +
    num(w.testsWritten) +
    num(w.edgesWritten) +
    num(w.inferredEdgesWritten) +
    num(w.columnLineageEdges) +
    num(w.rowDependencies)
  );
}

function rowsInInput(result: IngestResult): number {
  const c = result.counts;
  const assets = ["models", "sources", "seeds", "snapshots", "exposures", "metrics", "semanticModels"].reduce((n, k) => n + num(c[k]), 0);
  return assets + num(c.columns) + num(c.tests) + num(c.edges);
}

function modelNodes(manifest: Json): Json[] {
  if (Array.isArray(manifest.models)) return manifest.models as Json[]; // a native manifest (a folder)
  const nodes = (manifest.nodes ?? {}) as Record<string, Json>;
  return Object.values(nodes).filter((node) => node.resource_type === "model");
}

/** A copy of the manifest with ~1 % of the models' SQL edited (at least one), spread evenly. */
function withEditedSql(input: Input): { manifest: Json; edited: number } {
  const manifest = structuredClone(input.manifest);
  const models = modelNodes(manifest);
  if (models.length === 0) return { manifest, edited: 0 };
  const count = Math.max(1, Math.round(models.length / 100));
  const stride = models.length / count;
  // Synthetic SQL ends in `from p0 [left join …]`, so a WHERE clause is a real edit; the
  // fixtures' SQL ends anywhere (a CTE, a Jinja block), so they get a trailing comment.
  const edit = (sql: string) => (input.synthetic ? `${sql}\nwhere p0.customer_id is not null` : `${sql}\n-- edited by bench/ingest.ts`);
  for (let i = 0; i < count; i += 1) {
    const node = models[Math.floor(i * stride)]!;
    for (const key of ["raw_code", "raw_sql", "compiled_code", "compiled_sql", "sql"]) {
      if (typeof node[key] === "string") node[key] = edit(node[key]);
    }
  }
  return { manifest, edited: count };
}

/**
 * Raw SQL calls by what they do to which table (`$executeRawUnsafe INSERT Column`, the bulk
 * inserts of src/db/bulkInsert.ts), so that a post's time shows per table; other calls by method.
 */
function operationName(method: string, firstArgument: unknown): string {
  if (!method.endsWith("Unsafe") || typeof firstArgument !== "string") return method;
  const statement = /^\s*(INSERT INTO|UPDATE|DELETE FROM|ANALYZE)\s+"?(\w+)/i.exec(firstArgument);
  return statement ? `${method} ${statement[1]!.split(" ")[0]!.toUpperCase()} ${statement[2]}` : method;
}

/**
 * The same context, recording the time spent inside `ctx.db.$transaction` (all of a post's DB
 * work) and, per `model.method` (or `$queryRaw`…, raw SQL per statement kind and table) called
 * on the transaction client, how many calls and how long each took from call to result. Calls
 * made at once (Promise.all) overlap, so their sum can exceed the wall time; a bulk insert's
 * time also includes what the main thread computed before it read the answer.
 */
function instrument(ctx: TenantContext): { ctx: TenantContext; transactionMs: () => number; operations: () => Operation[] } {
  let total = 0;
  const ops = new Map<string, Operation>();
  const timed = (method: string, fn: (...a: unknown[]) => unknown, self: unknown) =>
    (...args: unknown[]) => {
      const start = performance.now();
      const name = operationName(method, args[0]);
      const record = () => {
        const op = ops.get(name) ?? { name, calls: 0, ms: 0 };
        op.calls += 1;
        op.ms += performance.now() - start;
        ops.set(name, op);
      };
      const value = fn.apply(self, args);
      if (value && typeof (value as PromiseLike<unknown>).then === "function") {
        return (value as PromiseLike<unknown>).then(
          (v) => (record(), v),
          (e: unknown) => {
            record();
            throw e;
          },
        );
      }
      record();
      return value;
    };
  const wrapTx = (tx: object): object =>
    new Proxy(tx, {
      get(target, property) {
        const value = Reflect.get(target, property, target) as unknown;
        if (typeof property !== "string") return value;
        if (typeof value === "function") return property.startsWith("$") ? timed(property, value as (...a: unknown[]) => unknown, target) : value;
        if (value && typeof value === "object" && !property.startsWith("$") && !property.startsWith("_")) {
          return new Proxy(value, {
            get(delegate, method) {
              const fn = Reflect.get(delegate, method, delegate) as unknown;
              return typeof fn === "function" && typeof method === "string" ? timed(`${property}.${method}`, fn as (...a: unknown[]) => unknown, delegate) : fn;
            },
          });
        }
        return value;
      },
    });
  const db = new Proxy(ctx.db, {
    get(target, property) {
      if (property === "$transaction") {
        return async (callback: (tx: object) => Promise<unknown>, options?: unknown) => {
          const start = performance.now();
          try {
            return await (target.$transaction as (cb: (tx: object) => Promise<unknown>, o?: unknown) => Promise<unknown>)((tx) => callback(wrapTx(tx)), options);
          } finally {
            total += performance.now() - start;
          }
        };
      }
      return Reflect.get(target, property, target) as unknown;
    },
  });
  return { ctx: { ...ctx, db }, transactionMs: () => total, operations: () => [...ops.values()].sort((a, b) => b.ms - a.ms) };
}

async function runInput(ctx: TenantContext, second: TenantContext, input: Input, firstOnly: boolean): Promise<void> {
  const project = input.project ?? input.name;
  const models = modelNodes(input.manifest).length;
  const postWith = (c: TenantContext, manifest: Json) =>
    ingestManifest(c, { project, mode: "apply", manifest, ...(input.catalog === undefined ? {} : { catalog: input.catalog }) });

  const step = async (name: StepName, manifest: Json, extra: Partial<StepResult> = {}, tenant = ctx): Promise<boolean> => {
    send({ type: "step-start", input: input.name, step: name });
    try {
      const probe = instrument(tenant);
      const m = await measure(() => postWith(probe.ctx, manifest));
      send({
        type: "step",
        result: {
          input: input.name,
          models,
          step: name,
          status: m.value.status,
          seconds: m.seconds,
          rowsWritten: rowsWritten(m.value),
          rowsInInput: rowsInInput(m.value),
          peakRssMb: m.peakRssMb,
          peakHeapMb: m.peakHeapMb,
          written: m.value.status === "UNCHANGED" ? {} : writtenOf(m.value),
          transactionSeconds: probe.transactionMs() / 1000,
          operations: probe.operations().slice(0, 12),
          operationsSeconds: probe.operations().reduce((sum, op) => sum + op.ms, 0) / 1000,
          ...extra,
        },
      });
      return true;
    } catch (error) {
      send({ type: "error", input: input.name, step: name, message: error instanceof Error ? error.stack ?? error.message : String(error) });
      return false;
    }
  };

  if (!(await step("first", input.manifest))) return;
  // The same post into a second tenant: the tables now hold rows (and, once analysed, statistics).
  if (!(await step("secondTenant", input.manifest, {}, second)) || firstOnly) return;
  if (!(await step("unchanged", input.manifest))) return;

  // Where the unchanged re-post's time goes: each piece on its own, then the whole call again.
  try {
    gc?.();
    let start = performance.now();
    const parsedManifest = JSON.parse(input.manifestText) as unknown;
    const parsedCatalog = input.catalogText === undefined ? undefined : (JSON.parse(input.catalogText) as unknown);
    const jsonParseMs = performance.now() - start;
    start = performance.now();
    const parsed = parseManifest({ manifest: parsedManifest, ...(parsedCatalog === undefined ? {} : { catalog: parsedCatalog }) });
    const parseManifestMs = performance.now() - start;
    if (!parsed.ok) throw new Error(`${input.name}: ${parsed.error.message}`);
    start = performance.now();
    snapshotChecksum(parsed.snapshot);
    const checksumMs = performance.now() - start;
    const timed = instrument(ctx);
    start = performance.now();
    const again = await postWith(timed.ctx, input.manifest);
    const ingestMs = performance.now() - start;
    if (again.status !== "UNCHANGED") throw new Error(`${input.name}: second re-post was ${again.status}`);
    send({
      type: "breakdown",
      result: {
        input: input.name,
        models,
        manifestMb: (input.manifestText.length + (input.catalogText?.length ?? 0)) / 1e6,
        jsonParseMs,
        parseManifestMs,
        checksumMs,
        ingestMs,
        dbMs: timed.transactionMs(),
      },
    });
  } catch (error) {
    send({ type: "error", input: input.name, step: "breakdown", message: error instanceof Error ? error.stack ?? error.message : String(error) });
  }

  const changed = withEditedSql(input);
  if (changed.edited > 0) await step("changed", changed.manifest, { editedModels: changed.edited });
}

async function main(): Promise<void> {
  const spec = JSON.parse(process.argv[2] ?? "") as WorkerSpec;
  const setupStart = performance.now();
  const db = await openBenchDatabase(spec);
  try {
    await createTenant(db.prisma, { slug: "bench" });
    await createTenant(db.prisma, { slug: "bench-second" });
    const ctx = await operatorContext(db.prisma, "bench");
    const second = await operatorContext(db.prisma, "bench-second");
    send({ type: "setup", seconds: (performance.now() - setupStart) / 1000 });
    for await (const input of inputsOf(spec)) await runInput(ctx, second, input, spec.firstOnly ?? false);
  } finally {
    await db.close();
  }
  send({ type: "done", maxRssMb: (process.resourceUsage().maxRSS * 1024) / MB });
}

main().then(
  () => process.disconnect?.(),
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
    process.disconnect?.();
  },
);
