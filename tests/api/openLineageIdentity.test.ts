/**
 * One thing, one node, over HTTP (tests/fixtures/openlineage/identity/): an OpenLineage dataset
 * naming a dbt model's relation is that model; a storage path and the table its `symlinks` facet
 * names are one node, even when the facet comes in a later event; a relation two projects build
 * is not merged (flagged) until a namespace mapping says whose it is; a task's `parent` facet
 * names its DAG. Posts (two manifests, the events, the Airflow DAG) are replayed in several
 * orders, twice, and must give the same lineage.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toGlobalId } from "../../src/graphql/globalId.js";
import { startTestServer, type TestServer } from "../support/server.js";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const FIXTURES = path.join(import.meta.dirname, "..", "fixtures", "openlineage");
const read = (...parts: string[]): any => JSON.parse(readFileSync(path.join(FIXTURES, ...parts), "utf8")); // eslint-disable-line @typescript-eslint/no-explicit-any

type Post = { manifest: string; project: string } | { event: Json };
const POSTS: Post[] = [
  { manifest: "shop_manifest.json", project: "shop" },
  { manifest: "shop_archive_manifest.json", project: "shop_archive" },
  ...(read("identity", "events.json") as Json[]).map((event) => ({ event })),
  ...(read("airflow_dag.json") as Json[]).map((event) => ({ event })),
];

const MART_DATASET = "dataset:postgres://warehouse:5432:WAREHOUSE.ANALYTICS.ORDERS";
const EXPORT_MART_DATASET = "dataset:postgres://warehouse:5432:warehouse.analytics.orders";
const CUSTOMERS_DATASET = "dataset:postgres://warehouse:5432:warehouse.analytics.customers";

/** A seeded shuffle (mulberry32), so that a failing order can be replayed. */
function shuffled<T>(list: readonly T[], seed: number): T[] {
  let state = seed >>> 0;
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...list];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

describe("OpenLineage identity: one thing, one node", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.stop());

  async function replay(token: string, posts: readonly Post[]): Promise<void> {
    for (const post of posts) {
      if ("manifest" in post) {
        const answer = await server.postManifest(token, { project: post.project, mode: "apply", gitSha: "a1", branch: "main", manifest: read("identity", post.manifest) });
        expect(answer.status, JSON.stringify(answer.body)).toBe(200);
      } else {
        const response = await fetch(`${server.url}/api/v1/lineage`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${token}` }, body: JSON.stringify(post.event) });
        expect(response.status, await response.text()).toBe(201);
      }
    }
  }

  const assetId = async (tenantId: string, uniqueId: string): Promise<string> => {
    const row = await server.database.db.prisma.asset.findFirstOrThrow({ where: { tenantId, uniqueId, removedAt: null }, select: { id: true } });
    return toGlobalId("Asset", row.id);
  };

  /** Every asset's whole lineage, by unique ids: what each asset answers as, its nodes and edges. */
  async function lineageSnapshot(tenantId: string, token: string): Promise<Record<string, { as: string; nodes: string[]; edges: string[] }>> {
    const assets = await server.database.db.prisma.asset.findMany({ where: { tenantId, removedAt: null }, select: { id: true, uniqueId: true }, orderBy: { uniqueId: "asc" } });
    const snapshot: Record<string, { as: string; nodes: string[]; edges: string[] }> = {};
    for (const asset of assets) {
      const data = await server.data<Json>(token, `query($id: ID!) { lineage(assetId: $id, first: 500) { asset { id uniqueId } nodes { degree direction asset { id uniqueId } } edges { from to origin } } }`, {
        id: toGlobalId("Asset", asset.id),
      });
      const names = new Map<string, string>([[data.lineage.asset.id, data.lineage.asset.uniqueId], ...data.lineage.nodes.map((n: Json) => [n.asset.id, n.asset.uniqueId] as [string, string])]);
      snapshot[asset.uniqueId] = {
        as: data.lineage.asset.uniqueId,
        nodes: data.lineage.nodes.map((n: Json) => `${n.direction} ${n.degree} ${n.asset.uniqueId}`).sort(),
        edges: data.lineage.edges.map((e: Json) => `${names.get(e.from)} -> ${names.get(e.to)} ${e.origin}`).sort(),
      };
    }
    return snapshot;
  }

  let shop: { id: string; token: string };
  let firstSnapshot: Awaited<ReturnType<typeof lineageSnapshot>>;

  it("shows the impact of a dbt mart as the Spark job and the export job that read it, with their owners", async () => {
    shop = await server.tenant("ol-identity");
    await replay(shop.token, shuffled(POSTS, 1));
    for (const [job, email] of [["job:spark-etl:orders_enrichment", "sam@shop.example"], ["job:airflow-prod:shop_daily.export_orders", "dana@shop.example"]] as const) {
      await server.data<Json>(shop.token, `mutation($input: SetAssetOwnersInput!) { setAssetOwners(input: $input) { asset { id } } }`, { input: { assetId: await assetId(shop.id, job), owners: [{ email }] } });
    }
    const data = await server.data<Json>(shop.token, `query($id: ID!) { impact(assetId: $id, first: 100) { groups { degree assets { asset { uniqueId kind } owners { email } } } } }`, {
      id: await assetId(shop.id, "model.shop.orders"),
    });
    const impacted = data.impact.groups.flatMap((g: Json) => g.assets.map((a: Json) => ({ degree: g.degree, uniqueId: a.asset.uniqueId, kind: a.asset.kind, owners: a.owners.map((o: Json) => o.email) })));
    expect(impacted).toEqual(
      expect.arrayContaining([
        { degree: 1, uniqueId: "job:spark-etl:orders_enrichment", kind: "JOB", owners: ["sam@shop.example"] },
        { degree: 1, uniqueId: "job:airflow-prod:shop_daily.export_orders", kind: "JOB", owners: ["dana@shop.example"] },
        expect.objectContaining({ degree: 2, uniqueId: "dataset:s3://lake:enriched/orders" }),
        expect.objectContaining({ degree: 3, uniqueId: "job:spark-etl:score_customers" }),
        // The scores' storage path and its Hive table are one node: the table.
        expect.objectContaining({ degree: 4, uniqueId: "dataset:hive://metastore:9083:lake.customer_scores" }),
        expect.objectContaining({ degree: 5, uniqueId: "job:reverse-etl:sync_scores_to_crm" }),
      ]),
    );
    // Neither spelling of the mart's relation, nor the scores' storage path, is a node of its own.
    const uniqueIds = impacted.map((a: Json) => a.uniqueId);
    for (const merged of [MART_DATASET, EXPORT_MART_DATASET, "dataset:s3://lake:scores/customer_scores"]) expect(uniqueIds).not.toContain(merged);
  });

  it("answers about a merged dataset with the asset it is, in lineage, search and the asset itself", async () => {
    const data = await server.data<Json>(
      shop.token,
      `query($id: ID!, $storage: ID!, $mart: ID!) {
        lineage(assetId: $id, direction: UPSTREAM) { asset { uniqueId } nodes { asset { uniqueId } } }
        dataset: node(id: $id) { ... on Asset { sameAs { uniqueId } } }
        storage: node(id: $storage) { ... on Asset { sameAs { uniqueId } downstream { uniqueId } } }
        mart: node(id: $mart) { ... on Asset { downstream { uniqueId } } }
        search(query: "orders", first: 50) { hits { asset { uniqueId kind } } }
      }`,
      { id: await assetId(shop.id, MART_DATASET), storage: await assetId(shop.id, "dataset:s3://landing:raw/orders"), mart: await assetId(shop.id, "model.shop.orders") },
    );
    expect(data.lineage.asset.uniqueId).toBe("model.shop.orders");
    // The landing job's storage path is (by its symlink) the relation the dbt source reads.
    expect(data.lineage.nodes.map((n: Json) => n.asset.uniqueId).sort()).toEqual([
      "dataset:https://api.shop.example:orders",
      "job:spark-etl:ingest_raw_orders",
      "source.shop.raw.orders",
    ]);
    expect(data.dataset.sameAs.uniqueId).toBe("model.shop.orders");
    expect(data.storage.sameAs.uniqueId).toBe("source.shop.raw.orders");
    // Direct neighbours too: the model's readers are the jobs reading either spelling of it.
    expect(data.mart.downstream.map((a: Json) => a.uniqueId)).toEqual(["job:airflow-prod:shop_daily.export_orders", "job:spark-etl:orders_enrichment"]);
    expect(data.storage.downstream.map((a: Json) => a.uniqueId)).toEqual(["model.shop.orders"]);
    const found = data.search.hits.flatMap((h: Json) => (h.asset ? [h.asset.uniqueId] : []));
    expect(found).toContain("model.shop.orders");
    for (const merged of [MART_DATASET, EXPORT_MART_DATASET, "dataset:s3://landing:raw/orders"]) expect(found).not.toContain(merged);
    firstSnapshot = await lineageSnapshot(shop.id, shop.token);
    expect(firstSnapshot[MART_DATASET]!.as).toBe("model.shop.orders");
    expect(firstSnapshot["dataset:s3://lake:scores/customer_scores"]!.as).toBe("dataset:hive://metastore:9083:lake.customer_scores");
  });

  it("gives the same lineage whatever the order of posts, replayed twice", async () => {
    const manifestsLast = await server.tenant("ol-identity-manifests-last");
    await replay(manifestsLast.token, [...POSTS.filter((p) => !("manifest" in p)).reverse(), ...POSTS.filter((p) => "manifest" in p)]);
    expect(await lineageSnapshot(manifestsLast.id, manifestsLast.token)).toEqual(firstSnapshot);
    const twice = await server.tenant("ol-identity-twice");
    await replay(twice.token, shuffled(POSTS, 7));
    await replay(twice.token, shuffled(POSTS, 8));
    expect(await lineageSnapshot(twice.id, twice.token)).toEqual(firstSnapshot);
  });

  it("proposes a breaking change to the mart to the owners of the jobs that read it", async () => {
    const manifest = read("identity", "shop_manifest.json");
    const orders = manifest.nodes["model.shop.orders"];
    delete orders.columns.amount;
    orders.raw_code = orders.compiled_code = 'select order_id, customer_id from "warehouse"."raw"."orders"';
    const proposed = await server.postManifest(shop.token, { project: "shop", mode: "propose", gitSha: "b2", branch: "drop-amount", manifest });
    expect(proposed.status, JSON.stringify(proposed.body)).toBe(200);
    expect(proposed.body.changeRequest).not.toBeNull();
    const data = await server.data<Json>(shop.token, `query($id: ID!) { changeRequest(id: $id) { impact } }`, { id: toGlobalId("ChangeRequest", proposed.body.changeRequest.id) });
    const impact = data.changeRequest.impact as { assets: { uniqueId: string; degree: number }[]; owners: { email: string }[] };
    expect(impact.assets).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ uniqueId: "job:spark-etl:orders_enrichment", degree: 1 }),
        expect.objectContaining({ uniqueId: "job:airflow-prod:shop_daily.export_orders", degree: 1 }),
      ]),
    );
    expect(impact.assets.map((a) => a.uniqueId)).not.toContain(MART_DATASET);
    expect(impact.owners.map((o) => o.email)).toEqual(expect.arrayContaining(["dana@shop.example", "sam@shop.example"]));
  });

  it("carries column lineage through a merged dataset as the model's own columns", async () => {
    const prisma = server.database.db.prisma;
    const asset = (uniqueId: string) => prisma.asset.findFirstOrThrow({ where: { tenantId: shop.id, uniqueId }, select: { id: true } });
    const [mart, enriched] = [await asset(MART_DATASET), await asset("dataset:s3://lake:enriched/orders")];
    // The rows the Spark job's schema and columnLineage facets fold into (folding them is the
    // facets' work, not this test's): it reads the mart's AMOUNT, as Spark spells it, into amount_usd.
    const amount = await prisma.column.create({ data: { tenantId: shop.id, assetId: mart.id, name: "AMOUNT", definitionId: "ol-identity-amount" } });
    const usd = await prisma.column.create({ data: { tenantId: shop.id, assetId: enriched.id, name: "amount_usd", definitionId: "ol-identity-usd" } });
    await prisma.columnLineageEdge.create({ data: { tenantId: shop.id, fromColumnId: amount.id, toColumnId: usd.id, transform: "TRANSFORMED", fromAssetId: mart.id, toAssetId: enriched.id } });
    await prisma.tenant.update({ where: { id: shop.id }, data: { lineageRevision: { increment: 1 }, catalogRevision: { increment: 1 } } });

    const data = await server.data<Json>(
      shop.token,
      `query($model: ID!, $dataset: ID!) {
        fromModel: columnLineage(assetId: $model, column: "amount", direction: DOWNSTREAM) { asset { uniqueId } column nodes { asset { uniqueId } column degree } edges { fromColumn toColumn transform } }
        fromDataset: columnLineage(assetId: $dataset, column: "AMOUNT", direction: DOWNSTREAM) { asset { uniqueId } column nodes { asset { uniqueId } column degree } }
        impact(assetId: $model, columns: ["amount"]) { groups { assets { asset { uniqueId } columns } } }
      }`,
      { model: await assetId(shop.id, "model.shop.orders"), dataset: await assetId(shop.id, MART_DATASET) },
    );
    expect(data.fromModel.asset.uniqueId).toBe("model.shop.orders");
    // The Airflow export's own facets (airflow_dag.json) fold into an edge from the mart's dataset too.
    // Nodes come in the order of their assets' row ids: compare them as a set.
    expect(data.fromModel.nodes).toHaveLength(2);
    expect(data.fromModel.nodes).toEqual(expect.arrayContaining([
      { asset: { uniqueId: "dataset:s3://exports:orders/daily.csv" }, column: "amount", degree: 1 },
      { asset: { uniqueId: "dataset:s3://lake:enriched/orders" }, column: "amount_usd", degree: 1 },
    ]));
    expect(data.fromModel.edges).toContainEqual({ fromColumn: "amount", toColumn: "amount_usd", transform: "TRANSFORMED" });
    expect(data.fromDataset).toEqual({ ...data.fromModel, edges: undefined, asset: { uniqueId: "model.shop.orders" } });
    const readers = data.impact.groups.flatMap((g: Json) => g.assets.map((a: Json) => [a.asset.uniqueId, a.columns]));
    expect(readers).toContainEqual(["dataset:s3://lake:enriched/orders", ["amount_usd"]]);
    expect(readers.map(([uniqueId]: [string]) => uniqueId)).not.toContain(MART_DATASET);
  });

  it("keeps a relation two projects build apart, flagged, until a namespace mapping says whose it is", async () => {
    const customers = await assetId(shop.id, CUSTOMERS_DATASET);
    const identity = async () =>
      (await server.data<Json>(shop.token, `query($id: ID!) { node(id: $id) { ... on Asset { sameAs { uniqueId } diagnostics { code severity message } } } }`, { id: customers })).node;
    const readers = async (uniqueId: string) =>
      (await server.data<Json>(shop.token, `query($id: ID!) { impact(assetId: $id) { groups { assets { asset { uniqueId } } } } }`, { id: await assetId(shop.id, uniqueId) })).impact.groups
        .flatMap((g: Json) => g.assets.map((a: Json) => a.asset.uniqueId));

    const before = await identity();
    expect(before.sameAs).toBeNull();
    expect(before.diagnostics).toEqual([expect.objectContaining({ code: "AMBIGUOUS_DATASET_RELATION", severity: "warning" })]);
    expect(before.diagnostics[0].message).toContain("model.shop.customers (project shop)");
    expect(before.diagnostics[0].message).toContain("model.shop_archive.customers (project shop_archive)");
    // Unsettled, the report is a possible reader of both.
    expect(await readers("model.shop_archive.customers")).toContain("job:airflow-prod:shop_daily.customer_report");

    const setMapping = (token: string, input: Json) =>
      server.graphql<Json>(token, `mutation($input: SetOpenLineageNamespaceMappingInput!) { setOpenLineageNamespaceMapping(input: $input) { namespace project } }`, { input });
    const readerToken = (
      await server.data<Json>(shop.token, `mutation($input: CreateApiTokenInput!) { createApiToken(input: $input) { secret } }`, { input: { name: "reader", role: "READER" } })
    ).createApiToken.secret;
    expect((await setMapping(readerToken, { namespace: "postgres://warehouse:5432", project: "shop" })).body.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    const blank = (await setMapping(shop.token, { namespace: "  ", project: "shop" })).body.errors?.[0];
    expect(blank?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(blank?.message).toContain("namespace");
    expect((await setMapping(shop.token, { namespace: "postgres://warehouse:5432", project: "nope" })).body.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
    expect((await setMapping(shop.token, { namespace: "postgres://warehouse:5432", project: "@openlineage" })).body.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect((await server.data<Json>(shop.token, `{ openLineageNamespaceMappings { namespace } }`)).openLineageNamespaceMappings).toEqual([]);

    const mapped = await setMapping(shop.token, { namespace: "postgres://warehouse:5432", project: "shop" });
    expect(mapped.body.data?.setOpenLineageNamespaceMapping).toEqual([{ namespace: "postgres://warehouse:5432", project: "shop" }]);
    const after = await identity();
    expect(after.sameAs.uniqueId).toBe("model.shop.customers");
    expect(after.diagnostics).toEqual([]);
    expect(await readers("model.shop.customers")).toContain("job:airflow-prod:shop_daily.customer_report");
    expect(await readers("model.shop_archive.customers")).not.toContain("job:airflow-prod:shop_daily.customer_report");

    expect((await setMapping(shop.token, { namespace: "postgres://warehouse:5432", project: null })).body.data?.setOpenLineageNamespaceMapping).toEqual([]);
    expect((await identity()).sameAs).toBeNull();
  });

  it("links an Airflow task to its DAG through the runs' parent facets", async () => {
    const data = await server.data<Json>(
      shop.token,
      `query($task: ID!, $dag: ID!) {
        task: node(id: $task) { ... on Asset { parentJob { uniqueId } childJobs { uniqueId } } }
        dag: node(id: $dag) { ... on Asset { parentJob { uniqueId } childJobs { uniqueId } } }
      }`,
      { task: await assetId(shop.id, "job:airflow-prod:shop_daily.export_orders"), dag: await assetId(shop.id, "job:airflow-prod:shop_daily") },
    );
    expect(data.task).toEqual({ parentJob: { uniqueId: "job:airflow-prod:shop_daily" }, childJobs: [] });
    expect(data.dag).toEqual({ parentJob: null, childJobs: [{ uniqueId: "job:airflow-prod:shop_daily.export_orders" }, { uniqueId: "job:airflow-prod:shop_daily.notify" }] });
  });
});
