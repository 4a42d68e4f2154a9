/**
 * Column lineage into another project's model where the SQL gives no ref to name it by
 * (InferredDependencies.mesh): compiled SQL names a Mesh parent by its relation, a source lists
 * no columns, or `select *` cannot be expanded here.
 */
import { describe, expect, it } from "vitest";
import { inferDependencies, type InferredDependencies } from "../../../src/core/inference/inferDependencies.js";
import { RelationResolver } from "../../../src/core/inference/relationResolver.js";
import { blankAsset } from "../../../src/core/manifest/assetDefaults.js";
import type { SnapshotAsset } from "../../../src/core/manifest/index.js";
import type { Dialect } from "../../../src/core/sql/index.js";

const column = (name: string) => ({ name, description: null, dataType: null, meta: {}, tags: [] }) as unknown as SnapshotAsset["columns"][number];

function model(sql: { compiledSql?: string; rawSql?: string }, columns: string[]): SnapshotAsset {
  return { ...blankAsset("model.reporting.report", "report", "MODEL"), ...sql, columns: columns.map(column) };
}

function infer(asset: SnapshotAsset, dialect: Dialect, others: SnapshotAsset[] = [], meshParents = ["model.shop.orders"]): InferredDependencies["mesh"] {
  const assets = [asset, ...others];
  const parents = new Set(others.map((other) => other.uniqueId));
  return inferDependencies(asset, { resolver: new RelationResolver(assets, dialect), dialect, assets: new Map(assets.map((a) => [a.uniqueId, a])), declaredParents: parents, meshParents: new Set(meshParents) }).mesh;
}

const edges = (mesh: InferredDependencies["mesh"]) => mesh.columnEdges.map((e) => `${e.fromUniqueId || e.fromRelation}.${e.fromColumn} -> ${e.toColumn} ${e.transform}`).sort();

describe("columns of another project's model the SQL names without a ref", () => {
  it("keys a relation of compiled SQL by the adapter's case rules", () => {
    const sql = { compiledSql: 'select o.amount from analytics.marts.orders o join "Analytics"."Marts"."Customers" c on c.customer_id = o.customer_id' };
    const asset = model(sql, ["amount"]);
    expect(edges(infer(asset, "snowflake"))).toEqual(["ANALYTICS.MARTS.ORDERS.amount -> amount DIRECT"]);
    expect(infer(asset, "snowflake").rowDependencies.map((r) => `${r.fromRelation}.${r.fromColumn} ${r.transform}`).sort()).toEqual([
      "ANALYTICS.MARTS.ORDERS.customer_id JOIN",
      "Analytics.Marts.Customers.customer_id JOIN",
    ]);
    expect(edges(infer(asset, "postgres"))).toEqual(["analytics.marts.orders.amount -> amount DIRECT"]);
  });

  it("keeps relations out of it when the model has no Mesh parent (nothing links it to another project)", () => {
    expect(infer(model({ compiledSql: "select amount from analytics.marts.orders" }, ["amount"]), "snowflake", [], [])).toEqual({ columnEdges: [], rowDependencies: [] });
  });

  it("gives a star of a Mesh ref as one edge from * to *", () => {
    expect(edges(infer(model({ rawSql: "select * from {{ ref('shop', 'orders') }}" }, []), "snowflake"))).toEqual(["model.shop.orders.* -> * DIRECT"]);
  });

  it("reads a source that lists no columns as its relation; one that lists them stays in the project", () => {
    const bare = { ...blankAsset("source.reporting.shop.orders", "orders", "SOURCE"), relationName: "analytics.marts.orders" };
    const sql = { rawSql: "select * from {{ source('shop', 'orders') }}" };
    expect(edges(infer(model(sql, ["amount"]), "snowflake", [bare], []))).toEqual(["ANALYTICS.MARTS.ORDERS.* -> * DIRECT"]);
    const listed = { ...bare, columns: [column("amount")] };
    expect(infer(model(sql, ["amount"]), "snowflake", [listed], [])).toEqual({ columnEdges: [], rowDependencies: [] });
  });
});
