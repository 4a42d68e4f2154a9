/**
 * Freshness evaluation of a 20,000-asset tenant (the generated benchmark graph), on PGlite and,
 * with --pg, on a fresh database of a PostgreSQL server: the evaluator's pure planning; a
 * steady pass (what the schedule does every minute: read the rows due, decide; none is); a full
 * pass (what a process does after a manifest post or a settings change, and on its first pass:
 * read every tracked asset, decide, nothing changed); and the first pass, in which every asset
 * changes state (written with compare-and-set, transitions logged). The target is a pass under
 * 200 ms. Breaches are not part of it: their alerts cost a downstream look-up.
 *
 *   npx tsx bench/freshness.ts [--pg [postgres://postgres@127.0.0.1:5432/postgres]] [--assets 20000] [--runs 15]
 */
import { Command } from "commander";
import { freshnessSettingsOf } from "../src/core/freshness/settings.js";
import { migrate, openEmbeddedDatabase, type Database } from "../src/db/database.js";
import { sqlTimestamp, loadTrackedAssets } from "../src/services/freshness/freshnessRows.js";
import { evaluateTenantFreshness, planFreshness } from "../src/services/freshness/evaluateFreshness.js";
import { createTenant, operatorContext } from "../src/services/tenants.js";
import { generateTenantGraph } from "./generate/graph.js";
import { insertTenantGraph } from "./insertTenantGraph.js";
import { onScratchPostgres } from "./support/scratchPostgres.js";

const options = new Command("bench/freshness.ts")
  .option("--pg [url]", "also on PostgreSQL (default: postgres://postgres@127.0.0.1:5432/postgres)")
  .option("--assets <n>", "assets in the tenant", Number, 20_000)
  .option("--runs <n>", "timed passes", Number, 15)
  .parse()
  .opts<{ pg?: string | true; assets: number; runs: number }>();

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const timed = async (work: () => Promise<unknown> | unknown): Promise<number> => {
  const started = performance.now();
  await work();
  return performance.now() - started;
};

async function bench(label: string, db: Database): Promise<void> {
  await migrate(db);
  await createTenant(db.prisma, { slug: "bench" });
  const ctx = await operatorContext(db.prisma, "bench");
  const graph = generateTenantGraph({ assets: options.assets, edges: options.assets * 3, columns: options.assets, columnEdges: options.assets });
  await insertTenantGraph(ctx, graph);

  // Every asset tracked, last loaded within the past 10 minutes: all fresh (no alerts to send).
  const t0 = new Date("2026-06-01T12:00:00Z");
  const ids = graph.assets.map((a) => a.id);
  const loaded = ids.map((_, i) => sqlTimestamp(new Date(t0.getTime() - ((i * 7_919) % 600) * 1_000)));
  await db.prisma.$executeRaw`
    INSERT INTO "AssetFreshness" ("tenantId", "assetId", state, since, "lastLoadedAt")
    SELECT ${ctx.tenant.id}, u.id, 'UNKNOWN', ${sqlTimestamp(t0)}::timestamp, u.loaded::timestamp FROM unnest(${ids}::text[], ${loaded}::text[]) AS u(id, loaded)`;

  const firstMs = await timed(() => evaluateTenantFreshness(ctx.db, ctx.tenant.id, { now: t0 }));
  // Statistics as autovacuum would leave them on PostgreSQL (PGlite has none): of rows evaluated, none due.
  await db.prisma.$executeRawUnsafe(`ANALYZE "AssetFreshness"`);
  const { lineageRevision } = await db.prisma.tenant.findUniqueOrThrow({ where: { id: ctx.tenant.id }, select: { lineageRevision: true } });
  const { assets: tracked } = await loadTrackedAssets(ctx.db, ctx.tenant.id, lineageRevision, { all: true });
  const settings = freshnessSettingsOf({});

  const plan: number[] = [];
  const read: number[] = [];
  const steady: number[] = [];
  const full: number[] = [];
  for (let i = 0; i < options.runs; i += 1) {
    plan.push(await timed(() => planFreshness(tracked, settings, t0)));
    read.push(await timed(() => loadTrackedAssets(ctx.db, ctx.tenant.id, lineageRevision, { all: true })));
    steady.push(await timed(() => evaluateTenantFreshness(ctx.db, ctx.tenant.id, { now: t0 })));
    // New settings (a reminder interval no fresh asset depends on) make the next pass a full one.
    await db.prisma.tenant.update({ where: { id: ctx.tenant.id }, data: { settings: { freshness: { reminderMinutes: 240 + (i % 2) + 1 } } } });
    full.push(await timed(() => evaluateTenantFreshness(ctx.db, ctx.tenant.id, { now: t0 })));
  }

  const states = await db.prisma.assetFreshness.groupBy({ by: ["state"], _count: true });
  console.log(`freshness evaluation, ${tracked.length} tracked assets, ${label}, median of ${options.runs}:`);
  console.log(`  planning only (core, in memory)         ${median(plan).toFixed(1)} ms`);
  console.log(`  reading the tracked assets              ${median(read).toFixed(1)} ms`);
  console.log(`  steady pass (rows due: none)            ${median(steady).toFixed(1)} ms   target < 200 ms`);
  console.log(`  full pass (read all + plan, no change)  ${median(full).toFixed(1)} ms`);
  console.log(`  first pass (every asset written)        ${firstMs.toFixed(0)} ms`);
  console.log(`  states: ${states.map((s) => `${s.state} ${s._count}`).join(", ")}`);
}

const embedded = await openEmbeddedDatabase();
try {
  await bench("PGlite", embedded);
} finally {
  await embedded.close();
}
if (options.pg) {
  await onScratchPostgres(options.pg, (db) => bench("PostgreSQL", db));
}
