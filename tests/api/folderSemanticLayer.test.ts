/**
 * A never-compiled project folder's semantic layer (tests/fixtures/projects/semantic_layer),
 * read by the folder reader and posted as the native manifest it maps to: metrics resolve through
 * their semantic model to the mart's columns, and groups are stored, over HTTP.
 */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toGlobalId } from "../../src/graphql/globalId.js";
import { readDbtProject } from "../../src/projectFolder/index.js";
import { startTestServer, type TestServer } from "../support/server.js";

describe("a project folder's semantic layer over HTTP", () => {
  let server: TestServer;
  let token: string;
  const ids = new Map<string, string>();

  beforeAll(async () => {
    server = await startTestServer();
    token = (await server.tenant("acme")).token;
    const { manifest } = await readDbtProject(path.join(import.meta.dirname, "..", "fixtures", "projects", "semantic_layer"), { dialect: "postgres" });
    const { status, body } = await server.postManifest(token, { mode: "apply", project: "shop", manifest });
    expect(status, JSON.stringify(body)).toBe(200);
    for (const row of await server.database.db.prisma.asset.findMany({ select: { id: true, uniqueId: true } })) ids.set(row.uniqueId, toGlobalId("Asset", row.id));
  });
  afterAll(() => server.stop());

  it("stores the metrics, the semantic model, the saved query and the group", async () => {
    const { project } = await server.data(token, `{ project(name: "shop") { assetCounts { models metrics semanticModels savedQueries } groups { name ownerEmail } } }`);
    expect(project).toEqual({ assetCounts: { models: 2, metrics: 10, semanticModels: 1, savedQueries: 1 }, groups: [{ name: "finance", ownerEmail: "finance@shop.example" }] });
  });

  it("resolves a ratio metric through its inputs and measures to the mart's columns, and lists where it is used", async () => {
    const { node } = await server.data(
      token,
      `query($id: ID!) { node(id: $id) { ... on Asset { metricDefinition { formula inputMetrics { name role metric { uniqueId } } measures { name semanticModel { uniqueId } columns { asset { uniqueId } column } } columns { asset { uniqueId } column } usedBy { uniqueId } } } } }`,
      { id: ids.get("metric.shop.average_order_value") },
    );
    expect(node.metricDefinition).toEqual({
      formula: "revenue / order_count where {{ Dimension('order__status') }} = 'completed'",
      inputMetrics: [
        { name: "revenue", role: "numerator", metric: { uniqueId: "metric.shop.revenue" } },
        { name: "order_count", role: "denominator", metric: { uniqueId: "metric.shop.order_count" } },
      ],
      measures: [
        { name: "order_total", semanticModel: { uniqueId: "semantic_model.shop.orders" }, columns: [{ asset: { uniqueId: "model.shop.orders" }, column: "amount" }] },
        { name: "order_count", semanticModel: { uniqueId: "semantic_model.shop.orders" }, columns: [] },
      ],
      columns: [{ asset: { uniqueId: "model.shop.orders" }, column: "amount" }],
      usedBy: [],
    });
    const revenue = await server.data(token, `query($id: ID!) { node(id: $id) { ... on Asset { description owners { email } metricDefinition { usedBy { uniqueId } } } } }`, { id: ids.get("metric.shop.revenue") });
    expect(revenue.node).toEqual({ description: "Revenue from completed orders, in EUR.", owners: [{ email: "bruno@shop.example" }], metricDefinition: { usedBy: [{ uniqueId: "saved_query.shop.weekly_finance" }] } });
  });
});
