/**
 * The web app's trust signals and business definitions in headless Chromium, on the demo
 * tenant (src/services/demo.ts seeds a late source, an anomaly on orders, metrics, two glossary
 * terms and one conflicting definition): the asset page's freshness, runs and anomalies (an
 * owner acknowledges, a reader sees no button), a metric's definition, a project's health with
 * its trends, the glossary, the conflicts page (an owner certifies one definition), an
 * OpenLineage job, and the projects page's OpenLineage project. Every page is checked with
 * axe-core and every test fails on any request to another host.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_LATE_ASSET, ensureDemoTenant } from "../../src/services/demo.js";
import { startTestServer, type TestServer } from "../support/server.js";
import { accessibilityProblems, launchChromium, openPage, screenshot, type WatchedPage } from "./browser.js";

describe("trust signals and definitions in the web app", () => {
  let server: TestServer;
  let browser: Browser;
  let admin: string;
  const tokens = { reader: "", omar: "", maya: "" };
  const opened: WatchedPage[] = [];

  async function createToken(name: string, role: "READER" | "OWNER", ownerEmail?: string): Promise<string> {
    const { body } = await server.graphql<{ createApiToken: { secret: string } }>(
      admin,
      `mutation($input: CreateApiTokenInput!) { createApiToken(input: $input) { secret } }`,
      { input: { name, role, ownerEmail } },
    );
    if (!body.data) throw new Error(JSON.stringify(body.errors));
    return body.data.createApiToken.secret;
  }

  async function open(path: string, token: string): Promise<Page> {
    const watched = await openPage(browser, server.url, { token });
    opened.push(watched);
    await watched.page.goto(`${server.url}${path}`);
    return watched.page;
  }

  async function expectAccessible(page: Page) {
    expect(await accessibilityProblems(page)).toEqual([]);
  }

  beforeAll(async () => {
    server = await startTestServer();
    const demo = await ensureDemoTenant(server.database.db.prisma, { loadExample: true });
    admin = demo!.token!;
    tokens.reader = await createToken("reader", "READER");
    // Omar owns the orders mart (and its anomaly), Maya the customer marts (the conflict's definitions).
    tokens.omar = await createToken("omar", "OWNER", "omar.haddad@jaffle.example");
    tokens.maya = await createToken("maya", "OWNER", "maya.chen@jaffle.example");
    browser = await launchChromium();
  });
  afterAll(async () => {
    for (const { context } of opened) await context.close();
    await browser?.close();
    await server?.stop();
  });

  it("shows a late source's freshness, its SLA and since when, and its runs", async () => {
    const page = await open(`/assets/${DEMO_LATE_ASSET}`, tokens.reader);
    await expect.poll(() => page.getByTestId("freshness").textContent()).toContain("late");
    expect(await page.getByTestId("freshness").textContent()).toMatch(/since .+last load/);
    const freshness = page.getByRole("region", { name: "Freshness" });
    expect(await freshness.textContent()).toContain("late after 15 min without new data");
    const runs = page.getByRole("region", { name: /^Runs/ });
    expect(await runs.locator("tbody tr").count()).toBeGreaterThan(0);
    expect(await runs.textContent()).toContain("newest row loaded");
    await expectAccessible(page);
    await screenshot(page, "asset-freshness");
    expect(opened.flatMap((o) => o.foreign)).toEqual([]);
  });

  it("shows an anomaly with its expected range; its owner acknowledges it, a reader cannot", async () => {
    const asReader = await open("/assets/model.jaffle_shop.orders", tokens.reader);
    const readerAnomaly = asReader.getByTestId("anomaly").first();
    await expect.poll(() => readerAnomaly.textContent()).toContain("orders_placed");
    expect(await readerAnomaly.textContent()).toMatch(/600, expected 98\d to 102\d/);
    expect(await readerAnomaly.getAttribute("data-status")).toBe("OPEN");
    expect(await asReader.getByRole("button", { name: "Acknowledge" }).count()).toBe(0);
    // The run history of a model: status and duration.
    expect(await asReader.getByRole("region", { name: /^Runs/ }).textContent()).toMatch(/success.*1 min/);

    const asOmar = await open("/assets/model.jaffle_shop.orders", tokens.omar);
    await expect.poll(() => asOmar.getByRole("button", { name: "Acknowledge" }).count()).toBe(1);
    await expectAccessible(asOmar);
    await screenshot(asOmar, "asset-anomaly");
    await asOmar.getByLabel("Comment").fill("Checkout outage, fixed");
    await asOmar.getByRole("button", { name: "Acknowledge" }).click();
    const anomaly = asOmar.getByTestId("anomaly").first();
    await expect.poll(() => anomaly.getAttribute("data-status")).toBe("ACKNOWLEDGED");
    expect(await anomaly.textContent()).toContain("Checkout outage, fixed");
    // Acknowledged, it can still be dismissed, not acknowledged again.
    expect(await asOmar.getByRole("button", { name: "Acknowledge" }).count()).toBe(0);
    expect(await asOmar.getByRole("button", { name: "Dismiss" }).count()).toBe(1);
    const stored = await server.graphql<{ anomalies: { nodes: { status: string; comment: string }[] } }>(admin, `{ anomalies(first: 5) { nodes { status comment } } }`);
    expect(stored.body.data!.anomalies.nodes).toEqual([{ status: "ACKNOWLEDGED", comment: "Checkout outage, fixed" }]);
    expect(opened.flatMap((o) => o.foreign)).toEqual([]);
  });

  it("shows a metric's definition: formula, what it is built from, where it is used", async () => {
    const page = await open("/assets/metric.jaffle_shop.average_order_value", tokens.reader);
    const definition = page.getByRole("region", { name: "Definition" });
    await expect.poll(() => definition.locator(".formula").textContent()).toBeTruthy();
    expect(await page.locator(".facts .badge").first().textContent()).toBe("metric");
    expect(await definition.getByRole("link", { name: "revenue" }).count()).toBeGreaterThan(0);
    expect(await definition.getByRole("link", { name: "order_count" }).count()).toBeGreaterThan(0);
    await expectAccessible(page);
    await screenshot(page, "metric");
    expect(opened.flatMap((o) => o.foreign)).toEqual([]);
  });

  it("shows a project's health over a day, 7 and 30 days, with trends", async () => {
    const page = await open("/projects/jaffle_shop", tokens.reader);
    const health = page.getByTestId("health");
    await expect.poll(() => health.locator('[data-measure="successRate"] td').first().textContent()).toBe("100 %");
    expect(await health.locator('[data-measure="qualityScore"] td').first().textContent()).toMatch(/\d+\.\d \/ 100/);
    expect(await health.locator('[data-measure="documentationCoverage"] td').first().textContent()).toMatch(/\d+ %/);
    // Each measure with points draws its line; 7 days have one point a day.
    expect(await health.locator('[data-measure="qualityScore"] svg.sparkline').count()).toBe(1);
    expect(await health.locator('[data-measure="documentationCoverage"] svg.sparkline').getAttribute("aria-label")).toContain("7 points");
    await expectAccessible(page);
    await screenshot(page, "project-health");
    await page.getByLabel("Window").selectOption("MONTH");
    await expect.poll(() => new URL(page.url()).searchParams.get("window")).toBe("MONTH");
    await expect.poll(() => health.locator('[data-measure="documentationCoverage"] svg.sparkline').getAttribute("aria-label")).toContain("30 points");
    await page.getByLabel("Window").selectOption("DAY");
    await expect.poll(() => page.getByRole("heading", { name: /Health, last day/ }).count()).toBe(1);
    expect(opened.flatMap((o) => o.foreign)).toEqual([]);
  });

  it("lists the glossary and shows a term: definition, other names, owner, implementations", async () => {
    const page = await open("/glossary", tokens.reader);
    await expect.poll(() => page.getByRole("link", { name: "Lifetime value" }).count()).toBe(1);
    expect(await page.getByRole("row", { name: /Revenue/ }).textContent()).toContain("sales");
    await expectAccessible(page);
    await screenshot(page, "glossary");
    await page.getByRole("link", { name: "Lifetime value" }).click();
    await expect.poll(() => page.getByTestId("term-definition").textContent()).toContain("spent with us");
    expect(new URL(page.url()).pathname).toBe("/glossary/Lifetime%20value");
    expect(await page.getByRole("region", { name: "Other names" }).textContent()).toMatch(/LTV, CLV.*customer lifetime value/);
    expect(await page.locator(".facts").textContent()).toContain("Maya Chen");
    const implementations = page.getByRole("region", { name: /^Implementations/ });
    expect(await implementations.getByRole("link", { name: "customer_segments" }).count()).toBe(1);
    expect(await implementations.textContent()).toContain("total_order_amount");
    // Its implementations disagree: the page says so and leads to the comparison.
    expect(await page.getByRole("link", { name: "Compare them side by side" }).count()).toBe(1);
    await expectAccessible(page);
    await screenshot(page, "glossary-term");
    // An abbreviation opens the same term, cold.
    const cold = await open("/glossary/LTV", tokens.reader);
    await expect.poll(() => cold.getByRole("heading", { level: 1 }).textContent()).toBe("Lifetime value");
    expect(opened.flatMap((o) => o.foreign)).toEqual([]);
  });

  it("compares conflicting definitions side by side; an owner certifies one, a reader cannot", async () => {
    const asReader = await open("/conflicts", tokens.reader);
    const conflict = asReader.getByTestId("conflict").first();
    await expect.poll(() => conflict.getByRole("heading", { level: 2 }).textContent()).toContain("Lifetime value");
    expect(await conflict.locator("thead th").count()).toBe(3);
    expect(await conflict.getByTestId("differences").textContent()).toContain("formula");
    // The rows where the definitions differ are marked; owners and project are shown for each.
    expect(await conflict.locator("tr.differs th", { hasText: "Formula" }).count()).toBe(1);
    expect(await conflict.getByRole("row", { name: /^Owners/ }).textContent()).toContain("Maya Chen");
    expect(await conflict.getByRole("row", { name: /^Project/ }).textContent()).toContain("jaffle_shop");
    expect(await asReader.getByRole("button", { name: /^Certify/ }).count()).toBe(0);
    await expectAccessible(asReader);

    const asMaya = await open("/conflicts?concept=Lifetime%20value", tokens.maya);
    const certify = asMaya.getByRole("button", { name: "Certify customer_segments.customer_lifetime_value" });
    await expect.poll(() => certify.count()).toBe(1);
    await asMaya.getByLabel("Note on customer_segments.customer_lifetime_value").fill("The segments mart is the reference");
    await certify.click();
    await expect.poll(() => asMaya.locator("thead th", { hasText: "customer_segments" }).locator(".certified").count()).toBe(1);
    expect(await certify.isDisabled()).toBe(true);
    await expectAccessible(asMaya);
    await screenshot(asMaya, "conflicts");
    // Search now says so.
    const { body } = await server.graphql<{ search: { hits: { certified: boolean; column: { name: string } | null }[] } }>(admin, `{ search(query: "customer_lifetime_value") { hits { certified column { name } } } }`);
    expect(body.data!.search.hits.some((h) => h.certified && h.column?.name === "customer_lifetime_value")).toBe(true);
    expect(opened.flatMap((o) => o.foreign)).toEqual([]);
  });

  it("shows OpenLineage jobs and datasets as such, and their project without dbt layers", async () => {
    const job = await open("/assets/job:airflow-prod:jaffle_daily.export_orders?project=%40openlineage", tokens.reader);
    await expect.poll(() => job.getByRole("heading", { level: 1 }).textContent()).toBe("jaffle_daily.export_orders");
    expect(await job.locator(".facts .badge").first().textContent()).toBe("OpenLineage job");
    expect(await job.getByTestId("namespace").textContent()).toBe("airflow-prod");
    // Its OpenLineage run is its last load; no SLA applies to a job, so its state is unknown.
    const freshness = await job.getByTestId("freshness").textContent();
    expect(freshness).toContain("unknown");
    expect(freshness).toContain("last load");
    expect(await job.getByText("No freshness SLA applies to it.").count()).toBe(1);
    // No manifest ever described it: no empty columns table or version list.
    expect(await job.getByRole("region", { name: "Columns" }).count()).toBe(0);
    expect(await job.getByRole("region", { name: "Lineage" }).textContent()).toContain("OpenLineage dataset");
    await expectAccessible(job);
    await screenshot(job, "openlineage-job");

    const projects = await open("/projects", tokens.reader);
    const openLineage = projects.getByRole("region", { name: "@openlineage (OpenLineage)" });
    await expect.poll(() => openLineage.getByTestId("openlineage-jobs").textContent()).toContain("jaffle_daily.export_orders");
    expect(await openLineage.getByTestId("openlineage-datasets").textContent()).toContain("s3://jaffle-finance-exports");
    expect(await openLineage.getByRole("row", { name: /staging|mart/ }).count()).toBe(0);
    expect(await openLineage.textContent()).toContain("1 OpenLineage jobs");
    await expect.poll(() => projects.getByRole("region", { name: "jaffle_shop" }).getByRole("row", { name: /mart/ }).textContent()).toMatch(/[1-9]/);
    await expectAccessible(projects);
    expect(opened.flatMap((o) => o.foreign)).toEqual([]);
  });
});
