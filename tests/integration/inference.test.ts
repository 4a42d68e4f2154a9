import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TenantContext } from "../../src/services/actor.js";
import { ingestManifest } from "../../src/services/ingest/ingestManifest.js";
import { createTenant, operatorContext } from "../../src/services/tenants.js";
import { createTestDatabase, type TestDatabase } from "../support/db.js";
import { readFixture } from "../support/fixtureDocs.js";

const native = (models: object[], sources: object[] = []) => ({
  format: "tributary/v1",
  project: "shop",
  adapter: "postgres",
  sources,
  models,
});

describe("SQL-inferred lineage at ingest", () => {
  let database: TestDatabase;
  let ctx: TenantContext;

  const edges = async (project: string) => {
    const rows = await ctx.db.lineageEdge.findMany({
      where: { to: { project: { name: project } } },
      include: { from: { select: { uniqueId: true } }, to: { select: { uniqueId: true } } },
    });
    return rows.map((e) => `${e.from.uniqueId} -> ${e.to.uniqueId} ${e.origin}`).sort();
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    await createTenant(database.db.prisma, { slug: "infer" });
    ctx = await operatorContext(database.db.prisma, "infer");
  });
  afterAll(() => database.dispose());

  it("confirms declared edges with the SQL and stores column lineage between catalog columns", async () => {
    const result = await ingestManifest(ctx, { project: "jaffle", mode: "apply", ...readFixture(["jaffle_shop_duckdb", "base"]) });
    expect(result.counts.modelsAnalysed).toBe(7);
    const all = await edges("jaffle");
    expect(all).toContain("model.jaffle_shop.stg_orders -> model.jaffle_shop.orders BOTH");
    expect(all.filter((e) => e.endsWith("DECLARED"))).toEqual([]);

    const customerId = await ctx.db.column.findFirstOrThrow({
      where: { name: "customer_id", asset: { uniqueId: "model.jaffle_shop.customers", project: { name: "jaffle" } } },
    });
    const into = await ctx.db.columnLineageEdge.findMany({ where: { toColumnId: customerId.id }, include: { from: { include: { asset: true } } } });
    expect(into.map((e) => `${e.from.asset.name}.${e.from.name} ${e.transform}`)).toContain("stg_customers.customer_id DIRECT");
  });

  it("infers undeclared dependencies and reports where SQL and manifest disagree", async () => {
    const result = await ingestManifest(ctx, {
      project: "shop",
      mode: "apply",
      manifest: native(
        [
          { name: "stg_orders", sql: "select id as order_id, amount from {{ source('raw', 'orders') }}", depends_on: ["raw.orders"], columns: [{ name: "order_id" }, { name: "amount" }] },
          { name: "stg_customers", sql: "select id as customer_id from raw.customers", schema: "analytics", columns: [{ name: "customer_id" }] },
          { name: "fct_revenue", sql: "select o.order_id, sum(o.amount) as revenue from {{ ref('stg_orders') }} o join analytics.stg_customers c on true group by 1", depends_on: ["stg_customers"], schema: "analytics", columns: [{ name: "order_id" }, { name: "revenue" }] },
        ],
        [{ name: "raw", tables: [{ name: "orders", columns: [{ name: "id" }, { name: "amount" }] }, { name: "customers", columns: [{ name: "id" }] }] }],
      ),
    });
    const all = await edges("shop");
    expect(all).toEqual(
      [
        "source.shop.raw.orders -> model.shop.stg_orders BOTH",
        "source.shop.raw.customers -> model.shop.stg_customers INFERRED",
        "model.shop.stg_orders -> model.shop.fct_revenue INFERRED",
        "model.shop.stg_customers -> model.shop.fct_revenue BOTH",
      ].sort(),
    );
    const codes = result.diagnostics.map((d) => `${d.code} ${d.uniqueId}`);
    expect(codes).toContain("INFERRED_NOT_DECLARED model.shop.fct_revenue");
    const revenue = await ctx.db.asset.findFirstOrThrow({ where: { uniqueId: "model.shop.fct_revenue" } });
    expect((revenue.diagnostics as { code: string }[]).map((d) => d.code)).toContain("INFERRED_NOT_DECLARED");

    const revenueColumn = await ctx.db.column.findFirstOrThrow({ where: { name: "revenue", assetId: revenue.id } });
    const lineage = await ctx.db.columnLineageEdge.findMany({ where: { toColumnId: revenueColumn.id }, include: { from: true } });
    expect(lineage.map((e) => `${e.from.name} ${e.transform}`)).toContain("amount AGGREGATED");
  });

  it("reports a hard-coded relation that bypasses ref, and a declared parent the SQL never reads", async () => {
    const result = await ingestManifest(ctx, {
      project: "hard",
      mode: "apply",
      manifest: {
        ...native([
          { name: "stg_a", sql: "select 1 as id", schema: "analytics" },
          { name: "stg_b", sql: "select 2 as id", schema: "analytics" },
          { name: "mart_x", sql: "select id from analytics.stg_a", depends_on: ["stg_b"] },
        ]),
        project: "hard",
      },
    });
    const codes = result.diagnostics.map((d) => `${d.code} ${d.uniqueId}`);
    expect(codes).toContain("HARDCODED_RELATION model.hard.mart_x");
    expect(codes).toContain("DECLARED_NOT_IN_SQL model.hard.mart_x");
  });

  it("does not analyse models whose SQL and inputs are unchanged", async () => {
    const base = readFixture(["fivetran_hubspot"]);
    const first = await ingestManifest(ctx, { project: "hubspot", mode: "apply", ...base });
    expect(first.counts.modelsAnalysed).toBeGreaterThan(100);
    const edited = structuredClone(base.manifest) as { nodes: Record<string, { resource_type: string; description: string }> };
    const [, node] = Object.entries(edited.nodes).find(([, n]) => n.resource_type === "model")!;
    node.description = "Edited description only";
    const second = await ingestManifest(ctx, { project: "hubspot", mode: "apply", manifest: edited, catalog: base.catalog });
    expect(second.status).toBe("APPLIED");
    expect(second.counts.modelsAnalysed).toBe(0);
    expect(await edges("hubspot")).toHaveLength((await edges("hubspot")).length);
    expect(second.diagnostics.length).toBe(first.diagnostics.length);
  });

  it("keeps columns inferred by an earlier post while the model's SQL and parents are unchanged, and infers again when they change", async () => {
    const manifest = JSON.parse(readFileSync(path.join(import.meta.dirname, "..", "fixtures", "built", "compiled_lineage_snowflake", "manifest.json"), "utf8"));
    await ingestManifest(ctx, { project: "inferred", mode: "apply", manifest });
    const inferredColumn = () =>
      ctx.db.column.findFirstOrThrow({ where: { name: "total_amount", removedAt: null, asset: { uniqueId: "model.shop.int_order_totals", project: { name: "inferred" } } } });
    // A mark no inference would write: it survives only if the stored column is kept as it is.
    await ctx.db.column.update({ where: { tenantId_id: { tenantId: ctx.tenant.id, id: (await inferredColumn()).id } }, data: { dataType: "kept" } });

    const elsewhere = structuredClone(manifest);
    elsewhere.nodes["model.shop.customer_revenue"].description = "Revenue per customer, refunds included.";
    await ingestManifest(ctx, { project: "inferred", mode: "apply", manifest: elsewhere });
    expect((await inferredColumn()).dataType).toBe("kept");

    const changed = structuredClone(elsewhere);
    const ephemeral = changed.nodes["model.shop.int_order_totals"];
    ephemeral.compiled_code = ephemeral.compiled_code.replace("sum(amount) as total_amount", "sum(amount) as total_amount, count(*) as order_count");
    await ingestManifest(ctx, { project: "inferred", mode: "apply", manifest: changed });
    expect((await inferredColumn()).dataType).toBeNull();
    const names = await ctx.db.column.findMany({ where: { removedAt: null, asset: { uniqueId: "model.shop.int_order_totals", project: { name: "inferred" } } }, orderBy: { position: "asc" } });
    expect(names.map((c) => [c.name, c.inferred])).toEqual([["customer_id", true], ["total_amount", true], ["order_count", true]]);
  });
});
