/**
 * Ways real dbt projects are written that the folder reader once got wrong, each on a small
 * project under tests/fixtures/projects/: one source declared in several files, versioned
 * models, keyword arguments in ref/source, seeds, snapshots, custom resource paths, disabled
 * nodes and refs into packages the folder does not hold. Each is read as a folder and then
 * normalized as the server would, so the unique ids and edges are the ones stored.
 */
import { cp, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parseManifest } from "../../../src/core/manifest/index.js";
import type { CatalogSnapshot } from "../../../src/core/manifest/snapshot.js";
import { ProjectFolderError, readDbtProject } from "../../../src/projectFolder/index.js";

const PROJECTS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "fixtures", "projects");

async function read(name: string) {
  const result = await readDbtProject(path.join(PROJECTS, name));
  const parsed = parseManifest({ manifest: result.manifest });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
  return { ...result, snapshot: parsed.snapshot };
}

const edges = (snapshot: CatalogSnapshot): string[] => snapshot.edges.map((e) => `${e.from} -> ${e.to}`).sort();
const asset = (snapshot: CatalogSnapshot, uniqueId: string) => {
  const found = snapshot.assets.find((a) => a.uniqueId === uniqueId);
  if (!found) throw new Error(`no asset ${uniqueId}`);
  return found;
};

describe("one source declared in several YAML files", () => {
  it("merges the tables of one source name, each keeping what its own block says", async () => {
    const { manifest, snapshot } = await read("sources_across_files");
    expect(manifest.sources?.map((s) => s.name)).toEqual(["raw"]);
    expect(snapshot.assets.filter((a) => a.kind === "SOURCE").map((a) => a.uniqueId).sort()).toEqual([
      "source.shop.raw.customers",
      "source.shop.raw.order_items",
      "source.shop.raw.orders",
    ]);
    // Schema, description, owner and tags come from the block that declares the table.
    expect(asset(snapshot, "source.shop.raw.customers")).toMatchObject({ relationName: "raw_crm.customers", tags: ["crm"], owners: [] });
    expect(asset(snapshot, "source.shop.raw.orders")).toMatchObject({ relationName: "raw_shop.orders", description: "One row per order." });
    expect(asset(snapshot, "source.shop.raw.order_items")).toMatchObject({
      relationName: "raw_shop.order_items",
      description: "The shop's loader output.",
      owners: [expect.objectContaining({ email: "loader@example.com" })],
    });
    expect(edges(snapshot)).toEqual([
      "source.shop.raw.customers -> model.shop.stg_orders",
      "source.shop.raw.order_items -> model.shop.stg_order_items",
      "source.shop.raw.orders -> model.shop.stg_orders",
    ]);
    expect(snapshot.tests.map((t) => t.attachedUniqueId)).toEqual(["source.shop.raw.customers"]);
  });

  it("refuses the same source and table twice, as dbt does, naming both files and YAML paths", async () => {
    const error = await readDbtProject(path.join(PROJECTS, "source_table_twice")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProjectFolderError);
    expect((error as Error).message).toBe(
      "The project declares a source table twice, which dbt refuses: source raw, table orders is declared in " +
        "models/a/_sources.yml at $.sources[0].tables[1] and again in models/b/_sources.yml at $.sources[1].tables[1].",
    );
  });
});

describe("versioned models", () => {
  it("reads each version as its own model with dbt's ids, relations, columns and latest version", async () => {
    const { snapshot, diagnostics } = await read("versioned_models");
    expect(diagnostics).toEqual([]);
    const versions = snapshot.assets.filter((a) => a.name === "dim_customers");
    expect(versions.map((a) => [a.uniqueId, a.version, a.latestVersion, a.relationName, a.filePath])).toEqual([
      ["model.shop.dim_customers.v1", "1", "2", "marts.dim_customers_v1", "models/dim_customers_legacy.sql"],
      ["model.shop.dim_customers.v2", "2", "2", "marts.dim_customers_v2", "models/dim_customers_v2.sql"],
      ["model.shop.dim_customers.v3", "3", "2", "marts.dim_customers_v3", "models/dim_customers_v3.sql"],
    ]);
    // include/exclude against the model's columns, plus the version's own.
    expect(versions.map((a) => a.columns.map((c) => c.name))).toEqual([
      ["customer_id", "full_name"],
      ["customer_id", "full_name", "country", "country_code"],
      ["customer_id", "full_name", "country"],
    ]);
    expect(versions.map((a) => [a.description, a.materialization])).toEqual([
      ["One row per customer.", null],
      ["One row per customer, with the country code.", null],
      ["One row per customer.", "view"],
    ]);
    // An unpinned ref means latest_version (2), not the highest version (3).
    expect(edges(snapshot)).toEqual([
      "model.shop.dim_customers.v1 -> model.shop.customer_report",
      "model.shop.dim_customers.v2 -> model.shop.customer_report",
      "model.shop.dim_customers.v2 -> model.shop.dim_customers.v3",
      "model.shop.stg_customers -> model.shop.dim_customers.v1",
      "model.shop.stg_customers -> model.shop.dim_customers.v2",
    ]);
    // Tests of each version are told apart, as dbt names them.
    expect(snapshot.tests.map((t) => t.name).sort()).toEqual([
      "unique_dim_customers_v1_customer_id",
      "unique_dim_customers_v2_customer_id",
      "unique_dim_customers_v3_customer_id",
    ]);
  });
});

describe("keyword arguments in ref() and source()", () => {
  it("keeps the edge of every literal form dbt accepts", async () => {
    const { snapshot, diagnostics } = await read("keyword_arguments");
    expect(diagnostics.filter((d) => d.code === "UNRESOLVED_REF")).toEqual([]);
    expect(edges(snapshot)).toEqual([
      "model.shop.stg_customers -> model.shop.orders",
      "model.shop.stg_orders -> model.shop.orders",
      "source.shop.raw.customers -> model.shop.stg_customers",
      "source.shop.raw.orders -> model.shop.stg_orders",
    ]);
  });
});

describe("seeds, snapshots, resource paths, disabled nodes and packages not read", () => {
  it("reads them as dbt does", async () => {
    const { snapshot, diagnostics, stats } = await read("resources_and_paths");
    expect(stats).toMatchObject({ models: 3, seeds: 1, snapshots: 3 });
    expect(snapshot.assets.map((a) => `${a.kind} ${a.uniqueId} ${a.relationName}`).sort()).toEqual([
      "MODEL model.shop.orders_report null",
      "MODEL model.shop.raw_orders null",
      "MODEL model.shop.stg_orders null",
      "SEED seed.shop.country_codes reference.country_codes",
      "SNAPSHOT snapshot.shop.countries_snapshot snapshots.countries_snapshot",
      "SNAPSHOT snapshot.shop.orders_snapshot snapshots.orders_snapshot",
      "SNAPSHOT snapshot.shop.raw_orders_snapshot snapshots.raw_orders_snapshot",
    ]);
    expect(asset(snapshot, "snapshot.shop.orders_snapshot")).toMatchObject({ description: "Orders as they were.", materialization: "snapshot" });
    // The seed's columns are its CSV header, with what YAML says of them.
    expect(asset(snapshot, "seed.shop.country_codes")).toMatchObject({ layer: null, materialization: "seed", description: "ISO country codes." });
    expect(asset(snapshot, "seed.shop.country_codes").columns.map((c) => c.name)).toEqual(["code", "name, in English", "region"]);
    expect(snapshot.tests.map((t) => `${t.testType} ${t.attachedUniqueId} ${t.columnName}`).sort()).toEqual([
      "not_null seed.shop.country_codes code",
      "unique seed.shop.country_codes code",
    ]);
    expect(edges(snapshot)).toEqual([
      "model.shop.raw_orders -> model.shop.stg_orders",
      "model.shop.raw_orders -> snapshot.shop.raw_orders_snapshot",
      "model.shop.stg_orders -> snapshot.shop.orders_snapshot",
      "seed.shop.country_codes -> model.shop.stg_orders",
      "seed.shop.country_codes -> snapshot.shop.countries_snapshot",
      "snapshot.shop.orders_snapshot -> model.shop.orders_report",
    ]);
    // Disabled by a folder of dbt_project.yml, by config() in the SQL, by a seed's config tree.
    expect(diagnostics.filter((d) => d.code.endsWith("_DISABLED")).map((d) => d.path).sort()).toEqual([
      "data/reference/retired_codes.csv",
      "transform/legacy/legacy_orders.sql",
      "transform/staging/old_orders.sql",
    ]);
    // One warning per package, not per ref; the disabled model's ref does not count.
    expect(diagnostics.filter((d) => d.code === "PACKAGE_NOT_READ").map((d) => d.message)).toEqual([
      "Package billing is referenced by 2 files (transform/orders_report.sql, transform/staging/raw_orders.sql) but is not part of this folder; refs into it are left out.",
      "Package dbt_utils is referenced by 1 file (transform/staging/stg_orders.sql) but is not part of this folder; refs into it are left out.",
    ]);
    expect(snapshot.diagnostics).toEqual([]);
  });
});

describe("dbt Mesh: dependencies.yml and refs into other projects", () => {
  it("keeps a ref into a project of dependencies.yml as a cross-project dependency, and only warns about other packages", async () => {
    const { snapshot, diagnostics } = await read("mesh_marketing");
    expect(snapshot.meshEdges).toEqual([{ from: "model.shop.orders", to: "model.marketing.customer_orders" }]);
    expect(edges(snapshot)).toEqual(["model.marketing.customer_orders -> model.marketing.top_customers"]);
    expect(snapshot.diagnostics.map((d) => `${d.code} ${d.uniqueId}`)).toEqual(["CROSS_PROJECT_REF model.marketing.customer_orders"]);
    expect(diagnostics.map((d) => d.code)).toEqual(["PACKAGE_NOT_READ"]);
    expect(diagnostics[0]!.message).toMatch(/^Package crm is referenced by 1 file \(models\/crm_contacts\.sql\)/);
  });

  it("names a pinned version of another project's model, and the model itself when unpinned", async () => {
    const { snapshot } = await read("mesh_finance");
    expect(snapshot.meshEdges?.map((e) => `${e.from} -> ${e.to}`).sort()).toEqual([
      "model.shop.customers -> model.finance.customer_regions",
      "model.shop.customers.v2 -> model.finance.revenue_by_region",
      "model.shop.orders -> model.finance.revenue_by_region",
    ]);
  });

  it("refuses a malformed dependencies.yml, as dbt does, saying where", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "mesh-"));
    await cp(path.join(PROJECTS, "mesh_finance"), dir, { recursive: true });
    await writeFile(path.join(dir, "dependencies.yml"), "projects:\n  - name: shop\n  - nmae: crm\n");
    const error = await readDbtProject(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProjectFolderError);
    expect((error as Error).message).toBe("dependencies.yml: $.projects[1].name: Invalid input: expected string, received undefined");
  });
});
