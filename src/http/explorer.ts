/**
 * The GraphiQL explorer at /explorer, served by Tributary itself as one self-contained page
 * (GraphiQL 5 with its JS, CSS and workers inline), so it works with no request to any other
 * host. The page is about 9 MB: it is rendered and compressed once per process, then sent
 * compressed with an ETag, so a browser revalidates with a 304 instead of downloading it again.
 * A token bar above it keeps the bearer token (the web app's, else one pasted here), adds it to
 * every request GraphiQL makes, and has GraphiQL fetch the schema again when the token changes.
 */
import { createHash } from "node:crypto";
import { promisify } from "node:util";
import { brotliCompress, constants, gzip } from "node:zlib";
import { renderGraphiQL } from "@graphql-yoga/render-graphiql";
import type { Request, Response } from "express";

const DEFAULT_QUERY = `# Paste your API token in the bar above, then press the Run button.
{
  viewer {
    tenant { slug name }
    role
  }
}
`;

const TOKEN_BAR = `
<style>
  #tributary-token-bar { display:flex; gap:.5rem; align-items:center; padding:.4rem .75rem;
    font: 13px system-ui, sans-serif; background:#0b3b5b; color:#fff; }
  #tributary-token-bar input { flex:1; max-width:46rem; font: 12px monospace; padding:.25rem .4rem; }
  #tributary-token-bar a { color:#fff; font-weight:bold; letter-spacing:.02em; text-decoration:none; }
  body { display:flex; flex-direction:column; height:100vh; margin:0; }
  #graphiql { flex:1; min-height:0; }
</style>
<div id="tributary-token-bar">
  <a href="/">Tributary</a>
  <label for="tributary-token">API token</label>
  <input id="tributary-token" type="password" autocomplete="off" placeholder="trb_… (printed by npm start, or tributary token create)">
  <span id="tributary-token-state"></span>
</div>
<script>
(function () {
  var KEY = "tributary.token";
  var input = document.getElementById("tributary-token");
  var state = document.getElementById("tributary-token-state");
  function token() { return localStorage.getItem(KEY) || sessionStorage.getItem(KEY) || ""; }
  function show() { state.textContent = token() ? "token set" : "no token"; }
  // GraphiQL fetched the schema when the page opened, maybe without a token: fetch it again.
  var refetchTimer;
  function refetchSchema() {
    clearTimeout(refetchTimer);
    refetchTimer = setTimeout(function () {
      var button = document.querySelector('button[aria-label^="Re-fetch GraphQL schema"]');
      if (button) button.click();
    }, 300);
  }
  input.value = token();
  input.addEventListener("input", function () {
    localStorage.setItem(KEY, input.value.trim());
    show();
    if (input.value.trim()) refetchSchema();
  });
  show();
  var originalFetch = window.fetch.bind(window);
  window.fetch = function (resource, init) {
    var url = typeof resource === "string" ? resource : resource && resource.url;
    var current = token();
    if (current && url && new URL(url, location.href).pathname === "/graphql") {
      init = Object.assign({}, init);
      var headers = new Headers(init.headers || {});
      if (!headers.has("Authorization")) headers.set("Authorization", "Bearer " + current);
      init.headers = headers;
    }
    return originalFetch(resource, init);
  };
})();
</script>
`;

interface ExplorerPage {
  etag: string;
  identity: Buffer;
  br: Buffer;
  gzip: Buffer;
}

let page: Promise<ExplorerPage> | undefined;

function renderPage(): Promise<ExplorerPage> {
  page ??= (async () => {
    const html = renderGraphiQL({ endpoint: "/graphql", title: "Tributary explorer", defaultQuery: DEFAULT_QUERY }).replace(/<body([^>]*)>/, (body) => body + TOKEN_BAR);
    const identity = Buffer.from(html);
    const [br, gz] = await Promise.all([
      promisify(brotliCompress)(identity, { params: { [constants.BROTLI_PARAM_QUALITY]: 6, [constants.BROTLI_PARAM_SIZE_HINT]: identity.length } }),
      promisify(gzip)(identity, { level: 6 }),
    ]);
    return { etag: `"${createHash("sha256").update(identity).digest("base64url").slice(0, 27)}"`, identity, br, gzip: gz };
  })().catch((error: unknown) => {
    page = undefined; // the next request tries again
    throw error;
  });
  return page;
}

/** Sends the explorer: 304 when the browser has it, else brotli or gzip when accepted. */
export async function sendExplorer(req: Request, res: Response): Promise<void> {
  const { etag, identity, br, gzip: gz } = await renderPage();
  res.setHeader("ETag", etag);
  res.setHeader("Cache-Control", "no-cache");
  res.setHeader("Vary", "Accept-Encoding");
  res.type("html");
  if (req.fresh) {
    res.status(304).end();
    return;
  }
  const encoding = req.acceptsEncodings("br", "gzip", "identity");
  if (encoding === "br" || encoding === "gzip") res.setHeader("Content-Encoding", encoding);
  res.send(encoding === "br" ? br : encoding === "gzip" ? gz : identity);
}
