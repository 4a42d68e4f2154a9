import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WEB_ROOT } from "../../src/http/webApp.js";
import { startTestServer, type TestServer } from "../support/server.js";

const HTML = { accept: "text/html,application/xhtml+xml" };

describe("the web app and the explorer over HTTP", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("answers every deep link with the app's page, never cached without revalidation", async () => {
    for (const path of ["/", "/search?q=revenue", "/assets/model.jaffle_shop.orders", "/assets/model.jaffle_shop.orders/lineage?direction=UPSTREAM&depth=2&column=amount", "/change-requests", "/change-requests/Q2hhbmdlUmVxdWVzdDp4", "/notifications", "/projects", "/projects/jaffle_shop", "/glossary", "/glossary/Lifetime%20value", "/conflicts"]) {
      const response = await fetch(`${server.url}${path}`, { headers: HTML });
      expect(response.status, path).toBe(200);
      expect(response.headers.get("cache-control"), path).toBe("no-cache");
      expect(await response.text(), path).toContain('<div id="root">');
    }
  });

  it("keeps the JSON 404 for routes that are not pages, and for API clients", async () => {
    const unknown = await fetch(`${server.url}/nope`, { headers: HTML });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: { code: "NOT_FOUND" } });
    const missingFile = await fetch(`${server.url}/static/nothing-here.js`);
    expect(missingFile.status).toBe(404);
  });

  it("sends hashed files precompressed, cached for a year", async () => {
    const script = /src="\/static\/([^"]+\.js)"/.exec(readFileSync(join(WEB_ROOT, "index.html"), "utf8"))?.[1];
    expect(script).toBeTruthy();
    for (const encoding of ["br", "gzip"]) {
      const response = await fetch(`${server.url}/static/${script}`, { headers: { "accept-encoding": encoding } });
      expect(response.status).toBe(200);
      expect(response.headers.get("content-encoding")).toBe(encoding);
      expect(response.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
      expect(response.headers.get("vary")).toContain("Accept-Encoding");
      expect((await response.text()).length).toBeGreaterThan(1000);
    }
  });

  it("sends the explorer compressed, and a 304 to a browser that has it", async () => {
    const first = await fetch(`${server.url}/explorer`, { headers: { ...HTML, "accept-encoding": "br, gzip" } });
    expect(first.status).toBe(200);
    expect(first.headers.get("content-encoding")).toBe("br");
    const etag = first.headers.get("etag");
    expect(etag).toBeTruthy();
    expect(await first.text()).toContain("tributary-token");
    const again = await fetch(`${server.url}/explorer`, { headers: { ...HTML, "if-none-match": etag!, "cache-control": "max-age=0" } });
    expect(again.status).toBe(304);
    const gzipped = await fetch(`${server.url}/explorer`, { headers: { ...HTML, "accept-encoding": "gzip" } });
    expect(gzipped.headers.get("content-encoding")).toBe("gzip");
  });
});
