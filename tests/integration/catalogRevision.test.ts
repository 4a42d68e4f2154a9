/**
 * The tenant's revisions, which every cache of read answers is keyed by: which writes move
 * them, that authentication reads them, and that a write by another client of the same
 * database (another API process) is seen by the next read.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../../src/db/database.js";
import type { TenantContext } from "../../src/services/actor.js";
import { catalogRevisions } from "../../src/services/catalogRevision.js";
import { setAssetOwners, setSubscription } from "../../src/services/changes/ownership.js";
import { ingestManifest } from "../../src/services/ingest/ingestManifest.js";
import { ingestOpenLineageEvents } from "../../src/services/openlineage/ingestEvents.js";
import { assetLineage } from "../../src/services/lineage/lineage.js";
import { search } from "../../src/services/search/search.js";
import { authenticate, createToken } from "../../src/services/tokens.js";
import { createTenant, operatorContext } from "../../src/services/tenants.js";
import { createTestDatabase, onPostgres, type TestDatabase } from "../support/db.js";

function manifest(models: { name: string; sql: string; description?: string }[]) {
  return { format: "tributary/v1", project: "shop", models: models.map((m) => ({ ...m, layer: "staging" })) };
}

const ORDERS = { name: "orders", sql: "select 1 as id" };
const PAYMENTS = { name: "payments", sql: "select id from {{ ref('orders') }}" };

describe("catalog revisions", () => {
  let database: TestDatabase;
  let ctx: TenantContext;
  let other: TenantContext;
  const revisions = () => catalogRevisions(ctx);
  const post = (mode: "apply" | "propose", models: Parameters<typeof manifest>[0]) =>
    ingestManifest(ctx, { project: "shop", mode, branch: mode === "propose" ? "feature" : undefined, manifest: manifest(models) });

  beforeAll(async () => {
    database = await createTestDatabase();
    await createTenant(database.db.prisma, { slug: "rev" });
    await createTenant(database.db.prisma, { slug: "rev-other" });
    ctx = await operatorContext(database.db.prisma, "rev");
    other = await operatorContext(database.db.prisma, "rev-other");
  });
  afterAll(() => database.dispose());

  it("moves both with an applied post, neither with an identical one, and only the catalog one with a proposal", async () => {
    const start = await revisions();
    await post("apply", [ORDERS]);
    const applied = await revisions();
    expect(applied).toEqual({ catalog: start.catalog + 1, lineage: start.lineage + 1, openLineage: start.openLineage });

    expect((await post("apply", [ORDERS])).status).toBe("UNCHANGED");
    expect(await revisions()).toEqual(applied);

    expect((await post("propose", [ORDERS, PAYMENTS])).status).toBe("PROPOSED");
    expect(await revisions()).toEqual({ ...applied, catalog: applied.catalog + 1 });
  });

  it("moves the catalog revision with owners and subscriptions set through the API, not the lineage one", async () => {
    const orders = (await ctx.db.asset.findFirst({ where: { name: "orders" } }))!;
    const before = await revisions();
    await setAssetOwners(ctx, orders.id, [{ email: "ana@shop.test" }]);
    const { secret } = await createToken(ctx, { name: "ana", role: "OWNER", ownerEmail: "ana@shop.test" });
    const ana = (await authenticate(database.db.prisma, secret))!;
    await setSubscription(ana, orders.id, true);
    const after = await revisions();
    // owners, the token, the subscription: three audited writes
    expect(after).toEqual({ ...before, catalog: before.catalog + 3 });
    const audited = await ctx.db.auditEvent.findMany({ where: { action: "asset.subscribe" } });
    expect(audited.map((event) => event.targetId)).toEqual([orders.id]);
  });

  it("moves the openLineage one with every OpenLineage event stored, and the others only when the catalog changed", async () => {
    const run = (eventType: "START" | "COMPLETE", eventTime: string) => ({
      eventType,
      eventTime,
      producer: "https://github.com/apache/airflow/tree/providers-openlineage/2.1.0",
      schemaURL: "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent",
      run: { runId: "01931f6a-0000-7000-8000-0000000000b1" },
      job: { namespace: "airflow-prod", name: "shop_daily.load" },
    });
    const options = { retentionDays: 30 };
    const before = await revisions();
    await ingestOpenLineageEvents(ctx, [run("START", "2026-11-02T03:00:00Z")], options);
    // A new job: an asset, so all three move.
    const started = await revisions();
    expect(started).toEqual({ catalog: before.catalog + 1, lineage: before.lineage + 1, openLineage: before.openLineage + 1 });
    // Its run ends: nothing the catalog shows, but Marquez's lineage read shows the run.
    await ingestOpenLineageEvents(ctx, [run("COMPLETE", "2026-11-02T03:05:00Z")], options);
    const completed = await revisions();
    expect(completed).toEqual({ ...started, openLineage: started.openLineage + 1 });
    // The same event again is a duplicate and moves none.
    await ingestOpenLineageEvents(ctx, [run("COMPLETE", "2026-11-02T03:05:00Z")], options);
    expect(await revisions()).toEqual(completed);
  });

  it("is read by authentication, per tenant, and only that tenant's writes move it", async () => {
    const { secret } = await createToken(other, { name: "reader", role: "READER" });
    const before = await catalogRevisions(other);
    await post("apply", [ORDERS, PAYMENTS]);
    const reader = (await authenticate(database.db.prisma, secret))!;
    expect(reader.revisions).toEqual(before);
    const mine = (await authenticate(database.db.prisma, (await createToken(ctx, { name: "r2", role: "READER" })).secret))!;
    expect(mine.revisions).toEqual(await revisions());
  });

  it("lets warm caches see a post made by another writer, which reaches them only through the revision", async () => {
    // Ingestion tells no cache in process: what a reader sees changes only with the revision
    // it authenticates with. On PostgreSQL the reader uses a second Prisma client, as a second
    // API process would (the embedded database belongs to one process).
    const second: Database | null = onPostgres() ? await openDatabase({ kind: "postgres", url: database.url! }) : null;
    try {
      const { secret } = await createToken(ctx, { name: "second", role: "READER" });
      const reader = async () => (await authenticate((second ?? database.db).prisma, secret))!;
      const orders = (await ctx.db.asset.findFirst({ where: { name: "orders" } }))!;
      const downstreamOfOrders = async () => (await assetLineage(await reader(), { assetId: orders.id, direction: "DOWNSTREAM", depth: 1 })).nodes.map((n) => n.id);
      const hits = async (term: string) => (await search(await reader(), { query: term }, { skip: 0, take: 20 })).total;
      const before = await downstreamOfOrders();
      expect(await hits("refunds")).toBe(0);
      await post("apply", [ORDERS, PAYMENTS, { name: "refunds", sql: "select id from {{ ref('orders') }}", description: "Money given back" }]);
      expect(await downstreamOfOrders()).toHaveLength(before.length + 1);
      expect(await hits("refunds")).toBeGreaterThan(0);
    } finally {
      await second?.close();
    }
  });
});
