/**
 * The web app end to end in headless Chromium, on the demo tenant (jaffle_shop): sign-in and
 * what each role sees, the stakeholder journey (search a business word → asset → lineage →
 * a column's lineage), and a deep link opened cold. Every page is checked with axe-core and
 * every test fails on any request to another host.
 */
import { readFileSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureDemoTenant } from "../../src/services/demo.js";
import { jaffle } from "../support/jaffleChange.js";
import { startTestServer, type TestServer } from "../support/server.js";
import { accessibilityProblems, inkedPixels, launchChromium, openPage, screenshot, type WatchedPage } from "./browser.js";

describe("the web app in headless Chromium", () => {
  let server: TestServer;
  let browser: Browser;
  let admin: string;
  const tokens: Record<"reader" | "owner", string> = { reader: "", owner: "" };
  const opened: WatchedPage[] = [];

  async function createToken(role: "READER" | "OWNER", ownerEmail?: string): Promise<string> {
    const { body } = await server.graphql<{ createApiToken: { secret: string } }>(
      admin,
      `mutation($input: CreateApiTokenInput!) { createApiToken(input: $input) { secret } }`,
      { input: { name: `web-${role.toLowerCase()}`, role, ownerEmail } },
    );
    if (!body.data) throw new Error(JSON.stringify(body.errors));
    return body.data.createApiToken.secret;
  }

  async function open(path: string, token?: string): Promise<Page> {
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
    tokens.reader = await createToken("READER");
    tokens.owner = await createToken("OWNER", "ana@jaffle.test");
    browser = await launchChromium();
  });
  afterAll(async () => {
    for (const { context } of opened) await context.close();
    await browser?.close();
    await server?.stop();
  });

  it("signs in with a pasted token, shows what the role allows, and signs out", async () => {
    const page = await open("/");
    await expect.poll(() => page.getByLabel("API token").isVisible()).toBe(true);
    await expectAccessible(page);
    await screenshot(page, "sign-in");

    await page.getByLabel("API token").fill("trb_not_a_real_token");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect.poll(() => page.getByRole("alert").textContent()).toBeTruthy();

    await page.getByLabel("API token").fill(tokens.reader);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect.poll(() => page.getByTestId("who").textContent()).toContain("reader");
    await page.goto(`${server.url}/assets/model.jaffle_shop.orders`);
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("orders");
    expect(await page.getByRole("button", { name: "Subscribe", exact: true }).count()).toBe(0);

    await page.getByRole("button", { name: "Sign out" }).click();
    await expect.poll(() => page.getByLabel("API token").isVisible()).toBe(true);
    expect(await page.evaluate(() => sessionStorage.getItem("tributary.token"))).toBeNull();

    const owner = await open("/assets/model.jaffle_shop.orders", tokens.owner);
    await expect.poll(() => owner.getByRole("button", { name: "Subscribe", exact: true }).count()).toBe(1);
    expect(await owner.getByTestId("subscription").textContent()).toBe("You are not subscribed");
    await owner.getByRole("button", { name: "Subscribe", exact: true }).click();
    // The page follows the new state: one Unsubscribe button, and the viewer among the subscribers.
    await expect.poll(() => owner.getByTestId("subscription").textContent()).toBe("You are subscribed");
    expect(await owner.getByRole("button", { name: "Subscribe", exact: true }).count()).toBe(0);
    expect(await owner.getByRole("region", { name: "Subscribers" }).textContent()).toContain("ana@jaffle.test");
    await owner.getByRole("button", { name: "Unsubscribe" }).click();
    await expect.poll(() => owner.getByTestId("subscription").textContent()).toBe("You are not subscribed");
    expect(await owner.getByRole("region", { name: "Subscribers" }).textContent()).toContain("No subscriber.");
    expect(opened.flatMap((o) => o.foreign)).toEqual([]);
  });

  it("takes a stakeholder from a business word to a column's lineage", async () => {
    const page = await open("/", tokens.reader);
    // Suggestions are a keyboard combobox: arrows move the active option, Escape closes, Enter opens it.
    const box = page.getByRole("combobox");
    await box.fill("customer_seg");
    await expect.poll(() => page.getByRole("option", { name: /customer_segments/ }).count()).toBeGreaterThan(0);
    expect(await box.getAttribute("aria-expanded")).toBe("true");
    await box.press("ArrowDown");
    const activeId = await box.getAttribute("aria-activedescendant");
    expect(await page.locator(`[id="${activeId}"]`).getAttribute("aria-selected")).toBe("true");
    await expectAccessible(page);
    await box.press("Escape");
    expect(await box.getAttribute("aria-expanded")).toBe("false");
    expect(await box.getAttribute("aria-activedescendant")).toBeNull();
    await box.press("ArrowDown");
    expect(await box.getAttribute("aria-expanded")).toBe("true");
    for (let i = 0; i < 8 && !(await page.locator('[role="option"][aria-selected="true"]').textContent())?.includes("customer_segments"); i++) await box.press("ArrowDown");
    await box.press("Enter");
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("customer_segments");
    await page.goBack();
    await page.getByRole("combobox").fill("lifetime value");
    await expect.poll(() => new URL(page.url()).searchParams.get("q")).toBe("lifetime value");
    await expect.poll(async () => (await page.locator(".hit mark").allTextContents()).join(" ").toLowerCase()).toContain("lifetime");
    await expect.poll(() => page.locator(".hit").count()).toBeGreaterThan(0);
    // Matches are marked as elements, never shown as literal tags.
    expect(await page.locator(".hit mark").count()).toBeGreaterThan(0);
    expect(await page.locator(".hits").textContent()).not.toContain("<mark>");
    expect(new URL(page.url()).searchParams.get("q")).toBe("lifetime value");
    // The glossary term comes first, with its other names and what implements it.
    const term = page.locator(".hit").first();
    expect(await term.locator(".hit-title").textContent()).toBe("Lifetime value");
    expect(await term.textContent()).toContain("LTV");
    expect(await term.locator(".term-implementations a").count()).toBeGreaterThan(0);
    await expectAccessible(page);
    await screenshot(page, "search");

    // A facet filters the hits (the term is no model: it goes), and comes back off.
    const before = await page.locator(".hit").count();
    await page.getByRole("group", { name: "Kind" }).getByRole("checkbox").first().check();
    await expect.poll(() => new URL(page.url()).searchParams.getAll("kind").length).toBe(1);
    await expect.poll(() => page.locator(".hit").count()).toBeLessThan(before);

    await page.locator(".hit-title", { hasText: "customer_segments" }).first().click();
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("customer_segments");
    await expect.poll(() => page.locator("table.columns tbody tr").count()).toBeGreaterThan(3);
    expect(await page.locator(".description").textContent()).toContain("categorizes customers");
    // The exposure that reads it (customer_health, downstream) is listed with its owner.
    await expect.poll(() => page.getByRole("region", { name: /Exposures that use it/ }).getByRole("link", { name: "customer_health" }).count()).toBe(1);
    await expectAccessible(page);
    await screenshot(page, "asset");

    await page.getByRole("link", { name: "Open lineage" }).click();
    await expect.poll(() => page.getByTestId("lineage-node").count()).toBeGreaterThan(2);
    expect(await page.locator('[data-testid="lineage-node"][data-unique-id="model.jaffle_shop.customers"]').count()).toBe(1);
    await expectAccessible(page);
    await screenshot(page, "lineage");

    await page.getByRole("button", { name: "customer_lifetime_value" }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get("column")).toBe("customer_lifetime_value");
    await expect.poll(() => page.locator('[data-testid="lineage-node"][data-highlighted="true"]').count()).toBeGreaterThan(1);
    await screenshot(page, "column-lineage");
    const download = page.waitForEvent("download");
    await page.getByRole("button", { name: "Export PNG" }).click();
    const exported = await download;
    expect(exported.suggestedFilename()).toBe("lineage.png");
    await exported.saveAs("test-results/web/lineage-export.png");
    // The picture holds what the canvas drew: read back pixel by pixel (its byte size depends on
    // the fonts a machine has), it is wider than one box and has boxes, text and edges inked on white.
    const picture = await inkedPixels(browser, readFileSync("test-results/web/lineage-export.png"));
    expect(picture.width).toBeGreaterThan(400);
    expect(picture.inkedShare).toBeGreaterThan(0.02);
    expect(picture.colours).toBeGreaterThan(8);
    // The SVG export draws the edges too, each with its stroke (not only the boxes).
    const svgDownload = page.waitForEvent("download");
    await page.getByRole("button", { name: "Export SVG" }).click();
    const svg = await svgDownload;
    await svg.saveAs("test-results/web/lineage-export.svg");
    const edgePaths = readFileSync("test-results/web/lineage-export.svg", "utf8").match(/<path[^>]*react-flow__edge-path[^>]*>/g) ?? [];
    expect(edgePaths.length).toBeGreaterThan(2);
    for (const path of edgePaths) expect(path).toMatch(/stroke: rgb\(/);
    expect(opened.flatMap((o) => o.foreign)).toEqual([]);
  });

  it("opens a deep link cold: a column's upstream lineage", async () => {
    const page = await open("/assets/model.jaffle_shop.orders/lineage?direction=UPSTREAM&depth=3&column=amount", tokens.reader);
    await expect.poll(() => page.locator('[data-testid="lineage-node"][data-highlighted="true"]').count()).toBeGreaterThan(1);
    expect(await page.locator('[data-testid="lineage-node"][data-unique-id="model.jaffle_shop.stg_payments"]').getAttribute("data-highlighted")).toBe("true");
    // Upstream only: nothing downstream of orders is drawn.
    expect(await page.locator('[data-testid="lineage-node"].side-downstream').count()).toBe(0);
    // Closing a hop folds its assets into boxes that say how many of them the column reaches;
    // opening it draws them again.
    const firstHop = page.locator('[data-testid="hop-toggle"][data-hop="UPSTREAM|1"]');
    await firstHop.click();
    await expect.poll(() => firstHop.getAttribute("aria-pressed")).toBe("false");
    const box = page.getByTestId("lineage-group").first();
    await expect.poll(() => box.getAttribute("data-lit")).not.toBe(null);
    expect(Number(await box.getAttribute("data-lit"))).toBeGreaterThan(0);
    expect(await page.locator('[data-testid="lineage-node"][data-unique-id="model.jaffle_shop.stg_payments"]').count()).toBe(0);
    await expectAccessible(page);
    await firstHop.click();
    await expect.poll(() => page.getByTestId("lineage-group").count()).toBe(0);
    expect(await page.locator('[data-testid="lineage-node"][data-unique-id="model.jaffle_shop.stg_payments"]').count()).toBe(1);
    expect(opened.flatMap((o) => o.foreign)).toEqual([]);
  });

  it("loads one more hop from a single asset with its +, where the depth cut the picture", async () => {
    const page = await open("/assets/model.jaffle_shop.orders/lineage?direction=UPSTREAM&depth=1", tokens.reader);
    const node = (uniqueId: string) => page.locator(`[data-testid="lineage-node"][data-unique-id="${uniqueId}"]`);
    await expect.poll(() => node("model.jaffle_shop.stg_orders").count()).toBe(1);
    expect(await node("source.jaffle_shop.jaffle-shop-data.raw_orders").count()).toBe(0);
    // One hop deep, the sources lie beyond: each asset of that hop has a +.
    expect(await page.getByTestId("extend-hop").count()).toBe(2);
    await expectAccessible(page);
    await page.getByRole("button", { name: "Load the next hop upstream of stg_orders" }).click();
    await expect.poll(() => node("source.jaffle_shop.jaffle-shop-data.raw_orders").count()).toBe(1);
    // Only stg_orders' next hop came: stg_payments' source stays out, and the depth stays 1.
    expect(await node("source.jaffle_shop.jaffle-shop-data.raw_payments").count()).toBe(0);
    expect(new URL(page.url()).searchParams.get("depth")).toBe("1");
    expect(await page.getByRole("button", { name: "Load the next hop upstream of stg_orders" }).count()).toBe(0);
    // The new asset stands a hop further out, with the edge that joins it.
    expect(await page.locator('[data-testid="hop-toggle"][data-hop="UPSTREAM|2"]').textContent()).toContain("(1)");
    await expect.poll(() => page.locator(".react-flow__edge").count()).toBe(3);
    expect(await page.getByRole("status").textContent()).toContain("1 loaded with +");
    await screenshot(page, "lineage-next-hop");
    // A source reads nothing: its own + loads nothing and goes.
    await page.getByRole("button", { name: "Load the next hop upstream of raw_orders" }).click();
    await expect.poll(() => page.getByRole("button", { name: "Load the next hop upstream of raw_orders" }).count()).toBe(0);
    expect(await page.getByTestId("lineage-node").count()).toBe(4);
    expect(opened.flatMap((o) => o.foreign)).toEqual([]);
  });

  it("lists change requests, projects and notifications, accessibly", async () => {
    const list = await open("/change-requests", tokens.owner);
    await expect.poll(() => list.getByRole("heading", { name: "Change requests" }).isVisible()).toBe(true);
    await expect.poll(() => list.getByLabel("Status").isVisible()).toBe(true);
    await expectAccessible(list);
    await screenshot(list, "change-requests");

    const projects = await open("/projects", tokens.reader);
    await expect.poll(() => projects.getByRole("heading", { name: "jaffle_shop" }).isVisible()).toBe(true);
    // The demo tenant has two projects (jaffle_shop and the OpenLineage one): read jaffle_shop's.
    await expect.poll(() => projects.getByRole("region", { name: "jaffle_shop" }).getByRole("row", { name: /mart/ }).textContent()).toMatch(/[1-9]/);
    await expectAccessible(projects);
    await screenshot(projects, "projects");

    const notifications = await open("/notifications", tokens.owner);
    await expect.poll(() => notifications.getByRole("heading", { name: "Notifications" }).isVisible()).toBe(true);
    await expectAccessible(notifications);
    await screenshot(notifications, "notifications");
    expect(opened.flatMap((o) => o.foreign)).toEqual([]);
  });

  it("takes an owner from the link a proposal printed to an approval that lets CI apply", async () => {
    const { token: tenantAdmin } = await server.tenant("owner-journey");
    const tokenFor = async (name: string, role: string, ownerEmail?: string) => {
      const { body } = await server.graphql<{ createApiToken: { secret: string } }>(tenantAdmin, `mutation($input: CreateApiTokenInput!) { createApiToken(input: $input) { secret } }`, { input: { name, role, ownerEmail } });
      return body.data!.createApiToken.secret;
    };
    const [ci, ana, bob] = [await tokenFor("ci", "CI"), await tokenFor("ana", "OWNER", "ana@jaffle.test"), await tokenFor("bob", "OWNER", "bob@jaffle.test")];
    const post = async (body: Record<string, unknown>) => {
      const response = await fetch(`${server.url}/api/v1/manifests`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${ci}` }, body: JSON.stringify(body) });
      return (await response.json()) as { status: string; verdict: string; changeRequest: { url: string } };
    };
    await post({ project: "jaffle_shop", mode: "apply", branch: "main", gitSha: "base", ...jaffle("base") });
    const proposal = { project: "jaffle_shop", mode: "propose", branch: "feature/refactor-customers", gitSha: "pr2", ...jaffle("pr2", true) };
    const proposed = await post(proposal);
    expect(proposed.verdict).toBe("APPROVAL_REQUIRED");
    const link = new URL(proposed.changeRequest.url);
    expect(link.origin).toBe(new URL(server.url).origin);

    // Bob owns nothing this change touches: he sees the request but no decision buttons.
    const asBob = await open(link.pathname, bob);
    await expect.poll(() => asBob.getByTestId("verdict").textContent()).toContain("approval required");
    expect(await asBob.getByRole("button", { name: "Approve" }).count()).toBe(0);

    const page = await open(link.pathname, ana);
    await expect.poll(() => page.getByRole("button", { name: "Approve" }).count()).toBe(1);
    expect(await page.locator(".cat-breaking").textContent()).toContain("first_name");
    await expectAccessible(page);
    await screenshot(page, "change-request");
    await page.getByLabel("Comment (required to reject)").fill("Dashboards moved off first_name");
    await page.getByRole("button", { name: "Approve" }).click();
    await expect.poll(() => page.getByTestId("verdict").textContent()).toContain("approved");
    expect(await page.locator(".approvals").textContent()).toContain("Dashboards moved off first_name");

    const applied = await post({ ...proposal, mode: "apply", branch: "main" });
    expect(applied).toMatchObject({ status: "APPLIED", verdict: "APPLIED" });

    // The request's impact on the lineage picture: the assets it reaches are lit, with whose they are.
    await page.getByRole("link", { name: /^Impact of .* on the lineage$/ }).first().click();
    await expect.poll(() => page.getByTestId("impact-legend").textContent()).toMatch(/Whose: .+\(\d+\)/);
    await expect.poll(() => page.locator('[data-testid="lineage-node"][data-highlighted="true"]').count()).toBeGreaterThan(1);
    expect(await page.locator('[data-testid="lineage-node"][data-highlighted="true"] .column-chip', { hasText: "owner:" }).count()).toBeGreaterThan(0);
    expect(new URL(page.url()).searchParams.get("impact")).toBeTruthy();
    await expectAccessible(page);
    await screenshot(page, "change-impact");
    expect(opened.flatMap((o) => o.foreign)).toEqual([]);
  });
});
