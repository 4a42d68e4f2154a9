import { describe, expect, it } from "vitest";
import { dbtDatasetName, parseNodeId } from "../../../src/core/openlineage/marquezIds.js";

describe("Marquez node ids", () => {
  it("splits at the colons that start neither a URI's // nor a port", () => {
    expect(parseNodeId("dataset:postgres://warehouse:5432:warehouse.analytics.orders")).toEqual({
      kind: "DATASET",
      namespace: "postgres://warehouse:5432",
      name: "warehouse.analytics.orders",
      field: null,
    });
    expect(parseNodeId("job:airflow-prod:shop_daily.export_orders")).toEqual({ kind: "JOB", namespace: "airflow-prod", name: "shop_daily.export_orders", field: null });
    expect(parseNodeId("dataset:s3://exports:orders/daily.csv")).toMatchObject({ namespace: "s3://exports", name: "orders/daily.csv" });
  });

  it("keeps colons of a dataset's name, and takes a field from after the last colon", () => {
    expect(parseNodeId("dataset:kafka://broker:9092:topic:with:colons")).toMatchObject({ namespace: "kafka://broker:9092", name: "topic:with:colons" });
    expect(parseNodeId("datasetField:postgres://warehouse:5432:warehouse.analytics.orders:amount")).toEqual({
      kind: "DATASET_FIELD",
      namespace: "postgres://warehouse:5432",
      name: "warehouse.analytics.orders",
      field: "amount",
    });
  });

  it("says why an id is not one", () => {
    expect(parseNodeId("table:orders")).toEqual({ error: "must start with dataset:, job: or datasetField:" });
    expect(parseNodeId("dataset:orders")).toEqual({ error: "must have 3 parts separated by ':'" });
    expect(parseNodeId("datasetField:ns:orders")).toEqual({ error: "must have 4 parts separated by ':'" });
    expect(parseNodeId("dataset::orders")).toEqual({ error: "has an empty namespace, name or field" });
  });

  it("names a dbt relation <adapter>://<database> and <schema>.<identifier>, the identifier being an alias", () => {
    expect(dbtDatasetName({ adapter: "duckdb", database: "jaffle_shop", schema: "prod", name: "orders", relationName: '"jaffle_shop"."prod"."orders_v2"' })).toEqual({
      namespace: "duckdb://jaffle_shop",
      name: "prod.orders_v2",
    });
    expect(dbtDatasetName({ adapter: null, database: "db", schema: "s", name: "t", relationName: null })).toEqual({ namespace: "dbt://db", name: "s.t" });
    expect(dbtDatasetName({ adapter: "duckdb", database: "db", schema: "s", name: "raw", relationName: "read_csv('x.csv', header=true)" })).toBeNull();
    expect(dbtDatasetName({ adapter: "postgres", database: null, schema: "s", name: "t", relationName: null })).toBeNull();
  });
});
