/**
 * Whether one tenant's heaviest requests stall another tenant, over real HTTP.
 *
 *   npx tsx bench/fairness.ts [--seconds 10] [--scale 0.25] [--heavy 4]
 *   GRAPHQL_TENANT_CONCURRENCY=1 npx tsx bench/fairness.ts   # other limits
 *
 * A child process loads the benchmark graph (bench/generate/graph.ts, scaled) into tenant
 * "heavy" of a fresh in-memory PGlite (with --pg, a new database on PostgreSQL), creates an empty tenant "light", and serves HTTP with
 * the default limits (or the GRAPHQL_* variables set). The parent first finds heavy's worst
 * allowed request: the largest of a descending list of alias bombs (search, impact and lineage
 * roots, each computed anew with `Cache-Control: no-cache`) that the server does not refuse
 * as too costly. Then it measures light's trivial `{ viewer { role } }`, one request after
 * another:
 *   - alone;
 *   - while `--heavy` connections of tenant heavy send that worst request back to back.
 * It prints light's latency (p50/p95/p99, ms) in both phases and how heavy's requests were
 * answered (HTTP statuses and error codes).
 */
import { fork, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { Command } from "commander";
import { Agent, fetch as undiciFetch } from "undici";
import { positiveNumber } from "./support/positiveNumber.js";
import { SERVER_ENV, SERVER_V8_FLAGS } from "./support/serverFlags.js";

interface Served {
  url: string;
  heavyToken: string;
  lightToken: string;
  hub: string;
  lineageStart: string;
}

/** No client-side timeouts: a stalled answer is what is measured. */
const patient = new Agent({ headersTimeout: 0, bodyTimeout: 0 });

const args = process.argv.slice(2);
// `--serve <scale>` is how the parent starts its server child, not an option for people.
if (args[0] === "--serve") await serve(args[1]!, Number(args[2] ?? 0.25));
else await main();

// ---------------------------------------------------------------------------------------------
// Parent

async function main(): Promise<void> {
  const options = new Command("bench/fairness.ts")
    .option("--seconds <n>", "seconds per phase", positiveNumber, 10)
    .option("--scale <factor>", "size of tenant heavy relative to 20k assets", positiveNumber, 0.25)
    .option("--heavy <n>", "concurrent connections of tenant heavy", positiveNumber, 4)
    .option("--pg [url]", "on PostgreSQL instead of PGlite (default: DATABASE_URL, else postgres://postgres@127.0.0.1:5432/postgres)")
    .parse(args, { from: "user" })
    .opts<{ seconds: number; scale: number; heavy: number; pg?: string | true }>();
  const target = options.pg === true ? (process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres") : (options.pg ?? "pglite");
  console.error(`on ${target === "pglite" ? "PGlite" : "PostgreSQL"}`);
  const { child, served } = await startServer(target, options.scale);
  try {
    const worst = await worstAllowedRequest(served);
    console.error(`heavy's worst allowed request: ${worst.label} (answered ${worst.status} in ${worst.ms.toFixed(0)} ms alone)`);
    const alone = await measureLight(served, options.seconds);
    const stop = { now: false };
    const heavyAnswers = new Map<string, number>();
    for (let i = 0; i < options.heavy; i++) void sendHeavy(served, worst.body, stop, heavyAnswers);
    const loaded = await measureLight(served, options.seconds);
    stop.now = true;
    printTable(["phase", "light requests", "p50 ms", "p95 ms", "p99 ms", "max ms"], [
      ["light alone", ...format(alone)],
      [`light while heavy sends its worst (${options.heavy} connections)`, ...format(loaded)],
    ]);
    console.log(`\nheavy's worst allowed request: ${worst.label}`);
    console.log(`heavy's answers while light was measured: ${[...heavyAnswers].map(([key, n]) => `${key} ×${n}`).join(", ") || "none yet"}`);
  } finally {
    // Heavy's requests still running may take minutes (that is the point): the child drops its
    // database and exits without waiting for them.
    child.kill("SIGTERM");
    await new Promise((resolve) => child.once("exit", resolve));
  }
}

/** Alias bombs from large to small; each alias is computed (no-cache) and differs in its arguments. */
function bombs(served: Served): { label: string; body: string }[] {
  const roots = (n: number) =>
    Array.from({ length: n }, (_, i) => {
      if (i % 3 === 0) return `s${i}: search(query: "customer ${i}", first: 100) { totalCount hits { score snippet asset { id name } } }`;
      if (i % 3 === 1) return `i${i}: impact(assetId: "${served.hub}", first: 500) { totalCount groups { degree assets { degree asset { id name } } } }`;
      return `l${i}: lineage(assetId: "${served.lineageStart}", depth: ${1 + (i % 7)}, first: 500) { totalCount nodes { degree asset { id name } } }`;
    }).join("\n");
  const cheapSearches = (n: number) => Array.from({ length: n }, (_, i) => `s${i}: search(query: "customer ${i}", first: 0) { totalCount }`).join("\n");
  return [
    { label: "4,000 aliased search(first: 0) roots", body: JSON.stringify({ query: `{ ${cheapSearches(4000)} }` }) },
    ...[300, 100, 30, 10, 5, 3, 2, 1].map((n) => ({ label: `${n} aliased search/impact/lineage roots, full pages`, body: JSON.stringify({ query: `{ ${roots(n)} }` }) })),
  ];
}

async function worstAllowedRequest(served: Served): Promise<{ label: string; body: string; status: number; ms: number }> {
  for (const bomb of bombs(served)) {
    const started = performance.now();
    const { status, codes } = await post(served.url, served.heavyToken, bomb.body);
    const ms = performance.now() - started;
    const refused = codes.includes("BAD_USER_INPUT");
    console.error(`  ${bomb.label}: ${status} ${codes.join(",") || "ok"} in ${ms.toFixed(0)} ms`);
    if (!refused) return { ...bomb, status, ms };
  }
  throw new Error("every candidate request was refused");
}

async function post(url: string, token: string, body: string): Promise<{ status: number; codes: string[] }> {
  const response = await undiciFetch(`${url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}`, "cache-control": "no-cache" },
    body,
    dispatcher: patient,
  });
  const parsed = (await response.json()) as { errors?: { extensions?: { code?: string } }[] };
  return { status: response.status, codes: [...new Set((parsed.errors ?? []).map((error) => error.extensions?.code ?? "?"))] };
}

async function sendHeavy(served: Served, body: string, stop: { now: boolean }, answers: Map<string, number>): Promise<void> {
  while (!stop.now) {
    const key = await post(served.url, served.heavyToken, body).then(
      ({ status, codes }) => `${status}${codes.length > 0 ? ` ${codes.join(",")}` : ""}`,
      (error: Error) => `no answer (${error.message})`,
    );
    if (!stop.now) answers.set(key, (answers.get(key) ?? 0) + 1);
  }
}

interface Latencies {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** Light's trivial query, one after another, for `seconds` (a request started in time is waited for). */
async function measureLight(served: Served, seconds: number): Promise<Latencies> {
  const body = JSON.stringify({ query: "{ viewer { role } }" });
  const times: number[] = [];
  const until = performance.now() + seconds * 1000;
  while (performance.now() < until) {
    const started = performance.now();
    const { status, codes } = await post(served.url, served.lightToken, body);
    if (status !== 200 || codes.length > 0) throw new Error(`light's query failed: ${status} ${codes.join(",")}`);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const at = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))] ?? NaN;
  return { count: times.length, p50: at(0.5), p95: at(0.95), p99: at(0.99), max: times[times.length - 1] ?? NaN };
}

function format(m: Latencies): string[] {
  return [String(m.count), m.p50.toFixed(1), m.p95.toFixed(1), m.p99.toFixed(1), m.max.toFixed(1)];
}

function printTable(header: string[], rows: string[][]): void {
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((row) => row[i]!.length)));
  const line = (row: string[]) => `| ${row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join(" | ")} |`;
  console.log(line(header));
  console.log(`|${widths.map((w, i) => (i === 0 ? "-".repeat(w + 2) : `${"-".repeat(w + 1)}:`)).join("|")}|`);
  for (const row of rows) console.log(line(row));
}

function startServer(target: string, scale: number): Promise<{ child: ChildProcess; served: Served }> {
  const child = fork(fileURLToPath(import.meta.url), ["--serve", target, String(scale)], { execArgv: ["--import", "tsx", ...SERVER_V8_FLAGS], env: { ...process.env, ...SERVER_ENV }, stdio: "inherit" });
  return new Promise((resolve, reject) => {
    child.once("message", (message: Served | { error: string }) => ("error" in message ? reject(new Error(message.error)) : resolve({ child, served: message })));
    child.once("exit", (code) => reject(new Error(`server process exited with ${code}`)));
  });
}

// ---------------------------------------------------------------------------------------------
// Child: tenant heavy with the benchmark graph, tenant light with nothing, served over HTTP

async function serve(target: string, scale: number): Promise<void> {
  await import("reflect-metadata");
  const { loadConfig } = await import("../src/config.js");
  const { openDatabase, openEmbeddedDatabase, migrate } = await import("../src/db/database.js");
  const { adminQuery, databaseUrl } = await import("../tests/support/postgres.js");
  const { tributarySchema } = await import("../src/graphql/schema.js");
  const { toGlobalId } = await import("../src/graphql/globalId.js");
  const { createHttpApp } = await import("../src/http/app.js");
  const { createLogger } = await import("../src/logger.js");
  const { createTenant, operatorContext } = await import("../src/services/tenants.js");
  const { generateTenantGraph } = await import("./generate/graph.js");
  const { insertTenantGraph } = await import("./insertTenantGraph.js");

  // On PostgreSQL, a uniquely named database, dropped afterwards.
  const name = `tributary_bench_${randomBytes(5).toString("hex")}`;
  if (target !== "pglite") await adminQuery(target, `CREATE DATABASE "${name}"`);
  const db = target === "pglite" ? await openEmbeddedDatabase() : await openDatabase({ kind: "postgres", url: databaseUrl(target, name) });
  const shutdown = () =>
    db
      .close()
      .then(() => (target === "pglite" ? undefined : adminQuery(target, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)))
      .finally(() => process.exit(0));
  // The parent stops this process with SIGTERM once it has its figures, without waiting for
  // heavy's requests still running.
  process.once("SIGTERM", () => void shutdown());
  try {
    await migrate(db);
    const heavy = await createTenant(db.prisma, { slug: "heavy" });
    const light = await createTenant(db.prisma, { slug: "light" });
    const size = (n: number) => Math.round(n * scale);
    const graph = generateTenantGraph({ assets: size(20_000), edges: size(60_000), columns: size(300_000), columnEdges: size(500_000) });
    await insertTenantGraph(await operatorContext(db.prisma, "heavy"), graph);
    const hub = graph.hubs.find((h) => h.name.startsWith("stg_")) ?? graph.hubs[0]!;
    const lineageStart = graph.assets.find((asset) => asset.layer === "STAGING" && asset.id !== hub.id)!;
    await db.prisma.$executeRawUnsafe("ANALYZE");

    // The request limits (GRAPHQL_*) can be tried from the environment.
    const config = loadConfig({ ...process.env, PORT: "0", LOG_LEVEL: "silent" });
    const { server } = await createHttpApp({ db, config, logger: createLogger("silent"), schema: await tributarySchema() });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    process.send!({
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      heavyToken: heavy.token,
      lightToken: light.token,
      hub: toGlobalId("Asset", hub.id),
      lineageStart: toGlobalId("Asset", lineageStart.id),
    } satisfies Served);
  } catch (error) {
    process.send!({ error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    await shutdown();
  }
}
