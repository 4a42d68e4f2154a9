/**
 * The API's read queries over real HTTP on the benchmark tenant (bench/generate/graph.ts:
 * 20k assets, 60k edges, 300k columns, 500k column edges, hubs with 1,000+ children).
 *
 *   npx tsx bench/queries.ts [--pg [postgres://…]] [--seconds 5] [--scale 1] [--shape bench|issue] [--only search]
 *
 * --shape issue is the tenant issue 13 measured search on (60k assets, 180k edges, 200k columns
 * with nearly all descriptions distinct, 330k column edges); --scale multiplies either shape.
 *
 * For each database (a fresh in-memory PGlite, and with --pg a uniquely named database on the
 * PostgreSQL server, dropped afterwards) a child process loads the tenant and serves HTTP, so
 * the load generator (autocannon, in this process) does not share its event loop. Each query
 * is checked once for errors (and its cached answer against the computed one), then measured
 * twice, each time warmed up and then at concurrency 1 and 16:
 *   - repeated: the same question again and again, as many people asking about one hub; after
 *     the first, every answer comes from the response cache;
 *   - uncached: sent with `Cache-Control: no-cache`, so every answer is computed (what a
 *     question nobody asked since the last change of the catalog costs).
 * Latencies are every response's time, not autocannon's bucketed summary, so p95 is exact.
 */
import { fork, type ChildProcess } from "node:child_process";
import { Command } from "commander";
import { randomBytes } from "node:crypto";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { positiveNumber } from "./support/positiveNumber.js";
import { SERVER_ENV, SERVER_V8_FLAGS } from "./support/serverFlags.js";
// @ts-expect-error autocannon ships no type declarations (and @types/autocannon is not installed)
import autocannon from "autocannon";
import type { insertTenantGraph } from "./insertTenantGraph.js";

interface Served {
  url: string;
  token: string;
  loadSeconds: number;
  /** The first search after the tenant was written: it builds the tenant's search index. */
  firstSearchMs: number;
  ids: { lineageStart: string; hub: string; hubName: string; columnAsset: string; column: string };
}

interface Scenario {
  name: string;
  query: string;
  variables: Record<string, unknown>;
  target: number;
}

type Mode = "repeated" | "uncached";
const MODES: Mode[] = ["repeated", "uncached"];

/** Tenant sizes at scale 1: the lineage benchmark's, and the one issue 13 measured search on. */
const SHAPES = {
  bench: { assets: 20_000, edges: 60_000, columns: 300_000, columnEdges: 500_000 },
  issue: { assets: 60_000, edges: 180_000, columns: 200_000, columnEdges: 330_000 },
} as const;
type Shape = keyof typeof SHAPES;

const args = process.argv.slice(2);
// `--serve <target> <scale>` is how the parent starts its server child, not an option for people.
if (args[0] === "--serve") await serve(args[1]!, Number(args[2] ?? 1), (args[3] ?? "bench") as Shape);
else await main();

// ---------------------------------------------------------------------------------------------
// Parent: drives the load and prints the table

function parseOptions(): { seconds: number; scale: number; shape: Shape; pg: string | null; only: string | null } {
  const options = new Command("bench/queries.ts")
    .option("--pg [url]", "also on PostgreSQL (default: DATABASE_URL, else postgres://postgres@127.0.0.1:5432/postgres)")
    .option("--seconds <n>", "seconds per query and concurrency", positiveNumber, 5)
    .option("--scale <factor>", "size of the benchmark tenant relative to 20k assets", positiveNumber, 1)
    .option("--shape <name>", "bench (20k assets, 300k columns) or issue (60k assets, 200k columns)", (value: string) => {
      if (!(value in SHAPES)) throw new Error(`--shape: one of ${Object.keys(SHAPES).join(", ")}`);
      return value as Shape;
    }, "bench" as Shape)
    .option("--only <text>", "only the queries whose name contains this (lineage, impact, column, search, autocomplete)")
    .parse(args, { from: "user" })
    .opts<{ pg?: string | true; seconds: number; scale: number; shape: Shape; only?: string }>();
  const pg = options.pg === true ? (process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres") : (options.pg ?? null);
  return { seconds: options.seconds, scale: options.scale, shape: options.shape, pg, only: options.only ?? null };
}

async function main(): Promise<void> {
  const { seconds, scale, shape, pg, only } = parseOptions();
  const targets: string[] = ["pglite", ...(pg ? [pg] : [])];
  const rows: string[][] = [];
  for (const target of targets) {
    const label = target === "pglite" ? "PGlite" : "PostgreSQL";
    const { child, served } = await startServer(target, scale, shape);
    try {
      console.error(`${label}: tenant loaded in ${served.loadSeconds.toFixed(1)} s; first search (builds the search index) ${served.firstSearchMs.toFixed(0)} ms; measuring ${seconds} s per query and concurrency`);
      for (const scenario of scenarios(served).filter((s) => only === null || s.name.includes(only))) {
        await check(served, scenario);
        for (const mode of MODES) {
          await run(served, scenario, mode, 1, 1); // warm-up
          const one = await run(served, scenario, mode, 1, seconds);
          const many = await run(served, scenario, mode, 16, seconds);
          rows.push([label, scenario.name, mode, ...format(one), ...format(many), `${scenario.target}`, one.p95 < scenario.target && many.p95 < scenario.target ? "yes" : "no"]);
          console.error(`  ${scenario.name}, ${mode}: c1 p95 ${one.p95.toFixed(1)} ms, c16 p95 ${many.p95.toFixed(1)} ms`);
        }
      }
    } finally {
      child.send({ stop: true });
      await new Promise((resolve) => child.once("exit", resolve));
    }
  }
  printTable(["db", "query", "answers", "c1 p50", "c1 p95", "c1 p99", "c1 req/s", "c16 p50", "c16 p95", "c16 p99", "c16 req/s", "target p95", "met"], rows);
}

function scenarios(served: Served): Scenario[] {
  const { ids } = served;
  return [
    {
      name: "lineage 5 hops down",
      target: 50,
      query: `query($id: ID!) { lineage(assetId: $id, direction: DOWNSTREAM, depth: 5, first: 100) {
        totalCount truncated nodes { degree asset { id uniqueId name kind } } edges { from to origin } pageInfo { endCursor } } }`,
      variables: { id: ids.lineageStart },
    },
    {
      name: `impact of hub ${ids.hubName}`,
      target: 50,
      query: `query($id: ID!) { impact(assetId: $id, first: 100) { totalCount
        groups { degree count assets { degree asset { id name } path { id } owners { email } subscribers { email } } }
        exposureCount exposures(first: 100) { degree asset { id name } owners { email } } } }`,
      variables: { id: ids.hub },
    },
    {
      name: "column lineage 3 hops",
      target: 50,
      query: `query($id: ID!, $column: String!) { columnLineage(assetId: $id, column: $column, direction: BOTH, depth: 3) {
        truncated nodes { column degree asset { id name } } edges { fromColumn toColumn transform } } }`,
      variables: { id: ids.columnAsset, column: ids.column },
    },
    {
      name: 'search "customer acquisition"',
      target: 30,
      query: `query($q: String!) { search(query: $q, first: 20) { totalCount
        hits { score kind snippet asset { id uniqueId name } column { name } }
        facets { kinds { value count } layers { value count } projects { value count } owners { value count } tags { value count } } } }`,
      variables: { q: "customer acquisition" },
    },
    {
      // The bench tenant's glossary names the term "CAC": the query is expanded to the term's
      // other names, searched too, and the term itself is a hit.
      name: 'search "CAC" (glossary expansion)',
      target: 30,
      query: `query($q: String!) { search(query: $q, first: 20) { totalCount
        hits { score kind snippet certified expandedFrom term { name } asset { id uniqueId name } column { name } }
        facets { kinds { value count } layers { value count } projects { value count } owners { value count } tags { value count } } } }`,
      variables: { q: "CAC" },
    },
    {
      // A synonym rather than an abbreviation: "cost per acquisition" expands to the term's name and CAC.
      name: 'search "cost per acquisition" (glossary synonym)',
      target: 30,
      query: `query($q: String!) { search(query: $q, first: 20) { totalCount
        hits { score kind snippet certified expandedFrom term { name } asset { id uniqueId name } column { name } }
        facets { kinds { value count } layers { value count } projects { value count } owners { value count } tags { value count } } } }`,
      variables: { q: "cost per acquisition" },
    },
    {
      name: 'autocomplete "cust"',
      target: 10,
      query: `query($p: String!) { autocomplete(prefix: $p) { text kind asset { id } } }`,
      variables: { p: "cust" },
    },
  ];
}

/** Answers without errors, and the cache's answer is the one computed. */
async function check(served: Served, scenario: Scenario): Promise<void> {
  const ask = async (mode: Mode) => {
    const response = await fetch(`${served.url}/graphql`, { method: "POST", headers: headers(served, mode), body: body(scenario) });
    const text = await response.text();
    const parsed = JSON.parse(text) as { errors?: unknown[] };
    if (!response.ok || parsed.errors) throw new Error(`${scenario.name} failed: ${text.slice(0, 500)}`);
    return { text, cache: response.headers.get("tributary-cache") };
  };
  const computed = await ask("uncached");
  const cached = await ask("repeated");
  if (cached.cache !== "hit" || cached.text !== computed.text) throw new Error(`${scenario.name}: the cached answer (${cached.cache}) is not the computed one`);
}

interface Measured {
  p50: number;
  p95: number;
  p99: number;
  rps: number;
}

async function run(served: Served, scenario: Scenario, mode: Mode, connections: number, seconds: number): Promise<Measured> {
  const times: number[] = [];
  let failures = 0;
  const instance = autocannon({
    url: `${served.url}/graphql`,
    method: "POST",
    headers: headers(served, mode),
    body: body(scenario),
    connections,
    duration: seconds,
  });
  instance.on("response", (_client: unknown, status: number, _bytes: number, time: number) => {
    if (status !== 200) failures++;
    times.push(time);
  });
  const result = await instance;
  if (failures > 0 || result.errors > 0) throw new Error(`${scenario.name}: ${failures} non-200 answers, ${result.errors} errors`);
  times.sort((a, b) => a - b);
  const at = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))] ?? NaN;
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99), rps: times.length / seconds };
}

function headers(served: Served, mode: Mode): Record<string, string> {
  return { "content-type": "application/json", authorization: `Bearer ${served.token}`, ...(mode === "uncached" && { "cache-control": "no-cache" }) };
}

function body(scenario: Scenario): string {
  return JSON.stringify({ query: scenario.query, variables: scenario.variables });
}

function format(m: Measured): string[] {
  return [m.p50.toFixed(1), m.p95.toFixed(1), m.p99.toFixed(1), m.rps.toFixed(0)];
}

function printTable(header: string[], rows: string[][]): void {
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((row) => row[i]!.length)));
  const text = (i: number) => i < 3;
  const line = (row: string[]) => `| ${row.map((cell, i) => (text(i) ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join(" | ")} |`;
  console.log(line(header));
  console.log(`|${widths.map((w, i) => (text(i) ? "-".repeat(w + 2) : `${"-".repeat(w + 1)}:`)).join("|")}|`);
  for (const row of rows) console.log(line(row));
  console.log("\nms per request over HTTP (p50/p95/p99), requests/s; c1 = one connection, c16 = 16 concurrent.");
  console.log("repeated: the same question, answered from the response cache; uncached: Cache-Control: no-cache, every answer computed.");
}

function startServer(target: string, scale: number, shape: Shape): Promise<{ child: ChildProcess; served: Served }> {
  const child = fork(fileURLToPath(import.meta.url), ["--serve", target, String(scale), shape], { execArgv: ["--import", "tsx", ...SERVER_V8_FLAGS], env: { ...process.env, ...SERVER_ENV }, stdio: "inherit" });
  return new Promise((resolve, reject) => {
    child.once("message", (message: Served | { error: string }) => ("error" in message ? reject(new Error(message.error)) : resolve({ child, served: message })));
    child.once("exit", (code) => reject(new Error(`server process exited with ${code}`)));
  });
}

// ---------------------------------------------------------------------------------------------
// Child: a fresh database with the benchmark tenant, served over HTTP

/**
 * Writes the benchmark tenant and answers what the scenarios ask about: a staging model with a
 * deep downstream, the staging hub, and a column with lineage both ways. The generated graph
 * (about a million objects) is dropped on return: held for the whole run it would make every
 * garbage collection of the server's heap measure it too.
 */
async function writeBenchTenant(ctx: Parameters<typeof insertTenantGraph>[0], scale: number, shape: Shape) {
  const { generateTenantGraph } = await import("./generate/graph.js");
  const { insertTenantGraph } = await import("./insertTenantGraph.js");
  const size = (n: number) => Math.round(n * scale);
  const sizes = SHAPES[shape];
  let phase = performance.now();
  const graph = generateTenantGraph({ assets: size(sizes.assets), edges: size(sizes.edges), columns: size(sizes.columns), columnEdges: size(sizes.columnEdges) });
  console.error(`  generated in ${((performance.now() - phase) / 1000).toFixed(1)} s`);
  phase = performance.now();
  await insertTenantGraph(ctx, graph, { bulk: true });
  console.error(`  written in ${((performance.now() - phase) / 1000).toFixed(1)} s`);
  const stagingHub = graph.hubs.find((hub) => hub.name.startsWith("stg_")) ?? graph.hubs[0]!;
  const lineageStart = graph.assets.find((asset) => asset.layer === "STAGING" && asset.id !== stagingHub.id)!;
  const hasUpstream = new Set(graph.columnEdges.map((edge) => edge.toColumnId));
  const hasDownstream = new Set(graph.columnEdges.map((edge) => edge.fromColumnId));
  const column = graph.columns.find((c) => hasUpstream.has(c.id) && hasDownstream.has(c.id) && graph.assets.find((a) => a.id === c.assetId)?.layer === "INTERMEDIATE")!;
  return { stagingHub: { id: stagingHub.id, name: stagingHub.name }, lineageStart: { id: lineageStart.id }, column: { assetId: column.assetId, name: column.name } };
}

async function serve(target: string, scale: number, shape: Shape): Promise<void> {
  await import("reflect-metadata");
  const { loadConfig } = await import("../src/config.js");
  const { openDatabase, openEmbeddedDatabase, migrate } = await import("../src/db/database.js");
  const { tributarySchema } = await import("../src/graphql/schema.js");
  const { toGlobalId } = await import("../src/graphql/globalId.js");
  const { createHttpApp } = await import("../src/http/app.js");
  const { createLogger } = await import("../src/logger.js");
  const { createTenant, operatorContext } = await import("../src/services/tenants.js");
  const { adminQuery, databaseUrl } = await import("../tests/support/postgres.js");

  const started = performance.now();
  let dropDatabase = async () => {};
  let db;
  if (target === "pglite") {
    db = await openEmbeddedDatabase();
  } else {
    const name = `tributary_bench_${randomBytes(5).toString("hex")}`;
    await adminQuery(target, `CREATE DATABASE "${name}"`);
    dropDatabase = () => adminQuery(target, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    db = await openDatabase({ kind: "postgres", url: databaseUrl(target, name) });
  }
  try {
    await migrate(db);
    const { token } = await createTenant(db.prisma, { slug: "bench" });
    const ctx = await operatorContext(db.prisma, "bench");
    const { stagingHub, lineageStart, column } = await writeBenchTenant(ctx, scale, shape);
    const { createTerm } = await import("../src/services/glossary/terms.js");
    await createTerm(ctx, {
      name: "Customer acquisition cost",
      definition: "Marketing and sales spend divided by the new customers won in the period.",
      synonyms: ["cost per acquisition"],
      abbreviations: ["CAC"],
      status: "APPROVED",
    });
    await db.prisma.$executeRawUnsafe("ANALYZE");
    const { search } = await import("../src/services/search/search.js");
    const searchStarted = performance.now();
    await search(ctx, { query: "customer acquisition" }, { skip: 0, take: 20 });
    const firstSearchMs = performance.now() - searchStarted;

    const config = loadConfig({ PORT: "0", LOG_LEVEL: "silent" });
    const { server, apollo } = await createHttpApp({ db, config, logger: createLogger("silent"), schema: await tributarySchema() });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const served: Served = {
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      token,
      loadSeconds: (performance.now() - started) / 1000,
      firstSearchMs,
      ids: {
        lineageStart: toGlobalId("Asset", lineageStart.id),
        hub: toGlobalId("Asset", stagingHub.id),
        hubName: stagingHub.name,
        columnAsset: toGlobalId("Asset", column.assetId),
        column: column.name,
      },
    };
    process.send!(served);
    await new Promise<void>((resolve) => process.on("message", (message: { stop?: boolean }) => message.stop && resolve()));
    // Requests still in flight from the last run end first: Apollo refuses any once it stops.
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await apollo.stop();
  } catch (error) {
    process.send!({ error: error instanceof Error ? error.stack ?? error.message : String(error) });
  } finally {
    await db.close();
    await dropDatabase();
    process.exit(0);
  }
}
