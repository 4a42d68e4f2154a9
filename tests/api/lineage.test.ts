/**
 * lineage, columnLineage, impact and the asset page fields over HTTP, on the dbt fixtures
 * (jaffle shop, hubspot), with tenant isolation, page and cost limits.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toGlobalId } from "../../src/graphql/globalId.js";
import type { TenantContext } from "../../src/services/actor.js";
import { ingestManifest } from "../../src/services/ingest/ingestManifest.js";
import { operatorContext } from "../../src/services/tenants.js";
import { readFixture } from "../support/fixtureDocs.js";
import { startTestServer, type TestServer } from "../support/server.js";

type DbtManifest = { nodes: Record<string, { resource_type: string; columns: Record<string, { description?: string }>; column_name?: string; attached_node?: string; depends_on?: { nodes?: string[] } }>; child_map: Record<string, string[]> };

const jaffle = readFixture(["jaffle_shop_duckdb", "base"]);
const hubspot = readFixture(["fivetran_hubspot"]);

/** The same manifest with a new description for orders.amount (a DOCS change, applied at once). */
function jaffleV2(): unknown {
  const manifest = structuredClone(jaffle.manifest) as DbtManifest;
  manifest.nodes["model.jaffle_shop.orders"]!.columns.amount!.description = "Order total in AUD, refunds excluded";
  return manifest;
}

/** Everything transitively downstream in the manifest's own child_map (tests left out). */
function manifestDescendants(manifest: DbtManifest, start: string): Set<string> {
  const seen = new Set<string>();
  const queue = [start];
  while (queue.length > 0) {
    for (const child of manifest.child_map[queue.shift()!] ?? []) {
      if (child.startsWith("test.") || seen.has(child)) continue;
      seen.add(child);
      queue.push(child);
    }
  }
  return seen;
}

describe("lineage and impact over HTTP", () => {
  let server: TestServer;
  let acme: string;
  let globex: string;
  let ctx: TenantContext;
  const ids = new Map<string, string>();
  const gid = (uniqueId: string) => toGlobalId("Asset", ids.get(uniqueId)!);

  beforeAll(async () => {
    server = await startTestServer();
    acme = (await server.tenant("acme")).token;
    globex = (await server.tenant("globex")).token;
    ctx = await operatorContext(server.database.db.prisma, "acme");
    await ingestManifest(ctx, { project: "jaffle", mode: "apply", ...jaffle, gitSha: "v1" });
    await ingestManifest(ctx, { project: "hubspot", mode: "apply", ...hubspot });
    for (const row of await ctx.db.asset.findMany({ select: { id: true, uniqueId: true } })) ids.set(row.uniqueId, row.id);
  });
  afterAll(() => server.stop());

  const errorOf = async (token: string, query: string, variables?: Record<string, unknown>) => {
    const { body } = await server.graphql(token, query, variables);
    expect(body.errors).toHaveLength(1);
    return body.errors![0]!;
  };

  const LINEAGE = `query($id: ID!, $direction: LineageDirection!, $depth: Int, $first: Int, $after: String, $kinds: [AssetKind!]) {
    lineage(assetId: $id, direction: $direction, depth: $depth, first: $first, after: $after, kinds: $kinds) {
      asset { uniqueId } nodes { asset { id uniqueId } degree direction } edges { from to origin via } totalCount truncated cycles
      pageInfo { hasNextPage endCursor } } }`;
  type LineageData = {
    lineage: {
      asset: { uniqueId: string };
      nodes: { asset: { id: string; uniqueId: string }; degree: number; direction: string }[];
      edges: { from: string; to: string; origin: string; via: string[] }[];
      totalCount: number;
      truncated: boolean;
      cycles: string[][];
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
    };
  };

  it("answers downstream lineage of a jaffle source as a flat graph with degrees", async () => {
    const { lineage } = await server.data<LineageData>(acme, LINEAGE, { id: gid("source.jaffle_shop.jaffle-shop-data.raw_orders"), direction: "DOWNSTREAM" });
    expect(lineage.nodes.map((n) => [n.asset.uniqueId, n.degree])).toEqual(
      [
        ["model.jaffle_shop.stg_orders", 1],
        ["model.jaffle_shop.customers", 2],
        ["model.jaffle_shop.orders", 2],
        ["model.jaffle_shop.customer_order_pattern", 3],
        ["model.jaffle_shop.customer_segments", 3],
      ].sort((a, b) => (a[1] as number) - (b[1] as number) || (ids.get(a[0] as string)! < ids.get(b[0] as string)! ? -1 : 1)),
    );
    expect(lineage.truncated).toBe(false);
    expect(lineage.cycles).toEqual([]);
    // Edges use global Asset ids and are the stored ones (declared in the manifest, SQL agrees).
    expect(lineage.edges).toContainEqual({ from: gid("model.jaffle_shop.stg_orders"), to: gid("model.jaffle_shop.orders"), origin: "BOTH", via: [] });
    const one = await server.data<LineageData>(acme, LINEAGE, { id: gid("model.jaffle_shop.customers"), direction: "BOTH", depth: 1 });
    expect(one.lineage.nodes.map((n) => [n.asset.uniqueId, n.direction]).sort()).toEqual([
      ["model.jaffle_shop.customer_order_pattern", "DOWNSTREAM"],
      ["model.jaffle_shop.customer_segments", "DOWNSTREAM"],
      ["model.jaffle_shop.stg_customers", "UPSTREAM"],
      ["model.jaffle_shop.stg_orders", "UPSTREAM"],
      ["model.jaffle_shop.stg_payments", "UPSTREAM"],
    ]);
    expect(one.lineage.truncated).toBe(true);
  });

  it("gives an asset reached through lineage every field an asset read by its unique id has, its SQL included", async () => {
    const fields = `id uniqueId name kind layer packageName database schema relationName materialization description rawSql compiledSql
      language filePath tags meta contractEnforced access version latestVersion groupName subtype url firstSeenAt lastChangedAt removedAt
      diagnostics { code message } project { name }`;
    type Fields = Record<string, unknown> & { uniqueId: string; rawSql: string | null };
    const { lineage } = await server.data<{ lineage: { nodes: { asset: Fields }[] } }>(
      acme,
      `query($id: ID!) { lineage(assetId: $id, direction: DOWNSTREAM, depth: 2) { nodes { asset { ${fields} } } } }`,
      { id: gid("model.jaffle_shop.stg_orders") },
    );
    expect(lineage.nodes.length).toBeGreaterThan(1);
    for (const { asset } of lineage.nodes) {
      const whole = await server.data<{ asset: Fields }>(acme, `query($u: String!) { asset(uniqueId: $u) { ${fields} } }`, { u: asset.uniqueId });
      expect(asset).toEqual(whole.asset);
    }
    expect(lineage.nodes.some(({ asset }) => asset.rawSql?.includes("ref("))).toBe(true);
  });

  it("pages hubspot lineage without gaps and filters kinds while walking through them", async () => {
    const start = "source.hubspot.hubspot.contact";
    const all = await server.data<LineageData>(acme, LINEAGE, { id: gid(start), direction: "DOWNSTREAM", first: 500 });
    const expected = manifestDescendants(hubspot.manifest as DbtManifest, start);
    expect(expected.size).toBeGreaterThan(3);
    for (const uniqueId of expected) expect(all.lineage.nodes.map((n) => n.asset.uniqueId)).toContain(uniqueId);
    const paged: string[] = [];
    let after: string | null = null;
    do {
      const page: LineageData = await server.data<LineageData>(acme, LINEAGE, { id: gid(start), direction: "DOWNSTREAM", first: 2, after });
      paged.push(...page.lineage.nodes.map((n) => n.asset.uniqueId));
      after = page.lineage.pageInfo.hasNextPage ? page.lineage.pageInfo.endCursor : null;
    } while (after);
    expect(paged).toEqual(all.lineage.nodes.map((n) => n.asset.uniqueId));
    const models = await server.data<LineageData>(acme, LINEAGE, { id: gid(start), direction: "DOWNSTREAM", first: 500, kinds: ["MODEL"] });
    expect(models.lineage.nodes.every((n) => n.asset.uniqueId.startsWith("model."))).toBe(true);
    expect(models.lineage.totalCount).toBe(all.lineage.nodes.filter((n) => n.asset.uniqueId.startsWith("model.")).length);
  });

  it("answers impact with paths, exposures, owners and subscribers", async () => {
    const alice = await ctx.db.owner.create({ data: { tenantId: ctx.tenant.id, key: "alice@example.com", email: "alice@example.com", name: "Alice" } });
    await ctx.db.assetOwner.create({ data: { tenantId: ctx.tenant.id, assetId: ids.get("model.jaffle_shop.customer_segments")!, ownerId: alice.id, source: "API" } });
    await ctx.db.subscription.create({ data: { tenantId: ctx.tenant.id, assetId: ids.get("model.jaffle_shop.customers")!, ownerId: alice.id } });
    const data = await server.data<{
      impact: {
        asset: { uniqueId: string };
        totalCount: number;
        groups: { degree: number; count: number; assets: { asset: { uniqueId: string }; path: { uniqueId: string }[]; owners: { email: string }[]; subscribers: { email: string }[] }[] }[];
        exposures: unknown[];
        exposureCount: number;
      };
    }>(
      acme,
      `query($id: ID!) { impact(assetId: $id) { asset { uniqueId } totalCount exposureCount exposures(first: 10) { degree }
        groups { degree count assets { asset { uniqueId } path { uniqueId } owners { email } subscribers { email } } } } }`,
      { id: gid("model.jaffle_shop.stg_customers") },
    );
    const { impact } = data;
    expect(impact.totalCount).toBe(3);
    expect(impact.groups.map((g) => [g.degree, g.count])).toEqual([[1, 1], [2, 2]]);
    const byId = new Map(impact.groups.flatMap((g) => g.assets).map((a) => [a.asset.uniqueId, a]));
    expect(byId.get("model.jaffle_shop.customers")!.subscribers).toEqual([{ email: "alice@example.com" }]);
    expect(byId.get("model.jaffle_shop.customer_segments")!.owners).toEqual([{ email: "alice@example.com" }]);
    expect(byId.get("model.jaffle_shop.customer_segments")!.path.map((a) => a.uniqueId)).toEqual([
      "model.jaffle_shop.stg_customers",
      "model.jaffle_shop.customers",
      "model.jaffle_shop.customer_segments",
    ]);
    expect(impact.exposures).toEqual([]);
    expect(impact.exposureCount).toBe(0);
  });

  it("answers column lineage from the SQL of the fixture with transforms", async () => {
    const data = await server.data<{ columnLineage: { column: string; nodes: { asset: { uniqueId: string }; column: string; degree: number }[]; edges: { fromColumn: string; toColumn: string; transform: string }[] } }>(
      acme,
      `query($id: ID!) { columnLineage(assetId: $id, column: "CUSTOMER_ID", direction: UPSTREAM, depth: 3) {
        column nodes { asset { uniqueId } column degree } edges { fromColumn toColumn transform } } }`,
      { id: gid("model.jaffle_shop.customer_segments") },
    );
    expect(data.columnLineage.column).toBe("customer_id");
    expect(data.columnLineage.nodes).toContainEqual({ asset: { uniqueId: "model.jaffle_shop.customers" }, column: "customer_id", degree: 1 });
    expect(data.columnLineage.edges.every((e) => typeof e.transform === "string")).toBe(true);
    const missing = await errorOf(acme, `query($id: ID!) { columnLineage(assetId: $id, column: "nope") { column } }`, { id: gid("model.jaffle_shop.orders") });
    expect(missing.extensions?.code).toBe("NOT_FOUND");
  });

  it("shows lineage counts, coverage, test status and history on the asset page", async () => {
    const manifest = jaffle.manifest as DbtManifest;
    const testedOrders = new Set(
      Object.values(manifest.nodes)
        .filter((n) => n.resource_type === "test" && n.attached_node === "model.jaffle_shop.orders" && n.column_name)
        .map((n) => n.column_name!.toLowerCase()),
    );
    const documented = Object.values(manifest.nodes["model.jaffle_shop.orders"]!.columns).filter((c) => c.description?.trim()).length;
    const tests = await ctx.db.dataTest.findMany({ where: { assetId: ids.get("model.jaffle_shop.orders")!, removedAt: null }, select: { id: true } });
    const version = (await ctx.db.manifestVersion.findFirst({ where: { gitSha: "v1" } }))!;
    await ctx.db.runResult.createMany({
      data: [
        { tenantId: ctx.tenant.id, manifestVersionId: version.id, testId: tests[0]!.id, status: "PASS", at: new Date("2026-01-01T00:00:00Z") },
        { tenantId: ctx.tenant.id, manifestVersionId: version.id, testId: tests[0]!.id, status: "FAIL", at: new Date("2026-01-02T00:00:00Z") },
        { tenantId: ctx.tenant.id, manifestVersionId: version.id, testId: tests[1]!.id, status: "FAIL", at: new Date("2026-01-01T00:00:00Z") },
        { tenantId: ctx.tenant.id, manifestVersionId: version.id, testId: tests[1]!.id, status: "PASS", at: new Date("2026-01-03T00:00:00Z") },
      ],
    });
    const v2 = await ingestManifest(ctx, { project: "jaffle", mode: "apply", manifest: jaffleV2(), catalog: jaffle.catalog, gitSha: "v2" });
    expect(v2.status).toBe("APPLIED");

    const page = await server.data<{
      stg: { lineageCounts: { upstream: number; downstream: number; exposures: number } };
      orders: { testedColumns: number; documentedColumns: number; lastTestStatus: string | null; history: { totalCount: number; nodes: { version: { gitSha: string }; changes: { columnName: string | null; category: string; action: string }[] }[] } };
    }>(
      acme,
      `{ stg: asset(uniqueId: "model.jaffle_shop.stg_orders", project: "jaffle") { lineageCounts { upstream downstream exposures } }
         orders: asset(uniqueId: "model.jaffle_shop.orders", project: "jaffle") { testedColumns documentedColumns lastTestStatus
           history { totalCount nodes { version { gitSha } changes { columnName category action } } } } }`,
    );
    expect(page.stg.lineageCounts).toEqual({ upstream: 1, downstream: 4, exposures: 0 });
    expect(page.orders.testedColumns).toBe(testedOrders.size);
    expect(page.orders.documentedColumns).toBe(documented);
    expect(page.orders.lastTestStatus).toBe("FAIL");
    expect(page.orders.history.nodes[0]!.version.gitSha).toBe("v2");
    expect(page.orders.history.nodes[0]!.changes).toContainEqual({ columnName: "amount", category: "DOCS", action: "MODIFIED" });
  });

  it("keeps tenants apart: another tenant's asset is not found", async () => {
    const id = gid("model.jaffle_shop.orders");
    for (const query of [
      `query($id: ID!) { lineage(assetId: $id, direction: BOTH) { totalCount } }`,
      `query($id: ID!) { impact(assetId: $id) { totalCount } }`,
      `query($id: ID!) { impact(assetId: $id, columns: ["amount"]) { totalCount } }`,
      `query($id: ID!) { columnLineage(assetId: $id, column: "amount") { column } }`,
    ]) {
      const error = await errorOf(globex, query, { id });
      expect(error.extensions?.code).toBe("NOT_FOUND");
    }
    const garbage = await errorOf(acme, `{ lineage(assetId: "not-an-id") { totalCount } }`);
    expect(garbage.extensions?.code).toBe("NOT_FOUND");
  });

  it("bounds pages and the cost of a query, naming the limit", async () => {
    const id = gid("model.jaffle_shop.orders");
    const tooMany = await errorOf(acme, `query($id: ID!) { lineage(assetId: $id, first: 501) { totalCount } }`, { id });
    expect(tooMany.extensions).toMatchObject({ code: "BAD_USER_INPUT", max: 500 });
    const costly = await errorOf(
      acme,
      `query($id: ID!) { lineage(assetId: $id, first: 500) { nodes { asset { columns { name description dataType tags meta } owners { email name } tests { name } upstream { name } downstream { name } } } } }`,
      { id },
    );
    expect(costly.extensions?.code).toBe("BAD_USER_INPUT");
    expect(costly.message).toContain(`limit of ${server.config.graphql.maxCost}`);
    // A full page of impact with people and paths stays within the limit.
    await server.data(acme, `query($id: ID!) { impact(assetId: $id, first: 100) { totalCount
      groups { degree count assets { degree asset { id name } path { id } owners { email } subscribers { email } } }
      exposureCount exposures(first: 100) { degree asset { id name } owners { email } } } }`, { id });
    const tooManyExposures = await errorOf(acme, `query($id: ID!) { impact(assetId: $id) { exposures(first: 501) { degree } } }`, { id });
    expect(tooManyExposures.extensions).toMatchObject({ code: "BAD_USER_INPUT", max: 500 });
    const stale = await errorOf(acme, `query($id: ID!) { lineage(assetId: $id, after: "bogus") { totalCount } }`, { id });
    expect(stale.extensions?.code).toBe("BAD_USER_INPUT");
  });
});
