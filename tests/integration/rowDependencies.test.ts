/**
 * Row dependencies at ingest and on read: a model's filter, join, grouping and sort columns are
 * stored once per model (ModelColumnDependency), and column lineage and column-aware impact
 * answer as if each were stored for every column of the model.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TenantContext } from "../../src/services/actor.js";
import { ingestManifest } from "../../src/services/ingest/ingestManifest.js";
import { columnLineage, columnLineageFromIndex } from "../../src/services/lineage/columnLineage.js";
import { columnImpact } from "../../src/services/lineage/impact.js";
import { createTenant, operatorContext } from "../../src/services/tenants.js";
import { createTestDatabase, type TestDatabase } from "../support/db.js";
import { readFixture } from "../support/fixtureDocs.js";

const FCT_SQL =
  "select o.id, o.amount, c.name from {{ source('raw', 'orders') }} o join {{ source('raw', 'customers') }} c on c.id = o.customer_id where o.status = 'paid'";

const manifest = (fctSql: string | null) => ({
  format: "tributary/v1",
  project: "shop",
  adapter: "postgres",
  sources: [
    {
      name: "raw",
      tables: [
        { name: "orders", columns: [{ name: "id" }, { name: "amount" }, { name: "customer_id" }, { name: "status" }] },
        { name: "customers", columns: [{ name: "id" }, { name: "name" }] },
      ],
    },
  ],
  models: [
    ...(fctSql ? [{ name: "int_orders", sql: fctSql, depends_on: ["raw.orders", "raw.customers"], columns: [{ name: "id" }, { name: "amount" }, { name: "name" }] }] : []),
    // `note` is not an output of this SQL: its rows' dependencies stay per column.
    { name: "stg_paid", sql: "select id from {{ source('raw', 'orders') }} where status = 'paid'", depends_on: ["raw.orders"], columns: [{ name: "id" }, { name: "note" }] },
  ],
});

describe("row dependencies stored once per model", () => {
  let database: TestDatabase;
  let ctx: TenantContext;
  const assetId = async (uniqueId: string) => (await ctx.db.asset.findFirstOrThrow({ where: { uniqueId } })).id;
  const stored = async (uniqueId: string) => {
    const toAssetId = await assetId(uniqueId);
    const names = new Map((await ctx.db.column.findMany({ select: { id: true, name: true } })).map((c) => [c.id, c.name]));
    const rows = await ctx.db.modelColumnDependency.findMany({ where: { toAssetId } });
    const edges = await ctx.db.columnLineageEdge.findMany({ where: { toAssetId } });
    return {
      rowDependencies: rows.map((r) => `${names.get(r.fromColumnId)} ${r.transform}`).sort(),
      edges: edges.map((e) => `${names.get(e.fromColumnId)} -> ${names.get(e.toColumnId)} ${e.transform}`).sort(),
    };
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    await createTenant(database.db.prisma, { slug: "rows" });
    ctx = await operatorContext(database.db.prisma, "rows");
  });
  afterAll(() => database.dispose());

  it("stores a model's row dependencies once and its value edges per column", async () => {
    const result = await ingestManifest(ctx, { project: "shop", mode: "apply", manifest: manifest(FCT_SQL) });
    expect(result.counts.written).toMatchObject({ columnLineageEdges: 3 + 2, rowDependencies: 3 });
    expect(await stored("model.shop.int_orders")).toEqual({
      rowDependencies: ["customer_id JOIN", "id JOIN", "status FILTER"],
      edges: ["amount -> amount DIRECT", "id -> id DIRECT", "name -> name DIRECT"],
    });
    expect(await stored("model.shop.stg_paid")).toEqual({ rowDependencies: [], edges: ["id -> id DIRECT", "status -> id FILTER"] });
  });

  it("answers column lineage as if every column of the model had the edge", async () => {
    const orders = await assetId("source.shop.raw.orders");
    const fct = await assetId("model.shop.int_orders");
    const down = await columnLineage(ctx, { assetId: orders, column: "status", direction: "DOWNSTREAM", depth: null });
    expect(down.nodes.map((n) => `${n.assetId === fct ? "int_orders" : "stg_paid"}.${n.column} ${n.degree}`).sort()).toEqual([
      "int_orders.amount 1",
      "int_orders.id 1",
      "int_orders.name 1",
      "stg_paid.id 1",
    ]);
    expect(down.edges.filter((e) => e.transform === "FILTER")).toHaveLength(4);

    const up = await columnLineage(ctx, { assetId: fct, column: "name", direction: "UPSTREAM", depth: 1 });
    expect(up.edges.map((e) => `${up.nodes.find((n) => n.columnId === e.from)?.column} ${e.transform}`).sort()).toEqual([
      "customer_id JOIN",
      "id JOIN",
      "name DIRECT",
      "status FILTER",
    ]);
    for (const query of [
      { assetId: orders, column: "status", direction: "DOWNSTREAM" as const, depth: null },
      { assetId: fct, column: "name", direction: "BOTH" as const, depth: 2 },
      { assetId: fct, column: "amount", direction: "UPSTREAM" as const, depth: null },
    ]) {
      expect(await columnLineage(ctx, query)).toEqual(await columnLineageFromIndex(ctx, query));
    }
  });

  it("counts a model whose rows a changed column shapes as reading it, with all its columns", async () => {
    const report = await columnImpact(ctx, { assetId: await assetId("source.shop.raw.customers"), columns: ["id"] });
    expect(report.reads.map((a) => [a.id, a.columns])).toEqual([[await assetId("model.shop.int_orders"), ["amount", "id", "name"]]]);
  });

  it("replaces a model's row dependencies when its SQL changes, and drops them with the model", async () => {
    await ingestManifest(ctx, { project: "shop", mode: "apply", manifest: manifest(FCT_SQL.replace(" where o.status = 'paid'", " order by o.amount")) });
    expect((await stored("model.shop.int_orders")).rowDependencies).toEqual(["amount SORT", "customer_id JOIN", "id JOIN"]);
    const fct = await assetId("model.shop.int_orders");
    const removal = await ingestManifest(ctx, { project: "shop", mode: "apply", manifest: manifest(null) });
    expect(removal.status).toBe("APPLIED");
    expect(await ctx.db.modelColumnDependency.count({ where: { OR: [{ toAssetId: fct }, { fromAssetId: fct }] } })).toBe(0);
    const orders = await assetId("source.shop.raw.orders");
    const down = await columnLineage(ctx, { assetId: orders, column: "status", direction: "DOWNSTREAM", depth: null });
    expect(down.nodes.map((n) => n.column)).toEqual(["id"]);
  });

  it("agrees with the in-memory index over a real project", async () => {
    await ingestManifest(ctx, { project: "hubspot", mode: "apply", ...readFixture(["fivetran_hubspot"]) });
    expect(await ctx.db.modelColumnDependency.count()).toBeGreaterThan(40);
    const sample = (await ctx.db.modelColumnDependency.findMany({ take: 400 })).filter((_, i) => i % 40 === 0);
    const columns = await ctx.db.column.findMany({ where: { id: { in: sample.map((d) => d.fromColumnId) } } });
    const models = await ctx.db.column.findMany({ where: { assetId: { in: sample.map((d) => d.toAssetId) } }, take: 10 });
    let reached = 0;
    for (const column of [...columns, ...models]) {
      for (const [direction, depth] of [["BOTH", 2], ["DOWNSTREAM", null]] as const) {
        const query = { assetId: column.assetId, column: column.name, direction, depth };
        const walked = await columnLineage(ctx, query);
        expect(walked).toEqual(await columnLineageFromIndex(ctx, query));
        reached += walked.nodes.length;
      }
    }
    expect(reached).toBeGreaterThan(20);
  });
});
