import { describe, expect, it } from "vitest";
import { knownGraphs } from "../../../bench/generate/graph.js";
import {
  buildColumnLineageIndex,
  buildLineageIndex,
  impactOfColumns,
  LineageQueryError,
  traverseColumns,
} from "../../../src/core/lineage/index.js";

const graph = knownGraphs.columns();
const assets = buildLineageIndex(graph.assets, graph.edges);
const columns = buildColumnLineageIndex(graph.columns, graph.columnEdges);

describe("traverseColumns", () => {
  it("follows column edges downstream through transforms", () => {
    const result = traverseColumns(columns, { assetId: "orders", column: "amount", direction: "DOWNSTREAM", depth: null });
    expect(result.start).toEqual({ columnId: "orders.amount", assetId: "orders", column: "amount" });
    expect(result.nodes.map((node) => [node.columnId, node.degree])).toEqual([
      ["revenue.total", 1],
      ["shipped.id", 1],
      ["kpis.total_revenue", 2],
    ]);
    expect(result.edges).toEqual([
      { from: "orders.amount", to: "revenue.total", transform: "AGGREGATED" },
      { from: "orders.amount", to: "shipped.id", transform: "FILTER" },
      { from: "revenue.total", to: "kpis.total_revenue", transform: "TRANSFORMED" },
    ]);
    expect(result.truncated).toBe(false);
  });

  it("limits depth and walks upstream", () => {
    const down = traverseColumns(columns, { assetId: "orders", column: "amount", direction: "DOWNSTREAM", depth: 1 });
    expect(down.nodes.map((node) => node.columnId)).toEqual(["revenue.total", "shipped.id"]);
    expect(down.truncated).toBe(true);
    const up = traverseColumns(columns, { assetId: "kpis", column: "total_revenue", direction: "UPSTREAM", depth: null });
    expect(up.nodes.map((node) => [node.columnId, node.degree, node.direction])).toEqual([
      ["revenue.total", 1, "UPSTREAM"],
      ["orders.amount", 2, "UPSTREAM"],
    ]);
  });

  it("keeps two transforms between the same columns and walks both ways", () => {
    const index = buildColumnLineageIndex(graph.columns, [
      ...graph.columnEdges,
      { fromColumnId: "orders.id", toColumnId: "open_orders.id", transform: "JOIN" },
    ]);
    const result = traverseColumns(index, { assetId: "open_orders", column: "id", direction: "BOTH", depth: 1 });
    expect(result.nodes.map((node) => node.columnId)).toEqual(["orders.id", "orders.status"]);
    expect(result.edges.map((edge) => `${edge.from}>${edge.to}:${edge.transform}`)).toEqual([
      "orders.id>open_orders.id:DIRECT",
      "orders.id>open_orders.id:JOIN",
      "orders.status>open_orders.id:FILTER",
    ]);
  });

  it("finds a column case-insensitively when the match is unique, else reports it unknown", () => {
    expect(columns.columnOf("orders", "AMOUNT")).toBe(columns.columnOf("orders", "amount"));
    expect(() => traverseColumns(columns, { assetId: "orders", column: "nope", direction: "UPSTREAM", depth: 1 })).toThrow(LineageQueryError);
  });
});

describe("impactOfColumns", () => {
  it("separates readers, unknown use and unaffected assets", () => {
    const result = impactOfColumns(assets, columns, { start: "orders", columns: ["amount"] });
    expect(result.columns).toEqual(["amount"]);
    expect(result.reads.map((asset) => [asset.id, asset.degree, asset.columns, asset.path])).toEqual([
      ["revenue", 1, ["total"], ["orders", "revenue"]],
      ["shipped", 1, ["id"], ["orders", "shipped"]],
      ["kpis", 2, ["total_revenue"], ["orders", "revenue", "kpis"]],
    ]);
    expect(result.columnUseUnknown.map((asset) => [asset.id, asset.degree, asset.path])).toEqual([
      ["legacy", 1, ["orders", "legacy"]],
      ["finance_dash", 2, ["orders", "revenue", "finance_dash"]],
      ["legacy_report", 2, ["orders", "legacy", "legacy_report"]],
      ["kpi_dash", 3, ["orders", "revenue", "kpis", "kpi_dash"]],
    ]);
    expect(result.exposures.map((asset) => asset.id)).toEqual(["finance_dash", "kpi_dash"]);
    // open_orders reads orders but not amount, so neither it nor its dashboard is affected.
    expect(result.notAffectedCount).toBe(2);
  });

  it("counts a filter on the column as reading it", () => {
    const result = impactOfColumns(assets, columns, { start: "orders", columns: ["status"] });
    expect(result.reads.map((asset) => asset.id)).toEqual(["open_orders"]);
    expect(result.columnUseUnknown.map((asset) => asset.id)).toEqual(["legacy", "legacy_report", "open_dash"]);
  });

  it("reports requested columns the asset does not have", () => {
    const result = impactOfColumns(assets, columns, { start: "orders", columns: ["amount", "ghost"] });
    expect(result.missingColumns).toEqual(["ghost"]);
  });

  it("treats a column nobody reads as affecting only consumers without column lineage", () => {
    const result = impactOfColumns(assets, columns, { start: "revenue", columns: ["order_id"] });
    expect(result.reads).toEqual([]);
    expect(result.columnUseUnknown.map((asset) => asset.id)).toEqual(["finance_dash"]);
    expect(result.notAffectedCount).toBe(2);
  });

  it("puts everything downstream under unknown use when there is no column lineage at all", () => {
    const result = impactOfColumns(assets, buildColumnLineageIndex([], []), { start: "orders", columns: ["amount"] });
    expect(result.missingColumns).toEqual(["amount"]);
    expect(result.reads).toEqual([]);
    expect(result.columnUseUnknown).toHaveLength(9);
    expect(result.notAffectedCount).toBe(0);
  });
});
