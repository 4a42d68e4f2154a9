/**
 * The response cache over HTTP: a repeated catalog question is answered from it until any
 * write through the API (or an ingest) moves the tenant's catalog revision; answers of other
 * tenants, roles, people and operations are never served from it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toGlobalId } from "../../src/graphql/globalId.js";
import type { TenantContext } from "../../src/services/actor.js";
import { ingestManifest } from "../../src/services/ingest/ingestManifest.js";
import { operatorContext } from "../../src/services/tenants.js";
import { readFixture } from "../support/fixtureDocs.js";
import { startTestServer, type TestServer } from "../support/server.js";

const jaffle = readFixture(["jaffle_shop_duckdb", "base"]);

const IMPACT = `query($id: ID!) { impact(assetId: $id) { totalCount groups { assets { asset { uniqueId } owners { email } subscribers { email } } } } }`;

type ImpactAnswer = { impact: { totalCount: number; groups: { assets: { asset: { uniqueId: string }; owners: { email: string }[]; subscribers: { email: string }[] }[] }[] } };

describe("response cache", () => {
  let server: TestServer;
  let acme: string;
  let globex: string;
  let ctx: TenantContext;
  let orders: string;

  /** POSTs like server.graphql, but answers the cache header too. */
  async function ask<T>(token: string, query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}, base = server.url) {
    const response = await fetch(`${base}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}`, ...headers },
      body: JSON.stringify({ query, variables }),
    });
    const text = await response.text();
    return { cache: response.headers.get("tributary-cache"), text, body: JSON.parse(text) as { data?: T; errors?: { extensions: { code: string } }[] } };
  }
  const impactOf = (token: string, headers: Record<string, string> = {}) => ask<ImpactAnswer>(token, IMPACT, { id: orders }, headers);
  const peopleIn = (answer: ImpactAnswer) =>
    answer.impact.groups.flatMap((g) => g.assets).flatMap((a) => [...a.owners.map((o) => `owner:${o.email}`), ...a.subscribers.map((s) => `subscriber:${s.email}`)]);

  beforeAll(async () => {
    server = await startTestServer();
    acme = (await server.tenant("acme")).token;
    globex = (await server.tenant("globex")).token;
    ctx = await operatorContext(server.database.db.prisma, "acme");
    await ingestManifest(ctx, { project: "jaffle", mode: "apply", ...jaffle });
    const stagingOrders = await ctx.db.asset.findFirstOrThrow({ where: { uniqueId: "model.jaffle_shop.stg_orders" } });
    orders = toGlobalId("Asset", stagingOrders.id);
  });
  afterAll(() => server.stop());

  it("answers a repeated question from the cache, byte for byte, until a write moves the catalog revision", async () => {
    const first = await impactOf(acme);
    expect(first.body.errors).toBeUndefined();
    expect(first.cache).toBe("miss");
    const again = await impactOf(acme);
    expect(again.cache).toBe("hit");
    expect(again.text).toBe(first.text);

    // An owner set through the API: the next impact shows her.
    const customers = await ctx.db.asset.findFirstOrThrow({ where: { uniqueId: "model.jaffle_shop.customers" } });
    const owners = await ask(acme, `mutation($input: SetAssetOwnersInput!) { setAssetOwners(input: $input) { asset { name } } }`, {
      input: { assetId: toGlobalId("Asset", customers.id), owners: [{ email: "ana@jaffle.test" }] },
    });
    expect(owners.cache).toBe("bypass");
    const afterOwners = await impactOf(acme);
    expect(afterOwners.cache).toBe("miss");
    expect(peopleIn(afterOwners.body.data!)).toContain("owner:ana@jaffle.test");

    // A subscription by a token acting for a person.
    const token = await ask<{ createApiToken: { secret: string } }>(acme, `mutation { createApiToken(input: { name: "bo", role: READER, ownerEmail: "bo@jaffle.test" }) { secret } }`);
    const bo = token.body.data!.createApiToken.secret;
    await ask(bo, `mutation($id: ID!) { subscribe(assetId: $id) { asset { name } } }`, { id: toGlobalId("Asset", customers.id) });
    const afterSubscription = await impactOf(acme);
    expect(afterSubscription.cache).toBe("miss");
    expect(peopleIn(afterSubscription.body.data!)).toContain("subscriber:bo@jaffle.test");
    // The asset itself lists its subscribers too (the web app's asset page).
    const subscribed = await ask<{ asset: { subscribers: { email: string }[] } }>(acme, `{ asset(uniqueId: "model.jaffle_shop.customers") { subscribers { email } } }`);
    expect(subscribed.body.data!.asset.subscribers).toEqual([{ email: "bo@jaffle.test" }]);

    // An applied post that adds a model downstream.
    const manifest = structuredClone(jaffle.manifest) as { nodes: Record<string, Record<string, unknown>> };
    const model = structuredClone(manifest.nodes["model.jaffle_shop.orders"]!);
    manifest.nodes["model.jaffle_shop.orders_by_day"] = {
      ...model,
      unique_id: "model.jaffle_shop.orders_by_day",
      name: "orders_by_day",
      alias: "orders_by_day",
      path: "orders_by_day.sql",
      original_file_path: "models/orders_by_day.sql",
      raw_code: "select * from {{ ref('orders') }}",
      depends_on: { nodes: ["model.jaffle_shop.orders"], macros: [] },
    };
    expect((await ingestManifest(ctx, { project: "jaffle", mode: "apply", ...jaffle, manifest })).status).toBe("APPLIED");
    const afterPost = await impactOf(acme);
    expect(afterPost.cache).toBe("miss");
    expect(afterPost.body.data!.impact.totalCount).toBe(first.body.data!.impact.totalCount + 1);
  });

  it("keeps tenants and roles apart: the same body answers each from its own catalog", async () => {
    const search = `{ search(query: "orders") { totalCount } }`;
    const mine = await ask<{ search: { totalCount: number } }>(acme, search);
    expect(mine.body.data!.search.totalCount).toBeGreaterThan(0);
    expect((await ask(acme, search)).cache).toBe("hit");
    const theirs = await ask<{ search: { totalCount: number } }>(globex, search);
    expect(theirs.cache).toBe("miss");
    expect(theirs.body.data!.search.totalCount).toBe(0);
    // Another tenant's asset id is not found, cached or not.
    const foreign = await impactOf(globex);
    expect(foreign.body.errors?.[0]?.extensions.code).toBe("NOT_FOUND");
    expect(foreign.cache).toBe("bypass");

    const reader = (await ask<{ createApiToken: { secret: string } }>(acme, `mutation { createApiToken(input: { name: "r", role: READER }) { secret } }`)).body.data!.createApiToken.secret;
    const asReader = await ask(reader, search);
    expect(asReader.cache).toBe("miss");
    expect(asReader.text).toBe(mine.text);
  });

  it("never stores answers about the caller, mutations or errors", async () => {
    for (const query of [`{ viewer { role } }`, `{ notifications { totalCount } }`, `{ lineage(assetId: "QXNzZXQ6bm9wZQ") { truncated } }`]) {
      expect((await ask(acme, query)).cache).toBe("bypass");
      expect((await ask(acme, query)).cache).toBe("bypass");
    }
  });

  it("computes anew when asked with Cache-Control: no-cache", async () => {
    await impactOf(acme);
    expect((await impactOf(acme)).cache).toBe("hit");
    expect((await impactOf(acme, { "cache-control": "no-cache" })).cache).toBe("miss");
  });

  it("is off with TRIBUTARY_RESPONSE_CACHE=0", async () => {
    const uncached = await startTestServer({ TRIBUTARY_RESPONSE_CACHE: "0" });
    try {
      const token = (await uncached.tenant("solo")).token;
      for (let i = 0; i < 2; i++) {
        const answer = await ask<{ search: { totalCount: number } }>(token, `{ search(query: "orders") { totalCount } }`, {}, {}, uncached.url);
        expect(answer.cache).toBeNull();
        expect(answer.body.data!.search.totalCount).toBe(0);
      }
    } finally {
      await uncached.stop();
    }
  });
});
