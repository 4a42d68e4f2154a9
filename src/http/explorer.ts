/**
 * The GraphiQL explorer, served by Tributary itself as one self-contained page (GraphiQL 5
 * with its JS, CSS and workers inline), so it works with no request to any other host.
 * A token bar above it keeps the bearer token in the browser's localStorage and adds it to
 * every request GraphiQL makes.
 */
import { renderGraphiQL } from "@graphql-yoga/render-graphiql";

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
  #tributary-token-bar b { letter-spacing:.02em; }
  body { display:flex; flex-direction:column; height:100vh; margin:0; }
  #graphiql { flex:1; min-height:0; }
</style>
<div id="tributary-token-bar">
  <b>Tributary</b>
  <label for="tributary-token">API token</label>
  <input id="tributary-token" type="password" autocomplete="off" placeholder="trb_… (printed by npm start, or tributary token create)">
  <span id="tributary-token-state"></span>
</div>
<script>
(function () {
  var KEY = "tributary.token";
  var input = document.getElementById("tributary-token");
  var state = document.getElementById("tributary-token-state");
  function show() { state.textContent = localStorage.getItem(KEY) ? "token set" : "no token"; }
  input.value = localStorage.getItem(KEY) || "";
  input.addEventListener("input", function () { localStorage.setItem(KEY, input.value.trim()); show(); });
  show();
  var originalFetch = window.fetch.bind(window);
  window.fetch = function (resource, init) {
    var url = typeof resource === "string" ? resource : resource && resource.url;
    var token = localStorage.getItem(KEY);
    if (token && url && new URL(url, location.href).pathname === "/graphql") {
      init = Object.assign({}, init);
      var headers = new Headers(init.headers || {});
      if (!headers.has("Authorization")) headers.set("Authorization", "Bearer " + token);
      init.headers = headers;
    }
    return originalFetch(resource, init);
  };
})();
</script>
`;

let page: string | undefined;

export function explorerPage(): string {
  page ??= renderGraphiQL({ endpoint: "/graphql", title: "Tributary explorer", defaultQuery: DEFAULT_QUERY }).replace(
    /<body([^>]*)>/,
    (body) => body + TOKEN_BAR,
  );
  return page;
}
