/**
 * `tributary push --models` on the fixture projects of tests/fixtures/projects/, against the real
 * server: a source declared in several files, versioned models and seeds/snapshots are stored
 * with dbt's ids and edges; a source table declared twice is refused before anything is posted.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../support/cli.js";
import { startTestServer, type TestServer } from "../support/server.js";

const PROJECTS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "fixtures", "projects");

describe("tributary push --models on real project shapes", { timeout: 120_000 }, () => {
  let server: TestServer;
  /** Every fixture is dbt project `shop`, posted to its own tenant's project `shop`. */
  const tenantIds = new Map<string, string>();

  beforeAll(async () => {
    server = await startTestServer();
  });

  async function pushFolder(tenant: string, folder: string, ...flags: string[]) {
    const { id, token } = await server.tenant(tenant);
    tenantIds.set(tenant, id);
    const env = { TRIBUTARY_URL: server.url, TRIBUTARY_TOKEN: token, GITHUB_SHA: "", GITHUB_REF_NAME: "" };
    return runCli(["push", "--project", "shop", "--models", path.join(PROJECTS, folder), ...flags], env);
  }

  const shopOf = (tenant: string) => ({ name: "shop", tenantId: tenantIds.get(tenant)! });
  afterAll(async () => {
    await server.stop();
  });

  /** Stored edges of one project, as `from -> to` unique ids. */
  async function storedEdges(tenant: string): Promise<string[]> {
    const prisma = server.database.db.prisma;
    const assets = await prisma.asset.findMany({ where: { project: shopOf(tenant) }, select: { id: true, uniqueId: true } });
    const ids = new Map(assets.map((a) => [a.id, a.uniqueId]));
    const rows = await prisma.lineageEdge.findMany({ where: { toAssetId: { in: [...ids.keys()] } } });
    return rows.map((e) => `${ids.get(e.fromAssetId)} -> ${ids.get(e.toAssetId)}`).sort();
  }

  it("posts a project whose source is declared in two files", async () => {
    const result = await pushFolder("merged", "sources_across_files", "--json");
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/2 models, 3 source tables/);
    expect(await storedEdges("merged")).toEqual([
      "source.shop.raw.customers -> model.shop.stg_orders",
      "source.shop.raw.order_items -> model.shop.stg_order_items",
      "source.shop.raw.orders -> model.shop.stg_orders",
    ]);
  });

  it("refuses a source table declared twice, naming both places, and posts nothing", async () => {
    const result = await pushFolder("twice", "source_table_twice");
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("models/a/_sources.yml at $.sources[0].tables[1] and again in models/b/_sources.yml at $.sources[1].tables[1]");
    expect(await server.database.db.prisma.project.count({ where: { tenantId: tenantIds.get("twice")! } })).toBe(0);
  });

  it("stores each model version with its own id, and pinned and unpinned refs as dbt resolves them", async () => {
    const result = await pushFolder("versions", "versioned_models", "--json");
    expect(result.code, result.stderr).toBe(0);
    const stored = await server.database.db.prisma.asset.findMany({
      where: { project: shopOf("versions"), name: "dim_customers" },
      orderBy: { uniqueId: "asc" },
      select: { uniqueId: true, version: true, latestVersion: true, relationName: true },
    });
    expect(stored).toEqual([
      { uniqueId: "model.shop.dim_customers.v1", version: "1", latestVersion: "2", relationName: "marts.dim_customers_v1" },
      { uniqueId: "model.shop.dim_customers.v2", version: "2", latestVersion: "2", relationName: "marts.dim_customers_v2" },
      { uniqueId: "model.shop.dim_customers.v3", version: "3", latestVersion: "2", relationName: "marts.dim_customers_v3" },
    ]);
    expect(await storedEdges("versions")).toEqual([
      "model.shop.dim_customers.v1 -> model.shop.customer_report",
      "model.shop.dim_customers.v2 -> model.shop.customer_report",
      "model.shop.dim_customers.v2 -> model.shop.dim_customers.v3",
      "model.shop.stg_customers -> model.shop.dim_customers.v1",
      "model.shop.stg_customers -> model.shop.dim_customers.v2",
    ]);
  });

  it("says how many metrics, semantic models, saved queries and groups it read from the semantic layer's YAML", async () => {
    const result = await pushFolder("semantic", "semantic_layer", "--json");
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/2 models, 1 source tables, 0 exposures, 10 metrics, 1 semantic models, 1 saved queries, 1 groups, /);
    const kinds = await server.database.db.prisma.asset.groupBy({ by: ["kind"], where: { project: shopOf("semantic") }, _count: true, orderBy: { kind: "asc" } });
    expect(Object.fromEntries(kinds.map((k) => [k.kind, k._count]))).toMatchObject({ METRIC: 10, SEMANTIC_MODEL: 1, SAVED_QUERY: 1 });
  });

  it("stores seeds and snapshots from custom paths, and warns once per package not read", async () => {
    const result = await pushFolder("resources", "resources_and_paths", "--json");
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/3 models, 0 source tables, 0 exposures, 0 metrics, 0 semantic models, 0 saved queries, 0 groups, .*; 1 seeds, 3 snapshots; 2 warnings/);
    expect(result.stderr.match(/PACKAGE_NOT_READ/g)).toHaveLength(2);
    const kinds = await server.database.db.prisma.asset.findMany({ where: { project: shopOf("resources") }, select: { uniqueId: true, kind: true }, orderBy: { uniqueId: "asc" } });
    expect(kinds.map((a) => `${a.kind} ${a.uniqueId}`)).toEqual([
      "MODEL model.shop.orders_report",
      "MODEL model.shop.raw_orders",
      "MODEL model.shop.stg_orders",
      "SEED seed.shop.country_codes",
      "SNAPSHOT snapshot.shop.countries_snapshot",
      "SNAPSHOT snapshot.shop.orders_snapshot",
      "SNAPSHOT snapshot.shop.raw_orders_snapshot",
    ]);
    expect(await storedEdges("resources")).toContain("snapshot.shop.orders_snapshot -> model.shop.orders_report");
  });
});
