import { describe, expect, it } from "vitest";
import { declaredColumnLineage, facetOwners, observedColumns, resolveInputDataset, transformOf } from "../../../src/core/openlineage/facets.js";
import { schemaDrift } from "../../../src/core/openlineage/schemaDrift.js";
import { sqlFacetLineage } from "../../../src/core/openlineage/sqlFacetLineage.js";

describe("OpenLineage facets read for the catalog", () => {
  it("maps every transformation type and subtype to our kinds", () => {
    const cases: [string, string | null, string][] = [
      ["DIRECT", "IDENTITY", "DIRECT"],
      ["DIRECT", "TRANSFORMATION", "TRANSFORMED"],
      ["DIRECT", "AGGREGATION", "AGGREGATED"],
      ["DIRECT", null, "TRANSFORMED"],
      ["INDIRECT", "JOIN", "JOIN"],
      ["INDIRECT", "GROUP_BY", "GROUP_BY"],
      ["INDIRECT", "FILTER", "FILTER"],
      ["INDIRECT", "SORT", "SORT"],
      ["INDIRECT", "WINDOW", "WINDOW"],
      ["INDIRECT", "CONDITIONAL", "CONDITIONAL"],
      ["INDIRECT", "SOMETHING_NEW", "FILTER"],
    ];
    for (const [type, subtype, ours] of cases) expect(transformOf(type, subtype), `${type}/${subtype}`).toBe(ours);
  });

  it("reads both column lineage shapes, merging masking per kind", () => {
    const keep = (namespace: string, name: string) => ({ namespace, name });
    const lineage = declaredColumnLineage(
      {
        fields: {
          total: {
            inputFields: [
              { namespace: "pg", name: "db.s.t", field: "a", transformations: [{ type: "DIRECT", subtype: "AGGREGATION", masking: false }, { type: "DIRECT", subtype: "AGGREGATION", masking: true }] },
              { namespace: "pg", name: "db.s.t", field: "kind", transformations: [{ type: "INDIRECT", subtype: "CONDITIONAL" }] },
            ],
          },
          legacy: { inputFields: [{ namespace: "pg", name: "db.s.t", field: "b" }], transformationDescription: "", transformationType: "IDENTITY" },
        },
        dataset: [{ namespace: "pg", name: "db.s.t", field: "day", transformations: [{ type: "INDIRECT", subtype: "SORT" }] }],
      },
      keep,
    );
    expect(lineage!.edges.map((e) => `${e.from.field}->${e.to} ${e.transform}${e.masking ? " masked" : ""}`)).toEqual(["a->total AGGREGATED masked", "kind->total CONDITIONAL", "b->legacy DIRECT"]);
    expect(lineage!.rows).toEqual([{ from: { namespace: "pg", name: "db.s.t", field: "day" }, transform: "SORT", masking: false }]);
    expect(declaredColumnLineage({ fields: "not an object" }, keep)).toBeNull();
  });

  it("resolves a dataset named without its database against the job's inputs, only when unique (#1665)", () => {
    const inputs = [
      { namespace: "postgres://h:5432", name: "warehouse.analytics.customers" },
      { namespace: "postgres://h:5432", name: "warehouse.analytics.orders" },
      { namespace: "postgres://h:5432", name: "archive.analytics.orders" },
    ];
    expect(resolveInputDataset("postgres://h:5432", "analytics.customers", inputs)).toEqual(inputs[0]);
    expect(resolveInputDataset("postgres://h:5432", "ANALYTICS.CUSTOMERS", inputs)).toEqual(inputs[0]);
    // Two inputs end with analytics.orders: kept as given.
    expect(resolveInputDataset("postgres://h:5432", "analytics.orders", inputs)).toEqual({ namespace: "postgres://h:5432", name: "analytics.orders" });
    // Another namespace never matches.
    expect(resolveInputDataset("snowflake://acct", "analytics.customers", inputs)).toEqual({ namespace: "snowflake://acct", name: "analytics.customers" });
  });

  it("reads a sql facet's query into inferred edges into the job's one output", () => {
    const job = {
      inputs: [{ namespace: "postgres://h:5432", name: "warehouse.analytics.stg_orders" }],
      outputs: [{ namespace: "postgres://h:5432", name: "warehouse.analytics.orders" }],
    };
    const found = sqlFacetLineage("select order_id, upper(status) as status from analytics.stg_orders where amount > 0", "postgres", job)!;
    expect(found.output).toEqual(job.outputs[0]);
    expect(found.edges.map((e) => `${e.from.name}.${e.from.field}->${e.to} ${e.transform}`)).toEqual([
      "warehouse.analytics.stg_orders.order_id->order_id DIRECT",
      "warehouse.analytics.stg_orders.status->status TRANSFORMED",
    ]);
    expect(found.rows.map((r) => `${r.from.field} ${r.transform}`)).toEqual(["amount FILTER"]);
  });

  it("reads schema fields and owners", () => {
    expect(observedColumns({ fields: [{ name: "id", type: "int" }, { name: "id", type: "text" }, { name: "note" }] })).toEqual([
      { name: "id", dataType: "int", description: null, position: 1 },
      { name: "note", dataType: null, description: null, position: 2 },
    ]);
    expect(observedColumns({ fields: [] })).toEqual([]);
    expect(facetOwners({ owners: [{ name: "user:ana@example.com" }, { name: "team:data-platform" }, { name: "bob@example.com" }] })).toEqual([
      { email: "ana@example.com" },
      { name: "data-platform" },
      { email: "bob@example.com" },
    ]);
  });

  it("tells a missing, an added and a retyped column apart, and ignores unknown types and name case", () => {
    const declared = [
      { name: "ID", dataType: "integer" },
      { name: "amount", dataType: "numeric" },
      { name: "note", dataType: null },
      { name: "gone", dataType: "text" },
    ];
    const observed = [
      { name: "id", dataType: "int4" },
      { name: "amount", dataType: "varchar" },
      { name: "note", dataType: "text" },
      { name: "extra", dataType: "date" },
    ];
    expect(schemaDrift(declared, observed)).toEqual([
      { column: "amount", change: "RETYPED", declaredType: "numeric", observedType: "varchar" },
      { column: "gone", change: "MISSING", declaredType: "text", observedType: null },
      { column: "extra", change: "ADDED", declaredType: null, observedType: "date" },
    ]);
  });
});
