import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingestManifest } from "../../src/services/ingest/ingestManifest.js";
import { operatorContext } from "../../src/services/tenants.js";
import { readFixture } from "../support/fixtureDocs.js";
import { startTestServer, type TestServer } from "../support/server.js";
import { dbtManifest, model, source } from "../unit/manifest/dbtBuilders.js";

/** A small native manifest with owners, tags and layers, for the filters. */
const finance = {
  format: "tributary/v1",
  project: "finance",
  sources: [{ name: "raw", database: "warehouse", owners: ["Data Platform"], tables: [{ name: "orders", columns: [{ name: "id", type: "bigint" }] }] }],
  models: [
    {
      name: "stg_orders",
      path: "models/staging/stg_orders.sql",
      sql: "select id as order_id, amount from {{ source('raw', 'orders') }}",
      owners: ["Ana@Example.com"],
      tags: ["finance", "core"],
      columns: [{ name: "order_id", type: "bigint", tests: ["unique", "not_null"] }, { name: "amount", type: "numeric" }],
    },
    { name: "int_orders", layer: "intermediate", sql: "select * from {{ ref('stg_orders') }}", tags: ["core"], owners: [{ name: "Bo", handle: "@bo" }] },
    { name: "revenue_daily", layer: "mart", sql: "select sum(amount) as revenue from {{ ref('int_orders') }}", tags: ["finance"], owners: ["cfo@example.com"] },
  ],
  exposures: [{ name: "finance_board", type: "dashboard", url: "https://bi.example.com/7", owners: ["cfo@example.com"], depends_on: ["revenue_daily"] }],
};

/**
 * The same catalog as a dbt build: its unique ids are the native ones (a native manifest can only
 * be posted to its own project, a dbt build of one project can be posted to several).
 */
const inFinance = (fields: Record<string, unknown>) => ({ package_name: "finance", ...fields });
const financeAsDbt = (withExposure: boolean) =>
  dbtManifest(12, {
    projectName: "finance",
    sources: [source("raw", "orders", inFinance({ unique_id: "source.finance.raw.orders", meta: { owner: "Data Platform" } }))],
    nodes: [
      model("stg_orders", inFinance({ unique_id: "model.finance.stg_orders", meta: { owner: "Ana@Example.com" } })),
      model("int_orders", inFinance({ unique_id: "model.finance.int_orders", meta: { owner: { name: "Bo", handle: "@bo" } } })),
      model("revenue_daily", inFinance({ unique_id: "model.finance.revenue_daily", meta: { owner: "cfo@example.com" } })),
    ],
    exposures: withExposure
      ? [inFinance({ unique_id: "exposure.finance.finance_board", name: "finance_board", resource_type: "exposure", type: "dashboard", owner: { email: "cfo@example.com" }, depends_on: { nodes: ["model.finance.revenue_daily"] } })]
      : [],
  });

type Page<T> = { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: T[] };

describe("catalog read API over HTTP", () => {
  let server: TestServer;
  let acme: string;
  let globex: string;
  let reader: string;

  beforeAll(async () => {
    server = await startTestServer();
    acme = (await server.tenant("acme")).token;
    globex = (await server.tenant("globex")).token;
    const ctx = await operatorContext(server.database.db.prisma, "acme");
    await ingestManifest(ctx, { project: "jaffle", mode: "apply", ...readFixture(["jaffle_shop_duckdb", "base"]), gitSha: "abc123", branch: "main" });
    await ingestManifest(ctx, { project: "finance", mode: "apply", manifest: finance });
    // The same unique ids in a second project: `asset` without `project` is then ambiguous.
    await ingestManifest(ctx, { project: "finance_copy", mode: "apply", manifest: financeAsDbt(true) });
    const created = await server.graphql<{ createApiToken: { secret: string } }>(acme, `mutation { createApiToken(input: { name: "r", role: READER }) { secret } }`);
    reader = created.body.data!.createApiToken.secret;
  });
  afterAll(() => server.stop());

  it("lists projects with their asset counts and current version", async () => {
    const data = await server.data<{ projects: Page<{ name: string; assetCounts: Record<string, number>; currentVersion: { gitSha: string | null; status: string } }> }>(
      reader,
      `{ projects { totalCount nodes { name assetCounts { models sources seeds snapshots exposures metrics semanticModels } currentVersion { gitSha status } } } }`,
    );
    expect(data.projects.totalCount).toBe(3);
    expect(data.projects.nodes.map((p) => p.name)).toEqual(["finance", "finance_copy", "jaffle"]);
    const jaffle = data.projects.nodes.find((p) => p.name === "jaffle")!;
    expect(jaffle.assetCounts).toMatchObject({ models: 7, exposures: 0 });
    expect(jaffle.currentVersion).toEqual({ gitSha: "abc123", status: "APPLIED" });
    expect(data.projects.nodes.find((p) => p.name === "finance")!.assetCounts).toMatchObject({ models: 3, sources: 1, exposures: 1 });

    const one = await server.data<{ project: { name: string; id: string } | null; none: null }>(reader, `{ project(name: "jaffle") { id name } none: project(name: "nope") { id } }`);
    expect(one.project?.name).toBe("jaffle");
    expect(one.none).toBeNull();
  });

  it("shows an asset with its catalog-typed columns in warehouse order, tests, lineage and project", async () => {
    const data = await server.data<{
      asset: {
        id: string;
        uniqueId: string;
        kind: string;
        layer: string;
        project: { name: string };
        materialization: string;
        rawSql: string;
        filePath: string;
        meta: unknown;
        removedAt: null;
        diagnostics: unknown[];
        columns: { name: string; dataType: string | null; position: number | null }[];
        tests: { name: string; testType: string; columnName: string; severity: string; lastResult: null }[];
        upstream: { uniqueId: string }[];
        downstream: { uniqueId: string }[];
        upstreamEdges: { asset: { uniqueId: string }; origin: string }[];
      };
    }>(
      reader,
      `{ asset(uniqueId: "model.jaffle_shop.customers") {
          id uniqueId kind layer project { name } materialization rawSql filePath meta removedAt diagnostics { code }
          columns { name dataType position }
          tests { name testType columnName severity lastResult { status } }
          upstream { uniqueId } downstream { uniqueId } upstreamEdges { asset { uniqueId } origin } } }`,
    );
    const asset = data.asset;
    expect(asset).toMatchObject({ uniqueId: "model.jaffle_shop.customers", kind: "MODEL", layer: "MART", project: { name: "jaffle" }, removedAt: null });
    expect(asset.rawSql).toContain("ref(");
    expect(asset.columns.slice(0, 3)).toEqual([
      { name: "customer_id", dataType: "BIGINT", position: 1 },
      { name: "first_name", dataType: "VARCHAR", position: 2 },
      { name: "last_name", dataType: "VARCHAR", position: 3 },
    ]);
    const positions = asset.columns.map((c) => c.position ?? Infinity);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(asset.tests.map((t) => [t.testType, t.columnName]).sort()).toEqual([
      ["not_null", "customer_id"],
      ["unique", "customer_id"],
    ]);
    expect(asset.tests.every((t) => t.lastResult === null)).toBe(true);
    expect(asset.upstream.map((a) => a.uniqueId)).toEqual(["model.jaffle_shop.stg_customers", "model.jaffle_shop.stg_orders", "model.jaffle_shop.stg_payments"]);
    expect(asset.downstream.map((a) => a.uniqueId)).toEqual(["model.jaffle_shop.customer_order_pattern", "model.jaffle_shop.customer_segments"]);
    expect(asset.upstreamEdges.every((e) => e.origin === "DECLARED" || e.origin === "BOTH")).toBe(true);
  });

  it("gives each test its latest run result", async () => {
    const prisma = server.database.db.prisma;
    const tenant = await prisma.tenant.findUniqueOrThrow({ where: { slug: "acme" } });
    const tests = await prisma.dataTest.findMany({ where: { tenantId: tenant.id, uniqueId: { contains: "customers_customer_id" }, project: { name: "jaffle" } } });
    const version = await prisma.manifestVersion.findFirstOrThrow({ where: { tenantId: tenant.id, project: { name: "jaffle" } } });
    const unique = tests.find((t) => t.testType === "unique")!;
    const row = (status: "PASS" | "FAIL", at: string, failures: number) => ({
      tenantId: tenant.id,
      manifestVersionId: version.id,
      testId: unique.id,
      status,
      at: new Date(at),
      failures,
      executionTime: 0.5,
      message: status === "FAIL" ? "Got 3 results, configured to fail if != 0" : null,
    });
    await prisma.runResult.createMany({ data: [row("PASS", "2026-01-01T00:00:00Z", 0), row("FAIL", "2026-01-02T00:00:00Z", 3), row("PASS", "2025-12-31T00:00:00Z", 0)] });

    const data = await server.data<{ asset: { tests: { testType: string; lastResult: { status: string; at: string; failures: number; message: string; executionTime: number } | null }[] } }>(
      reader,
      `{ asset(uniqueId: "model.jaffle_shop.customers", project: "jaffle") { tests { testType lastResult { status at failures message executionTime } } } }`,
    );
    const byType = Object.fromEntries(data.asset.tests.map((t) => [t.testType, t.lastResult]));
    expect(byType.unique).toEqual({ status: "FAIL", at: "2026-01-02T00:00:00.000Z", failures: 3, message: "Got 3 results, configured to fail if != 0", executionTime: 0.5 });
    expect(byType.not_null).toBeNull();
  });

  it("shows owners, and filters by project, kind, layer, tag and owner", async () => {
    const list = async (filter: Record<string, unknown>) =>
      (await server.data<{ assets: Page<{ uniqueId: string; project: { name: string } }> }>(reader, `query($f: AssetFilter) { assets(filter: $f, first: 500) { totalCount nodes { uniqueId project { name } } } }`, { f: filter })).assets;
    const ids = async (filter: Record<string, unknown>) => (await list({ project: "finance", ...filter })).nodes.map((n) => n.uniqueId);

    expect(await ids({})).toEqual([
      "exposure.finance.finance_board",
      "model.finance.int_orders",
      "model.finance.revenue_daily",
      "model.finance.stg_orders",
      "source.finance.raw.orders",
    ]);
    expect(await ids({ kinds: ["MODEL"], layers: ["STAGING", "MART"] })).toEqual(["model.finance.revenue_daily", "model.finance.stg_orders"]);
    expect(await ids({ kinds: ["EXPOSURE", "SOURCE"] })).toEqual(["exposure.finance.finance_board", "source.finance.raw.orders"]);
    expect(await ids({ tags: ["core"] })).toEqual(["model.finance.int_orders", "model.finance.stg_orders"]);
    expect(await ids({ tags: ["core", "finance"] })).toEqual(["model.finance.int_orders", "model.finance.revenue_daily", "model.finance.stg_orders"]);
    expect(await ids({ owner: "ana@example.com" })).toEqual(["model.finance.stg_orders"]);
    expect(await ids({ owner: "CFO@example.com" })).toEqual(["exposure.finance.finance_board", "model.finance.revenue_daily"]);
    expect(await ids({ owner: "bo" })).toEqual(["model.finance.int_orders"]);
    expect(await ids({ owner: "nobody@example.com" })).toEqual([]);

    const everywhere = await list({ owner: "ana@example.com" });
    expect(everywhere.nodes.map((n) => n.project.name).sort()).toEqual(["finance", "finance_copy"]);
    expect((await list({ project: "jaffle", kinds: ["MODEL"] })).totalCount).toBe(7);

    const owned = await server.data<{ asset: { owners: { name: string | null; email: string | null; handle: string | null }[] } }>(
      reader,
      `{ asset(uniqueId: "model.finance.int_orders", project: "finance") { owners { name email handle } } }`,
    );
    expect(owned.asset.owners).toEqual([{ name: "Bo", email: null, handle: "@bo" }]);
  });

  it("pages assets without duplicates or gaps, with a total count", async () => {
    const all = await server.data<{ assets: Page<{ id: string }> }>(reader, `{ assets(first: 500) { totalCount pageInfo { hasNextPage } nodes { id } } }`);
    expect(all.assets.pageInfo.hasNextPage).toBe(false);
    expect(all.assets.nodes).toHaveLength(all.assets.totalCount);
    const seen: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 20; i++) {
      const page: { assets: Page<{ id: string }> } = await server.data(reader, `query($after: String) { assets(first: 4, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { id } } }`, { after });
      expect(page.assets.totalCount).toBe(all.assets.totalCount);
      seen.push(...page.assets.nodes.map((n) => n.id));
      if (!page.assets.pageInfo.hasNextPage) break;
      after = page.assets.pageInfo.endCursor;
    }
    expect(seen).toEqual(all.assets.nodes.map((n) => n.id));
    expect(new Set(seen).size).toBe(seen.length);
  });

  it("asks for a project when a unique id is in several, and answers null when there is none", async () => {
    const { body } = await server.graphql(reader, `{ asset(uniqueId: "model.finance.stg_orders") { uniqueId } }`);
    expect(body.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(body.errors?.[0]?.message).toContain("finance, finance_copy");
    expect(body.errors?.[0]?.message).toContain("project");

    const chosen = await server.data<{ asset: { project: { name: string } } }>(reader, `{ asset(uniqueId: "model.finance.stg_orders", project: "finance_copy") { project { name } } }`);
    expect(chosen.asset.project.name).toBe("finance_copy");
    const missing = await server.data<{ a: null; b: null }>(reader, `{ a: asset(uniqueId: "model.nope.x") { id } b: asset(uniqueId: "model.jaffle_shop.customers", project: "finance") { id } }`);
    expect(missing).toEqual({ a: null, b: null });
  });

  it("fetches assets, projects, tests and versions by global id", async () => {
    const data = await server.data<{ asset: { id: string; tests: { id: string }[]; project: { id: string; currentVersion: { id: string } } } }>(
      reader,
      `{ asset(uniqueId: "model.jaffle_shop.customers", project: "jaffle") { id tests { id } project { id currentVersion { id } } } }`,
    );
    const { asset } = data;
    const node = await server.data<{ a: { uniqueId: string }; t: { testType: string }; p: { name: string }; v: { project: { name: string } } }>(
      reader,
      `query($a: ID!, $t: ID!, $p: ID!, $v: ID!) {
        a: node(id: $a) { id ... on Asset { uniqueId } }
        t: node(id: $t) { ... on DataTest { testType } }
        p: node(id: $p) { ... on Project { name } }
        v: node(id: $v) { ... on ManifestVersion { project { name } } } }`,
      { a: asset.id, t: asset.tests[0]!.id, p: asset.project.id, v: asset.project.currentVersion.id },
    );
    expect(node.a.uniqueId).toBe("model.jaffle_shop.customers");
    expect(node.t.testType).toMatch(/unique|not_null/);
    expect(node.p.name).toBe("jaffle");
    expect(node.v.project.name).toBe("jaffle");

    // Another tenant gets null for the very same ids.
    const foreign = await server.data<Record<string, null>>(
      globex,
      `query($a: ID!, $p: ID!, $v: ID!) { a: node(id: $a) { id } p: node(id: $p) { id } v: node(id: $v) { id } }`,
      { a: asset.id, p: asset.project.id, v: asset.project.currentVersion.id },
    );
    expect(foreign).toEqual({ a: null, p: null, v: null });
  });

  it("keeps tenants apart: another tenant sees no project, asset or version of this one", async () => {
    const data = await server.data<{ project: null; asset: null; projects: Page<unknown>; assets: Page<unknown> }>(
      globex,
      `{ project(name: "jaffle") { id } asset(uniqueId: "model.jaffle_shop.customers", project: "jaffle") { id }
         projects { totalCount } assets(filter: { project: "jaffle" }) { totalCount } }`,
    );
    expect(data).toEqual({ project: null, asset: null, projects: { totalCount: 0 }, assets: { totalCount: 0 } });
    const versions = await server.graphql(globex, `{ manifestVersions(project: "jaffle") { totalCount } }`);
    expect(versions.body.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
    const bare = await server.data<{ asset: null }>(globex, `{ asset(uniqueId: "model.jaffle_shop.customers") { id } }`);
    expect(bare.asset).toBeNull();
  });

  it("lists a project's manifest versions newest first", async () => {
    const ctx = await operatorContext(server.database.db.prisma, "acme");
    const pr2 = readFixture(["jaffle_shop_duckdb", "pr2"]);
    await ingestManifest(ctx, { project: "jaffle", mode: "apply", ...pr2, gitSha: "def456", branch: "main" });
    const data = await server.data<{ manifestVersions: Page<{ id: string; gitSha: string; format: string; mode: string; status: string; postedBy: string; checksum: string; counts: { models: number }; diagnostics: unknown[]; createdAt: string; project: { name: string } }> }>(
      reader,
      `{ manifestVersions(project: "jaffle", first: 10) { totalCount nodes { id gitSha format mode status postedBy checksum counts diagnostics { code severity message } createdAt project { name } } } }`,
    );
    const { nodes, totalCount } = data.manifestVersions;
    expect(totalCount).toBe(2);
    expect(nodes.map((v) => v.gitSha)).toEqual(["def456", "abc123"]);
    expect(nodes[1]).toMatchObject({ format: "DBT", mode: "APPLY", status: "APPLIED", postedBy: "cli", project: { name: "jaffle" }, counts: { models: 7 } });
    expect(nodes[0]!.checksum).toMatch(/^[0-9a-f]{64}$/);
    const current = await server.data<{ project: { currentVersion: { id: string } } }>(reader, `{ project(name: "jaffle") { currentVersion { id } } }`);
    expect(current.project.currentVersion.id).toBe(nodes[0]!.id);
  });

  it("hides removed assets unless asked, and prefers the live one of a unique id", async () => {
    const ctx = await operatorContext(server.database.db.prisma, "acme");
    await ingestManifest(ctx, { project: "finance_copy", mode: "apply", manifest: financeAsDbt(false) });
    const query = `query($f: AssetFilter) { assets(filter: $f) { totalCount nodes { uniqueId removedAt } } }`;
    const live = await server.data<{ assets: Page<{ uniqueId: string; removedAt: string | null }> }>(reader, query, { f: { project: "finance_copy", kinds: ["EXPOSURE"] } });
    expect(live.assets.totalCount).toBe(0);
    const all = await server.data<{ assets: Page<{ uniqueId: string; removedAt: string | null }> }>(reader, query, {
      f: { project: "finance_copy", kinds: ["EXPOSURE"], includeRemoved: true },
    });
    expect(all.assets.nodes).toEqual([{ uniqueId: "exposure.finance.finance_board", removedAt: expect.any(String) }]);

    const data = await server.data<{ asset: { project: { name: string }; removedAt: null }; removed: { removedAt: string }; project: { assetCounts: { exposures: number } } }>(
      reader,
      `{ asset(uniqueId: "exposure.finance.finance_board") { project { name } removedAt }
         removed: asset(uniqueId: "exposure.finance.finance_board", project: "finance_copy") { removedAt }
         project(name: "finance_copy") { assetCounts { exposures } } }`,
    );
    expect(data.asset).toEqual({ project: { name: "finance" }, removedAt: null });
    expect(data.removed.removedAt).toEqual(expect.any(String));
    expect(data.project.assetCounts.exposures).toBe(0);
  });

  it("counts list fields in the query cost", async () => {
    const { body } = await server.graphql(reader, `{ assets(first: 500) { nodes { columns { name dataType description tags } tests { name lastResult { status at } } } } }`);
    expect(body.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(body.errors?.[0]?.message).toMatch(/cost/i);
  });

  it("pages an asset's nested lists with first and offset, at most 1,000 at a time", async () => {
    type Lists = { asset: { columns: { name: string }[]; downstream: { uniqueId: string }[]; tests: { name: string }[] } };
    const query = (args: string) => `{ asset(uniqueId: "model.jaffle_shop.orders", project: "jaffle") { columns${args} { name } downstream${args} { uniqueId } tests${args} { name } } }`;
    const all = (await server.data<Lists>(acme, query(""))).asset;
    expect(all.columns.length).toBeGreaterThan(3);
    const firstTwo = (await server.data<Lists>(acme, query("(first: 2)"))).asset;
    const rest = (await server.data<Lists>(acme, query("(first: 1000, offset: 2)"))).asset;
    expect([...firstTwo.columns, ...rest.columns]).toEqual(all.columns);
    expect([...firstTwo.tests, ...rest.tests]).toEqual(all.tests);
    expect([...firstTwo.downstream, ...rest.downstream]).toEqual(all.downstream);
    for (const bad of ["(first: 1001)", "(first: -1)", "(offset: -1)"]) {
      const { body } = await server.graphql(acme, query(bad));
      expect(body.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    }
    const { body } = await server.graphql(acme, query("(first: 1001)"));
    expect(body.errors?.[0]?.message).toMatch(/first must be between 0 and 1000/);
  });
});
