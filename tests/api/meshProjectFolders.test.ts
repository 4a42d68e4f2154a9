/**
 * dbt Mesh across project folders, over HTTP: three never-compiled projects under
 * tests/fixtures/projects/ read by the folder reader (what `tributary push --models` posts) —
 * shop publishes `orders` and a versioned `customers`; marketing (`dependencies.yml`:
 * `projects: [shop]`) aggregates `ref('shop', 'orders')`; finance joins `ref('shop', 'orders')`
 * with `ref('shop', 'customers', v=2)` and reads the unpinned `ref('shop', 'customers')`. Lineage, impact and column lineage cross the projects,
 * whichever is posted first, and a breaking change in shop lists the other projects' owners.
 */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toGlobalId } from "../../src/graphql/globalId.js";
import { readDbtProject } from "../../src/projectFolder/index.js";
import { startTestServer, type TestServer } from "../support/server.js";
import { tenantPosts } from "../support/tenantPosts.js";

type Json = Record<string, any>;
const PROJECTS = path.join(import.meta.dirname, "..", "fixtures", "projects");
const folder = async (name: string, project: string) => ({ project, manifest: (await readDbtProject(path.join(PROJECTS, name))).manifest as Json });

const DOWNSTREAM_OF_ORDERS = ["model.finance.revenue_by_region", "model.marketing.customer_orders", "model.marketing.top_customers"];
const DOWNSTREAM_OWNERS = ["fay@finance.example", "max@marketing.example", "mia@marketing.example"];

describe("dbt Mesh refs between project folders over HTTP", () => {
  let server: TestServer;
  let shop: Json, marketing: Json, finance: Json;

  const { post, assetId, tenantWith } = tenantPosts(() => server);

  /** Column lineage of one column: nodes as `uniqueId.column degree`, edges as `from -> to transform`, sorted. */
  const columnLineage = async (tenant: string, token: string, uniqueId: string, column: string, direction: string, crossProject = true) => {
    const id = await assetId(tenant, uniqueId);
    const data = await server.data(
      token,
      `query($id: ID!, $column: String!, $direction: LineageDirection!, $cross: Boolean) {
        columnLineage(assetId: $id, column: $column, direction: $direction, crossProject: $cross) {
          nodes { asset { id uniqueId } column degree } edges { fromAsset fromColumn toAsset toColumn transform } } }`,
      { id, column, direction, cross: crossProject },
    );
    const uniqueIds = new Map<string, string>([[id, uniqueId], ...data.columnLineage.nodes.map((node: Json) => [node.asset.id, node.asset.uniqueId] as [string, string])]);
    return {
      // Within a degree the answer is in asset id order, and ids differ between tenants.
      nodes: data.columnLineage.nodes.map((node: Json) => `${node.asset.uniqueId}.${node.column} ${node.degree}`).sort(),
      edges: data.columnLineage.edges.map((edge: Json) => `${uniqueIds.get(edge.fromAsset)}.${edge.fromColumn} -> ${uniqueIds.get(edge.toAsset)}.${edge.toColumn} ${edge.transform}`).sort(),
    };
  };

  /** What the tenant says about shop's `orders` downstream and marketing's model upstream. */
  const crossings = async (tenant: string, token: string) => {
    const orders = await assetId(tenant, "model.shop.orders");
    const impact = await server.data(token, `query($id: ID!) { impact(assetId: $id) { groups { assets { asset { uniqueId } owners { email } } } } }`, { id: orders });
    const assets = impact.impact.groups.flatMap((group: Json) => group.assets);
    const upstream = await server.data(token, `query($id: ID!) { lineage(assetId: $id, direction: UPSTREAM, depth: 1) { nodes { asset { uniqueId } } edges { origin } } }`, {
      id: await assetId(tenant, "model.finance.revenue_by_region"),
    });
    const amountImpact = await server.data(token, `query($id: ID!) { impact(assetId: $id, columns: ["amount"]) { groups { assets { asset { uniqueId } columns } } } }`, { id: orders });
    return {
      impact: assets.map((entry: Json) => entry.asset.uniqueId).sort(),
      owners: [...new Set(assets.flatMap((entry: Json) => entry.owners.map((owner: Json) => owner.email)))].sort(),
      upstream: upstream.lineage.nodes.map((node: Json) => node.asset.uniqueId).sort(),
      origins: upstream.lineage.edges.map((edge: Json) => edge.origin),
      amountImpact: amountImpact.impact.groups.flatMap((group: Json) => group.assets.map((entry: Json) => `${entry.asset.uniqueId} ${[...entry.columns].sort().join(",")}`)).sort(),
      amountDownstream: await columnLineage(tenant, token, "model.shop.orders", "amount", "DOWNSTREAM"),
      revenueUpstream: await columnLineage(tenant, token, "model.marketing.customer_orders", "revenue", "UPSTREAM"),
      regionUpstream: await columnLineage(tenant, token, "model.finance.customer_regions", "region", "UPSTREAM"),
    };
  };

  beforeAll(async () => {
    server = await startTestServer();
    [shop, marketing, finance] = await Promise.all([folder("mesh_shop", "shop"), folder("mesh_marketing", "marketing"), folder("mesh_finance", "finance")]);
  });
  afterAll(() => server.stop());

  it("reads dependencies.yml: a ref into an upstream project is kept, a ref into another package is not", () => {
    const model = (folder: Json, name: string) => folder.manifest.models.find((m: Json) => m.name === name);
    expect(model(marketing, "customer_orders").depends_on).toEqual(["ref('shop', 'orders')"]);
    expect(model(marketing, "crm_contacts").depends_on).toBeUndefined();
    expect(model(finance, "revenue_by_region").depends_on).toEqual(["ref('shop', 'customers', v=2)", "ref('shop', 'orders')"]);
  });

  it("lineage, impact and column lineage cross the projects, with the same answer whichever is posted first", async () => {
    const first = await crossings("upstream-first", await tenantWith("upstream-first", [shop, marketing, finance]));
    expect(first.impact).toEqual(DOWNSTREAM_OF_ORDERS);
    expect(first.owners).toEqual(DOWNSTREAM_OWNERS);
    expect(first.upstream).toEqual(["model.shop.customers.v2", "model.shop.orders"]);
    expect(first.origins).toEqual(["DECLARED", "DECLARED"]);
    // The columns that read `amount`, across both downstream projects.
    expect(first.amountImpact).toEqual([
      "model.finance.revenue_by_region revenue",
      "model.marketing.customer_orders revenue",
      "model.marketing.top_customers customer_id,revenue",
    ]);
    expect(first.amountDownstream.nodes).toEqual([
      "model.finance.revenue_by_region.revenue 1",
      "model.marketing.customer_orders.revenue 1",
      "model.marketing.top_customers.customer_id 2",
      "model.marketing.top_customers.revenue 2",
    ]);
    expect(first.amountDownstream.edges).toContain("model.shop.orders.amount -> model.marketing.customer_orders.revenue AGGREGATED");
    expect(first.amountDownstream.edges).toContain("model.shop.orders.amount -> model.finance.revenue_by_region.revenue AGGREGATED");
    // Upstream of marketing's revenue: shop's columns it aggregates, groups by and filters on, then on into shop.
    expect(first.revenueUpstream.edges).toEqual(
      expect.arrayContaining([
        "model.shop.orders.amount -> model.marketing.customer_orders.revenue AGGREGATED",
        "model.shop.orders.customer_id -> model.marketing.customer_orders.revenue GROUP_BY",
        "model.shop.orders.status -> model.marketing.customer_orders.revenue FILTER",
        "model.shop.stg_orders.amount -> model.shop.orders.amount DIRECT",
      ]),
    );
    expect(first.revenueUpstream.nodes).toEqual(
      expect.arrayContaining(["model.shop.orders.amount 1", "model.shop.orders.status 1", "model.shop.stg_orders.amount 2", "source.shop.raw.orders.amount 3"]),
    );

    // An unpinned ref to a versioned model is its latest version, columns included (v2's region
    // is a literal grouped by customer_id, which it reads from shop's staging).
    expect(first.regionUpstream.nodes).toEqual(["model.shop.customers.v2.region 1", "model.shop.stg_orders.customer_id 2", "source.shop.raw.orders.customer_id 3"]);

    const second = await crossings("downstream-first", await tenantWith("downstream-first", [finance, marketing, shop]));
    expect(second).toEqual(first);
  });

  it("keeps the per-project view: crossProject false stays in the project", async () => {
    const token = await tenantWith("islands", [shop, marketing]);
    const impact = await server.data(token, `query($id: ID!) { impact(assetId: $id, crossProject: false) { totalCount } }`, { id: await assetId("islands", "model.shop.orders") });
    expect(impact.impact.totalCount).toBe(0);
    expect((await columnLineage("islands", token, "model.shop.orders", "amount", "DOWNSTREAM", false)).nodes).toEqual([]);
    expect((await columnLineage("islands", token, "model.marketing.customer_orders", "revenue", "UPSTREAM", false)).nodes).toEqual([]);
  });

  it("a breaking change proposed in shop lists the downstream owners of marketing and finance", async () => {
    const token = await tenantWith("change", [shop, marketing, finance]);
    const withoutAmount = structuredClone(shop.manifest);
    const orders = withoutAmount.models.find((m: Json) => m.name === "orders");
    orders.columns = orders.columns.filter((c: Json) => c.name !== "amount");
    orders.sql = "select order_id, customer_id, status\nfrom {{ ref('stg_orders') }}\n";
    const proposed = await post(token, { project: "shop", manifest: withoutAmount, mode: "propose", branch: "drop-amount" });
    expect(proposed.changeRequest).not.toBeNull();
    const data = await server.data(token, `query($id: ID!) { changeRequest(id: $id) { impact } }`, { id: toGlobalId("ChangeRequest", proposed.changeRequest.id) });
    const impact = data.changeRequest.impact as { assets: { uniqueId: string; project: string }[]; owners: { email: string }[] };
    expect(impact.assets.map((asset) => `${asset.project}:${asset.uniqueId}`).sort()).toEqual([
      "finance:model.finance.revenue_by_region",
      "marketing:model.marketing.customer_orders",
      "marketing:model.marketing.top_customers",
    ]);
    expect(impact.owners.map((owner) => owner.email).filter((email) => email !== "ana@shop.example").sort()).toEqual(DOWNSTREAM_OWNERS);
  });
});
