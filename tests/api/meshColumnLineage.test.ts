/**
 * Column lineage across projects where the downstream SQL names the other project's model only
 * by its relation (compiled SQL) or reads it through `select *`, over HTTP, on the built projects
 * of tests/fixtures/built/mesh_columns with shop from cross_project (`ANALYTICS.MARTS.ORDERS`,
 * columns order_id, customer_id, amount, on Snowflake).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/server.js";
import { tenantPosts } from "../support/tenantPosts.js";

type Json = Record<string, any>;
const built = (folder: string, name: string): Json => JSON.parse(readFileSync(path.join(import.meta.dirname, "..", "fixtures", "built", folder, name), "utf8"));

const SHOP = { project: "shop", manifest: built("cross_project", "a_shop.json") };
const REPORTING = { project: "reporting", manifest: built("mesh_columns", "b_reporting.json") };
const OPS = { project: "ops", manifest: built("mesh_columns", "c_ops.json") };

describe("column lineage across projects from compiled SQL and select *", () => {
  let server: TestServer;
  const { post, assetId, tenantWith } = tenantPosts(() => server);

  /** Column lineage of one column as sorted `uniqueId.column degree` and `from -> to transform`. */
  const columnLineage = async (tenant: string, token: string, uniqueId: string, column: string, direction: string) => {
    const id = await assetId(tenant, uniqueId);
    const data = await server.data(
      token,
      `query($id: ID!, $column: String!, $direction: LineageDirection!) {
        columnLineage(assetId: $id, column: $column, direction: $direction) {
          nodes { asset { id uniqueId } column degree } edges { fromAsset fromColumn toAsset toColumn transform } } }`,
      { id, column, direction },
    );
    const uniqueIds = new Map<string, string>([[id, uniqueId], ...data.columnLineage.nodes.map((node: Json) => [node.asset.id, node.asset.uniqueId] as [string, string])]);
    return {
      nodes: data.columnLineage.nodes.map((node: Json) => `${node.asset.uniqueId}.${node.column} ${node.degree}`).sort(),
      edges: data.columnLineage.edges.map((edge: Json) => `${uniqueIds.get(edge.fromAsset)}.${edge.fromColumn} -> ${uniqueIds.get(edge.toAsset)}.${edge.toColumn} ${edge.transform}`).sort(),
    };
  };

  const impactColumns = async (tenant: string, token: string, column: string) => {
    const data = await server.data(token, `query($id: ID!, $columns: [String!]) { impact(assetId: $id, columns: $columns) { groups { assets { asset { uniqueId } columns } } } }`, {
      id: await assetId(tenant, "model.shop.orders"),
      columns: [column],
    });
    return data.impact.groups.flatMap((group: Json) => group.assets.map((entry: Json) => `${entry.asset.uniqueId} ${[...entry.columns].sort().join(",")}`)).sort();
  };

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.stop());

  for (const [order, posts] of [
    ["upstream first", [SHOP, REPORTING, OPS]],
    ["downstream first", [OPS, REPORTING, SHOP]],
  ] as const) {
    it(`follows shop's column into models that read it by relation, by star and through a source that lists no columns (${order})`, async () => {
      const tenant = order.replace(" ", "-");
      const token = await tenantWith(tenant, [...posts]);
      expect(await columnLineage(tenant, token, "model.shop.orders", "amount", "DOWNSTREAM")).toEqual({
        // lower_orders reads "analytics"."marts"."orders": quoted, another relation on Snowflake.
        nodes: [
          "model.ops.orders_snapshot.amount 1",
          "model.reporting.order_amounts.amount_cents 1",
          "model.reporting.orders_copy.amount 1",
          "model.reporting.orders_mirror.amount 1",
        ],
        edges: [
          "model.shop.orders.amount -> model.ops.orders_snapshot.amount DIRECT",
          "model.shop.orders.amount -> model.reporting.order_amounts.amount_cents TRANSFORMED",
          "model.shop.orders.amount -> model.reporting.orders_copy.amount DIRECT",
          "model.shop.orders.amount -> model.reporting.orders_mirror.amount DIRECT",
        ],
      });
      // customer_id filters order_amounts' rows: it reaches each of its columns.
      expect(await impactColumns(tenant, token, "customer_id")).toEqual([
        "model.ops.orders_snapshot customer_id",
        "model.reporting.order_amounts amount_cents,order_id",
        "model.reporting.orders_copy customer_id",
      ]);
      expect(await columnLineage(tenant, token, "model.ops.orders_snapshot", "amount", "UPSTREAM")).toEqual({
        nodes: ["model.shop.orders.amount 1", "source.shop.raw.orders.amount 2"],
        edges: ["model.shop.orders.amount -> model.ops.orders_snapshot.amount DIRECT", "source.shop.raw.orders.amount -> model.shop.orders.amount DIRECT"],
      });
      expect((await columnLineage(tenant, token, "model.reporting.lower_orders", "amount", "UPSTREAM")).nodes).toEqual([]);
    });
  }

  it("follows a column shop adds into the star's model that documents it, without the reader posting again", async () => {
    const reporting = structuredClone(REPORTING.manifest);
    const copy = reporting.nodes["model.reporting.orders_copy"];
    copy.columns.status = { ...copy.columns.amount, name: "status", description: "The status." };
    const token = await tenantWith("added", [SHOP, { ...REPORTING, manifest: reporting }]);
    expect((await columnLineage("added", token, "model.reporting.orders_copy", "status", "UPSTREAM")).nodes).toEqual([]);
    const shop = structuredClone(SHOP.manifest);
    const orders = shop.nodes["model.shop.orders"];
    orders.columns.status = { ...orders.columns.amount, name: "status", description: "The status." };
    orders.raw_code = "select order_id, customer_id, amount, status from {{ source('raw', 'orders') }}";
    orders.compiled_code = "select order_id, customer_id, amount, status from raw.shop.orders";
    expect((await post(token, { ...SHOP, manifest: shop })).status).toBe("APPLIED");
    expect(await columnLineage("added", token, "model.shop.orders", "status", "DOWNSTREAM")).toEqual({
      nodes: ["model.reporting.orders_copy.status 1"],
      edges: ["model.shop.orders.status -> model.reporting.orders_copy.status DIRECT"],
    });
  });
});
