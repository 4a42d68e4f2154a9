/**
 * Shared by the browser tests: Debian's Chromium through playwright-core, a page that records
 * every request to another host (each test asserts there is none), the axe-core check, and
 * screenshots under test-results/web (and docs/screenshots with SCREENSHOTS_TO_DOCS=1), and
 * reading back the pixels of a picture the app exported.
 */
import { existsSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const AXE = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
const OUTPUT = "test-results/web";
const DOCS = "docs/screenshots";

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`No Chromium at ${CHROMIUM}: apt-get install chromium, or set CHROMIUM_PATH`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

export interface WatchedPage {
  page: Page;
  context: BrowserContext;
  /** URLs the page asked for that are not on the server's origin (nor blob:/data:). */
  foreign: string[];
}

/** A fresh context (its own sessionStorage) whose page records requests to other hosts. */
export async function openPage(browser: Browser, origin: string, options: { token?: string } = {}): Promise<WatchedPage> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  if (options.token) {
    await context.addInitScript((token) => {
      if (!sessionStorage.getItem("tributary.token")) sessionStorage.setItem("tributary.token", token);
    }, options.token);
  }
  const page = await context.newPage();
  const foreign: string[] = [];
  page.on("request", (request) => {
    const url = request.url();
    if (!url.startsWith(origin) && !url.startsWith("blob:") && !url.startsWith("data:")) foreign.push(url);
  });
  return { page, context, foreign };
}

/** axe-core's serious and critical violations on the page as it is now. */
export async function accessibilityProblems(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: unknown, options: unknown) => Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ["violations"] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 3).map((n) => JSON.stringify(n.target)) }));
  });
  return violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.impact} ${v.id}: ${v.help} at ${v.targets.join(", ")}`);
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(OUTPUT, { recursive: true });
  await page.screenshot({ path: join(OUTPUT, `${name}.png`) });
  if (process.env.SCREENSHOTS_TO_DOCS === "1") {
    mkdirSync(DOCS, { recursive: true });
    await page.screenshot({ path: join(DOCS, `${name}.png`) });
  }
}

/**
 * Decodes a PNG in a blank page of the browser and reports its size, the share of pixels that
 * are not (near) white, and how many distinct colours it uses (quantised, so anti-aliasing
 * does not count).
 */
export async function inkedPixels(browser: Browser, png: Buffer): Promise<{ width: number; height: number; inkedShare: number; colours: number }> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    return await page.evaluate(async (base64) => {
      const image = new Image();
      image.src = `data:image/png;base64,${base64}`;
      await image.decode();
      const canvas = document.createElement("canvas");
      canvas.width = image.width;
      canvas.height = image.height;
      const drawing = canvas.getContext("2d")!;
      drawing.drawImage(image, 0, 0);
      const { data } = drawing.getImageData(0, 0, image.width, image.height);
      let inked = 0;
      const colours = new Set<number>();
      for (let i = 0; i < data.length; i += 4) {
        const [r, g, b] = [data[i]!, data[i + 1]!, data[i + 2]!];
        if (r < 235 || g < 235 || b < 235) inked++;
        colours.add(((r >> 5) << 6) | ((g >> 5) << 3) | (b >> 5));
      }
      return { width: image.width, height: image.height, inkedShare: inked / (image.width * image.height), colours: colours.size };
    }, png.toString("base64"));
  } finally {
    await context.close();
  }
}
