import { describe, expect, it } from "vitest";
import type { LinkableAsset } from "../../../src/core/lineage/index.js";
import { buildLineageIndex } from "../../../src/core/lineage/index.js";
import { datasetIdentity } from "../../../src/core/openlineage/datasetIdentity.js";

const model = (id: string, projectId: string, relationName: string, adapter: string, kind: LinkableAsset["kind"] = "MODEL"): LinkableAsset => ({
  id,
  projectId,
  uniqueId: `${kind.toLowerCase()}.${projectId}.${id}`,
  kind,
  name: id,
  database: null,
  schema: null,
  relationName,
  adapter,
});

describe("datasetIdentity", () => {
  it("merges a dataset into the one model building its relation, as the warehouse folds names", () => {
    const identity = datasetIdentity({
      datasets: [{ assetId: "d1", namespace: "snowflake://acme", name: "analytics.marts.orders" }],
      symlinks: [],
      dbtAssets: [model("m1", "shop", "ANALYTICS.MARTS.ORDERS", "snowflake"), model("s1", "finance", "analytics.marts.orders", "snowflake", "SOURCE")],
      mappings: [],
    });
    // The model builds it; the source only reads it: not ambiguous.
    expect([...identity.aliases]).toEqual([["d1", "m1"]]);
    expect([...identity.intoDbt]).toEqual(["d1"]);
    expect(identity.ambiguous.size).toBe(0);
  });

  it("does not merge a quoted relation whose case differs where the warehouse keeps case", () => {
    const identity = datasetIdentity({
      datasets: [{ assetId: "d1", namespace: "postgres://wh:5432", name: "wh.analytics.orders" }],
      symlinks: [],
      dbtAssets: [model("m1", "shop", '"wh"."analytics"."Orders"', "postgres")],
      mappings: [],
    });
    expect(identity.aliases.size).toBe(0);
  });

  it("flags a relation two projects build, and a mapping of its namespace settles it", () => {
    const input = {
      datasets: [{ assetId: "d1", namespace: "postgres://wh:5432", name: "wh.analytics.customers" }],
      symlinks: [],
      dbtAssets: [model("a", "shop", '"wh"."analytics"."customers"', "postgres"), model("b", "archive", '"wh"."analytics"."customers"', "postgres")],
    };
    const flagged = datasetIdentity({ ...input, mappings: [] });
    expect(flagged.aliases.size).toBe(0);
    expect(flagged.ambiguous.get("d1")?.candidates.map((c) => c.id)).toEqual(["b", "a"]);
    const settled = datasetIdentity({ ...input, mappings: [{ namespace: "postgres://wh:5432", projectId: "archive" }] });
    expect([...settled.aliases]).toEqual([["d1", "b"]]);
    expect(settled.ambiguous.size).toBe(0);
  });

  it("makes a storage path and its table one node, the table, and the dbt asset a symlink names", () => {
    const identity = datasetIdentity({
      datasets: [
        { assetId: "path", namespace: "s3://lake", name: "scores/customer_scores" },
        { assetId: "table", namespace: "hive://metastore:9083", name: "lake.customer_scores" },
        { assetId: "landing", namespace: "s3://landing", name: "raw/orders" },
      ],
      symlinks: [
        { namespace: "s3://lake", name: "scores/customer_scores", targetNamespace: "hive://metastore:9083", targetName: "lake.customer_scores" },
        { namespace: "s3://landing", name: "raw/orders", targetNamespace: "postgres://wh:5432", targetName: "wh.raw.orders" },
      ],
      dbtAssets: [model("src", "shop", '"wh"."raw"."orders"', "postgres", "SOURCE")],
      mappings: [],
    });
    expect(Object.fromEntries(identity.aliases)).toEqual({ path: "table", landing: "src" });
    // Only the storage path merged into the table: the table stays a node, so no alias of its own.
    const index = buildLineageIndex(
      [{ id: "path", kind: "DATASET" }, { id: "table", kind: "DATASET" }, { id: "job", kind: "JOB" }, { id: "reader", kind: "JOB" }],
      [{ fromId: "job", toId: "path", origin: "DECLARED" }, { fromId: "table", toId: "reader", origin: "DECLARED" }],
      identity.aliases,
    );
    expect(index.ids).toEqual(["job", "reader", "table"]);
    expect(index.nodeOf("path")).toBe(index.nodeOf("table"));
    expect(index.edgeCount).toBe(2);
  });
});
