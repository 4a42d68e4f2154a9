/**
 * SQL engine throughput and memory on the fixtures' real dbt SQL: `npx tsx bench/sql.ts`.
 * Cold = first pass in a fresh process (includes loading the engine); warm = best of later passes.
 * Warm CPU counts this process's CPU time only, so it holds on a machine shared with other work.
 */
import { readFileSync } from "node:fs";
import { fixturePath } from "../tests/support/fixtures.js";
import { FIXTURE_MANIFESTS } from "../tests/unit/sql/fixtureModels.js";

interface Model {
  sql: string;
  dialect: string;
}
const raw: Model[] = [];
const compiled: Model[] = [];
for (const file of FIXTURE_MANIFESTS) {
  const manifest = JSON.parse(readFileSync(fixturePath(...file.split("/")), "utf8")) as {
    metadata: { adapter_type: string };
    nodes: Record<string, { resource_type: string; raw_code?: string; raw_sql?: string; compiled_code?: string; compiled_sql?: string }>;
  };
  for (const node of Object.values(manifest.nodes)) {
    if (node.resource_type !== "model") continue;
    raw.push({ sql: node.raw_code ?? node.raw_sql ?? "", dialect: manifest.metadata.adapter_type });
    compiled.push({ sql: node.compiled_code ?? node.compiled_sql ?? "", dialect: manifest.metadata.adapter_type });
  }
}
const mb = (bytes: number): string => (bytes / 1e6).toFixed(1);
const rssBefore = process.memoryUsage().rss;

const loadStart = performance.now();
const { analyzeSql, parseDialect } = await import("../src/core/sql/index.js");
const loadMs = performance.now() - loadStart;

/** Wall-clock and CPU milliseconds of one pass over the models. */
function pass(models: Model[]): { wall: number; cpu: number } {
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  for (const model of models) analyzeSql({ sql: model.sql, dialect: parseDialect(model.dialect) });
  const cpu = process.cpuUsage(cpuStart);
  return { wall: performance.now() - start, cpu: (cpu.user + cpu.system) / 1000 };
}

const rows: string[][] = [];
for (const [label, models] of [["raw (Jinja)", raw], ["compiled", compiled]] as const) {
  const bytes = models.reduce((n, m) => n + m.sql.length, 0);
  const cold = pass(models).wall;
  let warm = Infinity;
  let warmCpu = Infinity;
  for (let i = 0; i < 15; i++) {
    const { wall, cpu } = pass(models);
    warm = Math.min(warm, wall);
    warmCpu = Math.min(warmCpu, cpu);
  }
  const perSecond = (ms: number): string => Math.round((models.length / ms) * 1000).toString();
  rows.push([label, String(models.length), mb(bytes), cold.toFixed(1), perSecond(cold), warm.toFixed(1), perSecond(warm), mb((bytes / warm) * 1000), perSecond(warmCpu)]);
}

const header = ["SQL", "models", "MB", "cold ms", "cold models/s", "warm ms", "warm models/s", "warm MB/s", "warm CPU models/s"];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
const line = (cells: string[]): string => "| " + cells.map((c, i) => c.padStart(widths[i]!)).join(" | ") + " |";
console.log(`engine load: ${loadMs.toFixed(1)} ms (first import, tsx)`);
console.log(line(header));
console.log("|" + widths.map((w) => "-".repeat(w + 2)).join("|") + "|");
for (const row of rows) console.log(line(row));
const usage = process.memoryUsage();
console.log(`RSS before engine: ${mb(rssBefore)} MB; peak RSS: ${mb(process.resourceUsage().maxRSS * 1024)} MB; RSS now: ${mb(usage.rss)} MB; heap used: ${mb(usage.heapUsed)} MB`);
