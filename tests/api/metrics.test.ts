/**
 * Metrics over HTTP, on the hand-made semantic-layer and legacy fixtures (tests/fixtures/built):
 * a metric's definition resolved down to the mart's and staging's columns, lineage from a metric
 * to its columns, the impact of a mart change listing the metrics and their owners, and a
 * change request saying which metrics it alters.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toGlobalId } from "../../src/graphql/globalId.js";
import { startTestServer, type TestServer } from "../support/server.js";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const built = (...parts: string[]): Json => JSON.parse(readFileSync(path.join(import.meta.dirname, "..", "fixtures", "built", ...parts), "utf8")) as Json;

describe("metrics over HTTP", () => {
  let server: TestServer;
  let token: string;
  const ids = new Map<string, string>();
  const gid = (project: string, uniqueId: string) => toGlobalId("Asset", ids.get(`${project}/${uniqueId}`)!);

  const post = async (body: Record<string, unknown>): Promise<Json> => {
    const { status, body: json } = await server.postManifest(token, body);
    expect(status, JSON.stringify(json)).toBe(200);
    return json;
  };

  beforeAll(async () => {
    server = await startTestServer();
    token = (await server.tenant("acme")).token;
    await post({ mode: "apply", project: "shop", manifest: built("semantic_layer_v12", "manifest.json") });
    await post({ mode: "apply", project: "legacy", manifest: built("metrics_legacy_v9", "manifest.json") });
    await post({ mode: "apply", project: "measures", manifest: built("semantic_measures_v12", "manifest.json") });
    const rows = await server.database.db.prisma.asset.findMany({ select: { id: true, uniqueId: true, project: { select: { name: true } } } });
    for (const row of rows) ids.set(`${row.project.name}/${row.uniqueId}`, row.id);
  });
  afterAll(() => server.stop());

  const DEFINITION = `query($id: ID!) { node(id: $id) { ... on Asset { name kind description owners { email } metricDefinition {
    style type formula filters timeGrains window
    measures { name agg expr filters semanticModel { uniqueId } columns { asset { uniqueId } column } }
    inputMetrics { name role metric { uniqueId } formula }
    columns { asset { uniqueId } column }
    usedBy { uniqueId kind }
  } } } }`;

  it("stores every metric, the semantic model, the saved query and the exposure as assets of their kinds", async () => {
    const data = await server.data<{ projects: { nodes: { name: string; assetCounts: Json }[] } }>(
      token,
      `{ projects { nodes { name assetCounts { models sources exposures metrics semanticModels savedQueries } } } }`,
    );
    const shop = data.projects.nodes.find((p) => p.name === "shop")!;
    expect(shop.assetCounts).toEqual({ models: 2, sources: 1, exposures: 1, metrics: 7, semanticModels: 1, savedQueries: 1 });
    const legacy = data.projects.nodes.find((p) => p.name === "legacy")!;
    expect(legacy.assetCounts).toEqual({ models: 2, sources: 1, exposures: 1, metrics: 4, semanticModels: 0, savedQueries: 0 });
  });

  it("reads a simple metric's formula, its measure and the mart columns it reads, its owner and where it is used", async () => {
    const { node } = await server.data<{ node: Json }>(token, DEFINITION, { id: gid("shop", "metric.shop.revenue") });
    expect(node.description).toBe("Revenue from completed orders, in EUR.");
    expect(node.owners.map((o: Json) => o.email).sort()).toEqual(["bruno@shop.example", "finance@shop.example"]);
    const d = node.metricDefinition;
    expect(d.style).toBe("semantic");
    expect(d.formula).toBe("sum(amount) [order_total], where {{ Dimension('order__status') }} = 'completed', at day grain");
    expect(d.measures).toEqual([
      { name: "order_total", agg: "sum", expr: "amount", filters: [], semanticModel: { uniqueId: "semantic_model.shop.orders" }, columns: [{ asset: { uniqueId: "model.shop.orders" }, column: "amount" }] },
    ]);
    expect(d.usedBy).toEqual([
      { uniqueId: "exposure.shop.finance_dashboard", kind: "EXPOSURE" },
      { uniqueId: "saved_query.shop.weekly_finance", kind: "SAVED_QUERY" },
    ]);
  });

  it("reads a percentile measure's parameters and a semi-additive measure's dimension, in the fields and in the formula", async () => {
    const MEASURES = `query($id: ID!) { node(id: $id) { ... on Asset { metricDefinition { formula
      measures { name agg percentile { percentile discrete approximate } nonAdditiveDimension { name windowChoice windowGroupings } }
    } } } }`;
    const p90 = (await server.data<{ node: Json }>(token, MEASURES, { id: gid("measures", "metric.shop.p90_order_amount") })).node.metricDefinition;
    expect(p90.formula).toBe("90th percentile (discrete)(amount) [p90_order_amount]");
    expect(p90.measures).toEqual([{ name: "p90_order_amount", agg: "percentile", percentile: { percentile: 0.9, discrete: true, approximate: false }, nonAdditiveDimension: null }]);
    const balance = (await server.data<{ node: Json }>(token, MEASURES, { id: gid("measures", "metric.shop.open_balance") })).node.metricDefinition;
    expect(balance.formula).toBe("sum(amount - paid_amount) [open_balance] at the last ordered_at per customer");
    expect(balance.measures[0].nonAdditiveDimension).toEqual({ name: "ordered_at", windowChoice: "max", windowGroupings: ["customer"] });
    const conversion = (await server.data<{ node: Json }>(token, MEASURES, { id: gid("measures", "metric.shop.first_order_rate") })).node.metricDefinition;
    expect(conversion.formula).toContain("within 30 day with the same status");
  });

  it("resolves a ratio through its input metrics down to their columns, and finds its uses through them", async () => {
    const { node } = await server.data<{ node: Json }>(token, DEFINITION, { id: gid("shop", "metric.shop.average_order_value") });
    const d = node.metricDefinition;
    expect(d.formula).toBe("revenue / order_count");
    expect(d.inputMetrics).toEqual([
      { name: "revenue", role: "numerator", metric: { uniqueId: "metric.shop.revenue" }, formula: "sum(amount) [order_total], where {{ Dimension('order__status') }} = 'completed', at day grain" },
      { name: "order_count", role: "denominator", metric: { uniqueId: "metric.shop.order_count" }, formula: "sum(1) [order_count]" },
    ]);
    expect(d.columns).toEqual([{ asset: { uniqueId: "model.shop.orders" }, column: "amount" }]);
    expect(d.usedBy).toEqual([]);
    const conversion = (await server.data<{ node: Json }>(token, DEFINITION, { id: gid("shop", "metric.shop.first_order_rate") })).node.metricDefinition;
    expect(conversion.formula).toBe("conversion_rate of sum_boolean(is_first_order) [first_orders] among count_distinct(customer_id) [customers_with_orders] per customer within 30 day");
    expect(conversion.columns.map((c: Json) => c.column)).toEqual(["customer_id", "is_first_order"]);
    const cumulative = (await server.data<{ node: Json }>(token, DEFINITION, { id: gid("shop", "metric.shop.weekly_revenue") })).node.metricDefinition;
    expect(cumulative.formula).toBe("cumulative sum(amount) [order_total] over a 7 day window");
  });

  it("reads a legacy metric's aggregation, filters, window and grains, and the model columns they name", async () => {
    const revenue = (await server.data<{ node: Json }>(token, DEFINITION, { id: gid("legacy", "metric.shop.revenue") })).node.metricDefinition;
    expect(revenue.style).toBe("legacy");
    expect(revenue.formula).toBe("sum(amount) of ref('orders'), where status = 'completed', by ordered_at, at day/week/month grain");
    expect(revenue.columns.map((c: Json) => `${c.asset.uniqueId}.${c.column}`)).toEqual(["model.shop.orders.amount", "model.shop.orders.ordered_at", "model.shop.orders.status"]);
    expect(revenue.usedBy).toEqual([{ uniqueId: "exposure.shop.finance_dashboard", kind: "EXPOSURE" }]);
    const rolling = (await server.data<{ node: Json }>(token, DEFINITION, { id: gid("legacy", "metric.shop.rolling_revenue") })).node.metricDefinition;
    expect(rolling.window).toBe("14 day");
    const derived = (await server.data<{ node: Json }>(token, DEFINITION, { id: gid("legacy", "metric.shop.average_order_value") })).node.metricDefinition;
    expect(derived.inputMetrics.map((i: Json) => i.metric?.uniqueId)).toEqual(["metric.shop.revenue", "metric.shop.order_count"]);
    expect(derived.columns.map((c: Json) => c.column)).toEqual(["amount", "customer_id", "order_id", "ordered_at", "status"]);
  });

  it("stores the project's groups with their owners, and reads an asset's group and access", async () => {
    const data = await server.data<{ projects: { nodes: { name: string; groups: Json[] }[] } }>(token, `{ projects { nodes { name groups { name ownerName ownerEmail description } } } }`);
    const finance = { name: "finance", ownerName: "Finance", ownerEmail: "finance@shop.example", description: null };
    expect(Object.fromEntries(data.projects.nodes.map((p) => [p.name, p.groups]))).toEqual({ shop: [finance], legacy: [finance], measures: [finance] });
    const asset = `query($id: ID!) { node(id: $id) { ... on Asset { access groupName group { name ownerEmail } } } }`;
    expect((await server.data<{ node: Json }>(token, asset, { id: gid("shop", "model.shop.orders") })).node).toEqual({ access: "public", groupName: "finance", group: { name: "finance", ownerEmail: "finance@shop.example" } });
    expect((await server.data<{ node: Json }>(token, asset, { id: gid("shop", "model.shop.stg_orders") })).node).toEqual({ access: "protected", groupName: null, group: null });
    expect((await server.data<{ node: Json }>(token, asset, { id: gid("legacy", "metric.shop.revenue") })).node.group).toEqual({ name: "finance", ownerEmail: "finance@shop.example" });
  });

  it("finds metrics, semantic models and saved queries by search, like models", async () => {
    const hits = async (query: string) =>
      (await server.data<{ search: { hits: { kind: string; asset: { uniqueId: string; kind: string } | null }[] } }>(
        token,
        `query($q: String!) { search(query: $q, first: 50) { hits { kind asset { uniqueId kind } } } }`,
        { q: query },
      )).search.hits.filter((h) => h.kind === "ASSET").map((h) => `${h.asset!.kind} ${h.asset!.uniqueId}`);
    expect(await hits("average order value")).toContain("METRIC metric.shop.average_order_value");
    expect(await hits("weekly finance")).toContain("SAVED_QUERY saved_query.shop.weekly_finance");
    expect(await hits("semantic layer")).toContain("SEMANTIC_MODEL semantic_model.shop.orders");
  });

  it("runs column lineage from a measure of the semantic model down to the source column", async () => {
    const data = await server.data<{ columnLineage: { nodes: { asset: { uniqueId: string }; column: string; direction: string }[] } }>(
      token,
      `query($id: ID!) { columnLineage(assetId: $id, column: "order_total", direction: UPSTREAM) { nodes { asset { uniqueId } column direction } } }`,
      { id: gid("shop", "semantic_model.shop.orders") },
    );
    const upstream = data.columnLineage.nodes.filter((n) => n.direction === "UPSTREAM").map((n) => `${n.asset.uniqueId}.${n.column}`);
    expect(upstream).toEqual(expect.arrayContaining(["model.shop.orders.amount", "model.shop.stg_orders.amount", "source.shop.raw.orders.total_cents"]));
  });

  it("lists the metrics, with their owners, in the impact of a mart change", async () => {
    const data = await server.data<{ impact: { groups: { degree: number; assets: { asset: { uniqueId: string; kind: string }; owners: { email: string }[] }[] }[] } }>(
      token,
      `query($id: ID!) { impact(assetId: $id, first: 100) { groups { degree assets { asset { uniqueId kind } owners { email } } } } }`,
      { id: gid("shop", "model.shop.orders") },
    );
    const metrics = data.impact.groups.flatMap((g) => g.assets.filter((a) => a.asset.kind === "METRIC").map((a) => ({ id: a.asset.uniqueId, degree: g.degree, owners: a.owners.map((o) => o.email) })));
    expect(metrics.map((m) => m.id).sort()).toEqual([
      "metric.shop.average_order_value",
      "metric.shop.customers",
      "metric.shop.first_order_rate",
      "metric.shop.order_count",
      "metric.shop.revenue",
      "metric.shop.revenue_per_customer",
      "metric.shop.weekly_revenue",
    ]);
    expect(metrics.find((m) => m.id === "metric.shop.revenue")).toEqual({ id: "metric.shop.revenue", degree: 2, owners: ["bruno@shop.example", "finance@shop.example"] });
  });

  it("says which metrics a proposed mart change alters, and which it redefines", async () => {
    const manifest = built("semantic_layer_v12", "manifest.json");
    const orders = manifest.nodes["model.shop.orders"];
    orders.compiled_code = orders.compiled_code.replace("amount,", "amount * 0.8 as amount,");
    orders.raw_code = orders.raw_code.replace("amount,", "amount * 0.8 as amount,");
    manifest.semantic_models["semantic_model.shop.orders"].measures[1].agg = "count";
    const proposed = await post({ mode: "propose", branch: "feature/net-amount", project: "shop", manifest });
    const id = toGlobalId("ChangeRequest", proposed.changeRequest.id);
    const data = await server.data<{ changeRequest: { alteredMetrics: Json[]; changes: { reasonCode: string; message: string }[] } }>(
      token,
      `query($id: ID!) { changeRequest(id: $id) { alteredMetrics { uniqueId degree owners message } changes { reasonCode message } } }`,
      { id },
    );
    const revenue = data.changeRequest.alteredMetrics.find((m) => m.uniqueId === "metric.shop.revenue");
    // The change redefines the semantic model too, so the metric is one hop from a changed asset.
    expect(revenue).toEqual({
      uniqueId: "metric.shop.revenue",
      degree: 1,
      owners: ["bruno@shop.example", "finance@shop.example"],
      message: "This change alters metric revenue (owned by bruno@shop.example, finance@shop.example).",
    });
    expect(data.changeRequest.alteredMetrics).toHaveLength(7);
    expect(data.changeRequest.changes).toContainEqual({
      reasonCode: "DEFINITION_CHANGED",
      message: "Semantic model orders is defined differently: measure order_count: count(1) (was sum(1)).",
    });
  });
});
