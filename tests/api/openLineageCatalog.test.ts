import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toGlobalId } from "../../src/graphql/globalId.js";
import { readFixture } from "../support/fixtureDocs.js";
import { startTestServer, type TestServer } from "../support/server.js";

/** An Airflow task reading the jaffle_shop mart `orders` (duckdb) and writing an export file. */
function exportTaskEvent(eventType: "START" | "COMPLETE", eventTime: string) {
  return {
    eventType,
    eventTime,
    producer: "https://github.com/apache/airflow/tree/providers-openlineage/2.1.0",
    schemaURL: "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent",
    run: { runId: "01931f6a-0000-7000-8000-0000000000f1" },
    job: { namespace: "airflow-prod", name: "shop_daily.export_orders" },
    inputs: [{ namespace: "duckdb://jaffle_shop", name: "JAFFLE_SHOP.PROD.ORDERS" }],
    outputs: [{ namespace: "s3://exports", name: "orders/daily.csv" }],
  };
}

describe("OpenLineage jobs and datasets in the catalog", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.stop());

  const postEvent = (token: string, event: unknown) =>
    fetch(`${server.url}/api/v1/lineage`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${token}` }, body: JSON.stringify(event) });

  const impactOfOrders = async (tenantId: string, token: string) => {
    const mart = await server.database.db.prisma.asset.findFirstOrThrow({ where: { tenantId, uniqueId: "model.jaffle_shop.orders" } });
    const answer = await server.graphql<{ impact: { groups: { assets: { asset: { uniqueId: string; kind: string } }[] }[] } }>(
      token,
      `query ($id: ID!) { impact(assetId: $id, first: 100) { groups { assets { asset { uniqueId kind } } } } }`,
      { id: toGlobalId("Asset", mart.id) },
    );
    expect(answer.body.errors).toBeUndefined();
    return answer.body.data!.impact.groups.flatMap((g) => g.assets.map((a) => `${a.asset.kind} ${a.asset.uniqueId}`));
  };

  for (const order of ["manifest first", "events first"] as const) {
    it(`lists the job reading a dbt mart, and what it writes, in the mart's impact (${order})`, async () => {
      const { id, token } = await server.tenant(order.replace(" ", "-"));
      const manifest = () => server.postManifest(token, { project: "jaffle", mode: "apply", gitSha: "a1", branch: "main", ...readFixture(["jaffle_shop_duckdb", "base"]) });
      const events = async () => {
        expect((await postEvent(token, exportTaskEvent("START", "2026-11-02T03:05:00Z"))).status).toBe(201);
        expect((await postEvent(token, exportTaskEvent("COMPLETE", "2026-11-02T03:07:00Z"))).status).toBe(201);
      };
      if (order === "manifest first") {
        expect((await manifest()).status).toBe(200);
        await events();
      } else {
        await events();
        expect((await manifest()).status).toBe(200);
      }
      const impacted = await impactOfOrders(id, token);
      expect(impacted).toEqual(expect.arrayContaining(["JOB job:airflow-prod:shop_daily.export_orders", "DATASET dataset:s3://exports:orders/daily.csv"]));
      // The dataset naming the mart's relation is the mart (tests/api/openLineageIdentity.test.ts).
      expect(impacted).not.toContain("DATASET dataset:duckdb://jaffle_shop:JAFFLE_SHOP.PROD.ORDERS");
    });
  }
});
