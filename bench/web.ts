/**
 * The web app in headless Chromium on a generated tenant: time to interactive of the search
 * page, the asset page and the lineage picture at about 100, 1,000 and 10,000 assets (a source
 * wired to reach 10,000 is added to the tenant), with the layout time and the long frames while
 * drawing and while panning and zooming it, and what the first page downloads. Prints a table
 * next to issue 14's targets.
 *
 * Interactive: the first frame that shows the page's main content (search hits, the asset's
 * columns, the picture's boxes), then the first task after it runs: the main thread is free to
 * answer a key or a click (ms from navigation start, read in the page: polling from the bench
 * would add its own delay). Each visit is a fresh browser context (nothing cached); every page is
 * visited once before the timed visits, so the figures are of a warm server (the first, cold
 * visit is printed apart). With --before, an earlier build of the web app is served from a
 * second server on the same database and the two are visited alternately.
 *
 *   npx tsx bench/web.ts [--assets 12000] [--rounds 3] [--before /tmp/old/dist/web] [--waterfall]
 */
import "reflect-metadata";
import type { AddressInfo } from "node:net";
import { Command } from "commander";
import type { Browser, Page } from "playwright-core";
import { loadConfig } from "../src/config.js";
import { migrate, openEmbeddedDatabase, type Database } from "../src/db/database.js";
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
  .option("--rounds <n>", "timed visits of each page per build (the median is printed)", positiveNumber, 3)
  .option("--before <dir>", "an earlier build of the web app (a dist/web folder) to visit alternately with this one")
  .option("--waterfall", "print each timed visit's requests (start → end, ms from navigation)")
  .parse()
  .opts<{ assets: number; rounds: number; before?: string; waterfall?: boolean }>();

const HUB_REACH = 10_000;
const BOXES = '[data-testid="lineage-node"], [data-testid="lineage-group"]';

/**
 * In every page: long animation frames, and when `content` first shows (checked every frame)
 * and the main thread is next free. A string: tsx would wrap named functions in a helper the
 * page does not have.
 */
const WATCH = `(() => {
  window.__loaf = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.__loaf.push(entry.duration);
  }).observe({ type: "long-animation-frame", buffered: true });
  const check = () => {
    const element = document.querySelector(window.__content);
    if (element && element.checkVisibility({ visibilityProperty: true, opacityProperty: true }) && element.getBoundingClientRect().width > 0) {
      window.__contentAt = performance.now();
      setTimeout(() => (window.__interactiveAt = performance.now()));
    } else requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
})()`;

/**
 * A source asset linked to the earliest assets (dependency order) it does not reach yet, until
 * it reaches `reach` assets downstream: a true 10,000-asset neighbourhood, many hops deep.
 */
function addHub(graph: GeneratedTenant, reach: number): { id: string; reach: number } {
  const down = new Map<string, string[]>();
  for (const e of graph.edges) down.set(e.fromId, [...(down.get(e.fromId) ?? []), e.toId]);
  const hub = graph.assets.find((a) => a.kind === "SOURCE" && !down.has(a.id)) ?? graph.assets[0]!;
  const seen = new Set<string>([hub.id, ...(down.get(hub.id) ?? [])]);
  for (const asset of graph.assets) {
    if (seen.size - 1 >= reach) break;
    if (seen.has(asset.id) || asset.kind === "SOURCE") continue;
    graph.edges.push({ fromId: hub.id, toId: asset.id, origin: "DECLARED" });
    const queue = [asset.id];
    seen.add(asset.id);
    while (queue.length) for (const n of down.get(queue.pop()!) ?? []) if (!seen.has(n)) (seen.add(n), queue.push(n));
  }
  return { id: hub.id, reach: seen.size - 1 };
}

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

async function serve(db: Database, webRoot?: string) {
  const config = loadConfig({ PORT: "0", LOG_LEVEL: "silent" });
  const app = await createHttpApp({ db, config, logger: createLogger("silent"), schema: await tributarySchema(), webRoot });
  await new Promise<void>((resolve) => app.server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`,
    stop: async () => {
      await new Promise<void>((resolve) => app.server.close(() => resolve()));
      await app.apollo.stop();
    },
  };
}

interface Visit {
  interactive: number;
  slowestApi: number;
  requests: string[];
  page: Page;
  close: () => Promise<void>;
}

/** Opens `path` in a fresh context, waits for `content` to show, presses a key: the visit's timings. */
async function visit(browser: Browser, origin: string, token: string, path: string, content: string): Promise<Visit> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addInitScript((t) => sessionStorage.setItem("tributary.token", t), token);
  await context.addInitScript((selector) => ((window as unknown as { __content: string }).__content = selector), content);
  await context.addInitScript(WATCH);
  const page = await context.newPage();
  const requests: { url: string; op: string; request: import("playwright-core").Request }[] = [];
  page.on("request", (request) => {
    const op = request.url().endsWith("/graphql") ? ((request.postDataJSON() as { operationName?: string } | null)?.operationName ?? "?") : "";
    requests.push({ url: request.url().replace(origin, ""), op, request });
  });
  await page.goto(`${origin}${path}`);
  await page.waitForFunction(() => (window as unknown as { __interactiveAt?: number }).__interactiveAt !== undefined, undefined, { timeout: 180_000 });
  const { interactiveAt, origin: timeOrigin } = await page.evaluate(() => ({ interactiveAt: (window as unknown as { __interactiveAt: number }).__interactiveAt, origin: performance.timeOrigin }));
  const lines: string[] = [];
  let slowestApi = 0;
  for (const { url, op, request } of requests) {
    const timing = request.timing();
    const start = timing.startTime - timeOrigin;
    const took = timing.responseEnd;
    if (op && took > 0) slowestApi = Math.max(slowestApi, took);
    // A request still open when the page was measured has no timings yet.
    lines.push(took < 0 ? `     …          ${op || url}` : `${start.toFixed(0).padStart(6)} → ${(start + took).toFixed(0).padStart(6)}  ${op || url}`);
  }
  return { interactive: interactiveAt, slowestApi, requests: lines, page, close: () => context.close() };
}

/** Frames while dragging the picture across and back and zooming in and out with the wheel. */
async function panAndZoom(page: Page): Promise<{ moved: boolean; longestFrame: number; longAnimationFrames: number[] }> {
  const box = (await page.getByTestId("lineage-canvas").boundingBox())!;
  const transform = () => page.locator(".react-flow__viewport").evaluate((e) => getComputedStyle(e).transform);
  const before = await transform();
  // A string: tsx would wrap a named function in a helper the page does not have.
  await page.evaluate(`(() => {
    window.__loaf = [];
    window.__gaps = [];
    window.__recording = true;
    let last = performance.now();
    const tick = (t) => {
      window.__gaps.push(t - last);
      last = t;
      if (window.__recording) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  })()`);
  // Grab the pane near its top-left corner (fitView leaves a margin there; the controls are bottom-left).
  const [x, y] = [box.x + 20, box.y + 20];
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x + 500, y + 300, { steps: 40 });
  const moved = (await transform()) !== before;
  await page.mouse.move(x, y, { steps: 40 });
  await page.mouse.up();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  for (const delta of [-200, -200, -200, 200, 200, 200]) {
    await page.mouse.wheel(0, delta);
    await page.waitForTimeout(50);
  }
  await page.waitForTimeout(300);
  const { gaps, loaf } = await page.evaluate(() => {
    const w = window as unknown as { __loaf: number[]; __gaps: number[]; __recording: boolean };
    w.__recording = false;
    return { gaps: w.__gaps, loaf: w.__loaf };
  });
  return { moved, longestFrame: Math.max(0, ...gaps, ...loaf), longAnimationFrames: loaf.filter((d) => d > 100) };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)]!;
const ms = (value: number) => `${Math.round(value).toLocaleString("en")} ms`;

async function main() {
  const db = await openEmbeddedDatabase();
  await migrate(db);
  const { token } = await createTenant(db.prisma, { slug: "bench-web" });
  const graph = generateTenantGraph({ assets: options.assets, edges: options.assets * 3, columns: options.assets * 5, columnEdges: options.assets * 6, hubChildren: 400 });
  const hub = addHub(graph, HUB_REACH);
  await insertTenantGraph(await operatorContext(db.prisma, "bench-web"), graph);
  const builds = [...(options.before ? [{ name: "before", server: await serve(db, options.before) }] : []), { name: options.before ? "after" : "measured", server: await serve(db) }];

  const sample = graph.assets.filter((_, i) => i % 7 === 0).map((a) => a.id);
  const sizes = neighbourhoodSizes(graph, sample);
  // The largest neighbourhood drawn box by box (past 1,000 assets the picture is an overview).
  const nearest = (target: number) => [...sizes].filter(([, size]) => size < target).sort((a, b) => b[1] - a[1])[0]!;
  const byId = new Map(graph.assets.map((a) => [a.id, a]));
  const lineagePath = (id: string) => `/assets/${encodeURIComponent(byId.get(id)!.uniqueId)}/lineage?depth=all`;
  const lineages = [nearest(100), nearest(1_000), [hub.id, hub.reach] as const].map(([id, size]) => ({ path: lineagePath(id), size }));

  const browser = await launchChromium();
  /** Rows of the table: what, one cell per build, target. */
  const rows: string[][] = [];
  const cold: string[] = [];
  /** Visits each build `rounds` times, alternating which goes first; `measure` reads one visit. */
  const timed = async <T,>(label: string, path: string, content: string, measure: (v: Visit) => Promise<T>): Promise<T[][]> => {
    for (const { server } of builds) {
      const warm = await visit(browser, server.url, token, path, content);
      cold.push(`${label}: ${ms(warm.interactive)} (slowest API answer ${ms(warm.slowestApi)})`);
      await warm.close();
    }
    const results: T[][] = builds.map(() => []);
    for (let round = 0; round < options.rounds; round++) {
      const order = round % 2 === 0 ? builds.map((_, i) => i) : builds.map((_, i) => builds.length - 1 - i);
      for (const i of order) {
        const v = await visit(browser, builds[i]!.server.url, token, path, content);
        if (options.waterfall) console.log(`\n${label}, ${builds[i]!.name}, round ${round + 1}: interactive ${ms(v.interactive)}\n${v.requests.join("\n")}`);
        results[i]!.push(await measure(v));
        await v.close();
      }
    }
    return results;
  };
  const row = (what: string, cells: string[], target: string) => rows.push([what, ...cells, target]);

  try {
    const search = await timed("search", "/search?q=revenue", ".hit", async (v) => ({
      interactive: v.interactive,
      api: v.slowestApi,
      js: await v.page.evaluate(() =>
        performance.getEntriesByType("resource").filter((e) => e.name.endsWith(".js")).reduce((sum, e) => sum + (e as PerformanceResourceTiming).encodedBodySize, 0),
      ),
    }));
    row("search: interactive", search.map((r) => `${ms(median(r.map((x) => x.interactive)))} (API ${ms(median(r.map((x) => x.api)))})`), "< 1,000 ms");
    row("first page JS (compressed)", search.map((r) => `${(r[0]!.js / 1024).toFixed(0)} KB`), "< 300 KB");

    const assetId = nearest(100)[0];
    const asset = await timed("asset page", `/assets/${encodeURIComponent(byId.get(assetId)!.uniqueId)}`, "table.columns tbody tr", async (v) => ({ interactive: v.interactive, api: v.slowestApi }));
    row("asset page: interactive", asset.map((r) => `${ms(median(r.map((x) => x.interactive)))} (API ${ms(median(r.map((x) => x.api)))})`), "< 1,000 ms");

    for (const { path, size } of lineages) {
      const results = await timed(`lineage ${size}`, path, BOXES, async (v) => {
        const layout = await v.page.evaluate(() => (window as unknown as { __tributaryLayoutMs?: number }).__tributaryLayoutMs ?? NaN);
        const drawing = await v.page.evaluate(() => (window as unknown as { __loaf: number[] }).__loaf.filter((d) => d > 100).length);
        const boxes = await v.page.locator(BOXES).count();
        const pan = await panAndZoom(v.page);
        return { interactive: v.interactive, layout, drawing, boxes, ...pan };
      });
      row(
        `lineage ${size.toLocaleString("en")} assets: drawn`,
        results.map((r) => `${ms(median(r.map((x) => x.interactive)))} (layout ${ms(median(r.map((x) => x.layout)))}, ${r[0]!.boxes} boxes in the DOM, ${Math.max(...r.map((x) => x.drawing))} frames > 100 ms)`),
        size > 1_000 ? "no freeze" : size > 100 ? "< 1,500 ms" : "",
      );
      row(
        `lineage ${size.toLocaleString("en")} assets: pan and zoom`,
        results.map((r) => (r.every((x) => x.moved) ? `longest frame ${ms(Math.max(...r.map((x) => x.longestFrame)))} (${Math.max(...r.map((x) => x.longAnimationFrames.length))} > 100 ms)` : "did not pan")),
        "no frame > 200 ms",
      );
    }
  } finally {
    await browser.close();
    for (const { server } of builds) await server.stop();
    await db.close();
  }
  const header = ["what", ...builds.map((b) => b.name), "target"];
  const width = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  console.log(`\nweb app, generated tenant of ${graph.assets.length} assets (headless Chromium, this machine), median of ${options.rounds} visits per build\n`);
  console.log(header.map((cell, i) => cell.padEnd(width[i]!)).join("  "));
  for (const r of rows) console.log(r.map((cell, i) => cell.padEnd(width[i]!)).join("  "));
  console.log(`\nfirst visits (cold server), ${builds.map((b) => b.name).join(" then ")}:\n  ${cold.join("\n  ")}`);
}

await main();
