/**
 * Lineage across the projects of one tenant, over HTTP, on three built projects
 * (tests/fixtures/built/cross_project): shop builds the mart `orders` as ANALYTICS.MARTS.ORDERS
 * on Snowflake; finance reads it through a source spelled `analytics.marts.orders` (the same
 * relation under Snowflake's case rules) with two models and their owners; marketing refs it
 * through dbt Mesh (`ref('shop', 'orders')`).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toGlobalId } from "../../src/graphql/globalId.js";
import { startTestServer, type TestServer } from "../support/server.js";
import { tenantPosts } from "../support/tenantPosts.js";

type Json = Record<string, any>;
const fixture = (name: string): Json => JSON.parse(readFileSync(path.join(import.meta.dirname, "..", "fixtures", "built", "cross_project", name), "utf8"));

const SHOP = { project: "shop", manifest: fixture("a_shop.json") };
const FINANCE = { project: "finance", manifest: fixture("b_finance.json") };
const MARKETING = { project: "marketing", manifest: fixture("c_marketing.json") };

const DOWNSTREAM_OF_ORDERS = [
  "model.finance.order_counts",
  "model.finance.revenue",
  "model.marketing.customer_orders",
  "source.finance.shop_marts.orders",
];
const DOWNSTREAM_OWNERS = ["fay@finance.example", "finn@finance.example", "mia@marketing.example"];

/** shop's manifest with `orders` renamed (a new relation, a new unique id). */
function shopWithOrdersRenamed(): Json {
  const manifest = structuredClone(SHOP.manifest);
  const orders = manifest.nodes["model.shop.orders"];
  delete manifest.nodes["model.shop.orders"];
  manifest.nodes["model.shop.orders_v2"] = { ...orders, unique_id: "model.shop.orders_v2", name: "orders_v2", alias: "orders_v2", relation_name: "ANALYTICS.MARTS.ORDERS_V2" };
  return manifest;
}

/** shop's manifest with the column `amount` dropped from `orders`: a breaking change. */
function shopWithoutAmount(): Json {
  const manifest = structuredClone(SHOP.manifest);
  const orders = manifest.nodes["model.shop.orders"];
  delete orders.columns.amount;
  orders.compiled_code = "select order_id, customer_id from raw.shop.orders";
  orders.raw_code = "select order_id, customer_id from {{ source('raw', 'orders') }}";
  return manifest;
}

describe("lineage across projects over HTTP", () => {
  let server: TestServer;

  const { post, assetId, tenantWith } = tenantPosts(() => server);

  /** Everything downstream of shop's `orders`, with each asset's owners, as the impact query shows it. */
  const impactOfOrders = async (tenant: string, token: string, crossProject?: boolean) => {
    const data = await server.data(
      token,
      `query($id: ID!, $cross: Boolean) { impact(assetId: $id, crossProject: $cross) { totalCount groups { assets { asset { uniqueId } owners { email } } } } }`,
      { id: await assetId(tenant, "model.shop.orders"), ...(crossProject === undefined ? {} : { cross: crossProject }) },
    );
    const assets = data.impact.groups.flatMap((group: Json) => group.assets);
    return {
      uniqueIds: assets.map((entry: Json) => entry.asset.uniqueId).sort(),
      owners: [...new Set(assets.flatMap((entry: Json) => entry.owners.map((owner: Json) => owner.email)))].sort(),
    };
  };


  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.stop());

  it("impact of a model lists the models and owners of the projects that read it", async () => {
    const token = await tenantWith("ab", [SHOP, FINANCE, MARKETING]);
    expect(await impactOfOrders("ab", token)).toEqual({ uniqueIds: DOWNSTREAM_OF_ORDERS, owners: DOWNSTREAM_OWNERS });
  });

  it("gives the same links whichever project is posted first", async () => {
    const token = await tenantWith("ba", [MARKETING, FINANCE, SHOP]);
    expect(await impactOfOrders("ba", token)).toEqual({ uniqueIds: DOWNSTREAM_OF_ORDERS, owners: DOWNSTREAM_OWNERS });
  });

  it("keeps the per-project view: crossProject false stays in the project", async () => {
    const token = await tenantWith("islands", [SHOP, FINANCE, MARKETING]);
    expect(await impactOfOrders("islands", token, false)).toEqual({ uniqueIds: [], owners: [] });
    const lineage = await server.data(token, `query($id: ID!) { lineage(assetId: $id, crossProject: false) { nodes { asset { uniqueId } } } }`, {
      id: await assetId("islands", "source.finance.shop_marts.orders"),
    });
    expect(lineage.lineage.nodes.map((node: Json) => node.asset.uniqueId).sort()).toEqual(["model.finance.order_counts", "model.finance.revenue"]);
  });

  it("shows lineage upstream into the other project, with the edge's origin", async () => {
    const token = await tenantWith("upstream", [SHOP, FINANCE, MARKETING]);
    const data = await server.data(token, `query($id: ID!) { lineage(assetId: $id, direction: UPSTREAM) { nodes { asset { uniqueId } degree } edges { origin } } }`, {
      id: await assetId("upstream", "model.finance.revenue"),
    });
    expect(data.lineage.nodes.map((node: Json) => `${node.asset.uniqueId} ${node.degree}`).sort()).toEqual([
      "model.shop.orders 2",
      "source.finance.shop_marts.orders 1",
      "source.shop.raw.orders 3",
    ]);
    const mesh = await server.data(token, `query($id: ID!) { lineage(assetId: $id, direction: UPSTREAM, depth: 1) { nodes { asset { uniqueId } } edges { origin } } }`, {
      id: await assetId("upstream", "model.marketing.customer_orders"),
    });
    expect(mesh.lineage.nodes.map((node: Json) => node.asset.uniqueId)).toEqual(["model.shop.orders"]);
    expect(mesh.lineage.edges.map((edge: Json) => edge.origin)).toEqual(["DECLARED"]);
  });

  it("carries column lineage and column-aware impact across the source link", async () => {
    const token = await tenantWith("columns", [SHOP, FINANCE]);
    const orders = await assetId("columns", "model.shop.orders");
    const data = await server.data(token, `query($id: ID!) { columnLineage(assetId: $id, column: "amount", direction: DOWNSTREAM) { nodes { asset { uniqueId } column degree } } }`, { id: orders });
    expect(data.columnLineage.nodes.map((node: Json) => `${node.asset.uniqueId}.${node.column} ${node.degree}`)).toEqual([
      "source.finance.shop_marts.orders.amount 1",
      "model.finance.revenue.amount 2",
    ]);
    const alone = await server.data(token, `query($id: ID!) { columnLineage(assetId: $id, column: "amount", direction: DOWNSTREAM, crossProject: false) { nodes { column } } }`, { id: orders });
    expect(alone.columnLineage.nodes).toEqual([]);
    const impact = await server.data(token, `query($id: ID!) { impact(assetId: $id, columns: ["amount"]) { groups { assets { asset { uniqueId } } } } }`, { id: orders });
    expect(impact.impact.groups.flatMap((group: Json) => group.assets.map((entry: Json) => entry.asset.uniqueId)).sort()).toEqual([
      "model.finance.revenue",
      "source.finance.shop_marts.orders",
    ]);
  });

  it("a breaking change proposed in one project lists the downstream owners of the others and notifies them", async () => {
    const token = await tenantWith("change", [SHOP, FINANCE, MARKETING]);
    const proposed = await post(token, { ...SHOP, manifest: shopWithoutAmount(), mode: "propose", branch: "drop-amount" });
    expect(proposed.changeRequest).not.toBeNull();
    const data = await server.data(token, `query($id: ID!) { changeRequest(id: $id) { impact } }`, { id: toGlobalId("ChangeRequest", proposed.changeRequest.id) });
    const impact = data.changeRequest.impact as { assets: { uniqueId: string; project: string }[]; owners: { email: string }[] };
    expect(impact.assets.map((asset) => `${asset.project}:${asset.uniqueId}`).sort()).toEqual([
      "finance:model.finance.order_counts",
      "finance:model.finance.revenue",
      "finance:source.finance.shop_marts.orders",
      "marketing:model.marketing.customer_orders",
    ]);
    expect(impact.owners.map((owner) => owner.email).filter((email) => email !== "ana@shop.example").sort()).toEqual(DOWNSTREAM_OWNERS);
    const notified = await server.database.db.prisma.notification.findMany({
      where: { changeRequestId: proposed.changeRequest.id },
      select: { owner: { select: { email: true } } },
    });
    expect(new Set(notified.map((n) => n.owner.email))).toEqual(new Set([...DOWNSTREAM_OWNERS, "ana@shop.example"]));
  });

  it("drops the links when the model is renamed, and restores them when the name comes back", async () => {
    const token = await tenantWith("rename", [SHOP, FINANCE, MARKETING]);
    const created = await server.data(token, `mutation { createApiToken(input: { name: "ana", role: OWNER, ownerEmail: "ana@shop.example" }) { secret } }`);
    const ana = created.createApiToken.secret as string;
    /** Renaming the mart is breaking: proposed, approved by its owner, then applied. */
    const applyApproved = async (manifest: Json, branch: string) => {
      const proposed = await post(token, { ...SHOP, manifest, mode: "propose", branch });
      await server.data(ana, `mutation($id: ID!) { approveChangeRequest(input: { id: $id }) { changeRequest { status } } }`, { id: toGlobalId("ChangeRequest", proposed.changeRequest.id) });
      const applied = await post(token, { ...SHOP, manifest, branch });
      expect(applied.status, applied.reason).toBe("APPLIED");
    };

    await applyApproved(shopWithOrdersRenamed(), "rename-orders");
    const renamed = await server.data(token, `query($id: ID!) { impact(assetId: $id) { totalCount } }`, { id: await assetId("rename", "model.shop.orders_v2") });
    expect(renamed.impact.totalCount).toBe(0);
    const source = await server.data(token, `query($id: ID!) { lineage(assetId: $id, direction: UPSTREAM) { nodes { asset { uniqueId } } } }`, {
      id: await assetId("rename", "source.finance.shop_marts.orders"),
    });
    expect(source.lineage.nodes).toEqual([]);

    await applyApproved(SHOP.manifest, "restore-orders");
    expect(await impactOfOrders("rename", token)).toEqual({ uniqueIds: DOWNSTREAM_OF_ORDERS, owners: DOWNSTREAM_OWNERS });
  });
});
