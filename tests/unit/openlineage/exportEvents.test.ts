import { describe, expect, it } from "vitest";
import { EventValidator } from "../../../src/core/openlineage/eventValidator.js";
import { exportOpenLineageEvents, type ExportAsset } from "../../../src/core/openlineage/exportEvents.js";

const asset = (id: string, kind: ExportAsset["kind"], extra: Partial<ExportAsset> = {}): ExportAsset => ({
  id,
  uniqueId: `${kind.toLowerCase()}.shop.${id}`,
  kind,
  name: id,
  database: "analytics",
  schema: "core",
  relationName: `"analytics"."core"."${id}"`,
  description: null,
  columns: [],
  owners: [],
  ...extra,
});
const naming = { datasetNamespace: "postgres://warehouse:5432", jobNamespace: "shop", eventTime: "2026-11-02T10:00:00.000Z", producer: "urn:tributary:openlineage-export" };

describe("exportOpenLineageEvents", () => {
  const raw = asset("raw_orders", "SOURCE", { relationName: "read_csv('orders.csv')", schema: "raw", columns: [{ name: "id", dataType: "integer", description: "the order" }] });
  const orders = asset("orders", "MODEL", {
    description: "One row per order",
    owners: [{ name: "Ana", email: "ana@shop.test", handle: null }, { name: null, email: null, handle: "data-team" }, { name: "Finance", email: null, handle: null }],
    columns: [{ name: "order_id", dataType: null, description: null }],
  });
  const events = exportOpenLineageEvents(
    {
      assets: [orders, raw, asset("board", "EXPOSURE", { relationName: null })],
      edges: [{ fromId: "raw_orders", toId: "orders" }, { fromId: "orders", toId: "board" }],
      columnEdges: [
        { fromAssetId: "raw_orders", fromColumn: "id", toAssetId: "orders", toColumn: "order_id", transform: "DIRECT" },
        { fromAssetId: "raw_orders", fromColumn: "id", toAssetId: "orders", toColumn: "order_id", transform: "FILTER" },
      ],
    },
    naming,
  );

  it("writes valid events: datasets first, then jobs, each sorted by name", () => {
    const validator = new EventValidator();
    for (const event of events) expect(validator.validate(event)).toMatchObject({ ok: true, leniencies: [] });
    expect(events.map((e) => e.dataset?.name ?? e.job!.name)).toEqual(["analytics.core.orders", "analytics.raw.raw_orders", "exposure.shop.board", "model.shop.orders"]);
  });

  it("names a relation given as an expression by database, schema and name, and leaves out an empty schema", () => {
    expect(events[1]!.dataset!.facets!.schema).toMatchObject({ fields: [{ name: "id", type: "integer", description: "the order" }] });
    const noColumns = exportOpenLineageEvents({ assets: [asset("empty", "SEED")], edges: [], columnEdges: [] }, naming);
    expect(noColumns[0]!.dataset!.facets).toEqual({});
  });

  it("writes owners as manifests do, and each input column once with all its transformations", () => {
    expect(events[0]!.dataset!.facets!.ownership).toMatchObject({ owners: [{ name: "Ana <ana@shop.test>" }, { name: "@data-team" }, { name: "Finance" }] });
    const build = events[3]!;
    expect(build.inputs).toEqual([{ namespace: naming.datasetNamespace, name: "analytics.raw.raw_orders" }]);
    expect(build.outputs![0]!.facets!.columnLineage).toMatchObject({
      fields: { order_id: { inputFields: [{ name: "analytics.raw.raw_orders", field: "id", transformations: [{ type: "DIRECT", subtype: "IDENTITY" }, { type: "INDIRECT", subtype: "FILTER" }] }] } },
    });
    expect(events[2]).toMatchObject({ job: { name: "exposure.shop.board" }, inputs: [{ name: "analytics.core.orders" }], outputs: [] });
  });
});
