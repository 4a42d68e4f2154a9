import { describe, expect, it } from "vitest";
import { crossProjectEdges, relationColumnEdges, resolveRelationReads, type LinkableAsset } from "../../../src/core/lineage/index.js";

let next = 0;
function asset(projectId: string, kind: LinkableAsset["kind"], relationName: string | null, fields: Partial<LinkableAsset> = {}): LinkableAsset {
  const id = `a${++next}`;
  return { id, projectId, uniqueId: `${kind.toLowerCase()}.${projectId}.${id}`, kind, name: id, database: null, schema: null, relationName, adapter: "snowflake", ...fields };
}

const linked = (assets: LinkableAsset[]) => crossProjectEdges(assets, []).relations.map((edge) => `${edge.fromId}->${edge.toId}`);

describe("cross-project links", () => {
  it("links a source to another project's model of the same relation under the adapter's case rules", () => {
    const model = asset("shop", "MODEL", "ANALYTICS.MARTS.ORDERS");
    const unquoted = asset("finance", "SOURCE", "analytics.marts.orders");
    const quotedUpper = asset("finance", "SOURCE", '"ANALYTICS"."MARTS"."ORDERS"');
    const quotedLower = asset("finance", "SOURCE", '"analytics"."marts"."orders"');
    expect(linked([model, unquoted, quotedUpper, quotedLower])).toEqual([`${model.id}->${unquoted.id}`, `${model.id}->${quotedUpper.id}`]);
  });

  it("folds PostgreSQL names lower and compares BigQuery datasets and tables exactly", () => {
    const postgres = { adapter: "postgres" };
    const pgModel = asset("shop", "MODEL", '"analytics"."core"."orders"', postgres);
    const pgSource = asset("finance", "SOURCE", "ANALYTICS.CORE.ORDERS", postgres);
    const bigquery = { adapter: "bigquery" };
    const bqModel = asset("shop", "MODEL", "`My-Proj`.`Sales`.`Orders`", bigquery);
    const bqSame = asset("finance", "SOURCE", "my-proj.Sales.Orders", bigquery);
    const bqOtherCase = asset("finance", "SOURCE", "my-proj.sales.orders", bigquery);
    expect(linked([pgModel, pgSource, bqModel, bqSame, bqOtherCase])).toEqual([`${pgModel.id}->${pgSource.id}`, `${bqModel.id}->${bqSame.id}`]);
  });

  it("uses database, schema and name when there is no relation name, and needs all three", () => {
    const model = asset("shop", "MODEL", null, { database: "analytics", schema: "marts", name: "orders" });
    const source = asset("finance", "SOURCE", "analytics.marts.orders");
    const partial = asset("finance", "SOURCE", "marts.orders");
    expect(linked([model, source, partial])).toEqual([`${model.id}->${source.id}`]);
  });

  it("does not link within one project (the project's own lineage covers that) nor from sources or exposures", () => {
    const model = asset("shop", "MODEL", "analytics.marts.orders");
    const ownSource = asset("shop", "SOURCE", "analytics.marts.orders");
    const otherSource = asset("other", "SOURCE", "analytics.marts.orders");
    expect(linked([model, ownSource, otherSource])).toEqual([`${model.id}->${otherSource.id}`]);
  });

  it("resolves a Mesh ref to the model of that unique id in another project", () => {
    const orders = asset("shop", "MODEL", null, { uniqueId: "model.shop.orders" });
    const child = asset("marketing", "MODEL", null);
    const edges = crossProjectEdges([orders, child], [
      { assetId: child.id, parentUniqueId: "model.shop.orders" },
      { assetId: child.id, parentUniqueId: "model.shop.not_posted" },
    ]);
    expect(edges.mesh).toEqual([{ fromId: orders.id, toId: child.id, origin: "DECLARED" }]);
  });

  it("maps a linked source's columns to the model's columns of the same name", () => {
    const edges = relationColumnEdges(
      [{ fromId: "m", toId: "s", origin: "INFERRED" }],
      [
        { id: "m.amount", assetId: "m", name: "AMOUNT" },
        { id: "m.id", assetId: "m", name: "id" },
        { id: "s.amount", assetId: "s", name: "amount" },
        { id: "s.extra", assetId: "s", name: "extra" },
      ],
    );
    expect(edges).toEqual([{ fromColumnId: "m.amount", toColumnId: "s.amount", transform: "DIRECT" }]);
  });

  it("resolves a relation a model reads to the linked model of another project that builds it, and only that", () => {
    const orders = asset("shop", "MODEL", "ANALYTICS.MARTS.ORDERS", { uniqueId: "model.shop.orders" });
    const customers = asset("shop", "MODEL", "ANALYTICS.MARTS.CUSTOMERS");
    const meshChild = asset("reporting", "MODEL", null);
    const source = asset("ops", "SOURCE", "analytics.marts.orders");
    const sourceReader = asset("ops", "MODEL", null);
    const stranger = asset("elsewhere", "MODEL", null);
    const edges = crossProjectEdges([orders, customers, meshChild, source, sourceReader, stranger], [{ assetId: meshChild.id, parentUniqueId: "model.shop.orders" }]);
    const resolved = resolveRelationReads([orders, customers, meshChild, source, sourceReader, stranger], edges, [
      { assetId: meshChild.id, parentRelation: "ANALYTICS.MARTS.ORDERS" },
      // Built by shop, but the model is linked to shop only through orders.
      { assetId: meshChild.id, parentRelation: "ANALYTICS.MARTS.CUSTOMERS" },
      // Quoted lower case under Snowflake's rules: another relation.
      { assetId: meshChild.id, parentRelation: "analytics.marts.orders" },
      { assetId: sourceReader.id, parentRelation: "ANALYTICS.MARTS.ORDERS" },
      // No Mesh ref nor source links its project to shop.
      { assetId: stranger.id, parentRelation: "ANALYTICS.MARTS.ORDERS" },
    ]);
    expect(resolved.map((read) => `${read.assetId} ${read.parentRelation} ${read.parentId}`)).toEqual([
      `${meshChild.id} ANALYTICS.MARTS.ORDERS ${orders.id}`,
      `${sourceReader.id} ANALYTICS.MARTS.ORDERS ${orders.id}`,
    ]);
  });
});
