/**
 * Row dependencies (a model's filter, join, grouping, sort and window columns) are given once
 * per model instead of once per column. Expanded to the model's columns they must say exactly
 * what the per-column edges said, which the analysis still gives for a model having a column
 * its SQL does not output: that fallback is the oracle here.
 */
import { describe, expect, it } from "vitest";
import { inferDependencies, type InferredDependencies } from "../../../src/core/inference/inferDependencies.js";
import { RelationResolver } from "../../../src/core/inference/relationResolver.js";
import { parseManifest, type CatalogSnapshot, type SnapshotAsset, type SnapshotColumn } from "../../../src/core/manifest/index.js";
import { parseDialect } from "../../../src/core/sql/index.js";
import { readFixture } from "../../support/fixtureDocs.js";

function snapshotOf(manifest: unknown, catalog?: unknown): CatalogSnapshot {
  const parsed = parseManifest({ manifest, catalog });
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.snapshot;
}

/** The analysis of one model, as ingestion runs it. */
function analyse(snapshot: CatalogSnapshot, asset: SnapshotAsset): InferredDependencies {
  const declaredParents = new Set(snapshot.edges.filter((e) => e.to === asset.uniqueId).map((e) => e.from));
  return inferDependencies(asset, {
    resolver: new RelationResolver(snapshot.assets, parseDialect(snapshot.adapter)),
    dialect: parseDialect(snapshot.adapter),
    assets: new Map(snapshot.assets.map((a) => [a.uniqueId, a])),
    declaredParents,
  });
}

/** Every edge as `from.column -> to TRANSFORM`, row dependencies expanded to the model's columns. */
function expanded(asset: SnapshotAsset, inferred: InferredDependencies): string[] {
  const edges = new Set(inferred.columnEdges.map((e) => `${e.fromUniqueId}.${e.fromColumn} -> ${e.toColumn} ${e.transform}`));
  for (const d of inferred.rowDependencies) for (const c of asset.columns) edges.add(`${d.fromUniqueId}.${d.fromColumn} -> ${c.name} ${d.transform}`);
  return [...edges].sort();
}

const NOT_AN_OUTPUT: SnapshotColumn = { name: "not_an_output_of_the_sql", dataType: null, description: null, position: null, tags: [], meta: {}, constraints: [] };

const native = (models: object[], sources: object[]) => ({ format: "tributary/v1", project: "shop", adapter: "postgres", sources, models });

describe("row dependencies of a model", () => {
  const snapshot = snapshotOf(
    native(
      [
        {
          name: "fct_orders",
          sql: "select o.id, o.amount, c.name from {{ source('raw', 'orders') }} o join {{ source('raw', 'customers') }} c on c.id = o.customer_id where o.status = 'paid' order by o.id",
          depends_on: ["raw.orders", "raw.customers"],
          columns: [{ name: "id" }, { name: "amount" }, { name: "name" }],
        },
      ],
      [
        {
          name: "raw",
          tables: [
            { name: "orders", columns: [{ name: "id" }, { name: "amount" }, { name: "customer_id" }, { name: "status" }] },
            { name: "customers", columns: [{ name: "id" }, { name: "name" }] },
          ],
        },
      ],
    ),
  );
  const model = snapshot.assets.find((a) => a.name === "fct_orders")!;

  it("gives the columns that shape every row once, and only value edges per column", () => {
    const inferred = analyse(snapshot, model);
    expect(inferred.rowDependencies.map((d) => `${d.fromUniqueId}.${d.fromColumn} ${d.transform}`).sort()).toEqual([
      "source.shop.raw.customers.id JOIN",
      "source.shop.raw.orders.customer_id JOIN",
      "source.shop.raw.orders.id SORT",
      "source.shop.raw.orders.status FILTER",
    ]);
    expect(inferred.columnEdges.map((e) => `${e.fromUniqueId}.${e.fromColumn} -> ${e.toColumn} ${e.transform}`).sort()).toEqual([
      "source.shop.raw.customers.name -> name DIRECT",
      "source.shop.raw.orders.amount -> amount DIRECT",
      "source.shop.raw.orders.id -> id DIRECT",
    ]);
  });

  it("keeps every edge per column when a column of the model is not an output of its SQL", () => {
    const inferred = analyse(snapshot, { ...model, columns: [...model.columns, NOT_AN_OUTPUT] });
    expect(inferred.rowDependencies).toEqual([]);
    expect(inferred.columnEdges.filter((e) => e.transform === "FILTER").map((e) => e.toColumn).sort()).toEqual(["amount", "id", "name"]);
    expect(inferred.columnEdges.some((e) => e.toColumn === NOT_AN_OUTPUT.name)).toBe(false);
  });

  it("says exactly what the per-column edges say, for every model of the dbt fixtures", () => {
    let withRowDependencies = 0;
    for (const dir of [["jaffle_shop_duckdb", "base"], ["fivetran_hubspot"], ["fivetran_jira_v4_bigquery"]]) {
      const { manifest, catalog } = readFixture(dir);
      const fixture = snapshotOf(manifest, catalog);
      for (const asset of fixture.assets) {
        if (asset.kind !== "MODEL" || asset.columns.length === 0) continue;
        const compact = analyse(fixture, asset);
        const perColumn = analyse(fixture, { ...asset, columns: [...asset.columns, NOT_AN_OUTPUT] });
        if (compact.rowDependencies.length > 0) withRowDependencies++;
        expect(expanded(asset, compact), asset.uniqueId).toEqual(expanded(asset, perColumn));
      }
    }
    expect(withRowDependencies).toBeGreaterThan(10);
  });
});
