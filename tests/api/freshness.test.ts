/**
 * Production runs and freshness over REST and GraphQL, with the evaluator driven by a clock the
 * test moves (no sleeps) and a real webhook receiver on 127.0.0.1: the breach → reminder →
 * recovery journey, dbt's sources.json of every schema version, and several evaluators at once.
 */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFreshnessWorker, type FreshnessWorker } from "../../src/notify/freshnessWorker.js";
import { startReceiver, type Receiver } from "../integration/notify-receiver.js";
import { startTestServer, type TestServer } from "../support/server.js";

const read = (path: string) => JSON.parse(readFileSync(new URL(path, import.meta.url), "utf8")) as Record<string, unknown>;
const jaffle = { project: "jaffle_shop", mode: "apply", manifest: read("../../examples/jaffle_shop/manifest.json") };
const fixture = (name: string) => read(`../fixtures/runs/${name}`);

const T0 = new Date("2026-03-02T10:00:00Z");
const minutes = (n: number) => new Date(T0.getTime() + n * 60_000);
const STG_ORDERS = "model.jaffle_shop.stg_orders";

const ASSET = `query($uniqueId: String!) { asset(uniqueId: $uniqueId) {
  id freshness { state since lastLoadedAt sla { lateAfterMinutes staleAfterMinutes origin } }
  runs(first: 10) { totalCount nodes { source status startedAt completedAt durationMs rowsAffected maxLoadedAt snapshottedAt message } }
} }`;

interface AssetAnswer {
  asset: {
    id: string;
    freshness: { state: string; since: string | null; lastLoadedAt: string | null; sla: { lateAfterMinutes: number; staleAfterMinutes: number; origin: string } | null };
    runs: { totalCount: number; nodes: Record<string, unknown>[] };
  };
}

describe("production runs and freshness", () => {
  let clock = T0;
  let server: TestServer;
  let receiver: Receiver;
  let evaluator: FreshnessWorker;
  let acme: { id: string; token: string };

  const asset = async (uniqueId: string) => {
    const answer = await server.graphql<AssetAnswer>(acme.token, ASSET, { uniqueId });
    expect(answer.body.errors).toBeUndefined();
    return answer.body.data!.asset;
  };
  const eventsOf = (type: string) =>
    receiver.requests.filter((r) => r.headers["content-type"]?.includes("json") && r.body.includes(`"type":"${type}"`)).map((r) => JSON.parse(r.body) as { id: string; type: string; data: Record<string, any> }); // eslint-disable-line @typescript-eslint/no-explicit-any

  beforeAll(async () => {
    server = await startTestServer({}, { now: () => clock, deliveryWorker: { pollIntervalMs: 20, timeoutMs: 2_000 } });
    receiver = await startReceiver();
    evaluator = startFreshnessWorker(server.database.db.prisma, { now: () => clock, autoStart: false });
    acme = await server.tenant("acme");
    expect((await server.postManifest(acme.token, jaffle)).status).toBe(200);
    for (const format of ["JSON", "SLACK"]) {
      const created = await server.graphql(acme.token, `mutation($input: CreateWebhookInput!) { createWebhook(input: $input) { webhook { id } } }`, {
        input: { url: receiver.url, events: ["asset.freshness_breached", "asset.freshness_reminder", "asset.freshness_recovered"], format },
      });
      expect(created.body.errors).toBeUndefined();
    }
  });
  afterAll(async () => {
    await evaluator.stop();
    await server.stop();
    await receiver.close();
  });

  it("goes late, reminds once per interval, and recovers: one alert per breach, to owners and downstream owners", async () => {
    const defaults = await server.graphql<{ setFreshnessDefaults: { defaults: Record<string, unknown> } }>(
      acme.token,
      `mutation { setFreshnessDefaults(input: { reminderMinutes: 60 }) { defaults { source staging intermediate mart reminderMinutes staleAfterFactor } } }`,
    );
    expect(defaults.body.data!.setFreshnessDefaults.defaults).toEqual({ source: 15, staging: 60, intermediate: 240, mart: 360, reminderMinutes: 60, staleAfterFactor: 2 });

    const posted = await server.postRuns(acme.token, { project: "jaffle_shop", runs: [{ asset: STG_ORDERS, source: "DBT", status: "SUCCESS", startedAt: minutes(-11).toISOString(), completedAt: minutes(-10).toISOString(), rowsAffected: 42 }] });
    expect(posted.status).toBe(200);
    expect(posted.body.runs).toEqual({ received: 1, recorded: 1, duplicates: 0 });
    let seen = await asset(STG_ORDERS);
    expect(seen.freshness).toEqual({ state: "FRESH", since: minutes(-10).toISOString(), lastLoadedAt: minutes(-10).toISOString(), sla: { lateAfterMinutes: 60, staleAfterMinutes: 120, origin: "DEFAULT" } });
    expect(seen.runs.nodes[0]).toMatchObject({ source: "DBT", status: "SUCCESS", durationMs: 60_000, rowsAffected: 42 });

    clock = minutes(49);
    expect((await evaluator.evaluateOnce()).changed).toBe(0);

    clock = minutes(51);
    expect(await evaluator.evaluateOnce()).toMatchObject({ changed: 1, events: 1 });
    expect(await evaluator.evaluateOnce()).toMatchObject({ changed: 0, events: 0 });
    seen = await asset(STG_ORDERS);
    expect(seen.freshness).toMatchObject({ state: "LATE", since: minutes(50).toISOString() });
    await receiver.waitFor(() => eventsOf("asset.freshness_breached").length === 1 && receiver.requests.some((r) => r.body.includes("Data is late")), "the breach alert in both formats");
    const [breach] = eventsOf("asset.freshness_breached");
    expect(breach!.data).toMatchObject({ state: "LATE", project: "jaffle_shop", asset: { uniqueId: STG_ORDERS, layer: "STAGING" }, sla: { lateAfterMinutes: 60, origin: "DEFAULT" }, reminder: 0 });
    expect(breach!.data.title).toBe("stg_orders is late: no new data for 1 h 1 min, its SLA is 1h");
    const slack = JSON.parse(receiver.requests.find((r) => r.body.includes("Data is late"))!.body) as { text: string };
    expect(slack.text).toBe("Data is late: stg_orders is late: no new data for 1 h 1 min, its SLA is 1h");

    // The owner of stg_orders and the owners of what is downstream (orders, customers, the dashboards) hear of it.
    const notified = await server.database.db.prisma.notification.findMany({ where: { tenantId: acme.id, event: "asset.freshness_breached" }, include: { owner: true } });
    expect(notified.map((n) => n.owner.email).sort()).toEqual(["maya.chen@jaffle.example", "omar.haddad@jaffle.example", "priya.natarajan@jaffle.example", "sam.rivera@jaffle.example"]);

    clock = minutes(115); // stale (2 × SLA) at 110: the same breach, no new alert; one reminder (60 min after 50)
    expect(await evaluator.evaluateOnce()).toMatchObject({ changed: 1, events: 1 });
    clock = minutes(160); // nothing new: the second reminder is due at 170
    expect(await evaluator.evaluateOnce()).toMatchObject({ changed: 0, events: 0 });
    expect((await asset(STG_ORDERS)).freshness.state).toBe("STALE");

    clock = minutes(165);
    await server.postRuns(acme.token, { project: "jaffle_shop", runs: [{ asset: STG_ORDERS, source: "DBT", status: "SUCCESS", completedAt: minutes(164).toISOString() }] });
    expect((await asset(STG_ORDERS)).freshness).toMatchObject({ state: "FRESH", since: minutes(164).toISOString() });
    await receiver.waitFor(() => eventsOf("asset.freshness_recovered").length === 1 && eventsOf("asset.freshness_reminder").length === 1, "the reminder and the recovery");
    expect(eventsOf("asset.freshness_recovered")[0]!.data.title).toBe("stg_orders is fresh again after 1 h 55 min late");
    expect(eventsOf("asset.freshness_breached")).toHaveLength(1);
    expect(await evaluator.evaluateOnce()).toMatchObject({ changed: 0, events: 0 });
    expect(receiver.requests.every((r) => r.status === 200)).toBe(true);

    const health = await server.graphql<{ asset: { health: Record<string, unknown> & { trend: unknown[] } } }>(
      acme.token,
      `query($u: String!) { asset(uniqueId: $u) { health(window: DAY) { runs failedRuns successRate slaCompliance qualityScore trend { from successRate } } } }`,
      { u: STG_ORDERS },
    );
    const h = health.body.data!.asset.health;
    expect(h).toMatchObject({ runs: 2, failedRuns: 0, successRate: 1 });
    // Fresh from -10 to 50 and from 164 to 165; late or stale from 50 to 164.
    expect(h.slaCompliance).toBeCloseTo(61 / 175, 5);
    expect(h.trend).toHaveLength(24);
  });

  it("alerts once when several evaluators see the same breach at once", async () => {
    const other = startFreshnessWorker(server.database.db.prisma, { now: () => clock, autoStart: false });
    clock = minutes(230); // 66 min after the load at 164
    const passes = await Promise.all([evaluator.evaluateOnce(), other.evaluateOnce(), evaluator.evaluateOnce()]);
    await other.stop();
    expect(passes.reduce((sum, p) => sum + p.events, 0)).toBe(1);
    const rows = await server.database.db.prisma.notification.count({ where: { tenantId: acme.id, event: "asset.freshness_breached", owner: { email: "priya.natarajan@jaffle.example" } } });
    expect(rows).toBe(2);
  });

  it.each(["sources_v1.json", "sources_v2.json", "sources_v3.json"])("reads dbt source freshness from %s, honouring its warn_after and error_after", async (name) => {
    const tenant = await server.tenant(`src-${name.slice(8, 10)}`);
    await server.postManifest(tenant.token, jaffle);
    clock = new Date("2024-11-05T07:55:00Z");
    const posted = await server.postRuns(tenant.token, fixture(name), "?project=jaffle_shop");
    expect(posted.status).toBe(200);
    expect(posted.body.runs).toEqual({ received: 3, recorded: 3, duplicates: 0 });
    const again = await server.postRuns(tenant.token, fixture(name), "?project=jaffle_shop");
    expect(again.body.runs).toEqual({ received: 3, recorded: 0, duplicates: 3 });

    const read = async (uniqueId: string) => (await server.graphql<AssetAnswer>(tenant.token, ASSET, { uniqueId })).body.data!.asset;
    const orders = await read("source.jaffle_shop.jaffle-shop-data.raw_orders");
    expect(orders.freshness).toEqual({
      state: "FRESH",
      since: "2024-11-05T07:40:00.000Z",
      lastLoadedAt: "2024-11-05T07:40:00.000Z",
      sla: { lateAfterMinutes: 30, staleAfterMinutes: 120, origin: "DBT" },
    });
    expect(orders.runs.nodes[0]).toMatchObject({ status: "PASS", maxLoadedAt: "2024-11-05T07:40:00.000Z", snapshottedAt: "2024-11-05T07:50:00.000Z", rowsAffected: 1, durationMs: 360 });
    const customers = await read("source.jaffle_shop.jaffle-shop-data.raw_customers");
    expect(customers.freshness).toMatchObject({ state: "STALE", since: "2024-11-05T07:00:00.000Z", sla: { lateAfterMinutes: 60, staleAfterMinutes: 120 } });
    const payments = await read("source.jaffle_shop.jaffle-shop-data.raw_payments");
    expect(payments.freshness.state).toBe("UNKNOWN");
    expect(payments.runs.nodes[0]).toMatchObject({ status: "ERROR", message: 'Database Error: relation "raw_payments" does not exist' });
  });

  it("records a production run_results.json without a manifest: runs, rows, test results, and project health", async () => {
    const tenant = await server.tenant("prod");
    await server.postManifest(tenant.token, jaffle);
    clock = new Date("2024-11-05T09:00:00Z");
    const posted = await server.postRuns(tenant.token, { project: "jaffle_shop", runResults: fixture("run_results_production.json") });
    expect(posted.status).toBe(200);
    expect(posted.body.runs.recorded).toBe(7);
    expect(posted.body.tests.recorded).toBeGreaterThan(10);
    const orders = (await server.graphql<AssetAnswer>(tenant.token, ASSET, { uniqueId: "model.jaffle_shop.orders" })).body.data!.asset;
    expect(orders.runs.nodes[0]).toMatchObject({ status: "ERROR", message: "Runtime Error: division by zero", rowsAffected: null });
    expect(orders.freshness.state).toBe("UNKNOWN");
    const customers = (await server.graphql<AssetAnswer>(tenant.token, ASSET, { uniqueId: "model.jaffle_shop.customers" })).body.data!.asset;
    expect(customers.freshness).toMatchObject({ state: "FRESH", sla: { lateAfterMinutes: 360, origin: "DEFAULT" } });

    const project = await server.graphql<{ project: { health: Record<string, number | null> } }>(
      tenant.token,
      `{ project(name: "jaffle_shop") { health(window: WEEK) { runs failedRuns successRate testResults testPassRate documentationCoverage qualityScore } } }`,
    );
    expect(project.body.errors).toBeUndefined();
    const health = project.body.data!.project.health;
    expect(health).toMatchObject({ runs: 7, failedRuns: 1 });
    expect(health.successRate).toBeCloseTo(6 / 7, 5);
    expect(health.testPassRate).toBeGreaterThan(0);
    expect(health.qualityScore).toBeGreaterThan(0);
  });

  it("refuses a bad artifact with one clear error and records nothing", async () => {
    const tenant = await server.tenant("bad");
    await server.postManifest(tenant.token, jaffle);
    const wrong = await server.postRuns(tenant.token, { project: "jaffle_shop", sources: { metadata: { dbt_schema_version: "https://schemas.getdbt.com/dbt/sources/v3.json" }, results: [{ unique_id: 5 }] } });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error).toMatchObject({ code: "BAD_USER_INPUT", reason: "INVALID_SOURCES" });
    const version = await server.postRuns(tenant.token, { ...fixture("sources_v3.json"), metadata: { dbt_schema_version: "https://schemas.getdbt.com/dbt/sources/v9.json" } }, "?project=jaffle_shop");
    expect(version.body.error).toMatchObject({ reason: "UNSUPPORTED_SCHEMA_VERSION", path: "$.metadata.dbt_schema_version" });
    const fact = await server.postRuns(tenant.token, { runs: [{ asset: STG_ORDERS, source: "DBT", status: "DONE", completedAt: "x" }] });
    expect(fact.body.error).toMatchObject({ code: "BAD_USER_INPUT", reason: "INVALID_RUN", path: "$.runs[0].status" });
    expect(await server.database.db.prisma.assetRun.count({ where: { tenantId: tenant.id } })).toBe(0);
  });

  it("lets an owner set an asset's SLA through GraphQL, and reads meta.freshness_sla", async () => {
    const id = (await asset(STG_ORDERS)).id;
    const set = await server.graphql<{ setAssetFreshnessSla: { asset: { freshness: { sla: { lateAfterMinutes: number; origin: string } } } } }>(
      acme.token,
      `mutation($id: ID!) { setAssetFreshnessSla(input: { assetId: $id, minutes: 600 }) { asset { freshness { state sla { lateAfterMinutes origin } } } } }`,
      { id },
    );
    expect(set.body.data!.setAssetFreshnessSla.asset.freshness).toEqual({ state: "FRESH", sla: { lateAfterMinutes: 600, origin: "ASSET" } });
    await server.graphql(acme.token, `mutation($id: ID!) { setAssetFreshnessSla(input: { assetId: $id, minutes: null }) { asset { id } } }`, { id });
    expect((await asset(STG_ORDERS)).freshness.sla).toMatchObject({ lateAfterMinutes: 60, origin: "DEFAULT" });
  });
});
