/**
 * What OpenLineage producers and observations say, on the asset page, in headless Chromium:
 * the demo tenant's anomaly drawn on its series with the expected band, and its Airflow task
 * (type, integration, run) and the dataset that is the orders mart ("same as"); tenants seeded
 * over the API with the OpenLineage fixtures (tests/fixtures/openlineage/README.md) for what
 * the demo does not hold: a DAG and its tasks (parent, children, a failed run's error), a
 * dataset two projects could be (the ambiguity warning), a producer whose observed schema
 * drifted from dbt's, and a column edge a producer declared masked. Every page is checked with
 * axe-core and every test fails on any request to another host.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureDemoTenant } from "../../src/services/demo.js";
import { readFixture } from "../support/fixtureDocs.js";
import { startTestServer, type TestServer } from "../support/server.js";
import { accessibilityProblems, launchChromium, openPage, screenshot, type WatchedPage } from "./browser.js";

const OPENLINEAGE = path.join(import.meta.dirname, "..", "fixtures", "openlineage");
const events = (...parts: string[]) => JSON.parse(readFileSync(path.join(OPENLINEAGE, ...parts), "utf8")) as unknown[];
const inOpenLineage = (uniqueId: string) => `/assets/${encodeURIComponent(uniqueId)}?project=%40openlineage`;

describe("OpenLineage and metric series on the asset page", () => {
  let server: TestServer;
  let browser: Browser;
  const tokens = { demo: "", shop: "", drift: "", spark: "" };
  const opened: WatchedPage[] = [];

  async function open(pagePath: string, token: string): Promise<Page> {
    const watched = await openPage(browser, server.url, { token });
    opened.push(watched);
    await watched.page.goto(`${server.url}${pagePath}`);
    return watched.page;
  }

  async function expectAccessible(page: Page) {
    expect(await accessibilityProblems(page)).toEqual([]);
  }

  async function postEvents(token: string, list: readonly unknown[]) {
    for (const event of list) {
      const response = await fetch(`${server.url}/api/v1/lineage`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${token}` }, body: JSON.stringify(event) });
      if (response.status !== 201) throw new Error(`${response.status} ${await response.text()}`);
    }
  }

  async function postManifest(token: string, project: string, files: { manifest: unknown; catalog?: unknown }) {
    const answer = await server.postManifest(token, { project, mode: "apply", gitSha: "a1", branch: "main", ...files });
    if (answer.status !== 200) throw new Error(JSON.stringify(answer.body));
  }

  beforeAll(async () => {
    server = await startTestServer();
    tokens.demo = (await ensureDemoTenant(server.database.db.prisma, { loadExample: true }))!.token!;
    // Two dbt projects building one relation, the identity events and an Airflow DAG run (a task fails).
    tokens.shop = (await server.tenant("shop")).token;
    await postManifest(tokens.shop, "shop", { manifest: events("identity", "shop_manifest.json") });
    await postManifest(tokens.shop, "shop_archive", { manifest: events("identity", "shop_archive_manifest.json") });
    await postEvents(tokens.shop, [...events("identity", "events.json"), ...events("airflow_dag.json")]);
    // jaffle_shop and an Airflow task whose schema facet drifted from dbt's orders.
    tokens.drift = (await server.tenant("drift")).token;
    await postManifest(tokens.drift, "jaffle", readFixture(["jaffle_shop_duckdb", "base"]));
    await postEvents(tokens.drift, events("drifting_producer.json"));
    // A Spark job declaring its column lineage, one edge masked.
    tokens.spark = (await server.tenant("spark")).token;
    await postEvents(tokens.spark, events("spark_column_lineage.json"));
    browser = await launchChromium();
  });
  afterAll(async () => {
    for (const { context } of opened) await context.close();
    await browser?.close();
    await server?.stop();
  });

  it("draws the series behind an anomaly with its expected band and the anomaly marked", async () => {
    const page = await open("/assets/model.jaffle_shop.orders", tokens.demo);
    const chart = page.locator('[data-testid="metric-series"][data-metric="orders_placed"]');
    await expect.poll(() => chart.locator("svg").count()).toBe(1);
    // A week of orders and then the drop: eight points, one of them the open anomaly.
    expect(await chart.locator("circle").count()).toBe(8);
    expect(await chart.locator('circle[data-anomaly="OPEN"]').count()).toBe(1);
    expect(await chart.locator('circle[data-anomaly="OPEN"] title').textContent()).toContain("600");
    // The expected range the drop fell outside is drawn (the first point with a full baseline).
    expect(await chart.locator("polygon.band").count()).toBe(1);
    expect(await chart.locator("svg").getAttribute("aria-label")).toMatch(/orders_placed: 8 points .* 1 anomaly/);
    // A model producers did not observe otherwise: no drift, no job panel.
    expect(await page.getByRole("region", { name: /^Schema drift/ }).count()).toBe(0);
    expect(await page.getByRole("region", { name: "Job" }).count()).toBe(0);
    await expectAccessible(page);
    await screenshot(page, "asset-metric-series");
    expect(opened.flatMap((o) => o.foreign)).toEqual([]);
  });

  it("shows the demo's Airflow task as a job with its run, and the dataset it reads as the orders mart", async () => {
    const job = await open(inOpenLineage("job:airflow-prod:jaffle_daily.export_orders"), tokens.demo);
    const facts = job.getByTestId("job-facts");
    await expect.poll(() => facts.textContent()).toMatch(/Type\s*task.*Integration\s*airflow.*Processing\s*batch/);
    // Its DAG sent no event of its own: no parent asset to link.
    expect(await job.getByTestId("parent-job").textContent()).toBe("none");
    const runs = job.getByTestId("openlineage-runs");
    expect(await runs.locator("tbody tr").count()).toBe(1);
    expect(await runs.locator("tbody tr").getAttribute("data-state")).toBe("COMPLETED");
    expect(await runs.locator("tbody tr").textContent()).toContain("1 min 40 s");
    await expectAccessible(job);

    const dataset = await open(inOpenLineage("dataset:duckdb://jaffle_shop:jaffle_shop.prod.orders"), tokens.demo);
    const sameAs = dataset.getByTestId("same-as");
    await expect.poll(() => sameAs.textContent()).toMatch(/^Same as orders/);
    await sameAs.getByRole("link", { name: "orders" }).click();
    await expect.poll(() => new URL(dataset.url()).pathname).toBe("/assets/model.jaffle_shop.orders");
    await expect.poll(() => dataset.getByRole("heading", { level: 1 }).textContent()).toBe("orders");
    expect(opened.flatMap((o) => o.foreign)).toEqual([]);
  });

  it("links a DAG and its tasks both ways, and shows a failed task run's error message", async () => {
    const dag = await open(inOpenLineage("job:airflow-prod:shop_daily"), tokens.shop);
    const children = dag.getByTestId("child-jobs");
    await expect.poll(() => children.getByRole("link").allTextContents()).toEqual(["shop_daily.export_orders", "shop_daily.notify"]);
    expect(await dag.getByTestId("job-facts").textContent()).toMatch(/Type\s*dag/);
    await expectAccessible(dag);
    await screenshot(dag, "openlineage-dag");

    await children.getByRole("link", { name: "shop_daily.notify" }).click();
    await expect.poll(() => dag.getByRole("heading", { level: 1 }).textContent()).toBe("shop_daily.notify");
    const failed = dag.getByTestId("openlineage-runs").locator('tbody tr[data-state="FAILED"]');
    await expect.poll(() => failed.count()).toBe(1);
    expect(await failed.locator(".error-message").textContent()).toBe("SMTP connection refused");
    expect(await failed.locator("td").first().textContent()).not.toBe("—");
    await expectAccessible(dag);
    await screenshot(dag, "openlineage-task");
    await dag.getByTestId("parent-job").getByRole("link", { name: "shop_daily" }).click();
    await expect.poll(() => dag.getByRole("heading", { level: 1 }).textContent()).toBe("shop_daily");
    expect(opened.flatMap((o) => o.foreign)).toEqual([]);
  });

  it("warns that a dataset two projects build is kept apart, and says which dataset is a dbt mart", async () => {
    const customers = await open(inOpenLineage("dataset:postgres://warehouse:5432:warehouse.analytics.customers"), tokens.shop);
    const warning = customers.getByTestId("ambiguity");
    await expect.poll(() => warning.textContent()).toContain("model.shop.customers (project shop)");
    expect(await warning.textContent()).toContain("model.shop_archive.customers (project shop_archive)");
    expect(await customers.getByTestId("same-as").count()).toBe(0);
    await expectAccessible(customers);
    await screenshot(customers, "openlineage-ambiguous");

    const orders = await open(inOpenLineage("dataset:postgres://warehouse:5432:WAREHOUSE.ANALYTICS.ORDERS"), tokens.shop);
    await expect.poll(() => orders.getByTestId("same-as").getByRole("link").getAttribute("href")).toBe("/assets/model.shop.orders?project=shop");
    expect(await orders.getByTestId("ambiguity").count()).toBe(0);
    expect(opened.flatMap((o) => o.foreign)).toEqual([]);
  });

  it("shows the schema drift of a dbt mart a producer observed, on the mart and on the dataset", async () => {
    const expected = ["customer_id retyped BIGINT VARCHAR", "gift_card_amount missing DOUBLE —", "discount_amount added — DOUBLE"];
    const rows = (page: Page) =>
      page.getByTestId("schema-drift").locator("tbody tr").evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll("td")].slice(0, 4).map((td) => td.textContent).join(" ")));
    const mart = await open("/assets/model.jaffle_shop.orders?project=jaffle", tokens.drift);
    await expect.poll(() => rows(mart)).toEqual(expected);
    const drift = mart.getByRole("region", { name: "Schema drift (3)" });
    expect(await drift.getByRole("link", { name: "dataset:duckdb://jaffle_shop:jaffle_shop.prod.orders" }).count()).toBe(3);
    await expectAccessible(mart);
    await screenshot(mart, "asset-schema-drift");

    await drift.getByRole("link", { name: "dataset:duckdb://jaffle_shop:jaffle_shop.prod.orders" }).first().click();
    await expect.poll(() => mart.getByTestId("same-as").textContent()).toMatch(/^Same as orders/);
    await expect.poll(() => rows(mart)).toEqual(expected);
    expect(opened.flatMap((o) => o.foreign)).toEqual([]);
  });

  it("says which of a column's edges a producer declared, and which it masks", async () => {
    const page = await open(`/assets/${encodeURIComponent("dataset:s3://lake:scores/customer_scores")}/lineage?project=%40openlineage&direction=UPSTREAM&depth=1&column=email_hash`, tokens.spark);
    const provenance = page.getByTestId("column-provenance");
    await expect.poll(() => provenance.textContent()).toBe("2 column edges: 2 declared by an OpenLineage producer, 0 read from SQL; 1 masked on the way");
    await expectAccessible(page);
    expect(opened.flatMap((o) => o.foreign)).toEqual([]);
  });
});
