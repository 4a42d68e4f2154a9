import { existsSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/server.js";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

describe("the explorer in headless Chromium", () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`No Chromium at ${CHROMIUM}: apt-get install chromium, or set CHROMIUM_PATH`);
    server = await startTestServer();
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("runs `viewer` with a pasted token, fetches the schema again for the docs, and requests nothing from any other host", async () => {
    const { token } = await server.tenant("explorer-test");
    const page = await browser.newPage();
    const requested: string[] = [];
    page.on("request", (request) => requested.push(request.url()));

    await page.goto(`${server.url}/explorer`);
    // The schema was fetched without a token and failed; setting one fetches it again.
    await page.locator(".graphiql-execute-button").waitFor({ timeout: 60_000 });
    await page.fill("#tributary-token", token);
    await page.getByRole("button", { name: "Show Documentation Explorer" }).click();
    const docs = async () => ((await page.locator(".graphiql-doc-explorer").textContent()) ?? "").replace(/\s+/g, "");
    await expect.poll(docs, { timeout: 60_000 }).toContain("query:Query");
    expect(await docs()).not.toContain("Errorfetchingschema");
    await page.locator(".graphiql-execute-button").click({ timeout: 60_000 });
    // Monaco renders the JSON with non-breaking spaces; compare it without whitespace.
    const resultText = async () => ((await page.locator(".result-window").textContent()) ?? "").replace(/\s+/g, "");
    await expect.poll(resultText, { timeout: 60_000 }).toContain('"slug":"explorer-test"');
    expect(await resultText()).toContain('"role":"ADMIN"');

    const origin = new URL(server.url).origin;
    const foreign = requested.filter((url) => !url.startsWith(origin) && !url.startsWith("blob:") && !url.startsWith("data:"));
    expect(foreign).toEqual([]);
    expect(requested.some((url) => url === `${origin}/graphql`)).toBe(true);
    await page.screenshot({ path: "node_modules/.cache/explorer.png" });
  });
});
