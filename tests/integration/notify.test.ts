/**
 * notify() and the delivery worker against a real database and real HTTP receivers on
 * 127.0.0.1. Retry waits are milliseconds here (the policy's base is injected).
 */
import pg from "pg";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../../src/db/database.js";
import { claimDueDeliveries } from "../../src/notify/outbox.js";
import { startDeliveryWorker, type DeliveryWorker, type DeliveryWorkerOptions } from "../../src/notify/worker.js";
import type { TenantContext } from "../../src/services/actor.js";
import { notify, wakeDeliveryWorkers, type NotifyEvent } from "../../src/services/notifications/index.js";
import { createWebhook, disableWebhook } from "../../src/services/notifications/webhooks.js";
import { upsertOwner } from "../../src/services/owners.js";
import { createTenant, operatorContext } from "../../src/services/tenants.js";
import { createTestDatabase, onPostgres, type TestDatabase } from "../support/db.js";
import { startReceiver, type Receiver } from "./notify-receiver.js";

// Receivers listen on 127.0.0.1: private networks are allowed here (and refused in their own test).
const FAST: DeliveryWorkerOptions = { pollIntervalMs: 50, timeoutMs: 2_000, retry: { baseMs: 5, maxDelayMs: 40 }, allowPrivateNetworks: true };

let database: TestDatabase;
let ctx: TenantContext;
let ownerIds: string[];
const cleanups: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.dispose());

let tenantCount = 0;
beforeEach(async () => {
  // A tenant per test; the worker serves every tenant, so afterEach empties the outbox.
  const slug = `acme-${++tenantCount}`;
  await createTenant(database.db.prisma, { slug });
  ctx = await operatorContext(database.db.prisma, slug);
  ownerIds = [];
  for (const email of ["ann@example.com", "bob@example.com"]) ownerIds.push((await upsertOwner(ctx.tenant.id, ctx.db, { email })).id);
});

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await database.db.prisma.delivery.deleteMany({});
});

async function receiver(): Promise<Receiver> {
  const r = await startReceiver();
  cleanups.push(() => r.close());
  return r;
}

function worker(options: DeliveryWorkerOptions = FAST, db: Database = database.db): DeliveryWorker {
  const w = startDeliveryWorker(db.prisma, options);
  cleanups.push(() => w.stop());
  return w;
}

async function webhook(r: Receiver, events: string[] = ["*"], format: "JSON" | "SLACK" = "JSON") {
  const { webhook: row, secret } = await createWebhook(ctx, { url: r.url, events, format }, { allowPrivateNetworks: true });
  r.secret = secret;
  return row;
}

function event(i: number, type: NotifyEvent["type"] = "change_request.opened"): NotifyEvent {
  return {
    type,
    changeRequestId: `cr${i}`,
    eventKey: `cr${i}:${type}`,
    title: `jaffle_shop: branch-${i}`,
    payload: { project: "jaffle_shop", branch: `branch-${i}`, status: "OPEN", link: `https://tributary.example.com/cr/${i}` },
  };
}

/** What the change-request service does: notify inside its transaction, wake after commit. */
async function post(events: NotifyEvent[]) {
  await ctx.db.$transaction(async (tx) => {
    for (const e of events) await notify(tx, ctx.tenant.id, e, ownerIds);
  });
  wakeDeliveryWorkers();
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe("notify()", () => {
  it("writes one notification per recipient and one delivery per subscribed webhook, once per event key", async () => {
    const all = await receiver();
    const approvedOnly = await receiver();
    await webhook(all, ["*"]);
    await webhook(approvedOnly, ["change_request.approved"]);
    const result = await ctx.db.$transaction((tx) =>
      notify(tx, ctx.tenant.id, event(1), [...ownerIds, ownerIds[0]!]),
    );
    expect(result).toEqual({ notifications: 2, deliveries: 1 });
    // The same event again (a retried transaction, a re-post): nobody is notified twice.
    const again = await ctx.db.$transaction((tx) => notify(tx, ctx.tenant.id, event(1), ownerIds));
    expect(again).toEqual({ notifications: 0, deliveries: 0 });
    const approved = await ctx.db.$transaction((tx) => notify(tx, ctx.tenant.id, event(1, "change_request.approved"), ownerIds));
    expect(approved).toEqual({ notifications: 2, deliveries: 2 });

    const notifications = await ctx.db.notification.findMany({ orderBy: [{ ownerId: "asc" }, { event: "asc" }] });
    expect(notifications).toHaveLength(4);
    expect(notifications[0]).toMatchObject({ changeRequestId: "cr1", title: "jaffle_shop: branch-1", readAt: null });
    const deliveries = await ctx.db.delivery.findMany();
    expect(new Set(deliveries.map((d) => d.idempotencyKey)).size).toBe(3);
    expect(deliveries.every((d) => d.idempotencyKey.startsWith(`cr1:change_request.`) && d.idempotencyKey.endsWith(`:${d.webhookId}`))).toBe(true);
    expect(deliveries.every((d) => d.status === "PENDING" && d.attempts === 0)).toBe(true);
  });

  it("inside a rolled-back transaction leaves nothing and sends nothing", async () => {
    const r = await receiver();
    await webhook(r);
    const w = worker();
    await expect(
      ctx.db.$transaction(async (tx) => {
        await notify(tx, ctx.tenant.id, event(1), ownerIds);
        throw new Error("the change request failed");
      }),
    ).rejects.toThrow("the change request failed");
    wakeDeliveryWorkers();
    expect(await w.drainOnce()).toBe(0);
    expect(await ctx.db.notification.count()).toBe(0);
    expect(await ctx.db.delivery.count()).toBe(0);
    // A later event does arrive: the worker is alive, there was just nothing to send before.
    await post([event(2)]);
    await r.waitFor((reqs) => reqs.length === 1, "the later event");
    expect(JSON.parse(r.requests[0]!.body).id).toBe("cr2:change_request.opened");
  });

  it("queues nothing for a disabled webhook and cancels what it had pending", async () => {
    const r = await receiver();
    const hook = await webhook(r);
    await post([event(1)]);
    await disableWebhook(ctx, hook.id);
    await post([event(2)]);
    const deliveries = await ctx.db.delivery.findMany();
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]).toMatchObject({ status: "FAILED", lastError: "webhook disabled before delivery" });
    const w = worker();
    expect(await w.drainOnce()).toBe(0);
    expect(r.requests).toHaveLength(0);
  });
});

describe("delivery", () => {
  it("POSTs a signed JSON envelope the receiver can verify", async () => {
    const r = await receiver();
    const hook = await webhook(r);
    worker();
    await post([event(1)]);
    await r.waitFor((reqs) => reqs.length === 1, "one delivery");
    const [request] = r.requests;
    expect(request!.signatureValid).toBe(true);
    const delivery = await ctx.db.delivery.findFirstOrThrow();
    expect(request!.headers).toMatchObject({
      "content-type": "application/json; charset=utf-8",
      "x-tributary-event": "change_request.opened",
      "x-tributary-delivery": delivery.id,
      "idempotency-key": `cr1:change_request.opened:${hook.id}`,
      "x-tributary-attempt": "1",
    });
    expect(request!.headers["x-tributary-signature"]).toMatch(/^sha256=[0-9a-f]{64}$/);
    const body = JSON.parse(request!.body);
    expect(Object.keys(body)).toEqual(["id", "type", "createdAt", "tenant", "data"]);
    expect(body).toMatchObject({
      id: "cr1:change_request.opened",
      type: "change_request.opened",
      tenant: { id: ctx.tenant.id, slug: ctx.tenant.slug, name: ctx.tenant.slug },
      data: { changeRequestId: "cr1", title: "jaffle_shop: branch-1", project: "jaffle_shop", branch: "branch-1", status: "OPEN" },
    });
    await expect.poll(async () => (await ctx.db.delivery.findFirstOrThrow()).status).toBe("DELIVERED");
    expect(await ctx.db.delivery.findFirstOrThrow()).toMatchObject({ attempts: 1, lastStatusCode: 200, lastError: null, leaseToken: null });
  });

  it("POSTs a Slack message to a SLACK webhook", async () => {
    const r = await receiver();
    await webhook(r, ["change_request.opened"], "SLACK");
    worker();
    await post([event(1)]);
    await r.waitFor((reqs) => reqs.length === 1, "one delivery");
    expect(r.requests[0]!.signatureValid).toBe(true);
    const message = JSON.parse(r.requests[0]!.body);
    expect(message.text).toBe("Change request opened: jaffle_shop: branch-1 (https://tributary.example.com/cr/1)");
    expect(message.blocks[0]).toMatchObject({ type: "header" });
  });

  it("retries a failing receiver with backoff until it recovers: each idempotency key is accepted exactly once", async () => {
    const r = await receiver();
    await webhook(r);
    // Down (500, then a connection that hangs past the timeout, then 503) for three attempts per event.
    r.behave(({ attemptForKey }) => (attemptForKey === 1 ? 500 : attemptForKey === 2 ? "hang" : attemptForKey === 3 ? 503 : 200));
    const w = worker({ ...FAST, timeoutMs: 200 });
    const events = range(10).map((i) => event(i));
    await post(events);
    await r.waitFor(() => r.acceptedPerKey().size === 10, "every event accepted");

    const accepted = r.acceptedPerKey();
    expect([...accepted.values()].every((n) => n === 1)).toBe(true);
    expect(r.requests).toHaveLength(40);
    // Every attempt of one event carries the same key and the same body, freshly signed.
    for (const key of accepted.keys()) {
      const attempts = r.requests.filter((q) => q.headers["idempotency-key"] === key);
      expect(attempts.map((q) => q.headers["x-tributary-attempt"])).toEqual(["1", "2", "3", "4"]);
      expect(new Set(attempts.map((q) => q.body)).size).toBe(1);
      expect(attempts.every((q) => q.signatureValid)).toBe(true);
    }
    await expect.poll(() => ctx.db.delivery.count({ where: { status: "DELIVERED" } })).toBe(10);
    const rows = await ctx.db.delivery.findMany();
    expect(rows.every((d) => d.attempts === 4 && d.lastStatusCode === 200)).toBe(true);
    expect(w.stats).toMatchObject({ attempts: 40, delivered: 10, failedAttempts: 30, gaveUp: 0 });
  });

  it("sends a recovered receiver its backlog at once, without waiting out each row's backoff", async () => {
    const r = await receiver();
    await webhook(r);
    let up = false;
    r.behave(() => (up ? 200 : 500));
    // A minute's backoff: the test would time out if the backlog waited for it.
    worker({ ...FAST, retry: { baseMs: 60_000, maxDelayMs: 60_000 } });
    await post([event(1), event(2)]);
    await r.waitFor((reqs) => reqs.length === 2, "both first attempts");
    await expect.poll(() => ctx.db.delivery.count({ where: { status: "PENDING", leaseToken: null, attempts: 1 } })).toBe(2);
    up = true;
    await post([event(3)]);
    await r.waitFor(() => r.acceptedPerKey().size === 3, "the new event and the backlog");
    expect(r.requests).toHaveLength(5);
  });

  it("marks a delivery FAILED with the last status and error when the attempts run out", async () => {
    const r = await receiver();
    await webhook(r);
    r.behave(() => 410);
    const w = worker({ ...FAST, retry: { ...FAST.retry, maxAttempts: 3 } });
    await post([event(1)]);
    await expect.poll(async () => (await ctx.db.delivery.findFirstOrThrow()).status).toBe("FAILED");
    const row = await ctx.db.delivery.findFirstOrThrow();
    expect(row).toMatchObject({ attempts: 3, lastStatusCode: 410 });
    expect(row.lastError).toBe("HTTP 410: receiver says no (gave up after 3 attempts)");
    expect(r.requests).toHaveLength(3);
    expect(w.stats.gaveUp).toBe(1);
  });

  it("refuses private addresses unless allowed, checked when connecting (host names too)", async () => {
    const r = await receiver();
    await webhook(r);
    const byName = await createWebhook(ctx, { url: r.url.replace("127.0.0.1", "localhost"), events: ["*"], format: "JSON" }, { allowPrivateNetworks: true });
    worker({ ...FAST, allowPrivateNetworks: false, retry: { ...FAST.retry, maxAttempts: 1 } });
    await post([event(1)]);
    await expect.poll(async () => (await ctx.db.delivery.findMany({ where: { status: "FAILED" } })).length).toBe(2);
    const byLiteral = await ctx.db.delivery.findFirstOrThrow({ where: { webhookId: { not: byName.webhook.id } } });
    expect(byLiteral.lastError).toBe(
      "webhook address 127.0.0.1 is not public: webhooks are delivered to public addresses only (TRIBUTARY_WEBHOOK_ALLOW_PRIVATE=1 allows private networks) (gave up after 1 attempts)",
    );
    // localhost resolves to a loopback address: refused by the lookup the connection makes.
    const resolved = await ctx.db.delivery.findFirstOrThrow({ where: { webhookId: byName.webhook.id } });
    expect(resolved.lastError).toMatch(/webhook address (127\.0\.0\.1|::1) is not public/);
    expect(r.requests).toHaveLength(0);
  });

  it("treats a redirect as a failure and does not follow it", async () => {
    const r = await receiver();
    await webhook(r);
    r.behave(({ attemptForKey }) => (attemptForKey === 1 ? 307 : 200));
    worker();
    await post([event(1)]);
    await r.waitFor((reqs) => reqs.length === 2, "the retry");
    await expect.poll(async () => (await ctx.db.delivery.findFirstOrThrow()).status).toBe("DELIVERED");
  });

  it("loses nothing while no worker runs: a restarted worker sends everything queued", async () => {
    const r = await receiver();
    await webhook(r);
    const first = startDeliveryWorker(database.db.prisma, FAST);
    await post([event(1)]);
    await r.waitFor((reqs) => reqs.length === 1, "the first event");
    // Stopping between the receiver's answer and the worker's bookkeeping would hand the row
    // back (at least once, by design): wait until the delivery is recorded.
    await expect.poll(() => ctx.db.delivery.count({ where: { status: "DELIVERED" } })).toBe(1);
    await first.stop();
    await post(range(5).map((i) => event(10 + i)));
    // Nothing runs, nothing is sent; the rows wait in the outbox.
    expect(await ctx.db.delivery.count({ where: { status: "PENDING" } })).toBe(5);
    expect(r.requests).toHaveLength(1);
    worker();
    await r.waitFor(() => r.acceptedPerKey().size === 6, "everything queued meanwhile");
    expect([...r.acceptedPerKey().values()].every((n) => n === 1)).toBe(true);
  });

  it("a worker stopped mid-attempt hands the row back, and the next worker delivers it", async () => {
    const r = await receiver();
    await webhook(r);
    r.behave(({ attemptForKey }) => (attemptForKey === 1 ? "hang" : 200));
    const first = startDeliveryWorker(database.db.prisma, { ...FAST, timeoutMs: 60_000 });
    await post([event(1)]);
    await r.waitFor((reqs) => reqs.length === 1, "the hanging attempt");
    await first.stop();
    const released = await ctx.db.delivery.findFirstOrThrow();
    expect(released).toMatchObject({ status: "PENDING", attempts: 0, leaseToken: null });
    worker();
    await r.waitFor(() => r.acceptedPerKey().size === 1, "the delivery after restart");
  });

  it("a crashed worker's claim is claimable again once its lease ends", async () => {
    const r = await receiver();
    await webhook(r);
    await post([event(1), event(2)]);
    // A worker claims both rows and dies before sending (its process is gone: no release).
    const crashed = await claimDueDeliveries(database.db.prisma, { limit: 10, leaseMs: 300, maxAttempts: 20, now: new Date() });
    expect(crashed).toHaveLength(2);
    const w = worker();
    // Within the lease the rows belong to the dead worker.
    expect(await w.drainOnce()).toBe(0);
    await r.waitFor(() => r.acceptedPerKey().size === 2, "both deliveries after the lease");
    await expect.poll(() => ctx.db.delivery.count({ where: { status: "DELIVERED" } })).toBe(2);
    const rows = await ctx.db.delivery.findMany();
    expect(rows.every((d) => d.status === "DELIVERED" && d.attempts === 2)).toBe(true);
  });

  it("two workers (two connections) share the outbox and never send one row twice", async () => {
    const r = await receiver();
    await webhook(r);
    // Slow answers keep claims overlapping between the workers.
    r.behave(() => 200);
    const second = database.url ? await openDatabase({ kind: "postgres", url: database.url }) : database.db;
    if (database.url) cleanups.push(() => second.close());
    await post(range(60).map((i) => event(i)));
    const a = worker({ ...FAST, batchSize: 3 });
    const b = worker({ ...FAST, batchSize: 3 }, second);
    await r.waitFor(() => r.acceptedPerKey().size === 60, "all 60 deliveries");
    expect(r.requests).toHaveLength(60);
    expect(new Set(r.requests.map((q) => q.headers["x-tributary-delivery"])).size).toBe(60);
    await expect.poll(() => ctx.db.delivery.count({ where: { status: "DELIVERED" } })).toBe(60);
    expect(a.stats.delivered + b.stats.delivered).toBe(60);
  });

  if (onPostgres()) {
    it("skips rows another worker has locked instead of waiting for them (PostgreSQL)", async () => {
      const r = await receiver();
      await webhook(r);
      await post(range(6).map((i) => event(i)));
      const other = new pg.Client({ connectionString: database.url! });
      await other.connect();
      cleanups.push(() => other.end());
      await other.query("BEGIN");
      const locked = await other.query<{ id: string }>(`SELECT "id" FROM "Delivery" ORDER BY "id" LIMIT 4 FOR UPDATE`);
      const claims = await claimDueDeliveries(database.db.prisma, { limit: 10, leaseMs: 60_000, maxAttempts: 20, now: new Date() });
      const lockedIds = new Set(locked.rows.map((row) => row.id));
      expect(claims).toHaveLength(2);
      expect(claims.some((c) => lockedIds.has(c.id))).toBe(false);
      await other.query("COMMIT");
      // Once released, the rest is claimable; what was claimed is not claimed again.
      const rest = await claimDueDeliveries(database.db.prisma, { limit: 10, leaseMs: 60_000, maxAttempts: 20, now: new Date() });
      expect(rest.map((c) => c.id).sort()).toEqual([...lockedIds].sort());
    });
  }
});
