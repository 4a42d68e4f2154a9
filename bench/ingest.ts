/**
 * Ingest benchmark (issue 3, "Performance"): every dbt fixture and synthetic dbt manifests
 * (bench/generate/dbtManifest.ts) posted through `ingestManifest` on a fresh PGlite database,
 * and on PostgreSQL when `--pg` is given and reachable. For each input: the first post, an
 * unchanged re-post (with where its time goes) and a re-post with ~1 % of the models' SQL
 * edited; seconds, rows/s and peak RSS / heap; one table with both backends side by side.
 *
 *   npx tsx bench/ingest.ts [--pg postgres://postgres@127.0.0.1:5432/postgres] [--sizes 1000,5000,20000]
 *                           [--no-fixtures] [--step-timeout 300]
 *
 * Each backend × input group runs in its own child process (bench/support/ingestWorker.ts), so
 * an out-of-memory or a step over the timeout (default 5 minutes) is reported and the run goes
 * on. On PostgreSQL each group gets its own `tributary_bench_<random>` database, dropped
 * WITH (FORCE) afterwards, whatever happened. Results are in the README (Benchmarks).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { Command, InvalidArgumentError } from "commander";
import { randomBytes } from "node:crypto";
import { cpus, loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import path from "node:path";
import { adminQuery, databaseUrl } from "../tests/support/postgres.js";
import { positiveNumber } from "./support/positiveNumber.js";
import { SERVER_V8_FLAGS } from "./support/serverFlags.js";
import type { Backend, Breakdown, StepResult, WorkerInputs, WorkerMessage, WorkerSpec } from "./support/ingestProtocol.js";

interface Options {
  pg: string | null;
  sizes: number[];
  folders: number[];
  firstOnly: boolean;
  fixtures: boolean;
  stepTimeoutS: number;
}

function parseArgs(argv: string[]): Options {
  const program = new Command("bench/ingest.ts")
    .option("--pg <url>", "also on this PostgreSQL server (a database per group, dropped afterwards)")
    .option("--sizes <list>", "synthetic manifest sizes in models, comma-separated", sizesOf, [1000, 5000, 20000])
    .option("--folders <list>", "synthetic dbt project folder sizes in models, read as `push --models` does", sizesOf, [])
    .option("--no-fixtures", "skip the dbt fixtures")
    .option("--first-only", "only the first post and the same post into a second tenant")
    .option("--step-timeout <seconds>", "stop a group whose step takes longer", positiveNumber, 300)
    .parse(argv, { from: "user" });
  const options = program.opts<{ pg?: string; sizes: number[]; folders: number[]; firstOnly?: boolean; fixtures: boolean; stepTimeout: number }>();
  return { pg: options.pg ?? null, sizes: options.sizes, folders: options.folders, firstOnly: options.firstOnly ?? false, fixtures: options.fixtures, stepTimeoutS: options.stepTimeout };
}

function sizesOf(text: string): number[] {
  const sizes = text
    .split(",")
    .filter((s) => s.trim() !== "")
    .map(Number);
  if (sizes.some((n) => !Number.isInteger(n) || n < 1)) throw new InvalidArgumentError(`expected positive integers, like 1000,5000,20000 (got ${text})`);
  return sizes;
}

// ---------------------------------------------------------------- running workers

const WORKER = path.join(path.dirname(fileURLToPath(import.meta.url)), "support", "ingestWorker.ts");

interface GroupRun {
  backend: Backend;
  group: string;
  setupSeconds: number | null;
  steps: StepResult[];
  breakdowns: Breakdown[];
  folders: Extract<WorkerMessage, { type: "folder" }>[];
  /** Failures: a step that threw, timed out or ran out of memory, or a crashed worker. */
  problems: { input: string; step: string; kind: "error" | "timeout" | "oom" | "crash"; message: string }[];
  maxRssMb: number | null;
  warnings: string[];
}

let currentChild: ChildProcess | null = null;
const liveDatabases = new Set<string>();

function runWorker(spec: WorkerSpec, group: string, stepTimeoutS: number): Promise<GroupRun> {
  const run: GroupRun = { backend: spec.backend, group, setupSeconds: null, steps: [], breakdowns: [], folders: [], problems: [], maxRssMb: null, warnings: [] };
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", "--expose-gc", ...SERVER_V8_FLAGS, WORKER, JSON.stringify(spec)], {
      stdio: ["ignore", "inherit", "pipe", "ipc"],
    });
    currentChild = child;
    let stderr = "";
    child.stderr!.on("data", (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-8_000);
    });
    let current = { input: group, step: "setup", since: Date.now() };
    let timedOut = false;
    const watchdog = setInterval(() => {
      if (Date.now() - current.since <= stepTimeoutS * 1000) return;
      timedOut = true;
      run.problems.push({ input: current.input, step: current.step, kind: "timeout", message: `took more than ${stepTimeoutS} s; stopped` });
      log(spec.backend, `${current.input} ${current.step}: more than ${stepTimeoutS} s, stopping this group`);
      child.kill("SIGKILL");
    }, 1_000);
    child.on("message", (message: WorkerMessage) => {
      switch (message.type) {
        case "setup":
          run.setupSeconds = message.seconds;
          log(spec.backend, `${group}: database migrated and tenant created in ${message.seconds.toFixed(1)} s`);
          current = { input: group, step: "loading input", since: Date.now() };
          break;
        case "folder":
          run.folders.push(message);
          log(spec.backend, `${message.input}: ${message.files} files read in ${message.readSeconds.toFixed(2)} s (peak RSS ${message.readPeakRssMb.toFixed(0)} MB), ${message.manifestMb.toFixed(1)} MB of JSON`);
          current = { input: message.input, step: "loading input", since: Date.now() };
          break;
        case "warning":
          run.warnings.push(message.message);
          log(spec.backend, `${group}: warning: ${message.message}`);
          break;
        case "step-start":
          current = { input: message.input, step: message.step, since: Date.now() };
          break;
        case "step": {
          const r = message.result;
          run.steps.push(r);
          current = { input: r.input, step: `after ${r.step}`, since: Date.now() };
          const rows = r.step === "unchanged" ? `0 rows written (${r.rowsInInput} in input)` : `${r.rowsWritten} rows`;
          log(spec.backend, `${r.input} ${r.step}: ${r.status} ${r.seconds.toFixed(2)} s, ${rows}, peak RSS ${r.peakRssMb.toFixed(0)} MB, heap ${r.peakHeapMb.toFixed(0)} MB`);
          break;
        }
        case "breakdown":
          run.breakdowns.push(message.result);
          current = { input: message.result.input, step: "after breakdown", since: Date.now() };
          break;
        case "error":
          run.problems.push({ input: message.input, step: message.step, kind: "error", message: message.message });
          log(spec.backend, `${message.input} ${message.step} FAILED: ${summary(message.message)}`);
          break;
        case "done":
          run.maxRssMb = message.maxRssMb;
          break;
      }
    });
    child.on("exit", (code, signal) => {
      clearInterval(watchdog);
      currentChild = null;
      if (!timedOut && (code !== 0 || signal)) {
        const oom = /heap out of memory|Reached heap limit|Allocation failed|RangeError: Array buffer allocation failed|memory access out of bounds/i.test(stderr);
        const kind = oom ? "oom" : "crash";
        const tail = stderr.trim().split("\n").slice(-6).join("\n");
        run.problems.push({ input: current.input, step: current.step, kind, message: `worker exited (${signal ?? `code ${code}`})${oom ? ": out of memory" : ""}\n${tail}` });
        log(spec.backend, `${current.input} ${current.step}: worker ${oom ? "ran out of memory" : "crashed"} (${signal ?? `code ${code}`})\n${tail}`);
      }
      resolve(run);
    });
  });
}

async function runGroup(backend: Backend, inputs: WorkerInputs, options: Options): Promise<GroupRun> {
  const group = inputs.kind === "fixtures" ? "fixtures" : `${inputs.kind}_${inputs.models}`;
  const firstOnly = options.firstOnly;
  if (backend === "pglite") return runWorker({ backend, inputs, firstOnly }, group, options.stepTimeoutS);
  const server = options.pg!;
  const name = `tributary_bench_${randomBytes(6).toString("hex")}`;
  await adminQuery(server, `CREATE DATABASE "${name}"`);
  liveDatabases.add(name);
  try {
    return await runWorker({ backend, inputs, firstOnly, url: databaseUrl(server, name) }, group, options.stepTimeoutS);
  } finally {
    await dropDatabase(server, name);
  }
}

async function dropDatabase(server: string, name: string): Promise<void> {
  try {
    await adminQuery(server, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    liveDatabases.delete(name);
  } catch (error) {
    console.error(`could not drop database ${name}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

async function reachable(url: string): Promise<string | null> {
  try {
    await adminQuery(url, "SELECT 1");
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** An error in one line: its non-empty, non-stack lines (Prisma puts the cause last), at most 500 characters. */
function summary(message: string): string {
  const lines = message
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "" && !l.startsWith("at "));
  return lines.join(" / ").slice(0, 500);
}

function log(backend: Backend, text: string): void {
  console.log(`[${backend === "pglite" ? "pglite" : "pg    "}] ${text}`);
}

// ---------------------------------------------------------------- tables

/** A Markdown table, aligned as text too: the first `leftColumns` columns (and any in `alsoLeft`) left-aligned, the rest right. */
function table(header: string[], rows: string[][], leftColumns = 1, alsoLeft: number[] = []): string {
  const left = (i: number) => i < leftColumns || alsoLeft.includes(i);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) => "| " + cells.map((c, i) => (left(i) ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(" | ") + " |";
  const rule = "|" + widths.map((w, i) => (left(i) ? ":" + "-".repeat(w + 1) : "-".repeat(w + 1) + ":")).join("|") + "|";
  return [line(header), rule, ...rows.map((r) => line(r))].join("\n");
}

const int = (n: number): string => Math.round(n).toLocaleString("en-US");
const secs = (n: number): string => (n < 10 ? n.toFixed(2) : n.toFixed(1));

function problemFor(runs: GroupRun[], input: string, step: string): string | null {
  for (const run of runs) {
    const p = run.problems.find((x) => x.input === input && (x.step === step || x.step === `after ${previousStep(step)}` || x.step === "loading input" || x.step === "setup"));
    if (p) return p.kind === "timeout" ? `> limit` : p.kind === "oom" ? "OOM" : p.kind === "crash" ? "crashed" : "error";
  }
  return null;
}

function previousStep(step: string): string {
  return step === "secondTenant" ? "first" : step === "unchanged" ? "secondTenant" : step === "changed" ? "breakdown" : "";
}

function resultsTable(pglite: GroupRun[], postgres: GroupRun[] | null): string {
  const all = [...pglite, ...(postgres ?? [])];
  const keys: { input: string; models: number; step: string }[] = [];
  for (const run of all) {
    for (const s of run.steps) if (!keys.some((k) => k.input === s.input && k.step === s.step)) keys.push({ input: s.input, models: s.models, step: s.step });
    for (const p of run.problems) if (!keys.some((k) => k.input === p.input && k.step === p.step)) keys.push({ input: p.input, models: NaN, step: p.step });
  }
  const order = (input: string) => {
    const synthetic = /^(synthetic|folder)_(\d+)$/.exec(input);
    return synthetic ? Number(synthetic[2]) * 2 + (synthetic[1] === "folder" ? 1 : 0) : Number.MAX_SAFE_INTEGER; // synthetic by size, then the fixtures
  };
  const stepOrder = ["setup", "loading input", "first", "secondTenant", "unchanged", "breakdown", "changed"];
  const inputOrder = new Map<string, number>();
  for (const k of keys) if (!inputOrder.has(k.input)) inputOrder.set(k.input, inputOrder.size);
  keys.sort(
    (a, b) =>
      order(a.input) - order(b.input) ||
      inputOrder.get(a.input)! - inputOrder.get(b.input)! ||
      stepOrder.indexOf(a.step.replace(/^after /, "")) - stepOrder.indexOf(b.step.replace(/^after /, "")),
  );
  const find = (runs: GroupRun[], k: { input: string; step: string }) => runs.flatMap((r) => r.steps).find((s) => s.input === k.input && s.step === k.step);
  const cells = (runs: GroupRun[] | null, k: { input: string; step: string }): string[] => {
    if (!runs) return [];
    const s = find(runs, k);
    if (!s) {
      const problem = problemFor(runs, k.input, k.step) ?? "—";
      return [problem, "", "", ""];
    }
    const rows = s.step === "unchanged" ? s.rowsInInput : s.rowsWritten;
    return [secs(s.seconds), s.seconds > 0 ? int(rows / s.seconds) : "", int(s.peakRssMb), int(s.peakHeapMb)];
  };
  const header = [
    "input",
    "step",
    "models",
    "rows",
    "PGlite s",
    "rows/s",
    "RSS MB",
    "heap MB",
    ...(postgres ? ["PG s", "rows/s", "RSS MB", "heap MB", "PG/PGlite"] : []),
  ];
  const rows = keys.map((k) => {
    const s = find(pglite, k) ?? (postgres ? find(postgres, k) : undefined);
    const rows = !s ? "" : s.step === "unchanged" ? `0 of ${int(s.rowsInInput)}` : int(s.rowsWritten);
    const step = s?.step === "changed" ? `changed (${s.editedModels} SQL)` : s?.step === "secondTenant" ? "first, 2nd tenant" : k.step;
    const a = find(pglite, k);
    const b = postgres ? find(postgres, k) : undefined;
    const ratio = a && b ? (b.seconds / a.seconds).toFixed(2) : "";
    return [k.input, step, s ? int(s.models) : "", rows, ...cells(pglite, k), ...(postgres ? [...cells(postgres, k), ratio] : [])];
  });
  return table(header, rows, 2);
}

function breakdownTable(runs: GroupRun[]): string {
  const rows = runs
    .flatMap((run) => run.breakdowns.map((b) => ({ backend: run.backend, b })))
    .map(({ backend, b }) => [
      b.input,
      backend === "pglite" ? "PGlite" : "PostgreSQL",
      int(b.models),
      b.manifestMb.toFixed(1),
      b.jsonParseMs.toFixed(0),
      b.parseManifestMs.toFixed(0),
      b.checksumMs.toFixed(0),
      b.dbMs.toFixed(0),
      (b.ingestMs - b.dbMs).toFixed(0),
      b.ingestMs.toFixed(0),
      (b.jsonParseMs + b.ingestMs).toFixed(0),
    ]);
  return table(
    ["input", "backend", "models", "JSON MB", "JSON.parse ms", "parseManifest ms", "checksum ms", "DB (transaction) ms", "ingest − DB ms", "ingestManifest ms", "JSON.parse + ingest ms"],
    rows,
    2,
  );
}

const WRITTEN_LABELS: Record<string, string> = {
  assetsAdded: "assets+",
  assetsChanged: "assets~",
  assetsRemoved: "assets-",
  columnsWritten: "columns",
  testsWritten: "tests",
  edgesWritten: "edges",
  inferredEdgesWritten: "inferred edges",
  columnLineageEdges: "column lineage",
  rowDependencies: "row dependencies",
};

function writtenSummary(written: Record<string, number>): string {
  return Object.entries(written)
    .filter(([, n]) => n > 0)
    .map(([key, n]) => `${WRITTEN_LABELS[key] ?? key} ${int(n)}`)
    .join(", ");
}

/** For the synthetic posts that wrote rows: transaction vs the rest, and the slowest DB operations. */
function operationsTable(runs: GroupRun[]): string {
  const rows = runs.flatMap((run) =>
    run.steps
      .filter((s) => /^(synthetic|folder)_/.test(s.input) && s.step !== "unchanged")
      .map((s) => [
        s.input,
        s.step,
        run.backend === "pglite" ? "PGlite" : "PostgreSQL",
        secs(s.seconds),
        secs(s.seconds - s.transactionSeconds),
        secs(s.transactionSeconds),
        secs(s.operationsSeconds),
        writtenSummary(s.written),
        s.operations
          .slice(0, 8)
          .map((op) => `${op.name} ${int(op.calls)}× ${secs(op.ms / 1000)} s`)
          .join("; "),
      ]),
  );
  return table(["input", "step", "backend", "total s", "outside tx s", "transaction s", "DB calls s", "rows written", "slowest operations in the transaction (calls × total time)"], rows, 3, [7, 8]);
}

function targets(runs: GroupRun[]): string[] {
  const lines: string[] = [];
  for (const backend of ["pglite", "postgres"] as const) {
    const steps = runs.filter((r) => r.backend === backend).flatMap((r) => r.steps);
    const first = steps.find((s) => s.input === "synthetic_5000" && s.step === "first");
    const unchanged = steps.find((s) => s.input === "synthetic_5000" && s.step === "unchanged");
    const name = backend === "pglite" ? "PGlite" : "PostgreSQL";
    if (first) lines.push(`${name}: 5k first post ${secs(first.seconds)} s (target < 10 s): ${first.seconds < 10 ? "MET" : "MISSED"}`);
    if (unchanged) lines.push(`${name}: 5k unchanged re-post ${secs(unchanged.seconds)} s (target < 1 s): ${unchanged.seconds < 1 ? "MET" : "MISSED"}`);
  }
  return lines;
}

// ---------------------------------------------------------------- main

const load = () =>
  loadavg()
    .map((n) => n.toFixed(2))
    .join(", ");

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const groups: WorkerInputs[] = [
    ...(options.fixtures ? [{ kind: "fixtures" } as const] : []),
    ...options.sizes.map((models) => ({ kind: "synthetic", models }) as const),
    ...options.folders.map((models) => ({ kind: "folder", models }) as const),
  ];
  let withPostgres = false;
  if (options.pg) {
    const problem = await reachable(options.pg);
    if (problem) console.log(`PostgreSQL at ${options.pg} is not reachable (${problem}): PGlite only.`);
    else withPostgres = true;
  }
  const started = Date.now();
  console.log(`node ${process.version}, ${cpus().length} CPUs; load average at start: ${load()}`);

  const runs: GroupRun[] = [];
  for (const inputs of groups) {
    runs.push(await runGroup("pglite", inputs, options));
    if (withPostgres) runs.push(await runGroup("postgres", inputs, options));
  }

  console.log(`\nload average at end: ${load()}; total ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
  const pglite = runs.filter((r) => r.backend === "pglite");
  const postgres = withPostgres ? runs.filter((r) => r.backend === "postgres") : null;
  console.log("Ingest (rows = assets + columns + tests + declared/inferred/column-lineage edges + row dependencies written; an unchanged re-post writes none, its rows/s counts the rows it checked):\n");
  console.log(resultsTable(pglite, postgres));
  console.log("\nUnchanged re-post, where the time goes (each piece timed on its own; DB = time inside ctx.db.$transaction of a second unchanged call):\n");
  console.log(breakdownTable(runs));
  console.log("\nPosts that write, where the time goes (outside tx = validation, parseManifest, checksum; the transaction also runs SQL analysis and diffing in JS; DB calls = time awaiting Prisma calls):\n");
  console.log(operationsTable(runs));
  console.log("\nPer worker process (one per backend × input group): setup (migrate + tenant) and peak RSS over its whole life:\n");
  console.log(
    table(
      ["group", "backend", "setup s", "max RSS MB"],
      runs.map((r) => [r.group, r.backend, r.setupSeconds === null ? "—" : r.setupSeconds.toFixed(1), r.maxRssMb === null ? "—" : int(r.maxRssMb)]),
      2,
    ),
  );
  const problems = runs.flatMap((r) => r.problems.map((p) => ({ ...p, backend: r.backend })));
  if (problems.length > 0) {
    console.log("\nProblems:");
    for (const p of problems) console.log(`- [${p.backend}] ${p.input} ${p.step}: ${p.kind}: ${summary(p.message)}`);
  }
  const warnings = [...new Set(runs.flatMap((r) => r.warnings.map((w) => `[${r.backend}] ${w}`)))];
  if (warnings.length > 0) console.log(`\nWarnings:\n${warnings.map((w) => `- ${w}`).join("\n")}`);
  const folders = runs.flatMap((r) => r.folders.map((f) => ({ backend: r.backend, f, first: r.steps.find((s) => s.input === f.input && s.step === "first") })));
  if (folders.length > 0) {
    console.log("\nProject folders end to end (read as `push --models` does, then the first post; the post's peak RSS includes PGlite's memory):\n");
    console.log(
      table(
        ["input", "backend", "files", "read s", "JSON MB", "first post s", "read + post s", "post peak RSS MB"],
        folders.map(({ backend, f, first }) => [
          f.input,
          backend === "pglite" ? "PGlite" : "PostgreSQL",
          int(f.files),
          secs(f.readSeconds),
          f.manifestMb.toFixed(1),
          first ? secs(first.seconds) : "—",
          first ? secs(f.readSeconds + first.seconds) : "—",
          first ? int(first.peakRssMb) : "—",
        ]),
        2,
      ),
    );
  }
  const goals = targets(runs);
  if (goals.length > 0) console.log(`\nTargets:\n${goals.map((l) => `- ${l}`).join("\n")}`);
}

async function interrupted(signal: NodeJS.Signals): Promise<void> {
  console.error(`\n${signal}: stopping the worker and dropping the benchmark databases`);
  if (currentChild?.pid) currentChild.kill("SIGKILL");
  const server = parseArgs(process.argv.slice(2)).pg;
  if (server) for (const name of [...liveDatabases]) await dropDatabase(server, name);
  process.exit(130);
}
process.once("SIGINT", (signal) => void interrupted(signal));
process.once("SIGTERM", (signal) => void interrupted(signal));

await main();
