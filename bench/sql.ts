/**
 * SQL engine throughput and memory on the fixtures' real dbt SQL: `npx tsx bench/sql.ts`.
 * Cold = first pass in a fresh process (includes loading the engine); warm = best of later passes.
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

function pass(models: Model[]): number {
  const start = performance.now();
  for (const model of models) analyzeSql({ sql: model.sql, dialect: parseDialect(model.dialect) });
  return performance.now() - start;
}

const rows: string[][] = [];
for (const [label, models] of [["raw (Jinja)", raw], ["compiled", compiled]] as const) {
  const bytes = models.reduce((n, m) => n + m.sql.length, 0);
  const cold = pass(models);
  let warm = Infinity;
  for (let i = 0; i < 15; i++) warm = Math.min(warm, pass(models));
  rows.push([label, String(models.length), mb(bytes), cold.toFixed(1), Math.round((models.length / cold) * 1000).toString(), warm.toFixed(1), Math.round((models.length / warm) * 1000).toString(), mb((bytes / warm) * 1000)]);
}

const header = ["SQL", "models", "MB", "cold ms", "cold models/s", "warm ms", "warm models/s", "warm MB/s"];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
const line = (cells: string[]): string => "| " + cells.map((c, i) => c.padStart(widths[i]!)).join(" | ") + " |";
console.log(`engine load: ${loadMs.toFixed(1)} ms (first import, tsx)`);
console.log(line(header));
console.log("|" + widths.map((w) => "-".repeat(w + 2)).join("|") + "|");
for (const row of rows) console.log(line(row));
const usage = process.memoryUsage();
console.log(`RSS before engine: ${mb(rssBefore)} MB; peak RSS: ${mb(process.resourceUsage().maxRSS * 1024)} MB; RSS now: ${mb(usage.rss)} MB; heap used: ${mb(usage.heapUsed)} MB`);
