/**
 * A small dbt project written to a temporary folder, covering what the fixtures do not: owners,
 * tags and meta from every place dbt allows them, the test syntaxes, exposures, singular tests,
 * disabled models, vars and bad input.
 */
import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { parseManifest } from "../../../src/core/manifest/index.js";
import { ProjectFolderError, readDbtProject } from "../../../src/projectFolder/index.js";

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function project(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "tributary-folder-"));
  dirs.push(dir);
  for (const [file, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), text);
  }
  return dir;
}

const DBT_PROJECT = `
name: shop
config-version: 2
model-paths: ["transform"]
vars:
  orders_relation: "{{ source('raw', 'orders') }}"
  shop:
    customer_seed: customers_seed
models:
  +tags: [everything]
  shop:
    +materialized: view
    staging:
      +schema: staging
      +tags: ["stg"]
      +meta: { owner: "data@example.com", tier: 2 }
    marts:
      materialized: table
      +meta: { layer: mart }
      old_report:
        +enabled: false
`;

const FILES = {
  "dbt_project.yml": DBT_PROJECT,
  "transform/staging/stg_orders.sql": "select * from {{ var('orders_relation') }}\n-- depends_on: {{ ref('stg_customers') }}",
  "transform/staging/stg_customers.sql": "{{ config(materialized='table', tags=['pii']) }}\nselect * from {{ ref(var('customer_seed')) }}",
  "transform/marts/orders.sql": "select o.*, c.name from {{ ref('stg_orders') }} o join {{ ref('stg_customers') }} c using (customer_id)",
  "transform/marts/old_report.sql": "select 1",
  "transform/marts/docs.md": "{% docs order_status %}\nOne of placed, shipped, returned.\n{% enddocs %}",
  "transform/schema.yml": `
version: 2
models:
  - name: orders
    description: "Orders, one row each. {{ doc('order_status') }}"
    config:
      meta: { owner: "Ana <ana@example.com>" }
      tags: [finance]
    data_tests:
      - dbt_utils.expression_is_true:
          arguments:
            expression: "amount >= 0"
          config:
            severity: warn
    columns:
      - name: order_id
        description: Primary key.
        data_type: bigint
        tests: [unique, not_null]
      - name: status
        description: "{{ doc('order_status') }}"
        tests:
          - accepted_values:
              values: [placed, shipped, returned]
      - name: customer_id
        meta: { pii: false }
        tests:
          - relationships:
              to: ref('stg_customers')
              field: customer_id
          - not_a_test: [1, 2]
  - name: missing_model
    description: no SQL for this one
  - description: an entry without a name
sources:
  - name: raw
    schema: "{{ var('raw_schema', 'raw_data') }}"
    meta: { owner: "@loader" }
    tables:
      - name: orders
        identifier: orders_v2
        columns:
          - name: id
            tests: [unique]
exposures:
  - name: revenue_dashboard
    type: dashboard
    url: https://bi.example.com/1
    owner: { name: Finance, email: finance@example.com }
    depends_on: ["ref('orders')"]
`,
  "tests/orders_positive.sql": "select * from {{ ref('orders') }} where amount < 0",
  "transform/marts/forecast.py": "def model(dbt, session):\n    return dbt.ref('orders')\n",
};

describe("readDbtProject on a small project", () => {
  it("builds the native manifest: configs, owners, tags, meta, tests, docs, vars, exposures, singular tests", async () => {
    const { manifest, diagnostics, stats } = await readDbtProject(await project(FILES), { dialect: "postgres" });
    expect(manifest.adapter).toBe("postgres");
    expect(manifest.models!.map((m) => m.name)).toEqual(["orders", "stg_customers", "stg_orders"]);
    const [orders, customers, stgOrders] = manifest.models!;
    expect(orders).toMatchObject({
      path: "transform/marts/orders.sql",
      description: "Orders, one row each. One of placed, shipped, returned.",
      materialization: "table",
      owners: [{ name: "Ana", email: "ana@example.com" }],
      tags: ["everything", "finance"],
      meta: { layer: "mart", owner: "Ana <ana@example.com>" },
      tests: [{ "dbt_utils.expression_is_true": { expression: "amount >= 0", severity: "warn" } }],
      depends_on: ["ref('stg_customers')", "ref('stg_orders')"],
    });
    expect(orders!.columns).toEqual([
      { name: "order_id", type: "bigint", description: "Primary key.", tests: ["unique", "not_null"] },
      { name: "status", description: "One of placed, shipped, returned.", tests: [{ accepted_values: { values: ["placed", "shipped", "returned"] } }] },
      { name: "customer_id", meta: { pii: false }, tests: [{ relationships: { to: "ref('stg_customers')", field: "customer_id" } }] },
    ]);
    // SQL config beats the folder; tags add up over every level.
    expect(customers).toMatchObject({ materialization: "table", schema: "staging", tags: ["everything", "stg", "pii"], owners: [{ email: "data@example.com" }] });
    expect(customers!.depends_on).toEqual(["ref('customers_seed')"]);
    // A var holding a source call, and a ref in a SQL comment, both count.
    expect(stgOrders!.depends_on).toEqual(["ref('stg_customers')", "source('raw', 'orders')"]);
    expect(stgOrders!.meta).toEqual({ owner: "data@example.com", tier: 2 });

    expect(manifest.sources).toEqual([
      { name: "raw", schema: "raw_data", owners: [{ handle: "@loader" }], meta: { owner: "@loader" }, tables: [{ name: "orders", identifier: "orders_v2", columns: [{ name: "id", tests: ["unique"] }] }] },
    ]);
    expect(manifest.exposures).toEqual([
      { name: "revenue_dashboard", type: "dashboard", url: "https://bi.example.com/1", owners: [{ name: "Finance", email: "finance@example.com" }], depends_on: ["ref('orders')"] },
    ]);
    expect(manifest.tests).toEqual([{ name: "orders_positive", sql: FILES["tests/orders_positive.sql"], depends_on: ["ref('orders')"] }]);
    expect(stats).toMatchObject({ models: 3, sources: 1, sourceTables: 1, exposures: 1, singularTests: 1, dependencies: 5, dependenciesViaVars: 2 });

    const codes = diagnostics.map((d) => d.code).sort();
    expect(codes).toEqual(["MODEL_DISABLED", "MODEL_WITHOUT_SQL", "PROPERTY_ENTRY_INVALID", "PYTHON_MODEL_SKIPPED", "TEST_ENTRY_INVALID"]);

    // The server's own parser reads it and finds the edges the folder declared.
    const parsed = parseManifest({ manifest });
    if (!parsed.ok) throw new Error(parsed.error.message);
    const edges = parsed.snapshot.edges.map((e) => `${e.from} -> ${e.to}`).sort();
    expect(edges).toContain("source.shop.raw.orders -> model.shop.stg_orders");
    expect(edges).toContain("model.shop.stg_orders -> model.shop.orders");
  });

  it("reports a ref whose var the project does not define as unresolved, and keeps the model", async () => {
    const { manifest, diagnostics } = await readDbtProject(
      await project({ "dbt_project.yml": "name: p\n", "models/a.sql": "select * from {{ ref(var('nowhere')) }}" }),
    );
    expect(manifest.models).toEqual([{ name: "a", sql: "select * from {{ ref(var('nowhere')) }}", language: "sql", path: "models/a.sql" }]);
    expect(diagnostics).toMatchObject([{ code: "UNRESOLVED_REF", severity: "warning", path: "models/a.sql", uniqueId: "model.p.a", line: 1 }]);
  });

  it("rejects a folder without dbt_project.yml, a project file without a name, and broken YAML, with one clear message", async () => {
    await expect(readDbtProject(await project({ "models/a.sql": "select 1" }))).rejects.toThrow(/has no dbt_project.yml/);
    await expect(readDbtProject(await project({ "dbt_project.yml": "version: 2\n" }))).rejects.toThrow(ProjectFolderError);
    await expect(readDbtProject(await project({ "dbt_project.yml": "name: [unclosed\n" }))).rejects.toThrow(/dbt_project.yml is not valid YAML/);
    await expect(readDbtProject("/nonexistent/folder")).rejects.toThrow(/is not a folder/);
    const badYaml = await readDbtProject(await project({ "dbt_project.yml": "name: p\n", "models/a.sql": "select 1", "models/a.yml": "models: [\n" }));
    expect(badYaml.diagnostics.map((d) => d.code)).toEqual(["PROPERTY_FILE_INVALID"]);
    expect(badYaml.manifest.models).toHaveLength(1);
  });
});
