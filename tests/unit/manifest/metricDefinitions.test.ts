/**
 * Metrics, semantic models, saved queries and exposures read from every manifest version that
 * has them: the hand-made fixtures (legacy v4–v9, semantic layer v10–v12) with exact
 * counts, the dbt-core fixtures v4–v12, and a definition dbt shaped unexpectedly.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseManifest, snapshotCounts, type CatalogSnapshot } from "../../../src/core/manifest/index.js";
import type { MetricDefinition, SavedQueryDefinition, SemanticModelDefinition } from "../../../src/core/manifest/semantic/definition.js";
import { metricFormula } from "../../../src/core/metrics/formula.js";
import { fixturePath } from "../../support/fixtures.js";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const built = (name: string): Json => JSON.parse(readFileSync(path.join(import.meta.dirname, "..", "..", "fixtures", "built", name, "manifest.json"), "utf8")) as Json;
const dbtCore = (version: number): Json => JSON.parse(readFileSync(fixturePath("dbt_core_schema_versions", `v${version}`, "manifest.json"), "utf8")) as Json;

function parsed(manifest: Json): CatalogSnapshot {
  const result = parseManifest({ manifest });
  if (!result.ok) throw new Error(result.error.message);
  return result.snapshot;
}

const definitionOf = <T>(snapshot: CatalogSnapshot, uniqueId: string): T => snapshot.assets.find((a) => a.uniqueId === uniqueId)?.definition as T;

describe("metric fixtures: exact counts", () => {
  it.each([
    ["metrics_legacy_v4", { metrics: 3, semanticModels: 0, savedQueries: 0, exposures: 1, columns: 16, edges: 8, owners: 3 }],
    ["metrics_legacy_v5", { metrics: 3, semanticModels: 0, savedQueries: 0, exposures: 1, columns: 16, edges: 8, owners: 3 }],
    ["metrics_legacy_v6", { metrics: 3, semanticModels: 0, savedQueries: 0, exposures: 1, columns: 16, edges: 8, owners: 3 }],
    ["metrics_legacy_v7", { metrics: 4, semanticModels: 0, savedQueries: 0, exposures: 1, columns: 16, edges: 9, owners: 3 }],
    ["metrics_legacy_v8", { metrics: 4, semanticModels: 0, savedQueries: 0, exposures: 1, columns: 16, edges: 9, owners: 3 }],
    ["metrics_legacy_v9", { metrics: 4, semanticModels: 0, savedQueries: 0, exposures: 1, columns: 16, edges: 9, owners: 4 }],
    ["semantic_layer_v10", { metrics: 6, semanticModels: 1, savedQueries: 0, exposures: 1, columns: 24, edges: 13, owners: 4 }],
    ["semantic_layer_v11", { metrics: 6, semanticModels: 1, savedQueries: 1, exposures: 1, columns: 24, edges: 15, owners: 4 }],
    ["semantic_layer_v12", { metrics: 7, semanticModels: 1, savedQueries: 1, exposures: 1, columns: 24, edges: 16, owners: 4 }],
    ["semantic_measures_v12", { metrics: 9, semanticModels: 1, savedQueries: 1, exposures: 1, columns: 26, edges: 18, owners: 4 }],
  ])("%s", (name, expected) => {
    const snapshot = parsed(built(name));
    const counts = snapshotCounts(snapshot);
    expect({
      metrics: counts.metrics,
      semanticModels: counts.semanticModels,
      savedQueries: counts.savedQueries,
      exposures: counts.exposures,
      columns: counts.columns,
      edges: counts.edges,
      owners: counts.owners,
    }).toEqual(expected);
    expect(snapshot.diagnostics).toEqual([]);
    // Every metric, semantic model, saved query and exposure has its definition.
    const defined = snapshot.assets.filter((a) => ["METRIC", "SEMANTIC_MODEL", "SAVED_QUERY", "EXPOSURE"].includes(a.kind));
    expect(defined.every((a) => a.definition !== undefined)).toBe(true);
  });
});

describe("legacy metrics (dbt ≤ 1.5)", () => {
  it("reads type/sql (v4) and calculation_method/expression (v7+) alike, with filters, grains and dimensions", () => {
    for (const name of ["metrics_legacy_v4", "metrics_legacy_v5", "metrics_legacy_v6", "metrics_legacy_v7", "metrics_legacy_v8", "metrics_legacy_v9"]) {
      const revenue = definitionOf<MetricDefinition>(parsed(built(name)), "metric.shop.revenue");
      expect(revenue).toMatchObject({
        style: "legacy",
        type: "sum",
        aggregation: "sum",
        expression: "amount",
        model: "ref('orders')",
        timestamp: "ordered_at",
        timeGrains: ["day", "week", "month"],
        dimensions: ["status"],
        filters: ["status = 'completed'"],
      });
    }
  });

  it("reads the window (v7+) and a derived metric's inputs (v6+)", () => {
    for (const version of [7, 8, 9]) {
      const snapshot = parsed(built(`metrics_legacy_v${version}`));
      expect(definitionOf<MetricDefinition>(snapshot, "metric.shop.rolling_revenue").window, `v${version}`).toBe("14 day");
    }
    for (const version of [6, 7, 8, 9]) {
      const derived = definitionOf<MetricDefinition>(parsed(built(`metrics_legacy_v${version}`)), "metric.shop.average_order_value");
      expect(derived.inputMetrics.map((i) => i.name), `v${version}`).toEqual(["revenue", "order_count"]);
      expect(metricFormula(derived, () => undefined)).toBe("revenue / order_count, by ordered_at, at day/week/month grain");
    }
    // dbt 1.1 names no inputs: its expression metric depends on them (lineage) and has a model all the same.
    const v5 = definitionOf<MetricDefinition>(parsed(built("metrics_legacy_v5")), "metric.shop.average_order_value");
    expect(v5).toMatchObject({ type: "expression", expression: "revenue / order_count", model: "ref('orders')", inputMetrics: [] });
    expect(parsed(built("metrics_legacy_v5")).edges).toContainEqual({ from: "metric.shop.revenue", to: "metric.shop.average_order_value" });
  });

  it("reads the one metric of each dbt-core fixture v4–v9", () => {
    for (const version of [4, 5, 6, 7, 8, 9]) {
      const metric = definitionOf<MetricDefinition>(parsed(dbtCore(version)), "metric.test.my_metric");
      expect(metric, `v${version}`).toMatchObject({ style: "legacy", type: "count", expression: "*", timestamp: "updated_at", timeGrains: ["day"] });
    }
  });
});

describe("semantic-layer metrics (dbt ≥ 1.6)", () => {
  it("reads simple, ratio, derived, cumulative and conversion metrics with their filters (v10 and v11+ filter shapes)", () => {
    for (const name of ["semantic_layer_v10", "semantic_layer_v11", "semantic_layer_v12"]) {
      const snapshot = parsed(built(name));
      const revenue = definitionOf<MetricDefinition>(snapshot, "metric.shop.revenue");
      expect(revenue).toMatchObject({ style: "semantic", type: "simple", filters: ["{{ Dimension('order__status') }} = 'completed'"] });
      expect(revenue.measures).toEqual([{ name: "order_total", filters: [], alias: null }]);
      const ratio = definitionOf<MetricDefinition>(snapshot, "metric.shop.average_order_value");
      expect(ratio.inputMetrics.map((i) => [i.name, i.role])).toEqual([["revenue", "numerator"], ["order_count", "denominator"]]);
      const derived = definitionOf<MetricDefinition>(snapshot, "metric.shop.revenue_per_customer");
      expect(derived).toMatchObject({ type: "derived", expression: "revenue / customers" });
      expect(definitionOf<MetricDefinition>(snapshot, "metric.shop.weekly_revenue")).toMatchObject({ type: "cumulative", window: "7 day" });
    }
    const conversion = definitionOf<MetricDefinition>(parsed(built("semantic_layer_v12")), "metric.shop.first_order_rate");
    expect(conversion.conversion).toEqual({
      entity: "customer",
      calculation: "conversion_rate",
      baseMeasure: { name: "customers_with_orders", filters: [], alias: null },
      conversionMeasure: { name: "first_orders", filters: [], alias: null },
      window: "30 day",
      constantProperties: [],
    });
  });

  it("reads what changes a measure's meaning beyond its aggregation: a percentile, a semi-additive dimension, a conversion's constant properties", () => {
    const snapshot = parsed(built("semantic_measures_v12"));
    const measures = definitionOf<SemanticModelDefinition>(snapshot, "semantic_model.shop.orders").measures;
    const measureOf = (name: string) => measures.find((m) => m.name === name);
    expect(measureOf("p90_order_amount")).toMatchObject({ agg: "percentile", percentile: { percentile: 0.9, discrete: true, approximate: false }, nonAdditiveDimension: null });
    expect(measureOf("open_balance")).toMatchObject({ agg: "sum", percentile: null, nonAdditiveDimension: { name: "ordered_at", windowChoice: "max", windowGroupings: ["customer"] } });
    // dbt writes agg_params with nulls on every measure: no percentile is read from them.
    expect(measureOf("order_total")).toMatchObject({ percentile: null, nonAdditiveDimension: null });
    const formula = (name: string) => metricFormula(definitionOf<MetricDefinition>(snapshot, `metric.shop.${name}`), measureOf);
    expect(formula("p90_order_amount")).toBe("90th percentile (discrete)(amount) [p90_order_amount]");
    expect(formula("open_balance")).toBe("sum(amount - paid_amount) [open_balance] at the last ordered_at per customer");
    expect(formula("first_order_rate")).toBe(
      "conversion_rate of sum_boolean(is_first_order) [first_orders] among count_distinct(customer_id) [customers_with_orders] per customer within 30 day with the same status",
    );
  });

  it("reads a semantic model's entities, dimensions and measures, and makes them its columns", () => {
    const snapshot = parsed(built("semantic_layer_v12"));
    const model = snapshot.assets.find((a) => a.uniqueId === "semantic_model.shop.orders")!;
    const definition = model.definition as SemanticModelDefinition;
    expect(definition).toMatchObject({ model: "ref('orders')", aggTimeDimension: "ordered_at" });
    expect(definition.measures.map((m) => `${m.name}=${m.agg}(${m.expr})`)).toEqual([
      "order_total=sum(amount)",
      "order_count=sum(1)",
      "customers_with_orders=count_distinct(customer_id)",
      "first_orders=sum_boolean(is_first_order)",
    ]);
    expect(model.columns.map((c) => c.name)).toEqual(["order", "customer", "status", "ordered_at", "order_total", "order_count", "customers_with_orders", "first_orders"]);
    expect(model.groupName).toBe("finance");
    expect(model.owners).toEqual([{ name: "Finance", email: "finance@shop.example", handle: null }]);
  });

  it("reads saved queries (v11+) as assets downstream of their metrics, and exposures' maturity", () => {
    expect(definitionOf(parsed(built("semantic_layer_v11")), "saved_query.shop.weekly_finance")).toEqual(definitionOf(parsed(built("semantic_layer_v12")), "saved_query.shop.weekly_finance"));
    const snapshot = parsed(built("semantic_layer_v12"));
    const query = definitionOf<SavedQueryDefinition>(snapshot, "saved_query.shop.weekly_finance");
    expect(query).toEqual({
      definitionKind: "saved_query",
      label: "Weekly finance",
      metrics: ["revenue", "order_count"],
      groupBy: ["TimeDimension('metric_time', 'week')"],
      where: ["{{ Dimension('order__status') }} != 'returned'"],
      exports: [{ name: "weekly_finance_export", exportAs: "table", schema: "exports", alias: "weekly_finance" }],
    });
    expect(snapshot.edges).toContainEqual({ from: "metric.shop.revenue", to: "saved_query.shop.weekly_finance" });
    expect(definitionOf(snapshot, "exposure.shop.finance_dashboard")).toEqual({
      definitionKind: "exposure",
      label: "Finance dashboard",
      type: "dashboard",
      maturity: "high",
      url: "https://bi.shop.example/finance",
    });
  });

  it("reads the dbt-core fixtures v10–v12: four metrics and a semantic model each", () => {
    for (const version of [10, 11, 12]) {
      const snapshot = parsed(dbtCore(version));
      const blue = definitionOf<MetricDefinition>(snapshot, "metric.test.blue_customers_post_2010");
      expect(blue.filters, `v${version}`).toEqual(["{{ TimeDimension('id__created_at', 'day') }} > '2010-01-01'"]);
      expect(blue.measures).toEqual([{ name: "customers", filters: ["{{ Dimension('id__favorite_color') }} = 'blue'"], alias: null }]);
      expect(definitionOf<SemanticModelDefinition>(snapshot, "semantic_model.test.semantic_people").measures).toHaveLength(3);
    }
  });
});

describe("a definition dbt shaped unexpectedly", () => {
  it("is reported and left out; the manifest and the metric are kept", () => {
    const manifest = built("semantic_layer_v12");
    manifest.metrics["metric.shop.revenue"].type_params.measure = "order_total";
    const snapshot = parsed(manifest);
    const revenue = snapshot.assets.find((a) => a.uniqueId === "metric.shop.revenue")!;
    expect(revenue.definition).toBeUndefined();
    expect(revenue.subtype).toBe("simple");
    const diagnostic = snapshot.diagnostics.find((d) => d.code === "DEFINITION_UNREADABLE");
    expect(diagnostic).toMatchObject({ severity: "warning", uniqueId: "metric.shop.revenue" });
    expect(diagnostic?.message).toContain("$.type_params.measure");
  });
});

describe("native manifest metrics", () => {
  const native = (metrics: Json[]): Json => ({
    format: "tributary/v1",
    project: "shop",
    models: [{ name: "orders", sql: "select order_id, amount, status from raw.orders", columns: [{ name: "order_id" }, { name: "amount" }, { name: "status" }] }],
    metrics,
  });

  it("become METRIC assets with a definition, downstream of their model and input metrics", () => {
    const snapshot = parsed(
      native([
        { name: "revenue", aggregation: "sum", expression: "amount", model: "orders", filters: ["status = 'completed'"], time_grains: ["day"], owners: ["bruno@shop.example"] },
        { name: "order_count", aggregation: "count", expression: "order_id", model: "orders" },
        { name: "average_order_value", aggregation: "derived", expression: "revenue / order_count", metrics: ["revenue", "order_count", "margin"] },
      ]),
    );
    expect(snapshotCounts(snapshot).metrics).toBe(3);
    const revenue = snapshot.assets.find((a) => a.uniqueId === "metric.shop.revenue")!;
    expect(revenue.owners).toEqual([{ name: null, email: "bruno@shop.example", handle: null }]);
    expect(metricFormula(revenue.definition as MetricDefinition, () => undefined)).toBe("sum(amount) of orders, where status = 'completed', at day grain");
    expect(snapshot.edges).toEqual(
      expect.arrayContaining([
        { from: "model.shop.orders", to: "metric.shop.revenue" },
        { from: "metric.shop.revenue", to: "metric.shop.average_order_value" },
        { from: "metric.shop.order_count", to: "metric.shop.average_order_value" },
      ]),
    );
    expect(snapshot.diagnostics).toContainEqual(expect.objectContaining({ code: "UNKNOWN_DEPENDENCY", path: "$.metrics[2].metrics[2]" }));
  });

  it("take a measure's percentile and non-additive dimension, and refuse a percentile outside 0–1 with where", () => {
    const manifest = (measure: Json): Json => ({
      ...native([]),
      semantic_models: [{ name: "orders", model: "orders", entities: [{ name: "order", type: "primary", expr: "order_id" }], measures: [measure] }],
    });
    const snapshot = parsed(manifest({ name: "balance", agg: "sum", expr: "amount", non_additive_dimension: { name: "ordered_at", window_choice: "min" } }));
    const measure = (snapshot.assets.find((a) => a.uniqueId === "semantic_model.shop.orders")!.definition as SemanticModelDefinition).measures[0];
    expect(measure).toMatchObject({ percentile: null, nonAdditiveDimension: { name: "ordered_at", windowChoice: "min", windowGroupings: [] } });
    const p95 = parsed(manifest({ name: "p95", agg: "percentile", expr: "amount", agg_params: { percentile: 0.95, use_approximate_percentile: true } }));
    expect((p95.assets.find((a) => a.uniqueId === "semantic_model.shop.orders")!.definition as SemanticModelDefinition).measures[0]!.percentile).toEqual({ percentile: 0.95, discrete: false, approximate: true });
    const refused = parseManifest({ manifest: manifest({ name: "p95", agg: "percentile", expr: "amount", agg_params: { percentile: 95 } }) });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error).toMatchObject({ code: "INVALID_MANIFEST", path: "$.semantic_models[0].measures[0].agg_params.percentile" });
  });

  it("refuse a metric that aggregates no model, with where and what", () => {
    const result = parseManifest({ manifest: native([{ name: "revenue", aggregation: "sum", expression: "amount" }]) });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatchObject({ code: "INVALID_MANIFEST", path: "$.metrics[0].model" });
  });
});

describe("groups", () => {
  it("are read from dbt manifests v9+ with their owners; earlier versions have none", () => {
    for (const name of ["metrics_legacy_v9", "semantic_layer_v10", "semantic_layer_v11", "semantic_layer_v12"]) {
      expect(parsed(built(name)).groups, name).toEqual([{ name: "finance", owner: { name: "Finance", email: "finance@shop.example", handle: null }, description: null }]);
    }
    expect(parsed(built("metrics_legacy_v8")).groups).toEqual([]);
  });

  it("are declared in a native manifest: a model's group names its owner as the model's owner too, and an undeclared group is refused", () => {
    const manifest = {
      format: "tributary/v1",
      project: "shop",
      groups: [{ name: "finance", owner: "Finance <finance@shop.example>", description: "The finance team's models." }],
      models: [{ name: "orders", sql: "select 1 as id", group: "finance", access: "public", owners: ["ana@shop.example"] }],
    };
    const snapshot = parsed(manifest);
    expect(snapshot.groups).toEqual([{ name: "finance", owner: { name: "Finance", email: "finance@shop.example", handle: null }, description: "The finance team's models." }]);
    const orders = snapshot.assets[0]!;
    expect([orders.groupName, orders.access]).toEqual(["finance", "public"]);
    expect(orders.owners.map((o) => o.email)).toEqual(["ana@shop.example", "finance@shop.example"]);
    const result = parseManifest({ manifest: { ...manifest, groups: [] } });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatchObject({ code: "INVALID_MANIFEST", path: "$.models[0].group" });
  });
});
