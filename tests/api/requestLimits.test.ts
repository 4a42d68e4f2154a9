/**
 * No request stalls the server: expensive roots cost their work and are capped per request,
 * queries have a time budget whose end stops their work, a tenant's expensive requests take
 * per-tenant slots, and every refusal is a 4xx naming what and where (never a 500).
 */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXPENSIVE_ROOTS, MAX_QUERY_NODES, ROOT_STATEMENT_WORK } from "../../src/graphql/limits.js";
import { toGlobalId } from "../../src/graphql/globalId.js";
import { ingestManifest } from "../../src/services/ingest/ingestManifest.js";
import { operatorContext } from "../../src/services/tenants.js";
import { startTestServer, type TestServer } from "../support/server.js";

/** The bundled example project (examples/ is part of the repository). */
const jaffle = { manifest: JSON.parse(readFileSync(new URL("../../examples/jaffle_shop/manifest.json", import.meta.url), "utf8")) as unknown };

type Answer = { status: number; body: { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] } };

async function post(server: TestServer, token: string, body: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const response = await fetch(`${server.url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}`, "cache-control": "no-cache", ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Answer["body"] };
}

const aliases = (n: number, field: (i: number) => string) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: ${field(i)}`).join(" ")} }`;

/** One call of each expensive root, on an asset of the jaffle shop. */
function rootCall(root: string, assetId: string): string {
  const calls: Record<string, string> = {
    search: `search(query: "orders", first: 0) { totalCount }`,
    autocomplete: `autocomplete(prefix: "ord", first: 1) { text }`,
    lineage: `lineage(assetId: "${assetId}", first: 0) { totalCount }`,
    impact: `impact(assetId: "${assetId}", first: 0) { totalCount }`,
    columnLineage: `columnLineage(assetId: "${assetId}", column: "order_id") { truncated }`,
    assets: `assets(first: 1) { totalCount }`,
    changeRequests: `changeRequests(first: 1) { totalCount }`,
    openLineageNamespaces: `openLineageNamespaces(first: 1) { totalCount }`,
  };
  return calls[root]!;
}

describe("request limits with the default settings", () => {
  let server: TestServer;
  let token: string;

  beforeAll(async () => {
    server = await startTestServer();
    token = (await server.tenant("acme")).token;
  });
  afterAll(() => server.stop());

  it("refuses an alias bomb of cheap searches with 400, naming the cap on expensive roots", async () => {
    const bomb = await post(server, token, { query: aliases(4000, (i) => `search(query: "customer ${i}", first: 0) { totalCount }`) });
    expect(bomb.status).toBe(400);
    expect(bomb.body.data).toBeUndefined();
    expect(bomb.body.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", expensiveRoots: 4000, limit: server.config.graphql.maxExpensiveRoots });
    expect(bomb.body.errors?.[0]?.message).toContain("at most 5 per request");
  });

  it("counts the work of each expensive root in the cost, so cheap pages do not hide it", async () => {
    const costly = await post(server, token, { query: `query { search(query: "x", first: 0) { totalCount } }` });
    expect(costly.body.errors).toBeUndefined();
    const strict = await startTestServer({ GRAPHQL_MAX_COST: String(EXPENSIVE_ROOTS.search!) });
    try {
      const strictToken = (await strict.tenant("acme")).token;
      const refused = await post(strict, strictToken, { query: `query { search(query: "x", first: 0) { totalCount } }` });
      expect(refused.status).toBe(400);
      expect(refused.body.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", cost: EXPENSIVE_ROOTS.search! + 2, limit: EXPENSIVE_ROOTS.search });
      // A plain field stays cheap.
      expect((await post(strict, strictToken, { query: "{ viewer { role } }" })).status).toBe(200);
    } finally {
      await strict.stop();
    }
  });

  it("costs every other root field its database statement, so thousands of aliased lookups are refused", async () => {
    const within = Math.floor(server.config.graphql.maxCost / (ROOT_STATEMENT_WORK + 1));
    expect((await post(server, token, { query: aliases(100, () => "unreadNotificationCount") })).status).toBe(200);
    const flood = await post(server, token, { query: aliases(within + 1, () => "unreadNotificationCount") });
    expect(flood.status).toBe(400);
    expect(flood.body.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", cost: (within + 1) * (ROOT_STATEMENT_WORK + 1), limit: server.config.graphql.maxCost });
    // Introspection costs nothing extra.
    expect((await post(server, token, { query: aliases(5000, () => "__typename") })).status).toBe(200);
  });

  it("answers a cost-limit refusal with 400, not 500", async () => {
    const costly = await post(server, token, { query: `{ assets(first: 500) { nodes { columns { name description dataType tags meta } owners { email name } tests { name } upstream { name } downstream { name } } } }` });
    expect(costly.status).toBe(400);
    expect(costly.body.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", limit: server.config.graphql.maxCost });
  });

  it(`answers a query of more than ${MAX_QUERY_NODES} fields with 400 naming the limit`, async () => {
    const huge = await post(server, token, { query: aliases(MAX_QUERY_NODES + 1, () => "__typename") });
    expect(huge.status).toBe(400);
    expect(huge.body.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", limit: MAX_QUERY_NODES });
    expect(huge.body.errors?.[0]?.message).toContain(`more than ${MAX_QUERY_NODES} fields`);
  });

  it("answers variable coercion errors with 400 BAD_USER_INPUT naming the variable", async () => {
    const cases: [string, Record<string, unknown>, string][] = [
      [`query($first: Int) { assets(first: $first) { totalCount } }`, { first: "abc" }, '"$first"'],
      [`query($kinds: [AssetKind!]) { assets(filter: { kinds: $kinds }) { totalCount } }`, { kinds: ["KING"] }, '"$kinds"'],
      [
        `mutation($input: SubmitManifestInput!) { submitManifest(input: $input) { status } }`,
        { input: { project: "p", manifest: null } },
        '"$input"',
      ],
    ];
    for (const [query, variables, named] of cases) {
      const answer = await post(server, token, { query, variables });
      expect(answer.status, query).toBe(400);
      expect(answer.body.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
      expect(answer.body.errors?.[0]?.message).toContain(named);
      // A client that asks for plain JSON gets its request errors with 200 (GraphQL over HTTP).
      const legacy = await post(server, token, { query, variables }, { accept: "application/json" });
      expect(legacy.status).toBe(200);
      expect(legacy.body.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    }
    const manifestNull = await post(server, token, { query: cases[2]![0], variables: cases[2]![1] });
    expect(manifestNull.body.errors?.[0]?.message).toContain("manifest");
  });
});

describe("expensive roots, tenant slots and the time budget", () => {
  let server: TestServer;
  let acme: string;
  let globex: string;
  let ordersId: string;

  beforeAll(async () => {
    server = await startTestServer({ GRAPHQL_MAX_EXPENSIVE_ROOTS: "1", GRAPHQL_TENANT_CONCURRENCY: "1", GRAPHQL_TENANT_QUEUE: "0" });
    acme = (await server.tenant("acme")).token;
    globex = (await server.tenant("globex")).token;
    for (const slug of ["acme", "globex"]) {
      const ctx = await operatorContext(server.database.db.prisma, slug);
      await ingestManifest(ctx, { project: "jaffle", mode: "apply", ...jaffle });
    }
    const ctx = await operatorContext(server.database.db.prisma, "acme");
    ordersId = toGlobalId("Asset", (await ctx.db.asset.findFirstOrThrow({ where: { uniqueId: "model.jaffle_shop.orders" } })).id);
  });
  afterAll(() => server.stop());

  it.each(Object.keys(EXPENSIVE_ROOTS))("counts %s as an expensive root", async (root) => {
    const one = await post(server, acme, { query: `{ ${rootCall(root, ordersId)} }` });
    expect(one.body.errors).toBeUndefined();
    const two = await post(server, acme, { query: `{ a: ${rootCall(root, ordersId)} b: ${rootCall(root, ordersId)} }` });
    expect(two.status).toBe(400);
    expect(two.body.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", expensiveRoots: 2, limit: 1 });
  });

  it("counts expensive roots inside fragments and leaves skipped ones out", async () => {
    const search = rootCall("search", ordersId);
    const inFragment = await post(server, acme, { query: `{ a: ${search} ...More } fragment More on Query { b: ${search} }` });
    expect(inFragment.body.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", expensiveRoots: 2 });
    const skipped = await post(server, acme, { query: `{ a: ${search} b: search(query: "x") @skip(if: true) { totalCount } }` });
    expect(skipped.body.errors).toBeUndefined();
  });

  it("refuses a tenant's expensive request beyond its slots with 429, while another tenant's go through", async () => {
    // Concurrency 1 and no queue: in a burst of one tenant's searches, those arriving while
    // another runs are refused; the other tenant's, sent in the same bursts, never are.
    const statuses = { acme: new Map<number, number>(), globex: new Map<number, number>() };
    let refusal: Answer | undefined;
    for (let burst = 0; burst < 20 && !refusal; burst++) {
      const answers = await Promise.all([
        ...Array.from({ length: 6 }, (_, i) => post(server, acme, { query: `{ search(query: "order ${burst} ${i}") { totalCount hits { snippet } } }` }).then((a) => ["acme", a] as const)),
        post(server, globex, { query: `{ search(query: "order ${burst}") { totalCount } }` }).then((a) => ["globex", a] as const),
      ]);
      for (const [tenant, answer] of answers) {
        statuses[tenant].set(answer.status, (statuses[tenant].get(answer.status) ?? 0) + 1);
        if (tenant === "acme" && answer.status === 429) refusal = answer;
      }
    }
    expect(refusal?.body.errors?.[0]?.extensions).toMatchObject({ code: "TOO_MANY_REQUESTS", concurrency: 1, queue: 0 });
    expect([...statuses.globex.keys()]).toEqual([200]);
    // Cheap requests take no slot.
    const cheap = await Promise.all(Array.from({ length: 6 }, () => post(server, acme, { query: "{ viewer { role } }" })));
    expect(cheap.map((answer) => answer.status)).toEqual(Array(6).fill(200));
  });
});

describe("the time budget", () => {
  let server: TestServer;
  let token: string;

  beforeAll(async () => {
    server = await startTestServer({ GRAPHQL_TIME_BUDGET_MS: "1", GRAPHQL_TENANT_CONCURRENCY: "1", GRAPHQL_TENANT_QUEUE: "0" });
    token = (await server.tenant("acme")).token;
    const ctx = await operatorContext(server.database.db.prisma, "acme");
    await ingestManifest(ctx, { project: "jaffle", mode: "apply", ...jaffle });
  });
  afterAll(() => server.stop());

  it("stops a query that runs past it, answering 503 TIME_BUDGET_EXCEEDED once, and frees the tenant's slot", async () => {
    const query = aliases(5, (i) => `search(query: "order ${i}", first: 100) { totalCount hits { snippet asset { name columns { name } } } }`);
    const answer = await post(server, token, { query });
    expect(answer.status).toBe(503);
    expect(answer.body.data).toBeUndefined();
    expect(answer.body.errors).toEqual([{ message: expect.stringContaining("time budget of 1 ms"), extensions: { code: "TIME_BUDGET_EXCEEDED", budgetMs: 1 } }]);
    // The slot was given back: with one slot and no queue, the next expensive request is not refused.
    const next = await post(server, token, { query });
    expect(next.status).toBe(503);
    // Mutations have no budget.
    const mutation = await post(server, token, { query: `mutation { createApiToken(input: { name: "ci", role: CI }) { secret } }` });
    expect(mutation.body.errors).toBeUndefined();
  });
});
