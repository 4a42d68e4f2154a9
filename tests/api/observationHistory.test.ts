/**
 * A series' history over GraphQL, to draw a trend with its expected band and its anomalies, and
 * how a batch is judged against what was stored before it: a point posted out of order, and a
 * dismissed point posted again. The real server on 127.0.0.1 and the jaffle_shop example
 * (orders is Omar Haddad's).
 */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/server.js";

const jaffle = JSON.parse(readFileSync(new URL("../../examples/jaffle_shop/manifest.json", import.meta.url), "utf8")) as unknown;
const ORDERS = "model.jaffle_shop.orders";
const STABLE_WEEK = [1000, 1012, 990, 1004, 996, 1008, 993];
const day = (i: number) => new Date(Date.UTC(2026, 10, 2 + i)).toISOString().slice(0, 10);
const midnight = (i: number) => `${day(i)}T00:00:00.000Z`;

const HISTORY = `query($asset: String!, $name: String, $from: DateTime, $to: DateTime) { asset(uniqueId: $asset) {
  metricSeries(name: $name) { metric dimensions
    history(from: $from, to: $to) { from to settings { window threshold seasonality }
      points { at value excluded expectedRange { lower upper } mean stddev zScore anomaly { id status actual } } } } } }`;

interface Point {
  at: string;
  value: number;
  excluded: boolean;
  expectedRange: { lower: number; upper: number } | null;
  mean: number | null;
  zScore: number | null;
  anomaly: { id: string; status: string; actual: number } | null;
}
interface HistoryAnswer {
  asset: { metricSeries: { metric: string; dimensions: Record<string, string>; history: { from: string; to: string; settings: Record<string, unknown>; points: Point[] } }[] };
}

describe("a metric series' history", () => {
  let server: TestServer;
  let admin: string;
  const clock = new Date("2026-11-20T12:00:00Z");

  const observe = async (observations: unknown[]) => {
    const response = await fetch(`${server.url}/api/v1/observations`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${admin}` },
      body: JSON.stringify({ observations }),
    });
    expect(response.status).toBe(200);
    return (await response.json()) as { accepted: number; anomalies: { id: string; at: string; actual: number }[] };
  };
  const history = async (variables: Record<string, unknown>) => {
    const answer = await server.graphql<HistoryAnswer>(admin, HISTORY, { asset: ORDERS, ...variables });
    expect(answer.body.errors).toBeUndefined();
    return answer.body.data!.asset.metricSeries;
  };

  beforeAll(async () => {
    server = await startTestServer({}, { now: () => clock });
    admin = (await server.tenant("acme")).token;
    expect((await server.postManifest(admin, { project: "jaffle_shop", mode: "apply", manifest: jaffle })).status).toBe(200);
  });
  afterAll(() => server.stop());

  it("draws each point with its expected range, null until the baseline is complete, and the anomaly where there is one", async () => {
    const posted = await observe([...STABLE_WEEK, 600, 1001].map((value, i) => ({ asset: ORDERS, name: "orders_placed", date: day(i), value })));
    expect(posted.anomalies.map((a) => [a.at, a.actual])).toEqual([[midnight(7), 600]]);

    const [series] = await history({ name: "orders_placed" });
    expect(series).toMatchObject({ metric: "orders_placed", dimensions: {} });
    // The default window: the 30 days up to now.
    expect(series!.history).toMatchObject({ from: "2026-10-21T12:00:00.000Z", to: clock.toISOString(), settings: { window: 7, threshold: 2.5, seasonality: "NONE" } });
    const points = series!.history.points;
    expect(points.map((p) => p.value)).toEqual([...STABLE_WEEK, 600, 1001]);
    expect(points.slice(0, 7).every((p) => p.expectedRange === null && p.anomaly === null)).toBe(true);
    const drop = points[7]!;
    const mean = STABLE_WEEK.reduce((a, b) => a + b) / 7;
    expect(drop.mean).toBeCloseTo(mean, 9);
    expect(drop.expectedRange!.lower).toBeGreaterThan(600);
    expect(drop.anomaly).toMatchObject({ id: posted.anomalies[0]!.id, status: "OPEN", actual: 600 });
    // The day after the drop has the drop in its baseline: a wide range, and no anomaly.
    expect(points[8]!.expectedRange!.lower).toBeLessThan(points[8]!.value);
    expect(points[8]!.anomaly).toBeNull();

    // A window reads the baseline before it: its first point already has a range.
    const [late] = await history({ name: "orders_placed", from: midnight(7), to: midnight(8) });
    expect(late!.history.points.map((p) => [p.at, p.expectedRange !== null])).toEqual([[midnight(7), true], [midnight(8), true]]);
    const wide = await server.graphql(admin, HISTORY, { asset: ORDERS, from: "2024-01-01T00:00:00Z", to: midnight(8) });
    expect(wide.body.errors?.[0]?.message).toMatch(/at most 366 days/);
  });

  it("judges a point posted out of order against the points before it, and a dismissed point stays out of baselines when posted again", async () => {
    const series = (value: number, i: number) => ({ asset: ORDERS, name: "late_days", date: day(i), value });
    // Days 0–6 and 8–9 first; day 7 arrives last, far from the week before it.
    await observe([...STABLE_WEEK.map(series), series(1001, 8), series(999, 9)]);
    const late = await observe([series(5000, 7)]);
    expect(late.anomalies.map((a) => [a.at, a.actual])).toEqual([[midnight(7), 5000]]);
    const DISMISS = `mutation($input: DecideAnomalyInput!) { dismissAnomaly(input: $input) { anomaly { status } } }`;
    expect((await server.graphql(admin, DISMISS, { input: { id: late.anomalies[0]!.id } })).body.errors).toBeUndefined();
    // Posted again (a re-run of the pipeline): the same point keeps its dismissal, and day 10 is judged without it.
    const again = await observe([series(5000, 7), series(1300, 10)]);
    expect(again.anomalies.map((a) => [a.at, a.actual])).toEqual([[midnight(10), 1300]]);
    const [drawn] = await history({ name: "late_days" });
    expect(drawn!.history.points.find((p) => p.at === midnight(7))).toMatchObject({ excluded: true, anomaly: { status: "DISMISSED" } });
  });
});
