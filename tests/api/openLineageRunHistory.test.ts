/**
 * OpenLineage runs in the run history, freshness and health, over HTTP with a clock the test
 * moves and a real webhook receiver: a late dbt mart becomes fresh when a job's COMPLETE writes
 * its relation (breach → recovery through the outbox), a FAIL is a failed run with its message,
 * and the history is the same whatever the order of events and however often they are sent.
 */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startReceiver, type Receiver } from "../integration/notify-receiver.js";
import { openLineageFixture } from "../support/openLineage.js";
import { startTestServer, type TestServer } from "../support/server.js";

const jaffle = { project: "jaffle_shop", mode: "apply", manifest: JSON.parse(readFileSync(new URL("../../examples/jaffle_shop/manifest.json", import.meta.url), "utf8")) };
const ORDERS = "model.jaffle_shop.orders";
const ORDERS_DATASET = "dataset:duckdb://jaffle_shop:jaffle_shop.prod.orders";
const JOB = "job:airflow-prod:shop_daily.refresh_orders";
const T0 = new Date("2026-11-02T12:00:00Z");
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000).toISOString();

/** An Airflow task that rebuilds the jaffle_shop mart `orders` (the duckdb relation jaffle_shop.prod.orders). */
function refreshEvent(eventType: "START" | "COMPLETE" | "FAIL", eventTime: string, runId: string, runFacets: Record<string, unknown> = {}) {
  return {
    eventType,
    eventTime,
    producer: "https://github.com/apache/airflow/tree/providers-openlineage/2.1.0",
    schemaURL: "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent",
    run: { runId, facets: runFacets },
    job: { namespace: "airflow-prod", name: "shop_daily.refresh_orders" },
    inputs: [],
    outputs: [
      {
        namespace: "duckdb://jaffle_shop",
        name: "jaffle_shop.prod.orders",
        ...(eventType === "COMPLETE"
          ? { outputFacets: { outputStatistics: { _producer: "https://example.com/p", _schemaURL: "https://openlineage.io/spec/facets/1-0-2/OutputStatisticsOutputDatasetFacet.json#/$defs/OutputStatisticsOutputDatasetFacet", rowCount: 99 } } }
          : {}),
      },
    ],
  };
}

const RUNS = `query($u: String!) { asset(uniqueId: $u) {
  freshness { state since lastLoadedAt }
  runs(first: 10) { nodes { source status startedAt completedAt durationMs rowsAffected message } }
} }`;

interface AssetRuns {
  freshness: { state: string; since: string | null; lastLoadedAt: string | null };
  runs: { nodes: Record<string, unknown>[] };
}

describe("OpenLineage runs in the run history", () => {
  let clock = T0;
  let server: TestServer;
  let receiver: Receiver;

  beforeAll(async () => {
    server = await startTestServer({}, { now: () => clock, deliveryWorker: { pollIntervalMs: 20, timeoutMs: 2_000 } });
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await server.stop();
    await receiver.close();
  });

  const post = async (token: string, path: "lineage" | "lineage/batch", body: unknown) => {
    const response = await fetch(`${server.url}/api/v1/${path}`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const read = async (token: string, uniqueId: string) => {
    const answer = await server.graphql<{ asset: AssetRuns }>(token, RUNS, { u: uniqueId });
    expect(answer.body.errors).toBeUndefined();
    return answer.body.data!.asset;
  };
  const eventsOf = (type: string) => receiver.requests.filter((r) => r.body.includes(`"type":"${type}"`)).map((r) => JSON.parse(r.body) as { data: Record<string, any> }); // eslint-disable-line @typescript-eslint/no-explicit-any

  it("makes a late dbt mart fresh when a job's COMPLETE writes its relation: breach, then recovery, through the outbox", async () => {
    clock = T0;
    const { id, token } = await server.tenant("late-mart");
    expect((await server.postManifest(token, jaffle)).status).toBe(200);
    const webhook = await server.graphql(token, `mutation($input: CreateWebhookInput!) { createWebhook(input: $input) { webhook { id } } }`, {
      input: { url: receiver.url, events: ["asset.freshness_breached", "asset.freshness_recovered"], format: "JSON" },
    });
    expect(webhook.body.errors).toBeUndefined();

    // dbt built the mart 7 hours ago: past the mart's 6-hour SLA.
    const dbtRun = await server.postRuns(token, { project: "jaffle_shop", runs: [{ asset: ORDERS, source: "DBT", status: "SUCCESS", completedAt: at(-420) }] });
    expect(dbtRun.status).toBe(200);
    expect((await read(token, ORDERS)).freshness).toMatchObject({ state: "LATE", since: at(-60) });
    await receiver.waitFor(() => eventsOf("asset.freshness_breached").some((e) => e.data.asset.uniqueId === ORDERS), "the mart's breach");

    // The Airflow task rebuilds the table; its COMPLETE arrives before its START.
    clock = new Date(T0.getTime() + 10 * 60_000);
    const runId = "01931f6a-0000-7000-8000-0000000a0001";
    expect((await post(token, "lineage", refreshEvent("COMPLETE", at(8), runId))).status).toBe(201);
    expect((await post(token, "lineage", refreshEvent("START", at(5), runId))).status).toBe(201);

    const orders = await read(token, ORDERS);
    expect(orders.freshness).toEqual({ state: "FRESH", since: at(8), lastLoadedAt: at(8) });
    expect(orders.runs.nodes[0]).toEqual({ source: "OPENLINEAGE", status: "SUCCESS", startedAt: at(5), completedAt: at(8), durationMs: 180_000, rowsAffected: 99, message: null });
    expect(orders.runs.nodes).toHaveLength(2);
    await receiver.waitFor(() => eventsOf("asset.freshness_recovered").some((e) => e.data.asset.uniqueId === ORDERS), "the mart's recovery");
    expect(eventsOf("asset.freshness_breached").filter((e) => e.data.asset.uniqueId === ORDERS)).toHaveLength(1);

    // The job and the dataset it wrote have the run too.
    expect((await read(token, JOB)).runs.nodes).toEqual([expect.objectContaining({ source: "OPENLINEAGE", status: "SUCCESS", durationMs: 180_000, rowsAffected: null })]);
    expect((await read(token, ORDERS_DATASET)).runs.nodes).toEqual([expect.objectContaining({ status: "SUCCESS", rowsAffected: 99 })]);

    // The same events again change nothing.
    const before = await server.database.db.prisma.assetRun.findMany({ where: { tenantId: id }, orderBy: [{ assetId: "asc" }, { completedAt: "asc" }] });
    const again = await post(token, "lineage/batch", [refreshEvent("START", at(5), runId), refreshEvent("COMPLETE", at(8), runId)]);
    expect(again.body).toMatchObject({ summary: { duplicates: 2 } });
    expect(await server.database.db.prisma.assetRun.findMany({ where: { tenantId: id }, orderBy: [{ assetId: "asc" }, { completedAt: "asc" }] })).toEqual(before);
  });

  it("ends with the same history whatever the order of a run's events", async () => {
    clock = T0;
    const runId = "01931f6a-0000-7000-8000-0000000a0002";
    const events = [refreshEvent("START", at(1), runId), refreshEvent("COMPLETE", at(4), runId)];
    const histories = [];
    for (const [slug, order] of [["in-order", events], ["reversed", [...events].reverse()]] as const) {
      const { token } = await server.tenant(slug);
      expect((await server.postManifest(token, jaffle)).status).toBe(200);
      for (const event of order) expect((await post(token, "lineage", event)).status).toBe(201);
      histories.push(await Promise.all([ORDERS, ORDERS_DATASET, JOB].map((u) => read(token, u))));
    }
    expect(histories[1]).toEqual(histories[0]);
    expect(histories[0]![0]!.runs.nodes).toEqual([{ source: "OPENLINEAGE", status: "SUCCESS", startedAt: at(1), completedAt: at(4), durationMs: 180_000, rowsAffected: 99, message: null }]);
  });

  it("evaluates at once a job's dataset that was given an SLA", async () => {
    clock = new Date(T0.getTime() + 10 * 60_000);
    const { token } = await server.tenant("dataset-sla");
    const runId = "01931f6a-0000-7000-8000-0000000a0004";
    expect((await post(token, "lineage", refreshEvent("START", at(1), runId))).status).toBe(201);
    const dataset = await server.graphql<{ asset: { id: string } }>(token, `query($u: String!) { asset(uniqueId: $u) { id } }`, { u: ORDERS_DATASET });
    const sla = await server.graphql(token, `mutation($id: ID!) { setAssetFreshnessSla(input: { assetId: $id, minutes: 60 }) { asset { id } } }`, { id: dataset.body.data!.asset.id });
    expect(sla.body.errors).toBeUndefined();
    expect((await read(token, ORDERS_DATASET)).freshness.state).toBe("UNKNOWN");
    expect((await post(token, "lineage", refreshEvent("COMPLETE", at(4), runId))).status).toBe(201);
    expect((await read(token, ORDERS_DATASET)).freshness).toEqual({ state: "FRESH", since: at(4), lastLoadedAt: at(4) });
  });

  it("records a FAIL as a failed run with its errorMessage, which does not refresh the data", async () => {
    clock = T0;
    const { token } = await server.tenant("failing");
    expect((await server.postManifest(token, jaffle)).status).toBe(200);
    await server.postRuns(token, { project: "jaffle_shop", runs: [{ asset: ORDERS, source: "DBT", status: "SUCCESS", completedAt: at(-30) }] });
    const runId = "01931f6a-0000-7000-8000-0000000a0003";
    const errorMessage = { _producer: "https://example.com/p", _schemaURL: "https://openlineage.io/spec/facets/1-0-1/ErrorMessageRunFacet.json#/$defs/ErrorMessageRunFacet", message: "relation jaffle_shop.prod.stg_orders is locked", programmingLanguage: "python" };
    expect((await post(token, "lineage/batch", [refreshEvent("START", at(1), runId), refreshEvent("FAIL", at(2), runId, { errorMessage })])).status).toBe(200);
    const orders = await read(token, ORDERS);
    expect(orders.freshness).toMatchObject({ state: "FRESH", lastLoadedAt: at(-30) });
    expect(orders.runs.nodes[0]).toMatchObject({ source: "OPENLINEAGE", status: "ERROR", completedAt: at(2), durationMs: 60_000, message: "relation jaffle_shop.prod.stg_orders is locked" });

    // A task of the fixture DAG that writes nothing: its own history has the failure.
    await post(token, "lineage/batch", openLineageFixture("airflow_dag"));
    expect((await read(token, "job:airflow-prod:shop_daily.notify")).runs.nodes).toEqual([expect.objectContaining({ status: "ERROR", message: "SMTP connection refused", completedAt: "2026-11-02T03:08:00.000Z" })]);

    clock = new Date(T0.getTime() + 10 * 60_000);
    const health = await server.graphql<{ asset: { health: { runs: number; failedRuns: number; successRate: number } } }>(token, `query($u: String!) { asset(uniqueId: $u) { health(window: DAY) { runs failedRuns successRate } } }`, { u: ORDERS });
    expect(health.body.data!.asset.health).toMatchObject({ runs: 2, failedRuns: 1, successRate: 0.5 });
  });
});
