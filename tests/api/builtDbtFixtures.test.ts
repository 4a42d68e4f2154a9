/**
 * Real dbt projects as they are, over HTTP, on the built fixtures (tests/fixtures/built): lineage
 * from compiled SQL through models nobody documented, tests of several models with their
 * results, and disabled nodes counted.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toGlobalId } from "../../src/graphql/globalId.js";
import { startTestServer, type TestServer } from "../support/server.js";

const built = (...parts: string[]): unknown => JSON.parse(readFileSync(path.join(import.meta.dirname, "..", "fixtures", "built", ...parts), "utf8"));

interface PostResult {
  status: string;
  diagnostics: { code: string; message: string }[];
}

describe("built dbt fixtures over HTTP", () => {
  let server: TestServer;
  let token: string;
  const ids = new Map<string, string>();
  const gid = (uniqueId: string) => toGlobalId("Asset", ids.get(uniqueId)!);
  const posted = new Map<string, PostResult>();

  const post = async (body: object): Promise<PostResult> => {
    const response = await fetch(`${server.url}/api/v1/manifests`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({ mode: "apply", ...body }),
    });
    expect(response.status).toBe(200);
    return (await response.json()) as PostResult;
  };

  beforeAll(async () => {
    server = await startTestServer();
    token = (await server.tenant("acme")).token;
    posted.set("lineage", await post({ project: "lineage", manifest: built("compiled_lineage_snowflake", "manifest.json") }));
    posted.set(
      "tests",
      await post({ project: "tests", manifest: built("tests_singular_disabled_postgres", "manifest.json"), runResults: built("tests_singular_disabled_postgres", "run_results.json") }),
    );
    const rows = await server.database.db.prisma.asset.findMany({ select: { id: true, uniqueId: true } });
    for (const row of rows) ids.set(row.uniqueId, row.id);
  });
  afterAll(() => server.stop());

  it("stores table lineage from the compiled SQL only, through the ephemeral model", async () => {
    const data = await server.data<{ lineage: { edges: { from: string; to: string; origin: string }[] } }>(
      token,
      `query($id: ID!) { lineage(assetId: $id, direction: UPSTREAM, first: 100) { edges { from to origin } } }`,
      { id: gid("model.shop.customer_revenue") },
    );
    const uniqueIdOf = new Map([...ids].map(([uniqueId, id]) => [toGlobalId("Asset", id), uniqueId]));
    expect(data.lineage.edges.map((e) => `${uniqueIdOf.get(e.from)} -> ${uniqueIdOf.get(e.to)} ${e.origin}`).sort()).toEqual([
      "model.shop.int_customer_orders -> model.shop.customer_revenue BOTH",
      "model.shop.int_order_totals -> model.shop.int_customer_orders BOTH",
      "model.shop.stg_customers -> model.shop.int_customer_orders BOTH",
      "model.shop.stg_orders -> model.shop.int_order_totals BOTH",
      "source.shop.raw.customers -> model.shop.stg_customers INFERRED",
      "source.shop.raw.orders -> model.shop.stg_orders INFERRED",
    ]);
  });

  it("shows inferred columns and carries column lineage and impact through them", async () => {
    const ephemeral = await server.data<{ node: { columns: { name: string; inferred: boolean }[] } }>(
      token,
      `query($id: ID!) { node(id: $id) { ... on Asset { columns { name inferred } } } }`,
      { id: gid("model.shop.int_order_totals") },
    );
    expect(ephemeral.node.columns).toEqual([
      { name: "customer_id", inferred: true },
      { name: "total_amount", inferred: true },
    ]);

    const upstream = await server.data<{ columnLineage: { nodes: { asset: { uniqueId: string }; column: string; degree: number }[] } }>(
      token,
      `query($id: ID!) { columnLineage(assetId: $id, column: "total_amount", direction: UPSTREAM) { nodes { asset { uniqueId } column degree } } }`,
      { id: gid("model.shop.customer_revenue") },
    );
    expect(upstream.columnLineage.nodes).toContainEqual({ asset: { uniqueId: "source.shop.raw.orders" }, column: "amount", degree: 4 });

    const impact = await server.data<{ impact: { groups: { assets: { asset: { uniqueId: string } }[] }[]; columnUseUnknown: { asset: { uniqueId: string } }[] } }>(
      token,
      `query($id: ID!) { impact(assetId: $id, columns: ["amount"]) { groups { assets { asset { uniqueId } } } columnUseUnknown { asset { uniqueId } } } }`,
      { id: gid("source.shop.raw.orders") },
    );
    const reached = impact.impact.groups.flatMap((g) => g.assets.map((a) => a.asset.uniqueId));
    expect(reached).toContain("model.shop.customer_revenue");
    expect(impact.impact.columnUseUnknown).toEqual([]);
  });

  it("makes a singular test of two models readable on both and on the project, with its result", async () => {
    const singular = { name: "assert_every_order_has_a_customer", testType: "singular", lastResult: { status: "FAIL", failures: 3 } };
    for (const model of ["model.shop.orders", "model.shop.customers"]) {
      const data = await server.data<{ node: { tests: { name: string }[]; dependentTests: unknown[] } }>(
        token,
        `query($id: ID!) { node(id: $id) { ... on Asset { tests { name } dependentTests { name testType lastResult { status failures } } } } }`,
        { id: gid(model) },
      );
      expect(data.node.dependentTests).toEqual([singular]);
      expect(data.node.tests.map((t) => t.name)).toEqual(model === "model.shop.orders" ? ["not_null_orders_order_id"] : []);
    }
    const project = await server.data<{ project: { all: { totalCount: number; nodes: { name: string }[] }; unattached: { nodes: unknown[] } } }>(
      token,
      `{ project(name: "tests") {
          all: tests { totalCount nodes { name } }
          unattached: tests(unattached: true) { nodes { name testType lastResult { status failures } } } } }`,
    );
    expect(project.project.all.nodes.map((t) => t.name)).toEqual(["assert_every_order_has_a_customer", "not_null_orders_order_id"]);
    expect(project.project.unattached.nodes).toEqual([singular]);
  });

  it("counts a test disabled inside nodes, so stored counts reconcile with the manifest", () => {
    const disabled = posted.get("tests")!.diagnostics.find((d) => d.code === "DISABLED_NODES_SKIPPED");
    expect(disabled?.message).toContain("test.shop.unique_orders_order_id.9d8e7f6a5b");
    expect(disabled?.message).toContain("1 test");
  });
});
