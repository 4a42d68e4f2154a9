import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allValidEvents, invalidFixtures, openLineageFixture, openLineageState, shuffled } from "../support/openLineage.js";
import { openLineageRuns } from "../../src/services/openlineage/runs.js";
import { operatorContext } from "../../src/services/tenants.js";
import { startTestServer, type TestServer } from "../support/server.js";

describe("OpenLineage intake over HTTP", () => {
  let server: TestServer;
  const clock = { now: new Date("2026-11-04T00:00:00Z") };

  const post = (path: string, token: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${server.url}/api/v1/${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}`, ...headers },
      body: Buffer.isBuffer(body) ? new Uint8Array(body) : typeof body === "string" ? body : JSON.stringify(body),
    });
  const tenant = async (slug: string) => server.tenant(slug);
  const state = (tenantId: string) => openLineageState(server.database.db.prisma, tenantId);

  beforeAll(async () => {
    server = await startTestServer({ TRIBUTARY_OPENLINEAGE_MAX_BODY: "1mb", TRIBUTARY_OPENLINEAGE_RETENTION_DAYS: "30" }, { now: () => clock.now });
  });
  afterAll(() => server.stop());

  it("takes one event with 201, and the same event again changes nothing", async () => {
    const { id, token } = await tenant("single");
    const [start] = openLineageFixture("dbt_ol_run");
    const first = await post("lineage", token, start);
    expect(first.status).toBe(201);
    expect(await first.json()).toMatchObject({ status: "CREATED" });
    const before = await state(id);

    const again = await post("lineage", token, gzipSync(JSON.stringify(start)), { "content-encoding": "gzip" });
    expect(again.status).toBe(201);
    expect(await again.json()).toMatchObject({ status: "DUPLICATE" });
    expect(await state(id)).toEqual(before);
    expect(before.runs).toHaveLength(1);
  });

  it("needs a token with the CI role or above", async () => {
    const { token } = await tenant("roles");
    const created = await server.graphql<{ createApiToken: { secret: string } }>(token, `mutation { createApiToken(input: { name: "viewer", role: READER }) { secret } }`);
    const reader = created.body.data!.createApiToken.secret;
    const [event] = openLineageFixture("dbt_ol_run");
    expect((await post("lineage", reader, event)).status).toBe(403);
    const anonymous = await fetch(`${server.url}/api/v1/lineage`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(event) });
    expect(anonymous.status).toBe(401);
  });

  it("refuses each kind of invalid event with its status and JSON pointer, and stores nothing", async () => {
    const { id, token } = await tenant("invalid");
    const empty = await state(id);
    for (const { name, expect: wanted, event } of invalidFixtures()) {
      const response = await post("lineage", token, event);
      expect(response.status, name).toBe(wanted.status);
      const body = (await response.json()) as { error: { code: string; pointer: string; message: string } };
      expect(body.error.pointer, name).toBe(wanted.pointer);
      expect(body.error.message, name).not.toMatch(/at .*\.ts:\d+/);
    }
    expect(await state(id)).toEqual(empty);
  });

  it("answers malformed JSON with 400 and a body over the limit with 413, never 5xx", async () => {
    const { token } = await tenant("malformed");
    const broken = await post("lineage", token, '{"eventType": "START", ');
    expect(broken.status).toBe(400);
    const duplicateKey = await post("lineage", token, '{"eventTime": "2026-11-01T00:00:00Z", "eventTime": "2026-11-02T00:00:00Z"}');
    expect(duplicateKey.status).toBe(400);
    const huge = JSON.stringify({ ...openLineageFixture("dbt_ol_run")[0], padding: "x".repeat(1_200_000) });
    expect((await post("lineage", token, huge)).status).toBe(413);
    expect((await post("lineage", token, gzipSync(huge), { "content-encoding": "gzip" })).status).toBe(413);
    expect((await post("lineage", token, "[1]", { "content-type": "text/plain" })).status).toBe(415);
  });

  it("answers a batch per event: taken ones are stored, refused ones are named by index and pointer", async () => {
    const { id, token } = await tenant("batch");
    const events = openLineageFixture("airflow_dag");
    const invalid = invalidFixtures().find((f) => f.name === "bad_event_type")!.event;
    const response = await post("lineage/batch", token, [events[0], invalid, events[1], events[0]]);
    expect(response.status).toBe(207);
    const body = (await response.json()) as { status: string; summary: Record<string, number>; results: { status: string }[]; failedEvents: { index: number; pointer: string }[] };
    expect(body.status).toBe("PARTIAL");
    expect(body.summary).toEqual({ received: 4, successful: 3, failed: 1, duplicates: 1 });
    expect(body.results.map((r) => r.status)).toEqual(["CREATED", "REFUSED", "CREATED", "DUPLICATE"]);
    expect(body.failedEvents).toEqual([expect.objectContaining({ index: 1, pointer: "/eventType" })]);
    expect((await state(id)).events).toHaveLength(2);

    const all = await post("lineage/batch", token, events);
    expect(all.status).toBe(200);
    expect(((await all.json()) as { status: string }).status).toBe("SUCCESS");
    const none = await post("lineage/batch", token, [invalid]);
    expect(none.status).toBe(422);
    expect((await post("lineage/batch", token, { not: "an array" })).status).toBe(400);
  });

  it("answers the batch endpoint's edges as the spec's postEventBatch reads: an array, required, 200 when all is taken", async () => {
    const { id, token } = await tenant("batch-edges");
    const empty = await post("lineage/batch", token, []);
    expect(empty.status).toBe(200);
    expect(await empty.json()).toEqual({ status: "SUCCESS", summary: { received: 0, successful: 0, failed: 0, duplicates: 0 }, results: [], failedEvents: [] });
    expect((await post("lineage/batch", token, "")).status).toBe(400);

    const notEvents = await post("lineage/batch", token, [1, "x"]);
    expect(notEvents.status).toBe(422);
    const body = (await notEvents.json()) as { status: string; failedEvents: { index: number; code: string; pointer: string }[] };
    expect(body.status).toBe("FAILURE");
    expect(body.failedEvents).toEqual([expect.objectContaining({ index: 0, code: "BAD_USER_INPUT", pointer: "" }), expect.objectContaining({ index: 1, code: "BAD_USER_INPUT", pointer: "" })]);
    expect((await state(id)).events).toHaveLength(0);
  });

  it("ends a run by event time, not arrival: COMPLETE before START is COMPLETE, facets fold by event time", async () => {
    const { id, token } = await tenant("order");
    for (const event of openLineageFixture("out_of_order")) expect((await post("lineage", token, event)).status).toBe(201);
    const { runs, facets } = await state(id);
    expect(runs).toEqual([
      expect.objectContaining({
        runId: "01931f70-0000-7000-8000-000000000001",
        endState: "COMPLETE",
        startedAt: new Date("2026-11-03T10:00:00Z"),
        endedAt: new Date("2026-11-03T10:10:00Z"),
        lastEventAt: new Date("2026-11-03T10:20:00Z"),
      }),
    ]);
    const runFacets = Object.fromEntries(facets.filter((f) => f.owner === "RUN").map((f) => [f.name, f.value]));
    // The tags facet was deleted by the later (COMPLETE) event although it arrived first.
    expect(runFacets.tags).toBeNull();
    expect(runFacets.nominalTime).toMatchObject({ nominalStartTime: "2026-11-03T10:00:00Z" });
    // The schema of the latest event that carried one; the OTHER event sent none and kept it.
    const schema = facets.find((f) => f.owner === "DATASET" && f.name === "schema")!;
    expect((schema.value as { fields: unknown[] }).fields).toHaveLength(3);
  });

  it("keeps the known schema when a later event has none, and clears it when one is empty", async () => {
    const { id, token } = await tenant("schema");
    const [first] = openLineageFixture("out_of_order");
    const later = (time: string, facets?: Record<string, unknown>) => ({
      ...first,
      eventType: "OTHER",
      eventTime: time,
      outputs: [{ namespace: "postgres://warehouse:5432", name: "warehouse.raw.fx_rates", ...(facets ? { facets } : {}) }],
    });
    await post("lineage", token, first);
    await post("lineage", token, later("2026-11-03T11:00:00Z"));
    const kept = (await state(id)).facets.find((f) => f.name === "schema")!;
    expect((kept.value as { fields: unknown[] }).fields).toHaveLength(3);
    const emptySchema = { _producer: "https://example.com/p", _schemaURL: "https://openlineage.io/spec/facets/1-2-0/SchemaDatasetFacet.json#/$defs/SchemaDatasetFacet", fields: [] };
    await post("lineage", token, later("2026-11-03T12:00:00Z", { schema: emptySchema }));
    const cleared = (await state(id)).facets.find((f) => f.name === "schema")!;
    expect(cleared.value).toMatchObject({ fields: [] });
  });

  it("reads an eventTime without offset as UTC and flags the event", async () => {
    const { id, token } = await tenant("lenient");
    const fail = openLineageFixture("airflow_dag")[4]!;
    expect(fail.eventTime).toBe("2026-11-02T03:08:00");
    const response = await post("lineage", token, fail);
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({ leniencies: ["EVENT_TIME_WITHOUT_OFFSET"] });
    const { events, runs } = await state(id);
    expect(events[0]).toMatchObject({ flags: ["EVENT_TIME_WITHOUT_OFFSET"], eventTime: new Date("2026-11-02T03:08:00Z") });
    expect(runs[0]).toMatchObject({ endState: "FAIL", endedAt: new Date("2026-11-02T03:08:00Z") });
  });

  it("replaying every fixture twice, shuffled, ends with the same rows as one ordered pass", async () => {
    const events = allValidEvents();
    const ordered = await tenant("ordered");
    for (const event of events) expect((await post("lineage", ordered.token, event)).status).toBe(201);
    const expected = await state(ordered.id);
    expect(expected.runs.length).toBeGreaterThan(5);
    expect(expected.history).toContainEqual(expect.objectContaining({ asset: "job:airflow-prod:shop_daily.notify", status: "ERROR", message: "SMTP connection refused" }));
    expect(expected.lineage).toContain("dataset:postgres://warehouse:5432:warehouse.analytics.orders -> job:airflow-prod:shop_daily.export_orders");

    const replayed = await tenant("replayed");
    const twice = [...shuffled(events, 7), ...shuffled(events, 11)];
    for (let i = 0; i < twice.length; i += 5) {
      const response = await post("lineage/batch", replayed.token, twice.slice(i, i + 5));
      expect(response.status).toBe(200);
    }
    expect(await state(replayed.id)).toEqual(expected);

    const flink = expected.runs.find((r) => r.jobName === "orders_enrichment")!;
    expect(flink).toMatchObject({ endState: null, endedAt: null, startedAt: new Date("2026-11-01T00:00:00Z") });
    const task = expected.runs.find((r) => r.jobName === "shop_daily.export_orders")!;
    expect(task).toMatchObject({ endState: "COMPLETE", parentRunId: "01931f6a-0000-7000-8000-00000000da90", parentJobName: "shop_daily" });
  });

  it("gives run history its runs: state, duration, failure message, parent and outputs", async () => {
    const { token } = await tenant("history");
    await post("lineage/batch", token, openLineageFixture("airflow_dag"));
    const runs = await openLineageRuns(await operatorContext(server.database.db.prisma, "history"));
    const byJob = Object.fromEntries(runs.map((run) => [run.job.name, run]));
    expect(byJob["shop_daily.export_orders"]).toMatchObject({
      state: "COMPLETE",
      durationMs: 150_000,
      parent: { runId: "01931f6a-0000-7000-8000-00000000da90", job: { name: "shop_daily" } },
      outputs: [{ namespace: "s3://exports", name: "orders/daily.csv" }],
    });
    expect(byJob["shop_daily.notify"]).toMatchObject({ state: "FAIL", errorMessage: "SMTP connection refused" });
    expect(byJob["shop_daily"]).toMatchObject({ state: "COMPLETE", parent: null });
  });

  it("lists raw events newest first, page by page, and drops them after the retention period", async () => {
    const { token } = await tenant("raw");
    clock.now = new Date("2026-11-04T00:00:00Z");
    await post("lineage/batch", token, openLineageFixture("dbt_ol_run"));
    clock.now = new Date("2026-11-20T00:00:00Z");
    await post("lineage/batch", token, openLineageFixture("flink_streaming"));
    const read = async (query: string) => {
      const response = await fetch(`${server.url}/api/v1/events/lineage${query}`, { headers: { authorization: `Bearer ${token}` } });
      expect(response.status).toBe(200);
      return (await response.json()) as { events: { eventType: string }[]; items: { receivedAt: string }[]; nextCursor: string | null };
    };
    const first = await read("?limit=4");
    expect(first.events).toHaveLength(4);
    expect(first.items[0]!.receivedAt).toBe("2026-11-20T00:00:00.000Z");
    const second = await read(`?limit=4&cursor=${first.nextCursor}`);
    expect(second.events).toHaveLength(3);
    expect(second.nextCursor).toBeNull();

    clock.now = new Date("2026-12-10T00:00:00Z");
    expect((await read("?limit=100")).events).toHaveLength(3);
    expect((await fetch(`${server.url}/api/v1/events/lineage?cursor=nonsense`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(400);
  });
});
