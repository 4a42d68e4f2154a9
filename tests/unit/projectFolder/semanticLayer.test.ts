/**
 * A project folder's semantic layer (tests/fixtures/projects/semantic_layer): semantic models,
 * every metric type in the YAML spellings dbt accepts, saved queries, groups and doc blocks, read
 * as dbt reads them, with exact counts; the same definitions as a compiled manifest gives.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parseManifest, snapshotCounts, type CatalogSnapshot } from "../../../src/core/manifest/index.js";
import type { MetricDefinition, SavedQueryDefinition, SemanticModelDefinition } from "../../../src/core/manifest/semantic/definition.js";
import { metricFormula } from "../../../src/core/metrics/formula.js";
import { readDbtProject, type ProjectFolderResult } from "../../../src/projectFolder/index.js";

const fixtures = path.join(import.meta.dirname, "..", "..", "fixtures");

describe("a project folder's semantic layer", () => {
  let result: ProjectFolderResult;
  let snapshot: CatalogSnapshot;
  let compiled: CatalogSnapshot;
  const definition = <T>(s: CatalogSnapshot, uniqueId: string): T => s.assets.find((a) => a.uniqueId === uniqueId)!.definition as T;

  beforeAll(async () => {
    result = await readDbtProject(path.join(fixtures, "projects", "semantic_layer"));
    const parsed = parseManifest({ manifest: result.manifest });
    if (!parsed.ok) throw new Error(parsed.error.message);
    snapshot = parsed.snapshot;
    const v12 = parseManifest({ manifest: JSON.parse(readFileSync(path.join(fixtures, "built", "semantic_layer_v12", "manifest.json"), "utf8")) });
    if (!v12.ok) throw new Error(v12.error.message);
    compiled = v12.snapshot;
  });

  it("reads exact counts, and reports the one metric its type cannot build", () => {
    expect(result.stats).toMatchObject({ models: 2, sources: 1, metrics: 10, semanticModels: 1, savedQueries: 1, groups: 1 });
    expect(result.manifest.semantic_metrics).toHaveLength(9);
    expect(result.manifest.metrics).toHaveLength(1);
    expect(result.diagnostics).toEqual([expect.objectContaining({ code: "SEMANTIC_ENTRY_INVALID", path: "models/marts/orders.yml", message: expect.stringContaining('"broken_ratio"') })]);
    const counts = snapshotCounts(snapshot);
    expect({ metrics: counts.metrics, semanticModels: counts.semanticModels, savedQueries: counts.savedQueries, columns: counts.columns, edges: counts.edges }).toEqual({
      metrics: 10,
      semanticModels: 1,
      savedQueries: 1,
      columns: 14,
      edges: 16,
    });
    expect(snapshot.diagnostics).toEqual([]);
  });

  it("reads the semantic model as a compiled manifest gives it", () => {
    const folder = definition<SemanticModelDefinition>(snapshot, "semantic_model.shop.orders");
    const manifest = definition<SemanticModelDefinition>(compiled, "semantic_model.shop.orders");
    expect(folder).toEqual({ ...manifest, measures: manifest.measures.map((m) => ({ ...m, description: m.name === "order_total" ? "Sum of order amounts." : m.description })) });
    expect(snapshot.edges).toContainEqual({ from: "model.shop.orders", to: "semantic_model.shop.orders" });
  });

  it("reads every metric type in each YAML spelling: measures by name or object, filters as a string or a list, windows as '7 days'", () => {
    const formula = (name: string) => metricFormula(definition<MetricDefinition>(snapshot, `metric.shop.${name}`), (measure) => definition<SemanticModelDefinition>(snapshot, "semantic_model.shop.orders").measures.find((m) => m.name === measure));
    expect(formula("revenue")).toBe("sum(amount) [order_total], where {{ Dimension('order__status') }} = 'completed'");
    expect(formula("paid_order_count")).toBe("sum(1) [order_count] where {{ Dimension('order__status') }} != 'returned'");
    expect(formula("average_order_value")).toBe("revenue / order_count where {{ Dimension('order__status') }} = 'completed'");
    expect(formula("revenue_growth")).toBe("(revenue - revenue_last_week) / revenue_last_week (with revenue offset 7 day)");
    expect(formula("weekly_revenue")).toBe("cumulative sum(amount) [order_total] over a 7 day window");
    expect(formula("revenue_to_date")).toBe("cumulative sum(amount) [order_total] month to date");
    expect(formula("first_order_rate")).toBe("conversion_rate of sum_boolean(is_first_order) [first_orders] among count_distinct(customer_id) [customers_with_orders] per customer within 30 day");
    // The compiled manifest's metrics of the same names read the same (v12 adds revenue's time granularity).
    for (const name of ["order_count", "customers", "weekly_revenue", "first_order_rate"]) {
      expect(definition(snapshot, `metric.shop.${name}`), name).toEqual({ ...definition<MetricDefinition>(compiled, `metric.shop.${name}`), label: null });
    }
    expect(definition(snapshot, "metric.shop.legacy_order_count")).toMatchObject({ style: "legacy", aggregation: "count", expression: "order_id" });
  });

  it("renders doc blocks, reads owners from meta and groups, and declares dependencies as dbt does", () => {
    const revenue = snapshot.assets.find((a) => a.uniqueId === "metric.shop.revenue")!;
    expect(revenue.description).toBe("Revenue from completed orders, in EUR.");
    expect(revenue.owners.map((o) => o.email)).toEqual(["bruno@shop.example"]);
    const orders = snapshot.assets.find((a) => a.uniqueId === "model.shop.orders")!;
    expect([orders.groupName, orders.access, orders.owners.map((o) => o.email)]).toEqual(["finance", "public", ["finance@shop.example"]]);
    expect(snapshot.groups).toEqual([{ name: "finance", owner: { name: "Finance", email: "finance@shop.example", handle: null }, description: null }]);
    const parents = (id: string) => snapshot.edges.filter((e) => e.to === id).map((e) => e.from).sort();
    expect(parents("metric.shop.revenue")).toEqual(["semantic_model.shop.orders"]);
    expect(parents("metric.shop.average_order_value")).toEqual(["metric.shop.order_count", "metric.shop.revenue"]);
    expect(parents("metric.shop.revenue_growth")).toEqual(["metric.shop.revenue"]);
    expect(parents("saved_query.shop.weekly_finance")).toEqual(["metric.shop.order_count", "metric.shop.revenue"]);
    expect(definition<SavedQueryDefinition>(snapshot, "saved_query.shop.weekly_finance")).toEqual(definition(compiled, "saved_query.shop.weekly_finance"));
  });
});

describe("a project folder's measures with parameters (tests/fixtures/projects/semantic_measures)", () => {
  it("reads a percentile, a semi-additive dimension and a conversion's constant properties as the compiled manifest gives them", async () => {
    const result = await readDbtProject(path.join(fixtures, "projects", "semantic_measures"));
    const parsed = parseManifest({ manifest: result.manifest });
    if (!parsed.ok) throw new Error(parsed.error.message);
    const compiled = parseManifest({ manifest: JSON.parse(readFileSync(path.join(fixtures, "built", "semantic_measures_v12", "manifest.json"), "utf8")) });
    if (!compiled.ok) throw new Error(compiled.error.message);
    const measuresOf = (s: CatalogSnapshot) => (s.assets.find((a) => a.uniqueId === "semantic_model.shop.orders")!.definition as SemanticModelDefinition).measures;
    const folder = measuresOf(parsed.snapshot);
    for (const name of ["p90_order_amount", "open_balance"]) {
      const { description: _, ...expected } = measuresOf(compiled.snapshot).find((m) => m.name === name)!;
      expect(folder.find((m) => m.name === name), name).toMatchObject(expected);
    }
    // A percentile outside 0–1 is left out (MetricFlow refuses it); the measure stays.
    expect(folder.find((m) => m.name === "broken_percentile")).toMatchObject({ agg: "percentile", percentile: null });
    const conversion = (s: CatalogSnapshot) => (s.assets.find((a) => a.uniqueId === "metric.shop.first_order_rate")!.definition as MetricDefinition).conversion;
    expect(conversion(parsed.snapshot)?.constantProperties).toEqual([{ base: "status", conversion: "status" }]);
    expect(conversion(parsed.snapshot)).toEqual(conversion(compiled.snapshot));
  });
});
