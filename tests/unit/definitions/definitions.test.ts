/** The pure parts of the glossary and of business definitions: names, meta links, formulas, conflicts. */
import { describe, expect, it } from "vitest";
import { definitionConflictFindings } from "../../../src/core/change/definitionFindings.js";
import { definitionsOf, findConflicts, newConflicts, relationName } from "../../../src/core/definitions/index.js";
import { termsFromMeta } from "../../../src/core/glossary/metaTerms.js";
import { termInputSchema } from "../../../src/core/glossary/termInput.js";
import { normalizeTermName, TermMatcher } from "../../../src/core/glossary/termNames.js";
import { matchTerms } from "../../../src/core/glossary/termSearch.js";
import { metricBusinessFormula, type ProjectSemantics } from "../../../src/core/definitions/metricFormula.js";
import type { MetricDefinition, SemanticMeasure } from "../../../src/core/manifest/semantic/definition.js";
import { analyzeSql } from "../../../src/core/sql/index.js";

const LTV = { id: "t1", name: "Lifetime value", synonyms: ["customer lifetime value"], abbreviations: ["LTV", "CLV"], definition: "What a customer spent over the relationship." };

const mart = (name: string, sql: string, columns: { name: string; description?: string; meta?: object }[]) => ({
  uniqueId: `model.p.${name}`,
  name,
  kind: "MODEL",
  layer: "MART",
  description: null,
  sql,
  meta: {},
  owners: ["email:ana@x.test"],
  columns: columns.map((c) => ({ description: null, meta: {}, ...c })),
});

describe("glossary names", () => {
  it("normalizes names and expands a term's name, synonym or abbreviation to its other names", () => {
    expect(normalizeTermName(" Customer_Acquisition-Cost ")).toBe("customer acquisition cost");
    const terms = new TermMatcher([LTV]);
    expect(terms.expansions("ltv")).toEqual(["lifetime value", "customer lifetime value", "clv"]);
    expect(terms.expansions("Customer Lifetime Value")).toEqual(["lifetime value", "ltv", "clv"]);
    expect(terms.expansions("value")).toEqual([]);
  });

  it("scores terms by exact name, prefix, then definition words", () => {
    expect(matchTerms([LTV], "CLV")).toEqual([{ termId: "t1", name: "Lifetime value", score: 1001 }]);
    expect(matchTerms([LTV], "lifetime")[0]!.score).toBe(501);
    expect(matchTerms([LTV], "relationship")[0]!.score).toBe(101);
    expect(matchTerms([LTV], "revenue")).toEqual([]);
  });

  it("reads term links from meta.tributary.terms and OpenMetadata's meta.openmetadata.glossary, ignoring anything else", () => {
    expect(termsFromMeta({ tributary: { terms: "CAC" } })).toEqual(["CAC"]);
    expect(termsFromMeta({ tributary: { terms: ["LTV", 3, " "] }, openmetadata: { glossary: ["Business.Revenue"] } })).toEqual(["LTV", "Revenue"]);
    expect(termsFromMeta({ tributary: "CAC" })).toEqual([]);
    expect(termsFromMeta(null)).toEqual([]);
  });

  it("validates term input with one clear error per problem", () => {
    expect(termInputSchema.parse({ name: "LTV", definition: "x" })).toEqual({ name: "LTV", definition: "x", synonyms: [], abbreviations: [], ownerEmail: null, status: "DRAFT" });
    expect(termInputSchema.safeParse({ name: "--", definition: "x" }).success).toBe(false);
    expect(termInputSchema.safeParse({ name: "LTV", definition: "x", colour: "red" }).success).toBe(false);
  });
});

describe("formulas from SQL", () => {
  it("keeps each output's normalized expression, through CTE copies, and names relations by their last part", () => {
    const { columnLineage } = analyzeSql({ sql: "with t as (select SUM(amount) AS total from {{ ref('orders') }}) select total, total * 2 as doubled from t" });
    expect(columnLineage.map((c) => [c.target, c.expression])).toEqual([
      ["total", "sum(amount)"],
      ["doubled", "total * 2"],
    ]);
    expect(relationName("ref('orders')")).toBe("orders");
    expect(relationName("source('shop', 'Orders')")).toBe("orders");
    expect(relationName('ANALYTICS.MARTS."ORDERS"')).toBe("orders");
  });

  it("takes computed mart columns and linked columns as definitions, not copies", () => {
    const definitions = definitionsOf({
      project: "p",
      adapter: "postgres",
      assets: [mart("customers", "select id, sum(amount) as ltv, name from {{ ref('orders') }} group by id, name", [{ name: "id" }, { name: "ltv" }, { name: "name", meta: { tributary: { terms: ["Lifetime value"] } } }])],
    });
    expect(definitions.map((d) => [d.key, d.formula.expression, d.formula.aggregations, d.formula.grain, d.linkedTerms])).toEqual([
      ["p/model.p.customers#ltv", "sum(amount)", ["sum"], ["orders.id", "orders.name"], []],
      ["p/model.p.customers#name", "name", [], ["orders.id", "orders.name"], ["Lifetime value"]],
    ]);
  });
});

describe("conflicting definitions", () => {
  const of = (project: string, sql: string, column: string, description: string | null = null) =>
    definitionsOf({ project, adapter: null, assets: [mart("m", sql, [{ name: column, ...(description ? { description } : {}) }])] });

  it("groups by glossary term (any of its names) and reports the aspects that differ", () => {
    const a = of("a", "select sum(amount) as ltv from {{ ref('orders') }}", "ltv");
    const b = of("b", "select sum(amount) as customer_lifetime_value from {{ ref('orders') }} where status = 'paid'", "customer_lifetime_value");
    const withTerm = findConflicts([...a, ...b], new TermMatcher([LTV]));
    expect(withTerm.map((c) => [c.concept.key, c.differences, c.resolved])).toEqual([["term:t1", ["FILTERS"], false]]);
    // Without the glossary the two names are two concepts.
    expect(findConflicts([...a, ...b], new TermMatcher([]))).toEqual([]);
  });

  it("sees no conflict in identical definitions, and a description that only one side has disagrees with nothing", () => {
    const a = of("a", "select sum(amount) as revenue from {{ ref('orders') }}", "revenue", "Paid orders.");
    const b = of("b", "select sum(amount) as revenue from {{ ref('orders') }}", "revenue");
    expect(findConflicts([...a, ...b], new TermMatcher([]))).toEqual([]);
    const c = of("c", "select sum(amount) as revenue from {{ ref('orders') }}", "revenue", "All orders, refunds included.");
    expect(findConflicts([...a, ...c], new TermMatcher([]))[0]!.differences).toEqual(["DESCRIPTION"]);
  });

  it("calls a conflict new when the concept was not in conflict, or gains a definition unlike all it had", () => {
    const terms = new TermMatcher([]);
    const a = of("a", "select sum(amount) as revenue from t", "revenue");
    const b = of("b", "select sum(net) as revenue from t", "revenue");
    const c = of("c", "select count(order_id) as revenue from t", "revenue");
    const before = findConflicts([...a, ...b], terms);
    expect(newConflicts([], before)).toHaveLength(1);
    expect(newConflicts(before, before)).toEqual([]);
    expect(newConflicts(before, findConflicts([...a, ...b, ...c], terms))).toHaveLength(1);
  });

  it("names, in the posted project's DEFINITION_CONFLICT findings, every other definition of the concept: other projects' and its own", () => {
    const p = definitionsOf({
      project: "p",
      adapter: null,
      assets: [mart("orders", "select sum(amount) as revenue from t", [{ name: "revenue" }]), mart("refunds", "select sum(net) as revenue from t", [{ name: "revenue" }])],
    });
    const q = of("q", "select count(order_id) as revenue from t", "revenue");
    const conflicts = findConflicts([...p, ...q], new TermMatcher([]));
    expect(definitionConflictFindings(conflicts, "p").map((f) => [f.assetUniqueId, f.message.replace(/ \(.*/, "")])).toEqual([
      ["model.p.orders", `orders.revenue defines "revenue" differently from p's refunds.revenue, q's m.revenue`],
      ["model.p.refunds", `refunds.revenue defines "revenue" differently from p's orders.revenue, q's m.revenue`],
    ]);
    // Two ways within one project are a conflict too, and each names the other.
    const own = definitionConflictFindings(findConflicts(p, new TermMatcher([])), "p");
    expect(own.map((f) => f.message.replace(/ \(.*/, ""))).toEqual([
      `orders.revenue defines "revenue" differently from p's refunds.revenue`,
      `refunds.revenue defines "revenue" differently from p's orders.revenue`,
    ]);
  });
});

describe("metrics as definitions", () => {
  const semanticModel = {
    uniqueId: "semantic_model.p.orders",
    name: "orders",
    kind: "SEMANTIC_MODEL",
    layer: "MART",
    description: null,
    sql: null,
    meta: {},
    owners: [],
    columns: [],
    definition: {
      definitionKind: "semantic_model" as const,
      model: "ref('orders')",
      aggTimeDimension: null,
      primaryEntity: null,
      entities: [],
      dimensions: [],
      measures: [
        { name: "order_total", agg: "sum", expr: "amount", description: null, aggTimeDimension: null },
        { name: "buyers", agg: "count_distinct", expr: "customer_id", description: null, aggTimeDimension: null },
        { name: "firsts", agg: "sum_boolean", expr: "is_first_order", description: null, aggTimeDimension: null },
      ],
    },
  };
  const blank: Omit<MetricDefinition, "definitionKind" | "type"> = { style: "semantic", label: null, aggregation: null, expression: null, model: null, timestamp: null, timeGrains: [], timeGranularity: null, dimensions: [], filters: [], window: null, grainToDate: null, measures: [], inputMetrics: [], conversion: null };
  const use = (name: string, role: string | null = null, filters: string[] = []) => ({ name, filters, alias: null, offset: null, role });
  const metric = (name: string, definition: Partial<MetricDefinition> & { type: string }) => ({
    uniqueId: `metric.p.${name}`,
    name,
    kind: "METRIC",
    layer: "MART",
    description: null,
    sql: null,
    meta: {},
    owners: [],
    columns: [],
    definition: { definitionKind: "metric" as const, ...blank, ...definition },
  });
  const metrics = [
    metric("revenue", { type: "simple", measures: [use("order_total")], filters: ["{{ Dimension('order__status') }} = 'completed'"], timeGranularity: "day" }),
    metric("buyers", { type: "simple", measures: [use("buyers")] }),
    metric("revenue_per_buyer", { type: "ratio", inputMetrics: [use("revenue", "numerator"), use("buyers", "denominator", ["is_new"])] }),
    metric("net", { type: "derived", expression: "revenue - revenue_per_buyer", inputMetrics: [use("revenue"), use("revenue_per_buyer")] }),
    metric("weekly", { type: "cumulative", measures: [use("order_total")], window: "7 day" }),
    metric("first_rate", { type: "conversion", conversion: { entity: "customer", calculation: "conversion_rate", baseMeasure: use("buyers"), conversionMeasure: use("firsts"), window: "30 day" } }),
  ];
  const byName = (list: ReturnType<typeof definitionsOf>) => new Map(list.map((d) => [d.name, d]));

  it("resolves every metric type to its measures' aggregations over the model's columns, inputs by their own formulas", () => {
    const found = byName(definitionsOf({ project: "p", adapter: null, assets: [semanticModel, ...metrics] }));
    expect([...found.keys()]).toEqual(["revenue", "buyers", "revenue_per_buyer", "net", "weekly", "first_rate"]);
    expect(found.get("revenue")!.formula).toEqual({
      expression: "sum(amount) where {{ dimension('order__status') }} = 'completed'",
      aggregations: ["sum"],
      upstream: ["orders.amount"],
      filters: ["{{ dimension('order__status') }} = 'completed'"],
      grain: ["day"],
    });
    expect(found.get("revenue")!.summary).toBe("sum(amount) [order_total], where {{ Dimension('order__status') }} = 'completed', at day grain");
    expect(found.get("revenue_per_buyer")!.formula).toMatchObject({
      expression: "(sum(amount) where {{ dimension('order__status') }} = 'completed') / (count(distinct customer_id) where is_new)",
      aggregations: ["sum", "count distinct"],
      upstream: ["orders.amount", "orders.customer_id"],
      filters: ["is_new", "{{ dimension('order__status') }} = 'completed'"],
    });
    expect(found.get("net")!.formula.expression).toBe(
      "(sum(amount) where {{ dimension('order__status') }} = 'completed') - ((sum(amount) where {{ dimension('order__status') }} = 'completed') / (count(distinct customer_id) where is_new))",
    );
    expect(found.get("weekly")!.formula.expression).toBe("cumulative(sum(amount) over 7 day)");
    expect(found.get("first_rate")!.formula).toMatchObject({
      expression: "conversion_rate(sum(case when is_first_order then 1 else 0 end) among count(distinct customer_id) per customer within 30 day)",
      upstream: ["orders.customer_id", "orders.is_first_order"],
    });
  });

  it("makes two metrics of one name that divide by different denominators a conflict, and two that compute the same under other measure names none", () => {
    const other = {
      ...semanticModel,
      definition: { ...semanticModel.definition, measures: [{ name: "sales", agg: "sum", expr: "amount", description: null, aggTimeDimension: null }, { name: "orders", agg: "count", expr: "order_id", description: null, aggTimeDimension: null }] },
    };
    const mine = definitionsOf({ project: "p", adapter: null, assets: [semanticModel, ...metrics] });
    const same = definitionsOf({ project: "q", adapter: null, assets: [other, metric("weekly", { type: "cumulative", measures: [use("sales")], window: "7 day" })] });
    expect(findConflicts([...mine, ...same], new TermMatcher([]))).toEqual([]);
    const rival = definitionsOf({ project: "q", adapter: null, assets: [other, metric("revenue_per_buyer", { type: "ratio", inputMetrics: [use("revenue", "numerator"), use("orders", "denominator")] }), metric("revenue", { type: "simple", measures: [use("sales")] }), metric("orders", { type: "simple", measures: [use("orders")] })] });
    const conflicts = findConflicts([...mine, ...rival], new TermMatcher([]));
    expect(conflicts.map((c) => [c.concept.name, c.differences])).toEqual([
      ["revenue", ["FORMULA", "FILTERS", "GRAIN"]],
      ["revenue per buyer", ["FORMULA", "AGGREGATION", "UPSTREAM", "FILTERS"]],
    ]);
  });

  it("leaves a column the metric aggregates out of the metric's concept: it is what the metric is built from", () => {
    const ordersMart = mart("orders", "select order_id, sum(amount_cents) / 100.0 as amount from raw.payments group by order_id", [{ name: "amount", meta: { tributary: { terms: ["Revenue"] } } }]);
    const revenue = metric("revenue", { type: "simple", measures: [use("order_total")] });
    const terms = new TermMatcher([{ id: "r", name: "Revenue", synonyms: [], abbreviations: [] }]);
    const found = definitionsOf({ project: "p", adapter: null, assets: [ordersMart, semanticModel, revenue] });
    expect(found.map((d) => d.key)).toEqual(["p/model.p.orders#amount", "p/metric.p.revenue#"]);
    expect(findConflicts(found, terms)).toEqual([]);
    // Another project's metric of the term, aggregating something else, is the metric's rival; the column stays out.
    const elsewhere = definitionsOf({ project: "q", adapter: null, assets: [{ ...semanticModel, uniqueId: "semantic_model.q.orders" }, { ...metric("revenue", { type: "simple", measures: [use("buyers")] }), uniqueId: "metric.q.revenue" }] });
    expect(findConflicts([...found, ...elsewhere], terms)[0]!.definitions.map((d) => d.key)).toEqual(["p/metric.p.revenue#", "q/metric.q.revenue#"]);
  });
});

describe("a metric's formula for the conflict detector", () => {
  const metric = (measure: string): MetricDefinition => ({
    definitionKind: "metric", style: "semantic", type: "simple", label: null, aggregation: null, expression: null, model: null, timestamp: null, timeGrains: [],
    timeGranularity: null, dimensions: [], filters: [], window: null, grainToDate: null, measures: [{ name: measure, filters: [], alias: null }], inputMetrics: [], conversion: null,
  });
  const semantics = (measure: Partial<SemanticMeasure>): ProjectSemantics => ({
    metrics: new Map(),
    measures: new Map([["m", { relation: "orders", measure: { name: "m", agg: "percentile", expr: "amount", description: null, aggTimeDimension: null, ...measure } }]]),
  });

  it("tells a 90th percentile from a median, a discrete percentile from a continuous one, and a balance from a sum over time", () => {
    const p90 = metricBusinessFormula(metric("m"), semantics({ percentile: { percentile: 0.9, discrete: false, approximate: false } }));
    expect(p90).toMatchObject({ expression: "percentile_cont(0.9) within group (order by amount)", aggregations: ["percentile_cont(0.9)"], upstream: ["orders.amount"] });
    const p50 = metricBusinessFormula(metric("m"), semantics({ percentile: { percentile: 0.5, discrete: false, approximate: false } }));
    expect(p50.aggregations).toEqual(["percentile_cont(0.5)"]);
    expect(metricBusinessFormula(metric("m"), semantics({ percentile: { percentile: 0.9, discrete: true, approximate: false } })).aggregations).toEqual(["percentile_disc(0.9)"]);
    const balance = metricBusinessFormula(metric("m"), semantics({ agg: "sum", nonAdditiveDimension: { name: "ordered_at", windowChoice: "max", windowGroupings: ["customer"] } }));
    expect(balance.expression).toBe("sum(amount) at max(ordered_at) per customer");
    // A definition stored before these were read has neither field: it reads as a plain sum.
    expect(metricBusinessFormula(metric("m"), semantics({ agg: "sum" })).expression).toBe("sum(amount)");
  });
});
