/**
 * Benchmark of the pure lineage core on the generated benchmark tenant (20k assets, 60k edges,
 * 300k columns, 500k column edges): index build time and size, and the latency of the queries
 * the API answers from it. In process, no database, no HTTP: `bench/queries.ts` measures those.
 *
 *   npx tsx bench/lineage-core.ts [--seed N]
 */
import { setFlagsFromString } from "node:v8";
import { Command } from "commander";
import { runInNewContext } from "node:vm";
import { generateTenantGraph, seededRandom, type GeneratedTenant } from "./generate/graph.js";
import {
  buildColumnLineageIndex,
  buildLineageIndex,
  impact,
  impactOfColumns,
  traverse,
  traverseColumns,
  type ColumnLineageIndex,
  type LineageIndex,
} from "../src/core/lineage/index.js";

setFlagsFromString("--expose-gc");
const collectGarbage = runInNewContext("gc") as () => void;

interface Row {
  what: string;
  runs: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  size: string;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Runs `task` for every input after a warm-up pass, and summarizes the latencies. */
function measure<T>(what: string, inputs: readonly T[], task: (input: T) => number, warmUp = true): Row {
  if (warmUp) for (const input of inputs.slice(0, 20)) task(input);
  const times: number[] = [];
  let resultSize = 0;
  for (const input of inputs) {
    const begin = performance.now();
    resultSize += task(input);
    times.push(performance.now() - begin);
  }
  times.sort((a, b) => a - b);
  return {
    what,
    runs: times.length,
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    p99: percentile(times, 99),
    max: times[times.length - 1]!,
    size: `${Math.round(resultSize / inputs.length)} avg`,
  };
}

/** JS heap plus memory outside it, where typed arrays keep their contents. */
function heapUsed(): number {
  collectGarbage();
  collectGarbage();
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.external;
}

/** Heap retained by what `build` returns once the rows it was built from are gone. */
function retainedBytes<T>(build: () => T): { value: T; bytes: number } {
  const before = heapUsed();
  const value = build();
  return { value, bytes: heapUsed() - before };
}

const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const ms = (value: number): string => value.toFixed(2);

function main(): void {
  const { seed } = new Command("bench/lineage-core.ts").option("--seed <n>", "the generator's seed", Number).parse().opts<{ seed?: number }>();
  // Memory first, on a quiet heap: indexes built from rows that are then dropped.
  const assetBuild = retainedBytes(() => {
    const copy = generateTenantGraph({ seed });
    return buildLineageIndex(copy.assets, copy.edges);
  });
  const columnBuild = retainedBytes(() => {
    const copy = generateTenantGraph({ seed });
    return buildColumnLineageIndex(copy.columns, copy.columnEdges);
  });
  const assets: LineageIndex = assetBuild.value;
  const columns: ColumnLineageIndex = columnBuild.value;

  const begin = performance.now();
  const tenant: GeneratedTenant = generateTenantGraph({ seed });
  const generateMs = performance.now() - begin;
  const random = seededRandom(99);
  const pickMany = <T>(items: readonly T[], count: number): T[] => Array.from({ length: count }, () => items[Math.floor(random() * items.length)]!);

  const rows: Row[] = [];
  const tenantRows = tenant;
  rows.push(
    measure("build asset index (nodes)", Array.from({ length: 15 }), () => buildLineageIndex(tenantRows.assets, tenantRows.edges).nodeCount),
  );
  const assetsById = [...tenantRows.assets].sort((a, b) => (a.id < b.id ? -1 : 1));
  rows.push(
    measure("build asset index, rows ORDER BY id", Array.from({ length: 15 }), () => buildLineageIndex(assetsById, tenantRows.edges).nodeCount),
  );
  rows.push(
    measure("build column index (columns)", Array.from({ length: 5 }), () => buildColumnLineageIndex(tenantRows.columns, tenantRows.columnEdges).columnCount, false),
  );

  // Queries on the shapes the API sees: starts early in the graph, the hubs, columns of early assets.
  const earlyAssets = tenant.assets.filter((asset) => asset.kind === "SOURCE" || asset.layer === "STAGING").map((asset) => asset.id);
  const isEarly = new Set(earlyAssets);
  const hubs = tenant.hubs.map((hub) => hub.id);
  const earlyColumns = tenant.columns.filter((column) => isEarly.has(column.assetId));
  const columnStarts = pickMany(earlyColumns, 300).map((column) => ({ assetId: column.assetId, column: column.name }));
  const hubColumns = tenant.columns.filter((column) => hubs.includes(column.assetId) && column.position <= 3);
  const stats = {
    assets: tenant.assets.length,
    edges: tenant.edges.length,
    columns: tenant.columns.length,
    columnEdges: tenant.columnEdges.length,
    hubs: tenant.hubs.map((hub) => `${hub.name}:${hub.children}`).join(" "),
  };


  const starts = pickMany(earlyAssets, 500);
  rows.push(
    measure("lineage 5-hop downstream, first 100", starts, (start) =>
      traverse(assets, { start, direction: "DOWNSTREAM", depth: 5, first: 100 }).nodes.length),
  );
  rows.push(
    measure("lineage 5-hop downstream, all nodes", starts, (start) =>
      traverse(assets, { start, direction: "DOWNSTREAM", depth: 5 }).nodes.length),
  );
  rows.push(
    measure("lineage BOTH unbounded, first 100", starts, (start) =>
      traverse(assets, { start, direction: "BOTH", depth: null, first: 100 }).totalCount),
  );
  rows.push(
    measure("lineage 5-hop, kinds [MODEL], first 100", starts, (start) =>
      traverse(assets, { start, direction: "DOWNSTREAM", depth: 5, kinds: ["MODEL"], first: 100 }).nodes.length),
  );
  rows.push(
    measure("lineage unbounded, kinds [EXPOSURE], first 100", starts, (start) =>
      traverse(assets, { start, direction: "DOWNSTREAM", depth: null, kinds: ["EXPOSURE"], first: 100 }).edges.length),
  );
  rows.push(
    measure("hub lineage unbounded, kinds [EXPOSURE], first 100", pickMany(hubs, 50), (start) =>
      traverse(assets, { start, direction: "DOWNSTREAM", depth: null, kinds: ["EXPOSURE"], first: 100 }).edges.length),
  );
  rows.push(measure("impact of a hub (all downstream + paths)", pickMany(hubs, 100), (start) => impact(assets, { start }).assets.length));
  rows.push(
    measure("impact of a hub, first 100 (+ all exposures)", pickMany(hubs, 100), (start) => impact(assets, { start, first: 100 }).totalCount),
  );
  rows.push(measure("impact of an early asset", starts, (start) => impact(assets, { start }).assets.length));
  rows.push(
    measure("column lineage 3-hop downstream", columnStarts, (query) =>
      traverseColumns(columns, { ...query, direction: "DOWNSTREAM", depth: 3 }).nodes.length),
  );
  rows.push(
    measure("column lineage 3-hop BOTH", columnStarts, (query) =>
      traverseColumns(columns, { ...query, direction: "BOTH", depth: 3 }).nodes.length),
  );
  const hubColumnAssets = new Map<string, string>(hubColumns.map((column) => [column.assetId, column.name]));
  rows.push(
    measure("column-aware impact of a hub column", pickMany([...hubColumnAssets], 50), ([start, column]) => {
      const result = impactOfColumns(assets, columns, { start, columns: [column] });
      return result.reads.length + result.columnUseUnknown.length;
    }),
  );

  console.log(`lineage core benchmark — node ${process.version}, seed ${seed ?? "default"}`);
  console.log(`graph: ${stats.assets} assets, ${stats.edges} edges, ${stats.columns} columns, ${stats.columnEdges} column edges`);
  console.log(`hubs (children): ${stats.hubs}`);
  console.log(`generate: ${(generateMs / 1000).toFixed(1)} s`);
  console.log(`asset index:  byteSize ${mb(assets.byteSize)}, retained heap ${mb(assetBuild.bytes)} (before scratch use)`);
  console.log(`column index: byteSize ${mb(columns.byteSize)}, retained heap ${mb(columnBuild.bytes)} (before scratch use)`);
  console.log("");
  const header = ["operation", "runs", "p50 ms", "p95 ms", "p99 ms", "max ms", "result"];
  const table = rows.map((row) => [row.what, String(row.runs), ms(row.p50), ms(row.p95), ms(row.p99), ms(row.max), row.size]);
  const widths = header.map((title, i) => Math.max(title.length, ...table.map((cells) => cells[i]!.length)));
  const line = (cells: string[]): string => `| ${cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join(" | ")} |`;
  console.log(line(header));
  console.log(`|${widths.map((width, i) => (i === 0 ? "-".repeat(width + 2) : `${"-".repeat(width + 1)}:`)).join("|")}|`);
  for (const cells of table) console.log(line(cells));
}

main();
