import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { inferMissingColumns } from "../../../src/core/inference/inferColumns.js";
import { inferDependencies, type InferredDependencies } from "../../../src/core/inference/inferDependencies.js";
import { foldRelationName } from "../../../src/core/inference/relationNames.js";
import { RelationResolver } from "../../../src/core/inference/relationResolver.js";
import { blankAsset } from "../../../src/core/manifest/assetDefaults.js";
import { parseManifest, type CatalogSnapshot, type SnapshotAsset } from "../../../src/core/manifest/index.js";
import { parseDialect, type Dialect } from "../../../src/core/sql/index.js";

const builtFixture = (name: string): CatalogSnapshot => {
  const manifest = JSON.parse(readFileSync(path.join(import.meta.dirname, "..", "..", "fixtures", "built", name, "manifest.json"), "utf8"));
  const parsed = parseManifest({ manifest });
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.snapshot;
};

function inferAll(snapshot: CatalogSnapshot): Map<string, InferredDependencies> {
  const assets = new Map(snapshot.assets.map((a) => [a.uniqueId, a]));
  const parents = new Map<string, Set<string>>();
  for (const edge of snapshot.edges) parents.set(edge.to, (parents.get(edge.to) ?? new Set<string>()).add(edge.from));
  const dialect = parseDialect(snapshot.adapter);
  const resolver = new RelationResolver(snapshot.assets, dialect);
  const results = new Map<string, InferredDependencies>();
  for (const asset of snapshot.assets) {
    if (asset.kind !== "MODEL") continue;
    results.set(asset.uniqueId, inferDependencies(asset, { resolver, dialect, assets, declaredParents: parents.get(asset.uniqueId) ?? new Set() }));
  }
  return results;
}

const columnsOf = (snapshot: CatalogSnapshot, uniqueId: string) => snapshot.assets.find((a) => a.uniqueId === uniqueId)!.columns;

describe("lineage from the SQL dbt ran (compiled_lineage_snowflake)", () => {
  const snapshot = builtFixture("compiled_lineage_snowflake");
  inferMissingColumns(snapshot);
  const inferred = inferAll(snapshot);
  const upstream = (name: string) => [...inferred.get(`model.shop.${name}`)!.upstream].sort();

  it("resolves relations that var() and macros produced, from the compiled SQL", () => {
    expect(upstream("stg_orders")).toEqual(["source.shop.raw.orders"]);
    expect(upstream("stg_customers")).toEqual(["source.shop.raw.customers"]);
  });

  it("reads an ephemeral model inlined as __dbt__cte__<name> as that model", () => {
    expect(upstream("int_customer_orders")).toEqual(["model.shop.int_order_totals", "model.shop.stg_customers"]);
    expect(upstream("int_order_totals")).toEqual(["model.shop.stg_orders"]);
  });

  it("adds no edge from a Jinja branch that dbt did not render", () => {
    expect(upstream("customer_revenue")).toEqual(["model.shop.int_customer_orders"]);
    const codes = inferred.get("model.shop.customer_revenue")!.diagnostics.map((d) => d.code);
    expect(codes).not.toContain("INFERRED_NOT_DECLARED");
  });

  it("infers the output columns of models nobody documented, marked inferred", () => {
    expect(columnsOf(snapshot, "model.shop.int_order_totals").map((c) => [c.name, c.inferred, c.position])).toEqual([
      ["customer_id", true, 1],
      ["total_amount", true, 2],
    ]);
    expect(columnsOf(snapshot, "model.shop.int_customer_orders").map((c) => c.name)).toEqual(["customer_id", "name", "total_amount"]);
    expect(columnsOf(snapshot, "model.shop.customer_revenue").every((c) => c.inferred === undefined)).toBe(true);
  });

  it("carries column lineage through the undocumented models from source to mart", () => {
    const edgesInto = (name: string, column: string) =>
      inferred
        .get(`model.shop.${name}`)!
        .columnEdges.filter((e) => e.toColumn === column)
        .map((e) => `${e.fromUniqueId}.${e.fromColumn} ${e.transform}`);
    expect(edgesInto("stg_orders", "amount")).toEqual(["source.shop.raw.orders.amount DIRECT"]);
    expect(edgesInto("int_order_totals", "total_amount")).toEqual(["model.shop.stg_orders.amount AGGREGATED"]);
    expect(edgesInto("int_customer_orders", "total_amount")).toEqual(["model.shop.int_order_totals.total_amount DIRECT"]);
    expect(edgesInto("customer_revenue", "total_amount")).toEqual(["model.shop.int_customer_orders.total_amount DIRECT"]);
  });

  it("leaves a model whose output keeps an unexpandable * without columns", () => {
    const star = { ...blankAsset("model.shop.wide", "wide", "MODEL"), compiledSql: "select * from elsewhere.unknown_table" };
    const partial: CatalogSnapshot = { ...snapshot, assets: [star], edges: [] };
    inferMissingColumns(partial);
    expect(star.columns).toEqual([]);
  });
});

describe("relation names by the warehouse's case rules", () => {
  const asset = (uniqueId: string, relationName: string): SnapshotAsset => ({ ...blankAsset(uniqueId, uniqueId.split(".").pop()!, "SOURCE"), relationName });
  const resolve = (dialect: Dialect, assets: SnapshotAsset[], parts: string[], quoted: boolean[]) =>
    new RelationResolver(assets, dialect).resolve({ name: parts.join("."), parts, quoted, line: 1, column: 1 })?.uniqueId ?? null;

  it("Snowflake folds unquoted names to upper case and keeps quoted ones", () => {
    const assets = [asset("source.s.raw.lower", '"RAW"."SHOP"."customers"'), asset("source.s.raw.upper", "RAW.SHOP.CUSTOMERS")];
    expect(resolve("snowflake", assets, ["raw", "shop", "customers"], [false, false, false])).toBe("source.s.raw.upper");
    expect(resolve("snowflake", assets, ["RAW", "SHOP", "customers"], [true, true, true])).toBe("source.s.raw.lower");
    expect(resolve("snowflake", assets, ["RAW", "SHOP", "Customers"], [true, true, true])).toBeNull();
  });

  it("PostgreSQL folds unquoted names to lower case; Redshift folds every name", () => {
    const assets = [asset("source.s.raw.orders", '"analytics"."core"."Orders"')];
    expect(resolve("postgres", assets, ["analytics", "core", "Orders"], [false, false, false])).toBeNull();
    expect(resolve("postgres", assets, ["analytics", "core", "Orders"], [false, false, true])).toBe("source.s.raw.orders");
    expect(resolve("redshift", assets, ["ANALYTICS", "core", "ORDERS"], [false, false, false])).toBe("source.s.raw.orders");
  });

  it("BigQuery compares datasets and tables exactly and project ids without case", () => {
    const assets = [asset("source.s.raw.events", "`My-Project`.`Raw`.`Events`")];
    expect(resolve("bigquery", assets, ["my-project", "Raw", "Events"], [true, false, false])).toBe("source.s.raw.events");
    expect(resolve("bigquery", assets, ["my-project", "raw", "events"], [true, false, false])).toBeNull();
    expect(foldRelationName({ parts: ["P", "Ds", "T"] }, "bigquery")).toEqual(["p", "Ds", "T"]);
  });

  it("DuckDB and the other warehouses compare names without case", () => {
    const assets = [asset("source.s.raw.orders", '"Main"."Orders"')];
    expect(resolve("duckdb", assets, ["main", "orders"], [false, true])).toBe("source.s.raw.orders");
  });
});
