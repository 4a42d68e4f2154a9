/**
 * The web app in headless Chromium on a generated tenant: time to interactive of the search
 * page, the asset page and the lineage picture at about 100, 1,000 and 10,000 nodes (with the
 * layout time and the frames over 100 ms, drawing and while panning; the largest neighbourhood
 * the generated tenant has stands in for 10,000), and what the first page
 * downloads. Prints a table next to issue 14's targets.
 *
 *   npx tsx bench/web.ts [--assets 12000]
 */
import "reflect-metadata";
import type { AddressInfo } from "node:net";
import { Command } from "commander";
import type { Page } from "playwright-core";
import { loadConfig } from "../src/config.js";
import { migrate, openEmbeddedDatabase } from "../src/db/database.js";
import { tributarySchema } from "../src/graphql/schema.js";
import { createHttpApp } from "../src/http/app.js";
import { createLogger } from "../src/logger.js";
import { createTenant, operatorContext } from "../src/services/tenants.js";
import { launchChromium } from "../tests/browser/browser.js";
import { generateTenantGraph, type GeneratedTenant } from "./generate/graph.js";
import { insertTenantGraph } from "./insertTenantGraph.js";
import { positiveNumber } from "./support/positiveNumber.js";

const options = new Command()
  .option("--assets <n>", "assets in the generated tenant", positiveNumber, 12_000)
  .parse()
  .opts<{ assets: number }>();

/** Long frames (over 100 ms) seen by the page, from the Long Tasks API. */
const WATCH_FRAMES = () => {
  const w = window as unknown as { __long: number[] };
  w.__long = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) w.__long.push(entry.duration);
  }).observe({ type: "longtask", buffered: true });
};

/** Assets reached up- and downstream of each asset (both walks), to pick lineage sizes. */
function neighbourhoodSizes(graph: GeneratedTenant, ids: readonly string[]): Map<string, number> {
  const down = new Map<string, string[]>();
  const up = new Map<string, string[]>();
  for (const e of graph.edges) {
    down.set(e.fromId, [...(down.get(e.fromId) ?? []), e.toId]);
    up.set(e.toId, [...(up.get(e.toId) ?? []), e.fromId]);
  }
  const reach = (start: string, next: Map<string, string[]>) => {
    const seen = new Set([start]);
    const queue = [start];
    while (queue.length) for (const n of next.get(queue.pop()!) ?? []) if (!seen.has(n)) (seen.add(n), queue.push(n));
    return seen.size - 1;
  };
  return new Map(ids.map((id) => [id, reach(id, down) + reach(id, up)]));
}

async function main() {
  const db = await openEmbeddedDatabase();
  await migrate(db);
  const { token } = await createTenant(db.prisma, { slug: "bench-web" });
  const graph = generateTenantGraph({ assets: options.assets, edges: options.assets * 3, columns: options.assets * 5, columnEdges: options.assets * 6, hubChildren: 400 });
  await insertTenantGraph(await operatorContext(db.prisma, "bench-web"), graph);
  const config = loadConfig({ PORT: "0", LOG_LEVEL: "silent" });
  const { server, apollo } = await createHttpApp({ db, config, logger: createLogger("silent"), schema: await tributarySchema() });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const sample = graph.assets.filter((_, i) => i % 7 === 0).map((a) => a.id);
  const sizes = neighbourhoodSizes(graph, sample);
  const nearest = (target: number) => [...sizes].sort((a, b) => Math.abs(a[1] - target) - Math.abs(b[1] - target))[0]!;
  const byId = new Map(graph.assets.map((a) => [a.id, a]));

  const browser = await launchChromium();
  const rows: string[][] = [];
  const open = async (path: string) => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.addInitScript((t) => sessionStorage.setItem("tributary.token", t), token);
    await context.addInitScript(WATCH_FRAMES);
    const page = await context.newPage();
    await page.goto(`${url}${path}`);
    return { page, close: () => context.close() };
  };
  const now = (page: Page) => page.evaluate(() => performance.now());
  const slowestApiAnswer = (page: Page) =>
    page.evaluate(() => Math.max(0, ...performance.getEntriesByType("resource").filter((e) => e.name.endsWith("/graphql")).map((e) => e.duration)));
  const longFrames = (page: Page) => page.evaluate(() => (window as unknown as { __long: number[] }).__long.filter((d) => d > 100));

  try {
    // Search, with the first page's downloads.
    {
      const { page, close } = await open("/search?q=revenue");
      await page.locator(".hit").first().waitFor({ timeout: 60_000 });
      const ms = await now(page);
      const js = await page.evaluate(() =>
        performance.getEntriesByType("resource").filter((e) => e.name.endsWith(".js")).reduce((sum, e) => sum + (e as PerformanceResourceTiming).encodedBodySize, 0),
      );
      rows.push(["search: interactive", `${ms.toFixed(0)} ms (slowest API answer ${(await slowestApiAnswer(page)).toFixed(0)} ms)`, "< 1000 ms"]);
      rows.push(["first page JS (compressed)", `${(js / 1024).toFixed(0)} KB`, "< 300 KB"]);
      await close();
    }
    // Asset page.
    {
      const asset = byId.get(nearest(100)[0])!;
      const { page, close } = await open(`/assets/${encodeURIComponent(asset.uniqueId)}`);
      await page.locator("table.columns tbody tr").first().waitFor({ timeout: 60_000 });
      rows.push(["asset page: interactive", `${(await now(page)).toFixed(0)} ms (slowest API answer ${(await slowestApiAnswer(page)).toFixed(0)} ms)`, "< 1000 ms"]);
      await close();
    }
    // Lineage pictures.
    // 900: a neighbourhood drawn box by box (the overview starts past 1,000 assets).
    for (const target of [100, 900, 10_000]) {
      const [id, size] = nearest(target);
      const asset = byId.get(id)!;
      const { page, close } = await open(`/assets/${encodeURIComponent(asset.uniqueId)}/lineage?depth=all`);
      await page.locator('[data-testid="lineage-node"], [data-testid="lineage-group"]').first().waitFor({ timeout: 120_000 });
      const ms = await now(page);
      const layoutMs = await page.evaluate(() => (window as unknown as { __tributaryLayoutMs?: number }).__tributaryLayoutMs ?? NaN);
      const drawn = await page.locator('[data-testid="lineage-node"], [data-testid="lineage-group"]').count();
      const drawing = await longFrames(page);
      // Pan: drag across the canvas in small steps.
      const box = (await page.getByTestId("lineage-canvas").boundingBox())!;
      await page.evaluate(() => ((window as unknown as { __long: number[] }).__long = []));
      await page.mouse.move(box.x + box.width * 0.8, box.y + box.height / 2);
      await page.mouse.down();
      await page.mouse.move(box.x + box.width * 0.2, box.y + box.height / 2, { steps: 30 });
      await page.mouse.up();
      await page.waitForTimeout(300);
      const panning = await longFrames(page);
      rows.push([
        `lineage ${size} nodes: drawn`,
        `${ms.toFixed(0)} ms (layout ${layoutMs.toFixed(0)} ms, ${drawn} boxes, ${drawing.length} frames > 100 ms)`,
        target === 900 ? "< 1500 ms (1,000 nodes)" : target === 10_000 ? "no freeze; overview" : "",
      ]);
      rows.push([`lineage ${size} nodes: panning`, `max frame ${Math.max(0, ...panning).toFixed(0)} ms (${panning.length} > 100 ms)`, "no frame > 200 ms"]);
      await close();
    }
  } finally {
    await browser.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await apollo.stop();
    await db.close();
  }
  const width = [0, 1, 2].map((i) => Math.max(...rows.map((r) => (r[i] ?? "").length)));
  console.log(`web app, generated tenant of ${graph.assets.length} assets (headless Chromium, this machine)\n`);
  console.log(["what".padEnd(width[0]!), "measured".padEnd(width[1]!), "target"].join("  "));
  for (const row of rows) console.log(row.map((cell, i) => cell.padEnd(width[i]!)).join("  "));
}

await main();
