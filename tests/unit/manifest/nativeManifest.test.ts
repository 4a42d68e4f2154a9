import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { MANIFEST_SCHEMA_FILE, manifestSchemaText } from "../../../scripts/emitManifestSchema.js";
import {
  nativeManifestJsonSchema,
  parseManifest,
  snapshotCounts,
  type CatalogSnapshot,
  type NativeManifestInput,
} from "../../../src/core/manifest/index.js";

const example: NativeManifestInput = {
  format: "tributary/v1",
  project: "finance",
  adapter: "postgres",
  sources: [
    {
      name: "raw",
      database: "warehouse",
      owners: ["Data Platform"],
      tables: [
        { name: "orders", identifier: "orders_v2", columns: [{ name: "id", type: "bigint", tests: ["unique"] }] },
        { name: "customers", tags: ["pii"] },
      ],
    },
  ],
  models: [
    {
      name: "stg_orders",
      sql: "select id as order_id, customer_id, amount from raw.orders",
      schema: "staging",
      owners: ["ana@example.com", { name: "Bo", handle: "@bo" }],
      tags: ["finance", "core", "finance"],
      columns: [
        { name: "order_id", type: "bigint", description: "One per order", tests: ["unique", "not_null"] },
        { name: "status", type: "text", tests: [{ accepted_values: { values: ["open", "paid"], severity: "warn" } }] },
        { name: "customer_id", tests: [{ relationships: { to: "stg_customers", field: "customer_id" } }] },
      ],
      depends_on: ["raw.orders"],
    },
    { name: "stg_customers", sql: "select * from {{ source('raw', 'customers') }}", depends_on: ["source('raw', 'customers')"] },
    {
      name: "revenue",
      path: "pipelines/intermediate/revenue.sql",
      sql: "select sum(amount) from {{ ref('stg_orders') }}",
      description: "Revenue per day",
      tests: ["dbt_utils.at_least_one"],
      depends_on: ["ref('stg_orders')", "stg_orders", "not_a_model"],
    },
    { name: "customer_ltv", layer: "mart" },
  ],
  exposures: [
    { name: "board", type: "dashboard", url: "https://bi.example.com/7", owners: ["cfo@example.com"], depends_on: ["customer_ltv"] },
  ],
  tests: [{ name: "assert_no_negative_revenue", sql: "select * from x where amount < 0", depends_on: ["revenue"] }],
};

function snapshotOf(manifest: unknown): CatalogSnapshot {
  const result = parseManifest({ manifest });
  if (!result.ok) throw new Error(`${result.error.code} ${result.error.path}: ${result.error.message}`);
  return result.snapshot;
}

const byId = (snapshot: CatalogSnapshot, id: string) => snapshot.assets.find((a) => a.uniqueId === id);

describe("native manifest", () => {
  const snapshot = snapshotOf(example);

  it("turns models, source tables and exposures into assets with dbt-shaped unique ids", () => {
    expect(snapshot).toMatchObject({ format: "NATIVE", projectName: "finance", adapter: "postgres", schemaVersion: "tributary/v1" });
    expect(snapshot.assets.map((a) => a.uniqueId).sort()).toEqual([
      "exposure.finance.board",
      "model.finance.customer_ltv",
      "model.finance.revenue",
      "model.finance.stg_customers",
      "model.finance.stg_orders",
      "source.finance.raw.customers",
      "source.finance.raw.orders",
    ]);
  });

  it("fills model fields, owners of every spelling, sorted tags, column positions and the sql checksum", () => {
    const orders = byId(snapshot, "model.finance.stg_orders");
    expect(orders).toMatchObject({
      layer: "STAGING",
      language: "sql",
      relationName: "staging.stg_orders",
      tags: ["core", "finance"],
      owners: [
        { name: null, email: "ana@example.com", handle: null },
        { name: "Bo", email: null, handle: "@bo" },
      ],
    });
    expect(orders?.checksum).toMatch(/^[0-9a-f]{64}$/);
    expect(orders?.columns.map((c) => [c.name, c.dataType, c.position])).toEqual([
      ["order_id", "bigint", 1],
      ["status", "text", 2],
      ["customer_id", null, 3],
    ]);
  });

  it("decides layers: explicit, folder, prefix, else mart", () => {
    expect(byId(snapshot, "model.finance.customer_ltv")?.layer).toBe("MART");
    expect(byId(snapshot, "model.finance.revenue")?.layer).toBe("INTERMEDIATE");
    expect(byId(snapshot, "model.finance.stg_customers")?.layer).toBe("STAGING");
    expect(byId(snapshot, "source.finance.raw.orders")?.layer).toBeNull();
  });

  it("gives source tables their relation, inherited owners and tags", () => {
    expect(byId(snapshot, "source.finance.raw.orders")).toMatchObject({
      schema: "raw",
      relationName: "warehouse.raw.orders_v2",
      owners: [{ name: "Data Platform", email: null, handle: null }],
    });
    expect(byId(snapshot, "source.finance.raw.customers")?.tags).toEqual(["pii"]);
  });

  it("resolves every spelling of a dependency into one edge, and warns about unknown ones", () => {
    expect(snapshot.edges.map((e) => `${e.from} -> ${e.to}`).sort()).toEqual([
      "model.finance.customer_ltv -> exposure.finance.board",
      "model.finance.stg_orders -> model.finance.revenue",
      "source.finance.raw.customers -> model.finance.stg_customers",
      "source.finance.raw.orders -> model.finance.stg_orders",
    ]);
    expect(snapshot.diagnostics).toEqual([
      expect.objectContaining({ code: "UNKNOWN_DEPENDENCY", path: "$.models[2].depends_on[2]", uniqueId: "model.finance.revenue" }),
    ]);
  });

  it("keeps a dependency on another project's model (dbt Mesh) for cross-project lineage", () => {
    const manifest = {
      format: "tributary/v1",
      project: "marketing",
      models: [{ name: "customer_orders", sql: "select 1 as id", depends_on: ["ref('shop', 'orders')", "model.shop.customers", "ref('marketing', 'missing')"] }],
    };
    const mesh = snapshotOf(manifest);
    expect(mesh.edges).toEqual([]);
    expect(mesh.meshEdges).toEqual([
      { from: "model.shop.orders", to: "model.marketing.customer_orders" },
      { from: "model.shop.customers", to: "model.marketing.customer_orders" },
    ]);
    expect(mesh.diagnostics.map((d) => `${d.code} ${d.path}`)).toEqual([
      "CROSS_PROJECT_REF $.models[0].depends_on[0]",
      "CROSS_PROJECT_REF $.models[0].depends_on[1]",
      "UNKNOWN_DEPENDENCY $.models[0].depends_on[2]",
    ]);
  });

  it("makes column, model, source and singular tests with dbt-like names, kwargs and severities", () => {
    const tests = snapshot.tests.map((t) => ({
      name: t.name,
      type: t.testType,
      ns: t.namespace,
      on: t.attachedUniqueId,
      column: t.columnName,
      severity: t.severity,
    }));
    expect(tests).toEqual(
      expect.arrayContaining([
        { name: "unique_stg_orders_order_id", type: "unique", ns: null, on: "model.finance.stg_orders", column: "order_id", severity: null },
        { name: "accepted_values_stg_orders_status", type: "accepted_values", ns: null, on: "model.finance.stg_orders", column: "status", severity: "warn" },
        { name: "at_least_one_revenue", type: "at_least_one", ns: "dbt_utils", on: "model.finance.revenue", column: null, severity: null },
        { name: "unique_source_raw_orders_id", type: "unique", ns: null, on: "source.finance.raw.orders", column: "id", severity: null },
        { name: "assert_no_negative_revenue", type: "singular", ns: null, on: null, column: null, severity: null },
      ]),
    );
    expect(snapshot.tests).toHaveLength(7);
    const relationships = snapshot.tests.find((t) => t.testType === "relationships");
    expect(relationships?.kwargs).toEqual({ column_name: "customer_id", to: "stg_customers", field: "customer_id" });
    expect(relationships?.dependsOn.sort()).toEqual(["model.finance.stg_customers", "model.finance.stg_orders"]);
    const accepted = snapshot.tests.find((t) => t.testType === "accepted_values");
    expect(accepted?.kwargs).toEqual({ column_name: "status", values: ["open", "paid"] });
    expect(accepted?.uniqueId).toMatch(/^test\.finance\.accepted_values_stg_orders_status\.[0-9a-f]{10}$/);
  });

  it("counts what it holds", () => {
    expect(snapshotCounts(snapshot)).toMatchObject({ models: 4, sources: 2, exposures: 1, columns: 4, tests: 7, owners: 4, edges: 4 });
  });

  it("accepts the smallest manifest: a format and a project", () => {
    expect(snapshotOf({ format: "tributary/v1", project: "empty" }).assets).toEqual([]);
  });

  it("ignores dbt artifacts posted with it, saying so", () => {
    const result = parseManifest({ manifest: example, catalog: { nodes: {} } });
    expect(result.ok && result.snapshot.diagnostics.map((d) => d.code)).toContain("DBT_ARTIFACTS_IGNORED");
  });
});

describe("schema/manifest.schema.json", () => {
  it("is the JSON Schema generated from the zod schema (run `npm run schema:emit` when this fails)", () => {
    expect(readFileSync(MANIFEST_SCHEMA_FILE, "utf8")).toBe(manifestSchemaText());
  });

  it("describes the native format: strict objects, the format marker and the required fields", () => {
    const schema = nativeManifestJsonSchema() as {
      required: string[];
      additionalProperties: boolean;
      properties: { format: { const: string }; models: { items: { required: string[]; additionalProperties: boolean } } };
    };
    expect(schema.required.sort()).toEqual(["format", "project"]);
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties.format.const).toBe("tributary/v1");
    expect(schema.properties.models.items).toMatchObject({ required: ["name"], additionalProperties: false });
  });
});
