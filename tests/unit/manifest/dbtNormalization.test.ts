import { describe, expect, it } from "vitest";
import { layerRulesSchema, parseManifest, type CatalogSnapshot, type SnapshotAsset } from "../../../src/core/manifest/index.js";
import { column, dbtManifest, genericTest, model, source } from "./dbtBuilders.js";

function snapshotOf(input: Parameters<typeof parseManifest>[0]): CatalogSnapshot {
  const result = parseManifest(input);
  if (!result.ok) throw new Error(`${result.error.code} ${result.error.path}: ${result.error.message}`);
  return result.snapshot;
}

function asset(snapshot: CatalogSnapshot, uniqueId: string): SnapshotAsset {
  const found = snapshot.assets.find((a) => a.uniqueId === uniqueId);
  if (found === undefined) throw new Error(`no asset ${uniqueId}`);
  return found;
}

describe("owners", () => {
  it("reads meta.owner when dbt 1.0 (v4) kept it in config.meta only", () => {
    const manifest = dbtManifest(4, {
      nodes: [model("stg_pipe", { meta: {}, config: { enabled: true, meta: { owner: "@alice" } } })],
    });
    expect(asset(snapshotOf({ manifest }), "model.shop.stg_pipe").owners).toEqual([{ name: null, email: null, handle: "@alice" }]);
  });

  it("does not double an owner that v12 mirrors into meta and config.meta", () => {
    const meta = { owner: "ana@example.com", maturity: "high" };
    const manifest = dbtManifest(12, { nodes: [model("orders", { meta, config: { enabled: true, meta } })] });
    const orders = asset(snapshotOf({ manifest }), "model.shop.orders");
    expect(orders.owners).toEqual([{ name: null, email: "ana@example.com", handle: null }]);
    expect(orders.meta).toEqual(meta);
  });

  it("adds the owner of the model's group (v9+), and understands lists and 'Name <email>'", () => {
    const manifest = dbtManifest(11, {
      groups: [{ unique_id: "group.shop.finance", name: "finance", owner: { name: "Finance", email: "finance@example.com" } }],
      nodes: [model("revenue", { group: "finance", meta: { owners: ["Bo <bo@example.com>", "FINANCE@example.com"] } })],
    });
    expect(asset(snapshotOf({ manifest }), "model.shop.revenue").owners).toEqual([
      { name: "Bo", email: "bo@example.com", handle: null },
      { name: "Finance", email: "FINANCE@example.com", handle: null },
    ]);
  });

  it("reads exposure owners and a source's source_meta owner", () => {
    const manifest = dbtManifest(12, {
      sources: [source("raw", "orders", { source_meta: { owner: "Data Platform" } })],
      exposures: [
        {
          unique_id: "exposure.shop.board",
          name: "board",
          resource_type: "exposure",
          type: "dashboard",
          url: "https://bi.example.com/1",
          owner: { name: "Steve", email: "steve@example.com" },
          depends_on: { nodes: ["source.shop.raw.orders"] },
        },
      ],
    });
    const snapshot = snapshotOf({ manifest });
    expect(asset(snapshot, "source.shop.raw.orders").owners).toEqual([{ name: "Data Platform", email: null, handle: null }]);
    const board = asset(snapshot, "exposure.shop.board");
    expect(board.owners).toEqual([{ name: "Steve", email: "steve@example.com", handle: null }]);
    expect([board.subtype, board.url, board.layer]).toEqual(["dashboard", "https://bi.example.com/1", null]);
  });
});

describe("models", () => {
  it("keeps each version of a versioned model as its own asset with version and latest_version", () => {
    const versions = [1, 2, 3].map((v) =>
      model("dim_customers", { unique_id: `model.shop.dim_customers.v${v}`, version: v, latest_version: 2 }),
    );
    const consumer = model("fct_orders", {
      depends_on: { nodes: ["model.shop.dim_customers.v2"] },
    });
    const snapshot = snapshotOf({ manifest: dbtManifest(12, { nodes: [...versions, consumer] }) });
    const v3 = asset(snapshot, "model.shop.dim_customers.v3");
    expect([v3.name, v3.version, v3.latestVersion]).toEqual(["dim_customers", "3", "2"]);
    expect(snapshot.edges).toEqual([{ from: "model.shop.dim_customers.v2", to: "model.shop.fct_orders" }]);
  });

  it("skips nodes that are disabled, whether listed in `disabled` or flagged enabled: false", () => {
    const manifest = dbtManifest(12, {
      nodes: [model("live"), model("flagged", { config: { enabled: false } })],
      disabled: { "model.shop.gone": [model("gone", { config: { enabled: false } })] },
    });
    expect(snapshotOf({ manifest }).assets.map((a) => a.uniqueId)).toEqual(["model.shop.live"]);
  });

  it("reads v4 raw_sql/compiled_sql, nulls empty descriptions, sorts and merges tags", () => {
    const manifest = dbtManifest(4, {
      nodes: [
        model("orders", {
          raw_code: undefined,
          raw_sql: "select * from {{ ref('stg_orders') }}",
          compiled_sql: "select * from analytics.stg_orders",
          description: "  ",
          tags: ["b", "a"],
          config: { enabled: true, materialized: "table", tags: ["a", "c"], contract: { enforced: true } },
          checksum: { name: "sha256", checksum: "abc" },
        }),
      ],
    });
    const orders = asset(snapshotOf({ manifest }), "model.shop.orders");
    expect(orders).toMatchObject({
      rawSql: "select * from {{ ref('stg_orders') }}",
      compiledSql: "select * from analytics.stg_orders",
      language: "sql",
      description: null,
      tags: ["a", "b", "c"],
      materialization: "table",
      contractEnforced: true,
      checksum: "abc",
    });
  });

  it("keeps a dbt Mesh ref (a model of another project) for cross-project lineage, with an info diagnostic", () => {
    const manifest = dbtManifest(12, {
      nodes: [model("orders", { depends_on: { nodes: ["model.other_project.customers", "model.shop.missing", "seed.other_project.codes"] } })],
    });
    const snapshot = snapshotOf({ manifest });
    expect(snapshot.edges).toEqual([]);
    expect(snapshot.meshEdges).toEqual([{ from: "model.other_project.customers", to: "model.shop.orders" }]);
    expect(snapshot.diagnostics.map((d) => `${d.code} ${d.severity}`)).toEqual(["CROSS_PROJECT_REF info", "UNKNOWN_DEPENDENCY warning", "UNKNOWN_DEPENDENCY warning"]);
  });

  it("warns about a dependency on something that is not an asset, and keeps no edge for it", () => {
    const manifest = dbtManifest(12, {
      nodes: [model("orders", { depends_on: { nodes: ["model.shop.missing"] } })],
    });
    const snapshot = snapshotOf({ manifest });
    expect(snapshot.edges).toEqual([]);
    expect(snapshot.diagnostics).toContainEqual(
      expect.objectContaining({ code: "UNKNOWN_DEPENDENCY", uniqueId: "model.shop.orders" }),
    );
  });
});

describe("tests", () => {
  const customers = model("customers");
  const orders = model("orders");
  const relationships = (fields: Record<string, unknown>) =>
    genericTest(
      "relationships_orders_customer_id",
      "relationships",
      ["model.shop.customers", "model.shop.orders"],
      { column_name: "customer_id", ...fields },
      { to: "ref('customers')", field: "id", column_name: "customer_id", model: "{{ get_where_subquery(ref('orders')) }}" },
    );

  it("derives the attached node of a relationships test before v9 from kwargs.model, not from its parent", () => {
    const snapshot = snapshotOf({ manifest: dbtManifest(8, { nodes: [customers, orders, relationships({})] }) });
    expect(snapshot.tests[0]).toMatchObject({
      testType: "relationships",
      attachedUniqueId: "model.shop.orders",
      columnName: "customer_id",
      severity: "error",
      dependsOn: ["model.shop.customers", "model.shop.orders"],
    });
  });

  it("takes attached_node as given from v9 on", () => {
    const test = relationships({ attached_node: "model.shop.orders" });
    const snapshot = snapshotOf({ manifest: dbtManifest(12, { nodes: [customers, orders, test] }) });
    expect(snapshot.tests[0]?.attachedUniqueId).toBe("model.shop.orders");
  });

  it("attaches a source test before v9 through source('a', 'b')", () => {
    const test = genericTest("source_unique_raw_orders_id", "unique", ["source.shop.raw.orders", "model.shop.orders"], {}, {
      column_name: "id",
      model: "{{ get_where_subquery(source('raw', 'orders')) }}",
    });
    const snapshot = snapshotOf({ manifest: dbtManifest(6, { nodes: [orders, test], sources: [source("raw", "orders")] }) });
    expect(snapshot.tests[0]).toMatchObject({ attachedUniqueId: "source.shop.raw.orders", columnName: "id" });
  });

  it("keeps a test of a disabled model unattached and says so", () => {
    const test = genericTest("not_null_gone_id", "not_null", ["model.shop.gone"], { attached_node: "model.shop.gone" });
    const snapshot = snapshotOf({ manifest: dbtManifest(12, { nodes: [orders, test] }) });
    expect(snapshot.tests[0]?.attachedUniqueId).toBeNull();
    expect(snapshot.diagnostics).toContainEqual(
      expect.objectContaining({ code: "TEST_TARGET_NOT_AN_ASSET", uniqueId: test.unique_id }),
    );
  });

  it("treats a test without test_metadata as singular and attaches it to nothing", () => {
    const singular = {
      ...genericTest("assert_positive", "x", ["model.shop.orders", "model.shop.orders"]),
      test_metadata: undefined,
    };
    const snapshot = snapshotOf({ manifest: dbtManifest(5, { nodes: [orders, singular] }) });
    expect(snapshot.tests[0]).toMatchObject({
      testType: "singular",
      attachedUniqueId: null,
      dependsOn: ["model.shop.orders"],
    });
  });
});

describe("catalog.json", () => {
  const manifest = dbtManifest(12, {
    nodes: [
      model("orders", {
        columns: {
          order_id: column("order_id", { description: "The order", data_type: "int" }),
          legacy_flag: column("legacy_flag"),
        },
      }),
    ],
  });
  const catalog = {
    metadata: { dbt_schema_version: "https://schemas.getdbt.com/dbt/catalog/v1.json" },
    nodes: {
      "model.shop.orders": {
        metadata: { type: "TABLE", schema: "ANALYTICS", name: "ORDERS", database: "DB", comment: null, owner: "SYSADMIN" },
        columns: {
          AMOUNT: { type: "NUMBER(38,2)", index: 2, name: "AMOUNT", comment: "Gross amount" },
          ORDER_ID: { type: "NUMBER(38,0)", index: 1, name: "ORDER_ID", comment: null },
        },
      },
      "test.shop.not_null_orders_order_id.0123456789": { metadata: {}, columns: {} },
    },
    sources: {},
    errors: null,
  };

  it("matches warehouse columns case-insensitively, keeps the YAML name, and takes type and order from the warehouse", () => {
    const orders = asset(snapshotOf({ manifest, catalog }), "model.shop.orders");
    expect(orders.columns.map((c) => [c.name, c.dataType, c.position, c.description])).toEqual([
      ["order_id", "NUMBER(38,0)", 1, "The order"],
      ["AMOUNT", "NUMBER(38,2)", 2, "Gross amount"],
      ["legacy_flag", null, null, null],
    ]);
  });

  it("reports a documented column the warehouse does not have, and never makes the DB role an owner", () => {
    const snapshot = snapshotOf({ manifest, catalog });
    expect(snapshot.diagnostics).toContainEqual(
      expect.objectContaining({ code: "COLUMN_NOT_IN_WAREHOUSE", uniqueId: "model.shop.orders" }),
    );
    expect(asset(snapshot, "model.shop.orders").owners).toEqual([]);
  });

  it("orders YAML columns by their YAML position when there is no catalog", () => {
    const orders = asset(snapshotOf({ manifest }), "model.shop.orders");
    expect(orders.columns.map((c) => [c.name, c.dataType, c.position])).toEqual([
      ["order_id", "int", 1],
      ["legacy_flag", null, 2],
    ]);
  });
});

describe("run_results.json", () => {
  const test = genericTest("not_null_orders_id", "not_null", ["model.shop.orders"], { attached_node: "model.shop.orders" });
  const manifest = dbtManifest(12, { nodes: [model("orders"), test] });
  const result = (uniqueId: string, status: string, extra: Record<string, unknown> = {}) => ({
    unique_id: uniqueId,
    status,
    execution_time: 0.5,
    failures: null,
    message: null,
    thread_id: "Thread-1",
    adapter_response: {},
    timing: [
      { name: "compile", started_at: "2024-01-01T00:00:00Z", completed_at: "2024-01-01T00:00:01Z" },
      { name: "execute", started_at: "2024-01-01T00:00:01Z", completed_at: "2024-01-01T00:00:02Z" },
    ],
    ...extra,
  });
  const runResults = {
    metadata: { dbt_schema_version: "https://schemas.getdbt.com/dbt/run-results/v6.json", generated_at: "2024-01-01T00:01:00Z" },
    results: [
      result("model.shop.orders", "success", { adapter_response: { _message: "OK 42", rows_affected: 42 } }),
      result(test.unique_id as string, "fail", { failures: 3, message: "Got 3 results", timing: [] }),
      result("operation.shop.hook", "success"),
      result(test.unique_id as string, "exploded"),
    ],
    elapsed_time: 1,
  };

  it("maps model and test results with status, time, failures, rows affected and message", () => {
    const snapshot = snapshotOf({ manifest, runResults });
    expect(snapshot.runResults).toEqual([
      { uniqueId: "model.shop.orders", status: "SUCCESS", executionTime: 0.5, failures: null, rowsAffected: 42, message: null, completedAt: "2024-01-01T00:00:02Z" },
      { uniqueId: test.unique_id, status: "FAIL", executionTime: 0.5, failures: 3, rowsAffected: null, message: "Got 3 results", completedAt: "2024-01-01T00:01:00Z" },
    ]);
  });

  it("ignores results of other nodes and of unknown statuses, saying so", () => {
    const codes = snapshotOf({ manifest, runResults }).diagnostics.map((d) => d.code);
    expect(codes).toContain("RUN_RESULT_FOR_UNKNOWN_NODE");
    expect(codes).toContain("UNKNOWN_RUN_STATUS");
  });
});

describe("layers", () => {
  const nodes = [
    model("stg_orders"),
    model("base_customers"),
    model("int_orders_joined"),
    model("fct_orders"),
    model("orders_summary"),
    model("weird_name", { original_file_path: "models/staging/sub/weird_name.sql" }),
    model("stg_in_marts", { original_file_path: "models/marts/stg_in_marts.sql" }),
    model("explicit", { config: { enabled: true, meta: { layer: "intermediate" } } }),
    model("bogus", { meta: { layer: "gold" } }),
  ];
  const layers = (rules?: unknown) => {
    const snapshot = snapshotOf({
      manifest: dbtManifest(12, { nodes }),
      ...(rules === undefined ? {} : { layerRules: layerRulesSchema.parse(rules) }),
    });
    return { snapshot, byName: Object.fromEntries(snapshot.assets.map((a) => [a.name, a.layer])) };
  };

  it("follows DESIGN.md: explicit meta, else folder, else prefix, else MART", () => {
    expect(layers().byName).toEqual({
      stg_orders: "STAGING",
      base_customers: "STAGING",
      int_orders_joined: "INTERMEDIATE",
      fct_orders: "MART",
      orders_summary: "MART",
      weird_name: "STAGING",
      stg_in_marts: "MART",
      explicit: "INTERMEDIATE",
      bogus: "MART",
    });
  });

  it("warns about an explicit layer that names no layer", () => {
    expect(layers().snapshot.diagnostics).toContainEqual(
      expect.objectContaining({ code: "UNKNOWN_LAYER", uniqueId: "model.shop.bogus" }),
    );
  });

  it("applies a tenant's own rules: medallion folders, other prefixes, OTHER as fallback", () => {
    const { byName } = layers({
      staging: { folders: ["bronze"], prefixes: ["raw_"] },
      mart: { folders: ["gold"], prefixes: ["fct_"] },
      otherwise: "OTHER",
    });
    expect(byName).toMatchObject({ stg_orders: "OTHER", bogus: "MART", fct_orders: "MART", orders_summary: "OTHER" });
  });
});
