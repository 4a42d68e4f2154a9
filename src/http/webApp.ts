/**
 * The web app (built from web/ into dist/web at install): hashed files under /static, sent
 * precompressed (brotli or gzip, made at build time) with year-long immutable caching; the
 * app's pages all answer index.html (no-cache, so a new build is picked up at once) and the
 * app routes in the browser, so deep links work when opened cold.
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import express, { type Router } from "express";
import expressStaticGzip from "express-static-gzip";

/** dist/web from both src/http (tests, tsx) and dist/http (node dist). */
export const WEB_ROOT = fileURLToPath(new URL("../../dist/web", import.meta.url));

/** The app's routes (web/src/App.tsx); anything else keeps the API's JSON 404. */
const PAGES = ["/", "/search", "/assets/*rest", "/change-requests", "/change-requests/*rest", "/notifications", "/projects", "/projects/*rest", "/glossary", "/glossary/*rest", "/conflicts"];

export function webAppRouter(root = WEB_ROOT): Router {
  const router = express.Router();
  router.use(
    "/static",
    expressStaticGzip(join(root, "static"), {
      enableBrotli: true,
      orderPreference: ["br", "gzip"],
      index: false,
      serveStatic: { immutable: true, maxAge: "1y", index: false },
    }),
  );
  const indexHtml = join(root, "index.html");
  router.get(PAGES, (req, res, next) => {
    if (req.accepts(["text/html", "application/json"]) !== "text/html") return next();
    res.setHeader("Cache-Control", "no-cache");
    // A missing index.html surfaces here, without a file-system check on every page load.
    res.sendFile(indexHtml, (error) => {
      if (error && !res.headersSent) res.status(503).type("text").send("The web app is not built: run `npm run build:web`.");
    });
  });
  return router;
}
