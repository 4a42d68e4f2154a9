/**
 * Observations → anomaly → webhook → acknowledge, over HTTP: the real server with its delivery
 * worker, a real receiver on 127.0.0.1, and the jaffle_shop example (orders is Omar's).
 */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startReceiver, type Receiver } from "../integration/notify-receiver.js";
import { startTestServer, type TestServer } from "../support/server.js";

const jaffle = JSON.parse(readFileSync(new URL("../../examples/jaffle_shop/manifest.json", import.meta.url), "utf8")) as unknown;
const ORDERS = "model.jaffle_shop.orders";
const STABLE_WEEK = [1000, 1012, 990, 1004, 996, 1008, 993];
const day = (i: number) => new Date(Date.UTC(2026, 10, 2 + i)).toISOString().slice(0, 10);

const ANOMALY_FIELDS = `id assetUniqueId metric dimensions at actual expectedRange { lower upper } zScore threshold status decidedBy comment
  baselineWindow { points seasonality from to } asset { uniqueId }`;

describe("anomalies over REST and GraphQL", () => {
  let server: TestServer;
  let receiver: Receiver;
  let acme: { id: string; token: string };
  let omar: string;
  let reader: string;
  let ci: string;

  async function token(role: string, ownerEmail?: string): Promise<string> {
    const created = await server.graphql<{ createApiToken: { secret: string } }>(
      acme.token,
      `mutation($input: CreateApiTokenInput!) { createApiToken(input: $input) { secret } }`,
      { input: { name: `${role}-${ownerEmail ?? "none"}`, role, ...(ownerEmail ? { ownerEmail } : {}) } },
    );
    return created.body.data!.createApiToken.secret;
  }

  async function observe(bearer: string, body: unknown, contentType = "application/json") {
    const response = await fetch(`${server.url}/api/v1/observations`, {
      method: "POST",
      headers: { "content-type": contentType, authorization: `Bearer ${bearer}` },
      body: typeof body === "string" ? body : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
  }

  beforeAll(async () => {
    server = await startTestServer({ TRIBUTARY_PUBLIC_URL: "https://tributary.example" }, { deliveryWorker: { pollIntervalMs: 50, timeoutMs: 2_000, retry: { baseMs: 5, maxDelayMs: 20 } } });
    receiver = await startReceiver();
    acme = await server.tenant("acme");
    expect((await server.postManifest(acme.token, { project: "jaffle_shop", mode: "apply", manifest: jaffle })).status).toBe(200);
    omar = await token("OWNER", "omar.haddad@jaffle.example");
    reader = await token("READER");
    ci = await token("CI");
    for (const format of ["JSON", "SLACK"]) {
      const created = await server.graphql<{ createWebhook: { secret: string } }>(
        acme.token,
        `mutation($input: CreateWebhookInput!) { createWebhook(input: $input) { secret } }`,
        { input: { url: `${receiver.url}/${format.toLowerCase()}`, events: ["anomaly.detected"], format } },
      );
      receiver.secret = created.body.data!.createWebhook.secret;
    }
  });
  afterAll(async () => {
    await server.stop();
    await receiver.close();
  });

  it("a 40 % drop after a stable week is an anomaly, delivered as JSON and as a Slack sentence, then acknowledged by the owner", async () => {
    const week = STABLE_WEEK.map((value, i) => ({ asset: ORDERS, name: "row_count", date: day(i), value }));
    const quiet = await observe(ci, { observations: week });
    expect(quiet).toMatchObject({ status: 200, body: { accepted: 7, series: 1, anomalies: [] } });

    const drop = await observe(ci, { observations: [{ asset: ORDERS, name: "row_count", date: day(7), value: 600 }] });
    expect(drop.status).toBe(200);
    expect(drop.body.anomalies).toHaveLength(1);
    const anomalyId = drop.body.anomalies[0].id as string;
    const mean = STABLE_WEEK.reduce((a, b) => a + b) / 7;
    expect(drop.body.anomalies[0].mean).toBeCloseTo(mean, 9);

    // Both webhooks get it; the JSON one carries every fact, the Slack one a sentence to act on.
    await receiver.waitFor((requests) => requests.filter((r) => r.status === 200).length >= 2, "both deliveries");
    const json = JSON.parse(receiver.requests.find((r) => !("text" in JSON.parse(r.body)))!.body);
    expect(json).toMatchObject({
      type: "anomaly.detected",
      tenant: { slug: "acme" },
      data: {
        anomalyId,
        asset: { uniqueId: ORDERS, name: "orders", project: "jaffle_shop" },
        metric: "row_count",
        actual: 600,
        threshold: 2.5,
        baselineWindow: { points: 7, seasonality: "NONE", from: `${day(0)}T00:00:00.000Z`, to: `${day(6)}T00:00:00.000Z` },
        owners: [{ name: "Omar Haddad", email: "omar.haddad@jaffle.example" }],
        link: "https://tributary.example/assets/model.jaffle_shop.orders",
      },
    });
    expect(json.data.expectedRange.lower).toBeCloseTo(mean - 2.5 * json.data.stddev, 9);
    expect(json.data.expectedRange.upper).toBeCloseTo(mean + 2.5 * json.data.stddev, 9);
    const slack = JSON.parse(receiver.requests.find((r) => "text" in JSON.parse(r.body))!.body);
    expect(slack.text).toMatch(
      /^row_count of orders was 600 at 2026-11-09, 40 % below its 7-point average of 1,000; expected \d{3} to 1,0\d\d \(z = [\d.]+, threshold 2\.5\)\. Omar Haddad: check what feeds orders, then acknowledge or dismiss this anomaly in Tributary \(https:\/\/tributary\.example\/assets\/model\.jaffle_shop\.orders\)\.$/,
    );
    // Signed with its webhook's own secret (the receiver holds the Slack one's, created last).
    expect(receiver.requests.filter((r) => "text" in JSON.parse(r.body)).every((r) => r.signatureValid)).toBe(true);

    // Omar's inbox has it too.
    const inbox = await server.graphql<{ notifications: { nodes: { event: string; changeRequestId: string | null }[] } }>(omar, `{ notifications { nodes { event changeRequestId } } }`);
    expect(inbox.body.data!.notifications.nodes).toEqual([{ event: "anomaly.detected", changeRequestId: null }]);

    // A reader may not acknowledge; the owner may.
    const ACK = `mutation($input: DecideAnomalyInput!) { acknowledgeAnomaly(input: $input) { anomaly { ${ANOMALY_FIELDS} } } }`;
    const refused = await server.graphql(reader, ACK, { input: { id: anomalyId } });
    expect(refused.body.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    const acked = await server.graphql<{ acknowledgeAnomaly: { anomaly: Record<string, unknown> } }>(omar, ACK, { input: { id: anomalyId, comment: "Upstream load was partial; rerunning." } });
    expect(acked.body.errors).toBeUndefined();
    expect(acked.body.data!.acknowledgeAnomaly.anomaly).toMatchObject({
      id: anomalyId,
      assetUniqueId: ORDERS,
      metric: "row_count",
      actual: 600,
      status: "ACKNOWLEDGED",
      decidedBy: "token:OWNER-omar.haddad@jaffle.example",
      comment: "Upstream load was partial; rerunning.",
      asset: { uniqueId: ORDERS },
    });

    // Listed per tenant and per asset.
    const listed = await server.graphql<{ anomalies: { totalCount: number }; asset: { anomalies: { nodes: { id: string; status: string }[] } } }>(
      reader,
      `{ anomalies(status: ACKNOWLEDGED) { totalCount } asset(uniqueId: "${ORDERS}") { anomalies { nodes { id status } } } }`,
    );
    expect(listed.body.data).toEqual({ anomalies: { totalCount: 1 }, asset: { anomalies: { nodes: [{ id: anomalyId, status: "ACKNOWLEDGED" }] } } });

    // Posting the same point again finds nothing new and announces nothing twice.
    const again = await observe(ci, { observations: [{ asset: ORDERS, name: "row_count", date: day(7), value: 600 }] });
    expect(again.body.anomalies).toEqual([]);
  });

  it("a dismissed point leaves later baselines", async () => {
    const series = (value: number, i: number) => ({ asset: ORDERS, name: "revenue", dimensions: { region: "EU" }, date: day(i), value });
    await observe(ci, { observations: STABLE_WEEK.map(series) });
    const spike = await observe(ci, { observations: [series(5000, 7)] });
    const DISMISS = `mutation($input: DecideAnomalyInput!) { dismissAnomaly(input: $input) { anomaly { status } } }`;
    const dismissed = await server.graphql<{ dismissAnomaly: { anomaly: { status: string } } }>(omar, DISMISS, { input: { id: spike.body.anomalies[0].id } });
    expect(dismissed.body.data!.dismissAnomaly.anomaly.status).toBe("DISMISSED");
    // 1060 is far from the stable week; with the spike in its baseline it would look normal.
    const next = await observe(ci, { observations: [series(1060, 8)] });
    expect(next.body.anomalies).toHaveLength(1);
    expect(next.body.anomalies[0].mean).toBeCloseTo(STABLE_WEEK.reduce((a, b) => a + b) / 7, 9);
  });

  it("rejects bad batches whole with one clear error, and readers", async () => {
    const before = await server.database.db.prisma.observation.count();
    const bad = await observe(ci, { observations: [{ asset: ORDERS, date: day(0), value: 1 }, { asset: ORDERS, date: "07/12/2026", value: 1 }] });
    expect(bad).toMatchObject({ status: 400, body: { error: { code: "BAD_USER_INPUT", message: "$.observations[1].date: date must be YYYY-MM-DD", path: "$.observations[1].date" } } });
    const unknown = await observe(ci, { observations: [{ asset: "model.jaffle_shop.nope", date: day(0), value: 1 }] });
    expect(unknown).toMatchObject({ status: 404, body: { error: { code: "NOT_FOUND", path: "$.observations[0].asset" } } });
    expect((await observe(ci, "{", "application/json")).status).toBe(400);
    expect((await observe(ci, "x", "text/plain")).body.error.code).toBe("UNSUPPORTED_MEDIA_TYPE");
    expect((await observe(reader, { observations: [{ asset: ORDERS, date: day(0), value: 1 }] })).body.error.code).toBe("FORBIDDEN");
    expect(await server.database.db.prisma.observation.count()).toBe(before);
  });

  it("the GraphQL mutation takes the same batches", async () => {
    const RECORD = `mutation($input: RecordObservationsInput!) { recordObservations(input: $input) { accepted series anomalies { metric actual dimensions } } }`;
    const observations = [...STABLE_WEEK, 400].map((value, i) => ({ asset: ORDERS, name: "refunds", at: `${day(i)}T06:00:00Z`, value, dimensions: { channel: "web" } }));
    const recorded = await server.graphql<{ recordObservations: unknown }>(ci, RECORD, { input: { observations } });
    expect(recorded.body.errors).toBeUndefined();
    expect(recorded.body.data!.recordObservations).toEqual({ accepted: 8, series: 1, anomalies: [{ metric: "refunds", actual: 400, dimensions: { channel: "web" } }] });
  });

  it("run posts bring observations of their own: rows affected and duration per model, failures per test", async () => {
    const runResults = (generatedAt: string, rows: number) => ({
      metadata: { dbt_schema_version: "https://schemas.getdbt.com/dbt/run-results/v6.json", generated_at: generatedAt },
      results: [
        { unique_id: ORDERS, status: "success", execution_time: 2.5, adapter_response: { rows_affected: rows }, timing: [{ name: "execute", started_at: generatedAt, completed_at: generatedAt }] },
        { unique_id: "test.jaffle_shop.not_null_orders_order_id.cf6c17daed", status: "fail", failures: 3, execution_time: 0.1, timing: [] },
      ],
    });
    const posted = await server.postManifest(ci, { project: "jaffle_shop", mode: "apply", manifest: jaffle, runResults: runResults("2026-12-01T06:00:00Z", 1234) });
    expect(posted.status).toBe(200);
    const rows = await server.database.db.prisma.observation.findMany({
      where: { tenantId: acme.id, source: "RUN" },
      include: { series: { select: { name: true, dimensions: true } } },
      orderBy: { series: { name: "asc" } },
    });
    expect(rows.map((r) => [r.series.name, r.series.dimensions, r.value])).toEqual([
      ["duration_seconds", {}, 2.5],
      ["rows_affected", {}, 1234],
      ["test_failures", { test: "test.jaffle_shop.not_null_orders_order_id.cf6c17daed" }, 3],
    ]);
  });

  it("settings per metric change the rule, and only owners or ADMINs set them", async () => {
    const SET = `mutation($input: SetAnomalySettingsInput!) { setAnomalySettings(input: $input) { window threshold seasonality } }`;
    const set = await server.graphql<{ setAnomalySettings: unknown }>(omar, SET, { input: { asset: ORDERS, name: "orders_placed", threshold: 100 } });
    expect(set.body.data!.setAnomalySettings).toEqual({ window: 7, threshold: 100, seasonality: "NONE" });
    await observe(ci, { observations: [...STABLE_WEEK, 600].map((value, i) => ({ asset: ORDERS, name: "orders_placed", date: day(i), value })) });
    const list = await server.graphql<{ anomalies: { nodes: { metric: string }[] } }>(reader, `{ anomalies(asset: "${ORDERS}") { nodes { metric } } }`);
    expect(list.body.data!.anomalies.nodes.map((n) => n.metric)).not.toContain("orders_placed");

    const tenantLevel = await server.graphql(omar, SET, { input: { threshold: 3 } });
    expect(tenantLevel.body.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    const bad = await server.graphql(acme.token, SET, { input: { window: 1 } });
    expect(bad.body.errors?.[0]).toMatchObject({ message: "$.input.window: window must be at least 2 points", extensions: { code: "BAD_USER_INPUT" } });
    const admin = await server.graphql<{ setAnomalySettings: unknown; }>(acme.token, SET, { input: { window: 14, seasonality: "DAY_OF_WEEK" } });
    expect(admin.body.data!.setAnomalySettings).toEqual({ window: 14, threshold: 2.5, seasonality: "DAY_OF_WEEK" });
    const read = await server.graphql<{ anomalySettings: unknown }>(reader, `{ anomalySettings { window threshold seasonality } }`);
    expect(read.body.data!.anomalySettings).toEqual({ window: 14, threshold: 2.5, seasonality: "DAY_OF_WEEK" });
  });
});
