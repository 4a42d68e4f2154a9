/**
 * Lineage services over rows stored in the database: known graphs (cycles, a hub, column
 * lineage) inserted with tenant-scoped createMany, and a generated graph on which the
 * database column walk must agree with the in-memory column index.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateTenantGraph, knownGraphs, type KnownColumnGraph, type KnownGraph } from "../../bench/generate/graph.js";
import { insertTenantGraph } from "../../bench/insertTenantGraph.js";
import { buildLineageIndex, traverse } from "../../src/core/lineage/index.js";
import { AppError } from "../../src/core/errors.js";
import { columnDefinitionId } from "../../src/core/manifest/index.js";
import type { TenantContext } from "../../src/services/actor.js";
import { lineageCountsOf } from "../../src/services/lineage/assetInsights.js";
import { columnLineage, columnLineageFromIndex } from "../../src/services/lineage/columnLineage.js";
import { assetImpact, computeImpact } from "../../src/services/lineage/impact.js";
import { assetLineage } from "../../src/services/lineage/lineage.js";
import { markCatalogChanged } from "../../src/services/catalogRevision.js";
import { createTenant, operatorContext } from "../../src/services/tenants.js";
import { createTestDatabase, type TestDatabase } from "../support/db.js";

let database: TestDatabase;

async function tenantWith(slug: string, graph: KnownGraph | KnownColumnGraph): Promise<TenantContext> {
  await createTenant(database.db.prisma, { slug });
  const ctx = await operatorContext(database.db.prisma, slug);
  const project = await ctx.db.project.create({ data: { tenantId: ctx.tenant.id, name: "known" } });
  await ctx.db.asset.createMany({
    data: graph.assets.map((asset) => ({
      tenantId: ctx.tenant.id,
      id: asset.id,
      projectId: project.id,
      uniqueId: `model.known.${asset.id}`,
      name: asset.id,
      kind: asset.kind,
      contentHash: asset.id,
    })),
  });
  await ctx.db.lineageEdge.createMany({
    data: graph.edges.map((edge) => ({ tenantId: ctx.tenant.id, projectId: project.id, fromAssetId: edge.fromId, toAssetId: edge.toId, origin: edge.origin })),
  });
  if ("columns" in graph) {
    const assetOf = new Map(graph.columns.map((column) => [column.id, column.assetId]));
    await ctx.db.column.createMany({
      data: graph.columns.map((column) => ({ tenantId: ctx.tenant.id, ...column, definitionId: columnDefinitionId(column.name, null) })),
    });
    await ctx.db.columnLineageEdge.createMany({
      data: graph.columnEdges.map((edge) => ({
        tenantId: ctx.tenant.id,
        ...edge,
        fromAssetId: assetOf.get(edge.fromColumnId)!,
        toAssetId: assetOf.get(edge.toColumnId)!,
      })),
    });
  }
  return ctx;
}

async function expectNotFound(promise: Promise<unknown>): Promise<void> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe("NOT_FOUND");
}

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.dispose());

describe("asset lineage from stored rows", () => {
  it("walks a cycle once, reports it, and stops at the depth asked", async () => {
    const ctx = await tenantWith("cycle", knownGraphs.cycle());
    const down = await assetLineage(ctx, { assetId: "s", direction: "DOWNSTREAM", depth: null });
    expect(down.nodes.map((node) => [node.id, node.degree])).toEqual([["a", 1], ["b", 2], ["c", 3], ["d", 4], ["x", 5]]);
    expect(down.cycles).toEqual([["a", "b", "c"], ["x"]]);
    expect(down.edges).toContainEqual({ from: "c", to: "a", origin: "INFERRED", via: [] });
    const up = await assetLineage(ctx, { assetId: "d", direction: "UPSTREAM", depth: 2 });
    expect(up.nodes.map((node) => [node.id, node.degree, node.direction])).toEqual([["c", 1, "UPSTREAM"], ["b", 2, "UPSTREAM"]]);
    expect(up.truncated).toBe(true);
    await expectNotFound(assetLineage(ctx, { assetId: "nope", direction: "BOTH", depth: 1 }));
  });

  it("refuses pages over the maximum and depths below 1 as bad input", async () => {
    const ctx = await operatorContext(database.db.prisma, "cycle");
    await expect(assetLineage(ctx, { assetId: "s", direction: "DOWNSTREAM", depth: 1, first: 501 })).rejects.toMatchObject({ code: "BAD_USER_INPUT" });
    await expect(assetLineage(ctx, { assetId: "s", direction: "DOWNSTREAM", depth: 0 })).rejects.toMatchObject({ code: "BAD_USER_INPUT" });
  });

  it("rebuilds the graph when the tenant's lineage revision moves (every applied post moves it)", async () => {
    const ctx = await operatorContext(database.db.prisma, "cycle");
    // x → x is a self-loop: the start itself is never a node.
    expect((await assetLineage(ctx, { assetId: "x", direction: "DOWNSTREAM", depth: 1 })).nodes.map((n) => n.id)).toEqual([]);
    const project = (await ctx.db.project.findFirst({ where: { name: "known" } }))!;
    await ctx.db.asset.create({ data: { tenantId: ctx.tenant.id, id: "y", projectId: project.id, uniqueId: "model.known.y", name: "y", kind: "MODEL", contentHash: "y" } });
    await ctx.db.lineageEdge.create({ data: { tenantId: ctx.tenant.id, projectId: project.id, fromAssetId: "x", toAssetId: "y", origin: "DECLARED" } });
    // Rows written without moving the revision are not seen: the cached graph is still current.
    expect((await assetLineage(ctx, { assetId: "x", direction: "DOWNSTREAM", depth: 1 })).nodes.map((n) => n.id)).toEqual([]);
    await markCatalogChanged(ctx.db, ctx.tenant.id, "lineage");
    expect((await assetLineage(ctx, { assetId: "x", direction: "DOWNSTREAM", depth: 1 })).nodes.map((n) => n.id)).toEqual(["y"]);
  });
});

describe("impact from stored rows", () => {
  it("lists a hub's 1,200 children over pages, its exposure with a path, and who must hear", async () => {
    const graph = knownGraphs.hub(1_200);
    const ctx = await tenantWith("hub", graph);
    const alice = await ctx.db.owner.create({ data: { tenantId: ctx.tenant.id, key: "alice@example.com", email: "alice@example.com", name: "Alice" } });
    const bob = await ctx.db.owner.create({ data: { tenantId: ctx.tenant.id, key: "bob@example.com", email: "bob@example.com", name: "Bob" } });
    await ctx.db.assetOwner.create({ data: { tenantId: ctx.tenant.id, assetId: "child0001", ownerId: alice.id } });
    await ctx.db.subscription.create({ data: { tenantId: ctx.tenant.id, assetId: "report", ownerId: bob.id } });
    await ctx.db.assetOwner.create({ data: { tenantId: ctx.tenant.id, assetId: "src", ownerId: bob.id } });

    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 5; page++) {
      const result = await assetImpact(ctx, { assetId: "hub", first: 500, after });
      expect(result.totalCount).toBe(1_201);
      expect(result.degreeCounts).toEqual([{ degree: 1, count: 1_200 }, { degree: 2, count: 1 }]);
      expect(result.exposures.map((e) => [e.id, e.path])).toEqual([["report", ["hub", "child0000", "report"]]]);
      seen.push(...result.assets.map((asset) => asset.id));
      if (!result.pageInfo.hasNextPage) break;
      after = result.pageInfo.endCursor;
    }
    expect(seen).toEqual([...graph.children, "report"]);
    expect(await lineageCountsOf(ctx, "hub")).toEqual({ upstream: 1, downstream: 1_201, exposures: 1 });

    const report = await computeImpact(ctx, "hub");
    expect(report.asset).toMatchObject({ id: "hub", uniqueId: "model.known.hub" });
    expect(report.assets).toHaveLength(1_201);
    expect(report.exposures.map((e) => [e.id, e.degree, e.subscribers.map((s) => s.email)])).toEqual([["report", 2, ["bob@example.com"]]]);
    // The upstream owner (bob owns src) does not count; his subscription downstream does.
    expect(report.recipients.map((r) => [r.email, r.owns, r.subscribes])).toEqual([
      ["alice@example.com", ["child0001"], []],
      ["bob@example.com", [], ["report"]],
    ]);
  });

  it("narrows impact to the assets reading the changed columns and lists unknown use apart", async () => {
    const ctx = await tenantWith("columns", knownGraphs.columns());
    const report = await computeImpact(ctx, "orders", ["amount", "nope"]);
    expect(report.columns).toEqual(["amount"]);
    expect(report.missingColumns).toEqual(["nope"]);
    expect(report.assets.map((a) => [a.id, a.degree, a.columns, a.path])).toEqual([
      ["revenue", 1, ["total"], ["orders", "revenue"]],
      ["shipped", 1, ["id"], ["orders", "shipped"]],
      ["kpis", 2, ["total_revenue"], ["orders", "revenue", "kpis"]],
    ]);
    expect(report.columnUseUnknown.map((a) => a.id)).toEqual(["legacy", "finance_dash", "legacy_report", "kpi_dash"]);
    expect(report.exposures.map((a) => a.id)).toEqual(["finance_dash", "kpi_dash"]);
    expect(report.notAffectedCount).toBe(2);
  });
});

describe("column lineage walked in the database", () => {
  it("gives the known answers, with transforms, depth limits and any-case names", async () => {
    const ctx = await operatorContext(database.db.prisma, "columns");
    const down = await columnLineage(ctx, { assetId: "orders", column: "AMOUNT", direction: "DOWNSTREAM", depth: null });
    expect(down.start).toEqual({ columnId: "orders.amount", assetId: "orders", column: "amount" });
    expect(down.nodes.map((n) => [n.columnId, n.degree])).toEqual([["revenue.total", 1], ["shipped.id", 1], ["kpis.total_revenue", 2]]);
    expect(down.edges).toEqual([
      { from: "orders.amount", to: "revenue.total", transform: "AGGREGATED" },
      { from: "orders.amount", to: "shipped.id", transform: "FILTER" },
      { from: "revenue.total", to: "kpis.total_revenue", transform: "TRANSFORMED" },
    ]);
    const shallow = await columnLineage(ctx, { assetId: "orders", column: "amount", direction: "DOWNSTREAM", depth: 1 });
    expect(shallow.nodes.map((n) => n.columnId)).toEqual(["revenue.total", "shipped.id"]);
    expect(shallow.truncated).toBe(true);
    await expectNotFound(columnLineage(ctx, { assetId: "orders", column: "nope", direction: "UPSTREAM", depth: 1 }));
    await expectNotFound(columnLineage(ctx, { assetId: "nope", column: "id", direction: "UPSTREAM", depth: 1 }));
  });

  it("agrees with the in-memory column index and core traversal on a generated graph", async () => {
    await createTenant(database.db.prisma, { slug: "generated" });
    const ctx = await operatorContext(database.db.prisma, "generated");
    const graph = generateTenantGraph({ seed: 7, assets: 500, edges: 1_500, columns: 3_000, columnEdges: 5_000, hubChildren: 60 });
    await insertTenantGraph(ctx, graph);

    const hub = graph.hubs[0]!;
    const expected = traverse(buildLineageIndex(graph.assets, graph.edges), { start: hub.id, direction: "BOTH", depth: 4, first: 200 });
    const stored = await assetLineage(ctx, { assetId: hub.id, direction: "BOTH", depth: 4, first: 200 });
    expect(stored.nodes).toEqual(expected.nodes);
    expect(stored.edges).toEqual(expected.edges);
    expect(stored.totalCount).toBeGreaterThan(60);

    const sample = graph.columns.filter((_, i) => i % 200 === 17);
    let reached = 0;
    for (const column of sample) {
      for (const [direction, depth] of [["BOTH", 3], ["DOWNSTREAM", null]] as const) {
        const query = { assetId: column.assetId, column: column.name, direction, depth };
        const walked = await columnLineage(ctx, query);
        expect(walked).toEqual(await columnLineageFromIndex(ctx, query));
        reached += walked.nodes.length;
      }
    }
    expect(reached).toBeGreaterThan(20);
  });
});
