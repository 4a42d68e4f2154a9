import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { readFixture } from "../support/fixtureDocs.js";
import { openLineageFixture, shuffled } from "../support/openLineage.js";
import { startTestServer, type TestServer } from "../support/server.js";

/** Fixtures of this file's own (tests/fixtures/openlineage/README.md). */
const fixture = (name: "schema_lifecycle" | "ownership" | "drifting_producer") =>
  JSON.parse(readFileSync(join(import.meta.dirname, "../fixtures/openlineage", `${name}.json`), "utf8")) as Record<string, unknown>[];

interface AssetAnswer {
  id: string;
  description: string | null;
  columns: { name: string; dataType: string | null; position: number | null }[];
  owners: { email: string | null; name: string | null }[];
  tests: { name: string; columnName: string | null; lastResult: { status: string } | null }[];
  schemaDrift: { column: string; change: string; declaredType: string | null; observedType: string | null; declaredBy: string; observedBy: string }[];
  jobFacets: { processingType: string | null; integration: string | null; jobType: string | null; processingEngine: { name: string | null; version: string | null } | null } | null;
}

const ASSET = `query ($project: String, $uniqueId: String!) { asset(project: $project, uniqueId: $uniqueId) {
  id description columns { name dataType position } owners { email name }
  tests { name columnName lastResult { status } }
  schemaDrift { column change declaredType observedType declaredBy observedBy }
  jobFacets { processingType integration jobType processingEngine { name version } } } }`;

describe("OpenLineage facets in the catalog", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.stop());

  const post = async (token: string, events: unknown[]) => {
    for (const event of events) {
      const response = await fetch(`${server.url}/api/v1/lineage`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${token}` }, body: JSON.stringify(event) });
      expect(response.status).toBe(201);
    }
  };
  const asset = async (token: string, uniqueId: string, project: string | null = "@openlineage"): Promise<AssetAnswer> => {
    const answer = await server.graphql<{ asset: AssetAnswer | null }>(token, ASSET, { project, uniqueId });
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data!.asset, uniqueId).not.toBeNull();
    return answer.body.data!.asset!;
  };
  /** The upstream column edges of one column, as `from.column TRANSFORM` (with `provenance`: and origin, masking). */
  const upstream = async (token: string, assetId: string, column: string, provenance = false) => {
    const answer = await server.graphql<{ columnLineage: { nodes: { asset: { id: string; uniqueId: string }; column: string }[]; edges: { fromAsset: string; fromColumn: string; toColumn: string; transform: string; origin: string; masking: boolean }[] } }>(
      token,
      `query ($id: ID!, $column: String!) { columnLineage(assetId: $id, column: $column, direction: UPSTREAM, depth: 1) {
        nodes { asset { id uniqueId } column } edges { fromAsset fromColumn toColumn transform origin masking } } }`,
      { id: assetId, column },
    );
    expect(answer.body.errors).toBeUndefined();
    const names = new Map(answer.body.data!.columnLineage.nodes.map((n) => [n.asset.id, n.asset.uniqueId]));
    return answer.body.data!.columnLineage.edges
      .filter((e) => e.toColumn === column)
      .map((e) => `${names.get(e.fromAsset)}.${e.fromColumn} ${e.transform}${provenance ? ` ${e.origin}${e.masking ? " MASKED" : ""}` : ""}`)
      .sort();
  };
  const storedEdges = async (tenantId: string, toUniqueId: string) => {
    const rows = await server.database.db.prisma.columnLineageEdge.findMany({
      where: { tenantId, to: { asset: { uniqueId: toUniqueId } } },
      select: { from: { select: { name: true } }, to: { select: { name: true } }, transform: true, origin: true, masking: true },
    });
    return rows.map((r) => `${r.from.name}->${r.to.name} ${r.transform} ${r.origin}${r.masking ? " MASKED" : ""}`).sort();
  };

  it("reads a Spark job's column lineage in both shapes, resolves input names without their database (#1665), keeps masking", async () => {
    const { id, token } = await server.tenant("spark");
    await post(token, openLineageFixture("spark_column_lineage"));
    const customers = "dataset:postgres://warehouse:5432:warehouse.analytics.customers";
    const orders = "dataset:postgres://warehouse:5432:warehouse.analytics.orders";
    const scores = await asset(token, "dataset:s3://lake:scores/customer_scores");
    expect(scores.columns.map((c) => `${c.position} ${c.name} ${c.dataType}`)).toEqual(["1 customer_id integer", "2 email_hash string", "3 score double"]);

    expect(await upstream(token, scores.id, "customer_id")).toEqual([`${customers}.customer_id DIRECT`, `${orders}.status FILTER`]);
    // `analytics.customers` in the input field is the input `warehouse.analytics.customers`.
    expect(await upstream(token, scores.id, "email_hash", true)).toEqual([`${customers}.email TRANSFORMED DECLARED MASKED`, `${orders}.status FILTER DECLARED`]);
    expect(await upstream(token, scores.id, "score")).toEqual([`${orders}.amount AGGREGATED`, `${orders}.customer_id GROUP_BY`, `${orders}.customer_id JOIN`, `${orders}.status FILTER`]);
    expect(await storedEdges(id, "dataset:s3://lake:scores/customer_scores")).toEqual([
      "amount->score AGGREGATED DECLARED",
      "customer_id->customer_id DIRECT DECLARED",
      "customer_id->score GROUP_BY DECLARED",
      "customer_id->score JOIN DECLARED",
      "email->email_hash TRANSFORMED DECLARED MASKED",
    ]);
    const rowDependencies = await server.database.db.prisma.modelColumnDependency.findMany({ where: { tenantId: id }, select: { transform: true, origin: true } });
    expect(rowDependencies).toEqual([{ transform: "FILTER", origin: "DECLARED" }]);
    // No input named `analytics.customers` was made up.
    expect(await server.database.db.prisma.asset.count({ where: { tenantId: id, uniqueId: { contains: ":analytics.customers" }, NOT: { uniqueId: { contains: "warehouse.analytics" } } } })).toBe(0);

    // The legacy shape: transformationType IDENTITY is DIRECT, an empty one TRANSFORMED.
    const rollup = await asset(token, "dataset:s3://lake:rollups/orders_by_day");
    expect(await upstream(token, rollup.id, "order_date")).toEqual([`${orders}.order_date DIRECT`]);
    expect(await upstream(token, rollup.id, "revenue")).toEqual([`${orders}.amount TRANSFORMED`]);

    // What the job is and what ran it.
    const job = await asset(token, "job:spark-etl:customer_scores.execute_insert_into_hadoop_fs_relation_command");
    expect(job.jobFacets).toEqual({ processingType: "BATCH", integration: "SPARK", jobType: "SQL_JOB", processingEngine: { name: "spark", version: "3.5.1" } });
    expect(scores.jobFacets).toBeNull();
  });

  it("moves the catalog revision for a job's jobType or processing_engine facet only when what the catalog shows of them changes", async () => {
    const { id, token } = await server.tenant("job-facets");
    const [start] = openLineageFixture("spark_column_lineage") as [{ job: { facets: Record<string, Record<string, unknown>> }; run: { facets: Record<string, Record<string, unknown>> } }];
    await post(token, [start]);
    const uniqueId = "job:spark-etl:customer_scores.execute_insert_into_hadoop_fs_relation_command";
    const catalogRevision = async () => (await server.database.db.prisma.tenant.findUniqueOrThrow({ where: { id }, select: { catalogRevision: true } })).catalogRevision;
    /** A later run of the same job, carrying these job and run facets only. */
    let runs = 0;
    const nextRun = (jobType: Record<string, unknown>, engine: Record<string, unknown>) => {
      runs++;
      return {
        ...start,
        eventTime: `2026-11-0${2 + runs}T04:00:00.000Z`,
        run: { runId: `01931f6a-0000-7000-8000-00000000c0${runs.toString().padStart(2, "0")}`, facets: { processing_engine: engine } },
        job: { ...start.job, facets: { jobType } },
        inputs: [],
        outputs: [],
      };
    };
    const { jobType } = start.job.facets;
    const { processing_engine: engine } = start.run.facets;
    const before = await catalogRevision();

    // The same facets on a new run (a producer sends them every time): nothing the catalog shows changed.
    await post(token, [nextRun(jobType!, engine!)]);
    expect(await catalogRevision()).toBe(before);

    // A new engine version: the catalog shows it, and its revision moves (the GraphQL answers kept for the old one are not served).
    await post(token, [nextRun(jobType!, { ...engine, version: "3.5.2" })]);
    const moved = await catalogRevision();
    expect(moved).toBeGreaterThan(before);
    expect((await asset(token, uniqueId)).jobFacets).toMatchObject({ jobType: "SQL_JOB", processingEngine: { name: "spark", version: "3.5.2" } });

    // A changed jobType facet moves it too; a facet changing only what the catalog does not show (its producer) does not.
    await post(token, [nextRun({ ...jobType, jobType: "RDD_JOB" }, { ...engine, version: "3.5.2" })]);
    expect(await catalogRevision()).toBeGreaterThan(moved);
    expect((await asset(token, uniqueId)).jobFacets).toMatchObject({ jobType: "RDD_JOB", processingEngine: { version: "3.5.2" } });
    const settled = await catalogRevision();
    await post(token, [nextRun({ ...jobType, jobType: "RDD_JOB", _producer: "https://example.com/another-producer/2.0" }, { ...engine, version: "3.5.2" })]);
    expect(await catalogRevision()).toBe(settled);
  });

  it("stores and answers every INDIRECT kind, CONDITIONAL included", async () => {
    const { id, token } = await server.tenant("indirect");
    const input = { namespace: "postgres://warehouse:5432", name: "warehouse.analytics.orders" };
    const via = (field: string, subtype: string) => ({ ...input, field, transformations: [{ type: "INDIRECT", subtype, masking: false }] });
    const [, complete] = openLineageFixture("spark_column_lineage");
    await post(token, [{
      ...complete,
      run: { runId: "01931f6b-0000-7000-8000-0000000005c1" },
      job: { namespace: "spark-etl", name: "tiers" },
      inputs: [input],
      outputs: [{ namespace: "s3://lake", name: "tiers", facets: { columnLineage: {
        _producer: "https://github.com/OpenLineage/OpenLineage/tree/1.24.2/integration/spark",
        _schemaURL: "https://openlineage.io/spec/facets/1-2-0/ColumnLineageDatasetFacet.json#/$defs/ColumnLineageDatasetFacet",
        fields: { tier: { inputFields: [via("amount", "CONDITIONAL"), via("order_date", "WINDOW"), via("order_id", "SORT")] } },
      } } }],
    }]);
    const tiers = await asset(token, "dataset:s3://lake:tiers");
    const orders = "dataset:postgres://warehouse:5432:warehouse.analytics.orders";
    expect(await upstream(token, tiers.id, "tier")).toEqual([`${orders}.amount CONDITIONAL`, `${orders}.order_date WINDOW`, `${orders}.order_id SORT`]);
    expect(await storedEdges(id, "dataset:s3://lake:tiers")).toEqual(["amount->tier CONDITIONAL DECLARED", "order_date->tier WINDOW DECLARED", "order_id->tier SORT DECLARED"]);
  });

  it("replaying the column lineage shuffled and twice ends with the same columns and edges", async () => {
    const events = [...openLineageFixture("spark_column_lineage"), ...openLineageFixture("dbt_ol_run"), ...fixture("schema_lifecycle")];
    const picture = async (tenantId: string) => {
      // Live columns: a column cleared before it was ever seen leaves no removed row behind.
      const columns = await server.database.db.prisma.column.findMany({ where: { tenantId, removedAt: null }, select: { asset: { select: { uniqueId: true } }, name: true, dataType: true, inferred: true } });
      const edges = await server.database.db.prisma.columnLineageEdge.findMany({
        where: { tenantId },
        select: { from: { select: { name: true, asset: { select: { uniqueId: true } } } }, to: { select: { name: true, asset: { select: { uniqueId: true } } } }, transform: true, origin: true, masking: true },
      });
      return {
        columns: columns.map((c) => `${c.asset.uniqueId}.${c.name} ${c.dataType} ${c.inferred}`).sort(),
        edges: edges.map((e) => `${e.from.asset.uniqueId}.${e.from.name} -> ${e.to.asset.uniqueId}.${e.to.name} ${e.transform} ${e.origin} ${e.masking}`).sort(),
      };
    };
    const ordered = await server.tenant("facets-ordered");
    await post(ordered.token, events);
    const expected = await picture(ordered.id);
    expect(expected.edges.length).toBeGreaterThan(8);
    const replayed = await server.tenant("facets-replayed");
    await post(replayed.token, [...shuffled(events, 3), ...shuffled(events, 5)]);
    expect(await picture(replayed.id)).toEqual(expected);
  });

  it("keeps a dataset's observed columns when an event has no schema facet, and clears them on an empty one (#3401)", async () => {
    const { token } = await server.tenant("schema-lifecycle");
    const [withSchema, withoutSchema, emptySchema] = fixture("schema_lifecycle");
    const currencies = "dataset:postgres://warehouse:5432:warehouse.raw.currencies";
    await post(token, [withSchema]);
    expect((await asset(token, currencies)).columns.map((c) => `${c.name} ${c.dataType}`)).toEqual(["code varchar(3)", "name text", "rate numeric(18,6)"]);
    await post(token, [withoutSchema]);
    const kept = await asset(token, currencies);
    expect(kept.columns.map((c) => c.name)).toEqual(["code", "name", "rate"]);
    expect(kept.description).toBe("ISO 4217 currencies with their rate to EUR.");
    await post(token, [emptySchema]);
    expect((await asset(token, currencies)).columns).toEqual([]);

    // The empty schema is the latest by event time: sent first, the older ones do not bring columns back.
    const other = await server.tenant("schema-lifecycle-reversed");
    await post(other.token, [emptySchema, withSchema, withoutSchema]);
    expect((await asset(other.token, currencies)).columns).toEqual([]);
  });

  it("reads a dbt-ol job's SQL when no columnLineage facet is given (inferred), and its assertions as test results", async () => {
    const { id, token } = await server.tenant("dbt-ol");
    await post(token, openLineageFixture("dbt_ol_run"));
    const orders = "dataset:postgres://warehouse:5432:warehouse.analytics.orders";
    const stgOrders = "dataset:postgres://warehouse:5432:warehouse.analytics.stg_orders";
    const stgPayments = "dataset:postgres://warehouse:5432:warehouse.analytics.stg_payments";
    const mart = await asset(token, orders);
    expect(mart.description).toBe("One row per order, with its payment amount.");
    expect(await upstream(token, mart.id, "amount")).toEqual(expect.arrayContaining([`${stgPayments}.amount DIRECT`, `${stgOrders}.order_id JOIN`, `${stgPayments}.order_id JOIN`]));
    expect(await upstream(token, mart.id, "status", true)).toContain(`${stgOrders}.status DIRECT INFERRED`);
    const edges = await storedEdges(id, orders);
    expect(edges).toContain("amount->amount DIRECT INFERRED");
    expect(edges.every((e) => e.includes(" INFERRED"))).toBe(true);

    const staged = await asset(token, stgOrders);
    expect(staged.tests.map((t) => `${t.name} ${t.columnName} ${t.lastResult?.status}`)).toEqual(["not_null_customer_id customer_id FAIL", "unique_order_id order_id PASS"]);

    const job = await asset(token, "job:dbt:warehouse.analytics.jaffle_shop.orders");
    expect(job.jobFacets).toMatchObject({ integration: "DBT", jobType: "MODEL", processingEngine: null });
  });

  it("keeps a FAIL's errorMessage as the run's failure reason", async () => {
    const { id, token } = await server.tenant("failure");
    await post(token, openLineageFixture("airflow_dag"));
    const failed = await server.database.db.prisma.openLineageRun.findMany({ where: { tenantId: id, endState: "FAIL" }, select: { jobName: true, errorMessage: true } });
    expect(failed).toEqual([{ jobName: "shop_daily.notify", errorMessage: "SMTP connection refused" }]);
  });

  it("takes owners from the ownership facet, never over owners a person set", async () => {
    const { token } = await server.tenant("ownership");
    const [ordersOwners, refundsOwners, jobOwners, laterRefunds] = fixture("ownership");
    await post(token, [ordersOwners, refundsOwners, jobOwners]);
    const owners = async (uniqueId: string) => (await asset(token, uniqueId)).owners.map((o) => o.email ?? o.name).sort();
    expect(await owners("dataset:s3://lake:curated/orders")).toEqual(["ana@example.com", "data-platform"]);
    expect(await owners("dataset:s3://lake:curated/refunds")).toEqual(["bob@example.com"]);
    expect(await owners("job:spark-etl:curate_orders")).toEqual(["data-platform"]);

    const refunds = await asset(token, "dataset:s3://lake:curated/refunds");
    const set = await server.graphql(token, `mutation ($input: SetAssetOwnersInput!) { setAssetOwners(input: $input) { asset { id } } }`, {
      input: { assetId: refunds.id, owners: [{ email: "carol@example.com" }] },
    });
    expect(set.body.errors).toBeUndefined();
    expect(await owners("dataset:s3://lake:curated/refunds")).toEqual(["carol@example.com"]);
    // A later facet naming others does not override the person's choice.
    await post(token, [laterRefunds]);
    expect(await owners("dataset:s3://lake:curated/refunds")).toEqual(["carol@example.com"]);
  });

  it("shows a producer's schema drift from the dbt mart it reads, and notifies the owners downstream once", async () => {
    const { id, token } = await server.tenant("drift");
    expect((await server.postManifest(token, { project: "jaffle", mode: "apply", gitSha: "a1", branch: "main", ...readFixture(["jaffle_shop_duckdb", "base"]) })).status).toBe(200);
    // Someone downstream: the owner of the export the drifting task writes (set before its events, as a person would).
    const [start, complete] = fixture("drifting_producer");
    await post(token, [start]);
    const exportAsset = await asset(token, "dataset:s3://finance:exports/orders.parquet");
    const set = await server.graphql(token, `mutation ($input: SetAssetOwnersInput!) { setAssetOwners(input: $input) { asset { id } } }`, {
      input: { assetId: exportAsset.id, owners: [{ email: "erin@example.com" }] },
    });
    expect(set.body.errors).toBeUndefined();
    await post(token, [complete]);

    const expected = [
      { column: "customer_id", change: "RETYPED", declaredType: "BIGINT", observedType: "VARCHAR" },
      { column: "gift_card_amount", change: "MISSING", declaredType: "DOUBLE", observedType: null },
      { column: "discount_amount", change: "ADDED", declaredType: null, observedType: "DOUBLE" },
    ].map((d) => ({ ...d, declaredBy: "model.jaffle_shop.orders", observedBy: "dataset:duckdb://jaffle_shop:jaffle_shop.prod.orders" }));
    expect((await asset(token, "model.jaffle_shop.orders", "jaffle")).schemaDrift).toEqual(expected);
    expect((await asset(token, "dataset:duckdb://jaffle_shop:jaffle_shop.prod.orders")).schemaDrift).toEqual(expected);
    // A model no producer observed shows none.
    expect((await asset(token, "model.jaffle_shop.customers", "jaffle")).schemaDrift).toEqual([]);

    const notifications = async () =>
      server.database.db.prisma.notification.findMany({ where: { tenantId: id, event: "asset.schema_drift" }, select: { owner: { select: { email: true } }, title: true, body: true } });
    const sent = await notifications();
    expect(sent.map((n) => n.owner.email)).toEqual(["erin@example.com"]);
    expect(sent[0]!.title).toContain("customer_id retyped");
    expect(sent[0]!.body).toMatchObject({ asset: { uniqueId: "model.jaffle_shop.orders" }, counts: { missing: 1, added: 1, retyped: 1 } });

    // The same drift observed again notifies nobody twice.
    await post(token, [{ ...complete, eventTime: "2026-11-07T03:04:00.000Z", run: { runId: "01931f6c-0000-7000-8000-0000000d21f8" } }]);
    expect(await notifications()).toHaveLength(1);
  });

  it("shows no drift when the producer's schema agrees with dbt's", async () => {
    const { token } = await server.tenant("no-drift");
    expect((await server.postManifest(token, { project: "jaffle", mode: "apply", gitSha: "a1", branch: "main", ...readFixture(["jaffle_shop_duckdb", "base"]) })).status).toBe(200);
    const [, complete] = fixture("drifting_producer");
    const agreeing = ["order_id BIGINT", "customer_id int8", "order_date DATE", "status VARCHAR", "credit_card_amount DOUBLE", "coupon_amount DOUBLE", "bank_transfer_amount DOUBLE", "gift_card_amount DOUBLE", "amount DOUBLE"];
    const event = structuredClone(complete) as { inputs: { facets: { schema: { fields: unknown[] } } }[] };
    event.inputs[0]!.facets.schema.fields = agreeing.map((f) => ({ name: f.split(" ")[0], type: f.split(" ")[1] }));
    await post(token, [event]);
    expect((await asset(token, "model.jaffle_shop.orders", "jaffle")).schemaDrift).toEqual([]);
  });
});
