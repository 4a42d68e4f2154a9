/**
 * Marquez's read endpoints over real HTTP: the fixtures' Airflow DAG, dbt-ol run, Flink job and
 * Spark jobs, and the jaffle_shop (duckdb) dbt project with an Airflow task reading its mart.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createToken } from "../../src/services/tokens.js";
import { operatorContext } from "../../src/services/tenants.js";
import { readFixture } from "../support/fixtureDocs.js";
import { openLineageFixture } from "../support/openLineage.js";
import { startTestServer, type TestServer } from "../support/server.js";

interface GraphNode {
  id: string;
  type: string;
  data: Record<string, any> | null;
  inEdges: { origin: string; destination: string }[];
  outEdges: { origin: string; destination: string }[];
}

const ORDERS = "dataset:postgres://warehouse:5432:warehouse.analytics.orders";
const DBT_ORDERS = "dataset:duckdb://jaffle_shop:prod.orders";

/** The Airflow task of openLineageCatalog.test.ts: it reads the duckdb mart by its relation name. */
const exportOfDbtMart = {
  eventType: "COMPLETE",
  eventTime: "2026-11-02T03:07:00Z",
  producer: "https://github.com/apache/airflow/tree/providers-openlineage/2.1.0",
  schemaURL: "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent",
  run: { runId: "01931f6a-0000-7000-8000-0000000000f1" },
  job: { namespace: "airflow-prod", name: "shop_daily.export_jaffle_orders" },
  inputs: [{ namespace: "duckdb://jaffle_shop", name: "JAFFLE_SHOP.PROD.ORDERS" }],
  outputs: [{ namespace: "s3://exports", name: "jaffle/orders.csv" }],
};

describe("Marquez's read endpoints", () => {
  let server: TestServer;
  let token: string;
  let reader: string;
  beforeAll(async () => {
    server = await startTestServer();
    ({ token } = await server.tenant("marquez"));
    reader = (await createToken(await operatorContext(server.database.db.prisma, "marquez"), { name: "reader", role: "READER" })).secret;
    const events = [...(["airflow_dag", "dbt_ol_run", "flink_streaming", "spark_column_lineage"] as const).flatMap((f) => openLineageFixture(f)), exportOfDbtMart];
    const posted = await fetch(`${server.url}/api/v1/lineage/batch`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${token}` }, body: JSON.stringify(events) });
    expect(posted.status).toBe(200);
    expect((await server.postManifest(token, { project: "jaffle", mode: "apply", gitSha: "a1", branch: "main", ...readFixture(["jaffle_shop_duckdb", "base"]) })).status).toBe(200);
  });
  afterAll(() => server.stop());

  const get = async (path: string, as = reader) => {
    const response = await fetch(`${server.url}/api/v1${path}`, { headers: as ? { authorization: `Bearer ${as}` } : {} });
    return { status: response.status, body: (await response.json()) as any };
  };
  const lineage = async (nodeId: string, depth?: number) => {
    const answer = await get(`/lineage?nodeId=${encodeURIComponent(nodeId)}${depth === undefined ? "" : `&depth=${depth}`}`);
    expect(answer.status).toBe(200);
    return answer.body.graph as GraphNode[];
  };

  it("answers the lineage graph of a dataset in Marquez's shape: jobs writing and reading it, with all their inputs and outputs", async () => {
    const graph = await lineage(ORDERS, 1);
    expect(graph.map((n) => n.id)).toEqual([
      "dataset:postgres://warehouse:5432:warehouse.analytics.customers",
      ORDERS,
      "dataset:postgres://warehouse:5432:warehouse.analytics.stg_orders",
      "dataset:postgres://warehouse:5432:warehouse.analytics.stg_payments",
      "dataset:s3://exports:orders/daily.csv",
      "dataset:s3://lake:rollups/orders_by_day",
      "dataset:s3://lake:scores/customer_scores",
      "job:airflow-prod:shop_daily.export_orders",
      "job:dbt:warehouse.analytics.jaffle_shop.orders",
      "job:spark-etl:customer_scores.execute_insert_into_hadoop_fs_relation_command",
      "job:spark-etl:legacy_rollup.execute_insert_into_hadoop_fs_relation_command",
    ]);
    const orders = graph.find((n) => n.id === ORDERS)!;
    expect(orders.type).toBe("DATASET");
    expect(orders.inEdges).toEqual([{ origin: "job:dbt:warehouse.analytics.jaffle_shop.orders", destination: ORDERS }]);
    expect(orders.outEdges.map((e) => e.destination)).toEqual([
      "job:airflow-prod:shop_daily.export_orders",
      "job:spark-etl:customer_scores.execute_insert_into_hadoop_fs_relation_command",
      "job:spark-etl:legacy_rollup.execute_insert_into_hadoop_fs_relation_command",
    ]);
    expect(orders.data).toMatchObject({ id: { namespace: "postgres://warehouse:5432", name: "warehouse.analytics.orders" }, type: "DB_TABLE", namespace: "postgres://warehouse:5432" });
    // Marquez's DatasetData: the schema's fields, no facets.
    expect(orders.data!.fields.length).toBeGreaterThan(0);
    expect(orders.data).not.toHaveProperty("facets");
    // Every edge is listed at both of its ends.
    for (const node of graph) {
      for (const edge of node.outEdges) expect(graph.find((n) => n.id === edge.destination)!.inEdges).toContainEqual(edge);
    }
    const dbtJob = graph.find((n) => n.id === "job:dbt:warehouse.analytics.jaffle_shop.orders")!;
    expect(dbtJob.data).toMatchObject({ type: "BATCH", name: "warehouse.analytics.jaffle_shop.orders", latestRun: { state: "COMPLETED", durationMs: 6000 } });
    expect(dbtJob.data!.inputs).toEqual([
      { namespace: "postgres://warehouse:5432", name: "warehouse.analytics.stg_orders" },
      { namespace: "postgres://warehouse:5432", name: "warehouse.analytics.stg_payments" },
    ]);
  });

  it("counts depth in levels of jobs, as Marquez does", async () => {
    const near = (await lineage(ORDERS, 1)).map((n) => n.id);
    const far = (await lineage(ORDERS, 2)).map((n) => n.id);
    expect(near).not.toContain("job:airflow-prod:shop_daily.notify");
    expect(far).toContain("job:airflow-prod:shop_daily.notify");
    // Marquez's default depth (20) reaches everything connected.
    expect((await lineage(ORDERS)).map((n) => n.id)).toEqual(expect.arrayContaining(far));
  });

  it("starts from a job too, and answers an OpenLineage dataset of a dbt relation as the dbt model", async () => {
    const graph = await lineage("job:airflow-prod:shop_daily.export_jaffle_orders", 1);
    const ids = graph.map((n) => n.id);
    expect(ids).toEqual(expect.arrayContaining(["dataset:s3://exports:jaffle/orders.csv", DBT_ORDERS]));
    // One thing, one node (docs/openlineage.md): the task's input JAFFLE_SHOP.PROD.ORDERS is the dbt model.
    expect(ids).not.toContain("dataset:duckdb://jaffle_shop:JAFFLE_SHOP.PROD.ORDERS");
    const dbtOrders = graph.find((n) => n.id === DBT_ORDERS)!;
    expect(dbtOrders.outEdges).toContainEqual({ origin: DBT_ORDERS, destination: "job:airflow-prod:shop_daily.export_jaffle_orders" });
    expect(dbtOrders.data).toMatchObject({ namespace: "duckdb://jaffle_shop", name: "prod.orders", type: "DB_TABLE" });
    expect(dbtOrders.data!.fields.map((f: { name: string }) => f.name)).toContain("amount");
    // And the other way: the dbt model's lineage reaches the Airflow task reading it.
    expect((await lineage(DBT_ORDERS, 1)).map((n) => n.id)).toContain("job:airflow-prod:shop_daily.export_jaffle_orders");
  });

  it("answers the same bytes while nothing changed, and a new event's run or facet at the next read", async () => {
    const { token: writer } = await server.tenant("marquez-kept");
    const post = async (events: unknown[]) => {
      const response = await fetch(`${server.url}/api/v1/lineage/batch`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${writer}` }, body: JSON.stringify(events) });
      expect(response.status).toBe(200);
    };
    await post(openLineageFixture("airflow_dag"));
    const read = async () => {
      const response = await fetch(`${server.url}/api/v1/lineage?nodeId=${encodeURIComponent(ORDERS)}&depth=1`, { headers: { authorization: `Bearer ${writer}` } });
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8");
      return { text: await response.text(), etag: response.headers.get("etag") };
    };
    const first = await read();
    expect(await read()).toEqual(first);
    const exportJob = (text: string) => (JSON.parse(text).graph as GraphNode[]).find((n) => n.id === "job:airflow-prod:shop_daily.export_orders")!.data!;
    expect(exportJob(first.text).latestRun.state).toBe("COMPLETED");

    // A run of a job the graph holds: no catalog or lineage change, yet the next read shows it.
    await post([{
      eventType: "FAIL",
      eventTime: "2026-12-01T00:00:00Z",
      producer: "https://github.com/apache/airflow/tree/providers-openlineage/2.1.0",
      schemaURL: "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent",
      run: { runId: "01931f6a-0000-7000-8000-0000000000fa" },
      job: { namespace: "airflow-prod", name: "shop_daily.export_orders" },
    }]);
    const afterRun = await read();
    expect(afterRun.etag).not.toBe(first.etag);
    expect(exportJob(afterRun.text).latestRun).toMatchObject({ id: "01931f6a-0000-7000-8000-0000000000fa", state: "FAILED" });

    // A dataset facet the graph shows (its source's name).
    const producer = "https://example.com/custom-producer/1.0";
    await post([{
      eventTime: "2026-12-01T01:00:00Z",
      producer,
      schemaURL: "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/DatasetEvent",
      dataset: {
        namespace: "postgres://warehouse:5432",
        name: "warehouse.analytics.orders",
        facets: { dataSource: { _producer: producer, _schemaURL: "https://openlineage.io/spec/facets/1-0-1/DatasourceDatasetFacet.json#/$defs/DatasourceDatasetFacet", name: "warehouse-replica", uri: "postgres://replica:5432" } },
      },
    }]);
    const afterFacet = await read();
    expect((JSON.parse(afterFacet.text).graph as GraphNode[]).find((n) => n.id === ORDERS)!.data!.sourceName).toBe("warehouse-replica");
    expect(await read()).toEqual(afterFacet);
  });

  it("refuses bad parameters with 400 naming the parameter and where it is, and unknown nodes with 404", async () => {
    expect(await get("/lineage")).toMatchObject({ status: 400, body: { error: { code: "BAD_USER_INPUT", parameter: "nodeId", in: "query" } } });
    expect(await get(`/lineage?nodeId=${encodeURIComponent(ORDERS)}&depth=deep`)).toMatchObject({ status: 400, body: { error: { parameter: "depth", in: "query" } } });
    expect(await get(`/lineage?nodeId=${encodeURIComponent(ORDERS)}&depth=0`)).toMatchObject({ status: 400, body: { error: { parameter: "depth" } } });
    expect(await get("/lineage?nodeId=table:orders")).toMatchObject({ status: 400, body: { error: { parameter: "nodeId", in: "query" } } });
    expect(await get(`/lineage?nodeId=${encodeURIComponent("datasetField:dbt:x:y")}`)).toMatchObject({ status: 400, body: { error: { parameter: "nodeId" } } });
    expect(await get(`/lineage?nodeId=${encodeURIComponent("dataset:postgres://warehouse:5432:warehouse.analytics.nope")}`)).toMatchObject({ status: 404, body: { error: { code: "NOT_FOUND" } } });
    expect(await get("/namespaces?limit=-1")).toMatchObject({ status: 400, body: { error: { parameter: "limit", in: "query" } } });
    expect(await get("/namespaces?offset=x")).toMatchObject({ status: 400, body: { error: { parameter: "offset", in: "query" } } });
    expect(await get("/jobs/runs/not-a-uuid")).toMatchObject({ status: 400, body: { error: { parameter: "id", in: "path" } } });
    expect(await get("/jobs/runs/01931f6a-0000-7000-8000-00000000ffff")).toMatchObject({ status: 404 });
    expect(await get(`/column-lineage?nodeId=${encodeURIComponent(DBT_ORDERS)}&withDownstream=maybe`)).toMatchObject({ status: 400, body: { error: { parameter: "withDownstream" } } });
    expect(await get(`/namespaces/${encodeURIComponent("s3://exports")}/datasets/nope`)).toMatchObject({ status: 404 });
    expect(await get(`/namespaces/airflow-prod/jobs/nope/runs`)).toMatchObject({ status: 404 });
  });

  it("needs a token", async () => {
    expect((await get("/namespaces", "")).status).toBe(401);
    expect((await get("/namespaces", "trb_not_a_token")).status).toBe(401);
  });

  it("lists namespaces of OpenLineage and of dbt relations, paged by limit and offset", async () => {
    const all = await get("/namespaces");
    expect(all.body.namespaces.map((n: { name: string }) => n.name)).toEqual([
      "airflow-prod",
      "dbt",
      "duckdb://jaffle_shop",
      "flink-jobs",
      "kafka://broker:9092",
      "postgres://warehouse:5432",
      "s3://exports",
      "s3://lake",
      "spark-etl",
    ]);
    expect(all.body.totalCount).toBe(9);
    const page = await get("/namespaces?limit=2&offset=3");
    expect(page.body.namespaces.map((n: { name: string }) => n.name)).toEqual(["flink-jobs", "kafka://broker:9092"]);
    expect(page.body.namespaces[0]).toMatchObject({ ownerName: "anonymous", createdAt: expect.any(String), updatedAt: expect.any(String) });
  });

  it("lists and reads a namespace's datasets", async () => {
    const list = await get(`/namespaces/${encodeURIComponent("postgres://warehouse:5432")}/datasets?limit=2&offset=1`);
    expect(list.status).toBe(200);
    expect(list.body.totalCount).toBe(5);
    expect(list.body.datasets.map((d: { name: string }) => d.name)).toEqual(["warehouse.analytics.orders", "warehouse.analytics.stg_orders"]);
    const orders = await get(`/namespaces/${encodeURIComponent("postgres://warehouse:5432")}/datasets/warehouse.analytics.orders`);
    expect(orders.body).toMatchObject({ id: { namespace: "postgres://warehouse:5432", name: "warehouse.analytics.orders" }, sourceName: "postgres://warehouse:5432", lastModifiedAt: "2026-11-02T02:00:09.000Z" });
    expect(orders.body.fields.map((f: { name: string }) => f.name)).toEqual(orders.body.facets.schema.fields.map((f: { name: string }) => f.name));
    const dbt = await get(`/namespaces/${encodeURIComponent("duckdb://jaffle_shop")}/datasets`);
    expect(dbt.body.datasets.map((d: { name: string }) => d.name)).toEqual(expect.arrayContaining(["prod.orders", "prod.stg_orders", "prod.customers"]));
    const file = await get(`/namespaces/${encodeURIComponent("s3://exports")}/datasets/${encodeURIComponent("orders/daily.csv")}`);
    expect(file.body).toMatchObject({ name: "orders/daily.csv", namespace: "s3://exports" });
  });

  it("lists and reads a namespace's jobs, with their latest run", async () => {
    const jobs = await get("/namespaces/airflow-prod/jobs");
    expect(jobs.body.totalCount).toBe(4);
    expect(jobs.body.jobs.map((j: { name: string }) => j.name)).toEqual(["shop_daily", "shop_daily.export_jaffle_orders", "shop_daily.export_orders", "shop_daily.notify"]);
    const notify = await get("/namespaces/airflow-prod/jobs/shop_daily.notify");
    expect(notify.body).toMatchObject({
      id: { namespace: "airflow-prod", name: "shop_daily.notify" },
      simpleName: "notify",
      parentJobName: "shop_daily",
      inputs: [{ namespace: "s3://exports", name: "orders/daily.csv" }],
      latestRun: { state: "FAILED", durationMs: 20_000, facets: { errorMessage: { message: "SMTP connection refused" } } },
    });
    const flink = await get("/namespaces/flink-jobs/jobs/orders_enrichment");
    expect(flink.body).toMatchObject({ type: "STREAM", latestRun: { state: "RUNNING", endedAt: null, durationMs: null } });
  });

  it("lists a job's runs and reads one run by id", async () => {
    const runs = await get("/namespaces/airflow-prod/jobs/shop_daily.export_orders/runs");
    expect(runs.body.totalCount).toBe(1);
    expect(runs.body.runs).toEqual([
      expect.objectContaining({
        id: "01931f6a-0000-7000-8000-0000000000e1",
        state: "COMPLETED",
        startedAt: "2026-11-02T03:05:00.000Z",
        endedAt: "2026-11-02T03:07:30.000Z",
        durationMs: 150_000,
        jobVersion: { namespace: "airflow-prod", name: "shop_daily.export_orders", version: null },
        outputVersions: [{ namespace: "s3://exports", name: "orders/daily.csv", version: null }],
      }),
    ]);
    const dag = await get("/jobs/runs/01931F6A-0000-7000-8000-00000000DA90");
    expect(dag.body).toMatchObject({ id: "01931f6a-0000-7000-8000-00000000da90", state: "COMPLETED", facets: { nominalTime: expect.any(Object) }, nominalStartTime: expect.any(String) });
    expect((await get("/namespaces/airflow-prod/jobs/shop_daily.export_orders/runs?limit=0")).body).toEqual({ runs: [], totalCount: 1 });
  });

  it("answers column lineage upstream of a field, and downstream when asked, each input with its transformations", async () => {
    const nodeId = `datasetField:duckdb://jaffle_shop:prod.orders:amount`;
    const up = await get(`/column-lineage?nodeId=${encodeURIComponent(nodeId)}`);
    expect(up.status).toBe(200);
    const graph = up.body.graph as GraphNode[];
    const amount = graph.find((n) => n.id === nodeId)!;
    expect(amount.type).toBe("DATASET_FIELD");
    expect(amount.data).toMatchObject({ namespace: "duckdb://jaffle_shop", dataset: "prod.orders", field: "amount", fieldType: "DOUBLE" });
    const fromPayments = amount.data!.inputFields.find((i: { dataset: string; field: string }) => i.dataset === "prod.stg_payments" && i.field === "order_id");
    expect(fromPayments.transformations.map((t: { type: string; subtype: string }) => `${t.type}/${t.subtype}`).sort()).toEqual(["INDIRECT/GROUP_BY", "INDIRECT/JOIN"]);
    expect(amount.data!.inputFields.find((i: { field: string }) => i.field === "amount")).toMatchObject({ dataset: "prod.stg_payments", transformationType: "AGGREGATION" });
    // One edge per pair of columns, listed at both ends.
    expect(new Set(amount.inEdges.map((e) => e.origin)).size).toBe(amount.inEdges.length);
    expect(graph.every((n) => n.outEdges.every((e) => e.origin === n.id))).toBe(true);
    // Upstream only by default: nothing reads prod.orders.amount in the answer.
    expect(amount.outEdges).toEqual([]);
    const payments = "datasetField:duckdb://jaffle_shop:prod.stg_payments:amount";
    const upOnly = (await get(`/column-lineage?nodeId=${encodeURIComponent(payments)}`)).body.graph as GraphNode[];
    expect(upOnly.map((n) => n.id)).not.toContain(nodeId);
    const both = (await get(`/column-lineage?nodeId=${encodeURIComponent(payments)}&withDownstream=true`)).body.graph as GraphNode[];
    expect(both.find((n) => n.id === payments)!.outEdges).toContainEqual({ origin: payments, destination: nodeId });
    // A dataset's node id asks for all its fields.
    const dataset = await get(`/column-lineage?nodeId=${encodeURIComponent(DBT_ORDERS)}&depth=1`);
    expect(dataset.body.graph.filter((n: GraphNode) => n.id.startsWith(`datasetField:duckdb://jaffle_shop:prod.orders:`)).length).toBe(9);
    expect(await get(`/column-lineage?nodeId=${encodeURIComponent(`${nodeId}_nope`)}`)).toMatchObject({ status: 404 });
  });

  it("shows the same in GraphQL: namespaces with their jobs and datasets, an asset's OpenLineage name and a job's runs", async () => {
    const answer = await server.graphql<any>(
      reader,
      `{ openLineageNamespaces(first: 20) { totalCount nodes { name source
           jobs(first: 10) { totalCount nodes { uniqueId kind openLineageName { namespace name nodeId }
             openLineageRuns(first: 5) { totalCount nodes { runId state startedAt endedAt durationMs errorMessage parentRunId facetNames } } } }
           datasets(first: 3) { totalCount nodes { kind openLineageName { nodeId } } } } } }`,
    );
    expect(answer.body.errors).toBeUndefined();
    const namespaces = answer.body.data.openLineageNamespaces;
    expect(namespaces.totalCount).toBe(9);
    const airflow = namespaces.nodes.find((n: { name: string }) => n.name === "airflow-prod");
    expect(airflow).toMatchObject({ source: "OPENLINEAGE", jobs: { totalCount: 4 }, datasets: { totalCount: 0 } });
    const notify = airflow.jobs.nodes.find((j: { uniqueId: string }) => j.uniqueId === "job:airflow-prod:shop_daily.notify");
    expect(notify).toMatchObject({
      kind: "JOB",
      openLineageName: { namespace: "airflow-prod", name: "shop_daily.notify", nodeId: "job:airflow-prod:shop_daily.notify" },
      openLineageRuns: {
        totalCount: 1,
        nodes: [{ runId: "01931f6a-0000-7000-8000-0000000000e2", state: "FAILED", durationMs: 20_000, errorMessage: "SMTP connection refused", parentRunId: "01931f6a-0000-7000-8000-00000000da90", facetNames: ["errorMessage", "parent"] }],
      },
    });
    expect(namespaces.nodes.find((n: { name: string }) => n.name === "dbt").source).toBe("OPENLINEAGE");
    // The Airflow task names the dbt namespace too: it lists the task's dataset and the dbt relations.
    const duckdb = namespaces.nodes.find((n: { name: string }) => n.name === "duckdb://jaffle_shop");
    expect(duckdb.datasets.totalCount).toBe(8);
    expect(duckdb.datasets.nodes.map((d: { kind: string; openLineageName: { nodeId: string } }) => `${d.kind} ${d.openLineageName.nodeId}`)).toEqual([
      "DATASET dataset:duckdb://jaffle_shop:JAFFLE_SHOP.PROD.ORDERS",
      "MODEL dataset:duckdb://jaffle_shop:prod.customer_order_pattern",
      "MODEL dataset:duckdb://jaffle_shop:prod.customer_segments",
    ]);
    expect(duckdb.jobs.totalCount).toBe(0);
  });
});
