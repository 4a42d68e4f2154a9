/**
 * The evaluator's passes at scale, with a clock the test moves: a scheduled pass reads only the
 * assets due, yet sees settings and meta changed by another process; and a mass breach alerts
 * each asset's own audience with the statements of a breach of one (no downstream walk per
 * asset). Statements are counted on a Prisma client built here with query events on, over the
 * test database, as in catalogQueryCount.test.ts.
 */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PrismaClient } from "../../src/generated/prisma/client.js";
import type { TenantContext } from "../../src/services/actor.js";
import { downstreamImpact } from "../../src/services/changes/downstream.js";
import { evaluateTenantFreshness } from "../../src/services/freshness/evaluateFreshness.js";
import { ingestManifest } from "../../src/services/ingest/ingestManifest.js";
import { recordRuns } from "../../src/services/runs/recordRuns.js";
import { createTenant, operatorContext } from "../../src/services/tenants.js";
import { createTestDatabase, statementLoggingClient, type TestDatabase } from "../support/db.js";

const manifest = JSON.parse(readFileSync(new URL("../../examples/jaffle_shop/manifest.json", import.meta.url), "utf8")) as { nodes: Record<string, { meta: Record<string, unknown>; config: { meta: Record<string, unknown> } }> };
const T0 = new Date("2026-03-02T10:00:00Z");
const minutes = (n: number) => new Date(T0.getTime() + n * 60_000);
/** The example's models and sources, each of which has a freshness SLA by its layer or none. */
const TRACKED = [
  "source.jaffle_shop.jaffle-shop-data.raw_customers",
  "source.jaffle_shop.jaffle-shop-data.raw_orders",
  "source.jaffle_shop.jaffle-shop-data.raw_payments",
  "model.jaffle_shop.stg_customers",
  "model.jaffle_shop.stg_orders",
  "model.jaffle_shop.stg_payments",
  "model.jaffle_shop.customers",
  "model.jaffle_shop.orders",
  "model.jaffle_shop.customer_segments",
  "model.jaffle_shop.customer_order_pattern",
];

describe("freshness passes", () => {
  let database: TestDatabase;
  let prisma: PrismaClient;
  const statements: string[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    prisma = statementLoggingClient(database, statements);
  });
  afterAll(async () => {
    await prisma.$disconnect();
    await database.dispose();
  });

  async function tenantWithRuns(slug: string, uniqueIds: readonly string[], doc = manifest): Promise<TenantContext> {
    await createTenant(prisma, { slug });
    const ctx = await operatorContext(prisma, slug);
    await ingestManifest(ctx, { project: "jaffle_shop", mode: "apply", manifest: doc });
    const runs = uniqueIds.map((asset) => ({ asset, source: "DBT" as const, status: "SUCCESS" as const, completedAt: T0.toISOString() }));
    await recordRuns(ctx, { project: "jaffle_shop", runs }, { now: () => T0 });
    return ctx;
  }

  const pass = (ctx: TenantContext, at: Date) => evaluateTenantFreshness(ctx.db, ctx.tenant.id, { now: at });
  const stateOf = async (ctx: TenantContext, uniqueId: string) =>
    (await ctx.db.assetFreshness.findFirstOrThrow({ where: { asset: { uniqueId } }, select: { state: true } })).state;

  it("reads only the assets due on schedule, and still sees settings and meta changed by another process", async () => {
    const ctx = await tenantWithRuns("scheduled", ["model.jaffle_shop.stg_orders", "model.jaffle_shop.stg_customers"]);
    // The first pass of a process reads every tracked asset; the next ones only those due.
    expect(await pass(ctx, minutes(1))).toMatchObject({ evaluated: 2, changed: 0 });
    expect(await pass(ctx, minutes(2))).toMatchObject({ evaluated: 0, changed: 0 });

    // Another process (no pass of this one runs) sets the staging SLA to 30 minutes.
    await prisma.tenant.update({ where: { id: ctx.tenant.id }, data: { settings: { freshness: { layers: { staging: 30 } } } } });
    expect(await pass(ctx, minutes(31))).toMatchObject({ evaluated: 2, changed: 2 });
    expect(await stateOf(ctx, "model.jaffle_shop.stg_orders")).toBe("LATE");

    // A run post marks its assets due, so a pass reads them even if their next check is far off.
    await recordRuns(ctx, { project: "jaffle_shop", runs: [{ asset: "model.jaffle_shop.stg_orders", source: "DBT", status: "SUCCESS", completedAt: minutes(32).toISOString() }] }, { now: () => minutes(32) });
    expect(await stateOf(ctx, "model.jaffle_shop.stg_orders")).toBe("FRESH");
    expect(await pass(ctx, minutes(33))).toMatchObject({ evaluated: 0, changed: 0 });

    // A post that gives stg_orders `meta.freshness_sla: 5m` moves the lineage revision: the next pass reads everything.
    const edited = structuredClone(manifest);
    const node = edited.nodes["model.jaffle_shop.stg_orders"]!;
    node.meta = { ...node.meta, freshness_sla: "5m" };
    node.config.meta = { ...node.config.meta, freshness_sla: "5m" };
    await ingestManifest(ctx, { project: "jaffle_shop", mode: "apply", manifest: edited });
    expect(await pass(ctx, minutes(38))).toMatchObject({ evaluated: 2, changed: 1 });
    expect(await stateOf(ctx, "model.jaffle_shop.stg_orders")).toBe("LATE");
    // Its next check is its stale time (10 minutes after the load at 32): nothing before, then the change.
    expect(await pass(ctx, minutes(41))).toMatchObject({ evaluated: 0 });
    expect(await pass(ctx, minutes(42))).toMatchObject({ evaluated: 1, changed: 1 });
    expect(await stateOf(ctx, "model.jaffle_shop.stg_orders")).toBe("STALE");

    // A removed asset (as a post removes one: removedAt, and a new lineage revision) is not evaluated;
    // once its row comes due, the pass sets it aside instead of reading it every minute.
    const customers = await ctx.db.asset.findFirstOrThrow({ where: { uniqueId: "model.jaffle_shop.stg_customers" } });
    await ctx.db.asset.update({ where: { tenantId_id: { tenantId: ctx.tenant.id, id: customers.id } }, data: { removedAt: minutes(43) } });
    await prisma.tenant.update({ where: { id: ctx.tenant.id }, data: { lineageRevision: { increment: 1 } } });
    expect(await pass(ctx, minutes(43))).toMatchObject({ evaluated: 1 });
    expect(await pass(ctx, minutes(61))).toMatchObject({ evaluated: 0 }); // its stale time (60) has come
    expect(await ctx.db.assetFreshness.findFirstOrThrow({ where: { assetId: customers.id } })).toMatchObject({ due: false, nextCheckAt: null });
    statements.length = 0;
    expect(await pass(ctx, minutes(62))).toMatchObject({ evaluated: 0 });
    expect(statements.filter((sql) => /UPDATE "AssetFreshness"/.test(sql))).toEqual([]);
  });

  it("alerts each asset of a mass breach to its own owners, downstream owners and subscribers, in the statements of a breach of one", async () => {
    const one = await tenantWithRuns("one", ["model.jaffle_shop.stg_orders"]);
    const all = await tenantWithRuns("all", TRACKED);
    const subscriber = await all.db.owner.create({ data: { tenantId: all.tenant.id, key: "sub@example.com", email: "sub@example.com", name: "Sub" } });
    const stgOrders = await all.db.asset.findFirstOrThrow({ where: { uniqueId: "model.jaffle_shop.stg_orders" } });
    await all.db.subscription.create({ data: { tenantId: all.tenant.id, assetId: stgOrders.id, ownerId: subscriber.id } });
    // Each tenant's first pass (a full one) sees everything fresh.
    for (const ctx of [one, all]) expect(await pass(ctx, minutes(1))).toMatchObject({ changed: 0 });

    const counted = async (ctx: TenantContext) => {
      statements.length = 0;
      const result = await pass(ctx, minutes(7 * 60)); // past every layer's SLA (marts: 6 h)
      return { result, statements: statements.length };
    };
    const single = await counted(one);
    const mass = await counted(all);
    expect(single.result).toMatchObject({ changed: 1, events: 1 });
    const breached = await all.db.assetFreshness.findMany({ where: { state: { in: ["LATE", "STALE"] } }, include: { asset: { select: { uniqueId: true } } } });
    expect(breached.length).toBeGreaterThanOrEqual(8);
    expect(mass.result).toMatchObject({ changed: breached.length, events: breached.length });
    expect(mass.statements).toBe(single.statements);

    // Each alert reaches exactly whom downstreamImpact (the per-asset walk) names for its asset.
    const notifications = await all.db.notification.findMany({ where: { event: "asset.freshness_breached" } });
    expect(new Set(notifications.map((n) => n.dedupeKey)).size).toBe(breached.length);
    for (const row of breached) {
      const impact = await all.db.$transaction((tx) => downstreamImpact(tx, all.tenant.id, [row.assetId]));
      const expected = new Set([...impact.owners.map((p) => p.ownerId), ...impact.subscribers.filter((p) => p.assets.includes(row.asset.uniqueId)).map((p) => p.ownerId)]);
      const sent = notifications.filter((n) => (n.body as { asset: { id: string } }).asset.id === row.assetId);
      expect(new Set(sent.map((n) => n.ownerId)), row.asset.uniqueId).toEqual(expected);
      expect(sent.length, row.asset.uniqueId).toBeGreaterThan(0);
      expect((sent[0]!.body as { impact: unknown }).impact).toEqual({ downstreamAssets: impact.assets.length, exposures: impact.exposures.length, owners: impact.owners.length });
    }
    expect(notifications.some((n) => n.ownerId === subscriber.id)).toBe(true);
  });
});
