/** search and autocomplete over HTTP on the dbt fixtures, with filters, facets and tenancy. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingestManifest } from "../../src/services/ingest/ingestManifest.js";
import { operatorContext } from "../../src/services/tenants.js";
import { markCatalogChanged } from "../../src/services/catalogRevision.js";
import { readFixture } from "../support/fixtureDocs.js";
import { startTestServer, type TestServer } from "../support/server.js";

type Hit = { score: number; kind: string; snippet: string; asset: { uniqueId: string; name: string } | null; column: { name: string } | null; owner: { email: string } | null };
type Facet = { value: string; count: number };
type Results = { search: { totalCount: number; hits: Hit[]; facets: Record<"kinds" | "layers" | "projects" | "owners" | "tags", Facet[]>; pageInfo: { hasNextPage: boolean; endCursor: string | null } } };

const SEARCH = `query($q: String!, $filter: SearchFilter, $first: Int, $after: String) {
  search(query: $q, filter: $filter, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    hits { score kind snippet asset { uniqueId name } column { name } owner { email } }
    facets { kinds { value count } layers { value count } projects { value count } owners { value count } tags { value count } } } }`;

describe("search over HTTP", () => {
  let server: TestServer;
  let acme: string;
  let globex: string;

  beforeAll(async () => {
    server = await startTestServer();
    acme = (await server.tenant("acme")).token;
    globex = (await server.tenant("globex")).token;
    const ctx = await operatorContext(server.database.db.prisma, "acme");
    await ingestManifest(ctx, { project: "jaffle", mode: "apply", ...readFixture(["jaffle_shop_duckdb", "base"]) });
    await ingestManifest(ctx, { project: "hubspot", mode: "apply", ...readFixture(["fivetran_hubspot"]) });
    const owner = await ctx.db.owner.create({ data: { tenantId: ctx.tenant.id, key: "dana@example.com", email: "dana@example.com", name: "Dana Scully" } });
    const segments = (await ctx.db.asset.findFirst({ where: { uniqueId: "model.jaffle_shop.customer_segments" } }))!;
    await ctx.db.assetOwner.create({ data: { tenantId: ctx.tenant.id, assetId: segments.id, ownerId: owner.id, source: "API" } });
    // Written past the services, which move the revision: the index an applied post warmed is stale now.
    await markCatalogChanged(ctx.db, ctx.tenant.id, "catalog");
    // globex has only a removed copy of a jaffle-like model: never found, in any tenant.
    const other = await operatorContext(server.database.db.prisma, "globex");
    const project = await other.db.project.create({ data: { tenantId: other.tenant.id, name: "p" } });
    await other.db.asset.create({
      data: { tenantId: other.tenant.id, projectId: project.id, uniqueId: "model.p.lifetime_value_gone", name: "lifetime_value_gone", kind: "MODEL", contentHash: "x", removedAt: new Date() },
    });
    await other.db.asset.create({
      data: { tenantId: other.tenant.id, projectId: project.id, uniqueId: "model.p.globex_only", name: "globex_only", kind: "MODEL", description: "Customer lifetime value for globex", contentHash: "y" },
    });
  });
  afterAll(() => server.stop());

  const search = async (token: string, variables: Record<string, unknown>): Promise<Results["search"]> => {
    const { body } = await server.graphql<Results>(token, SEARCH, variables);
    expect(body.errors).toBeUndefined();
    return body.data!.search;
  };

  it("finds a column by its described business term, with its model, first", async () => {
    const result = await search(acme, { q: "lifetime value" });
    expect(result.hits[0]).toMatchObject({ kind: "COLUMN", column: { name: "customer_lifetime_value" }, asset: { uniqueId: "model.jaffle_shop.customer_segments" } });
    expect(result.hits[0]!.snippet).toContain("<mark>");
    // Another tenant's (and removed) rows never show up.
    expect(result.hits.map((h) => h.asset?.name)).not.toContain("globex_only");
    const days = await search(acme, { q: "days between orders" });
    expect(days.hits[0]).toMatchObject({ kind: "COLUMN", column: { name: "avg_days_between_orders" }, asset: { uniqueId: "model.jaffle_shop.customer_order_pattern" } });
  });

  it("ranks exact names over prefixes over words over descriptions, and tolerates typos", async () => {
    const exact = await search(acme, { q: "orders" });
    expect(exact.hits[0]).toMatchObject({ kind: "ASSET", asset: { uniqueId: "model.jaffle_shop.orders" } });
    expect(exact.hits[0]!.score).toBeGreaterThanOrEqual(1000);
    const prefix = await search(acme, { q: "customer_lifet" });
    expect(prefix.hits[0]).toMatchObject({ column: { name: "customer_lifetime_value" } });
    expect(prefix.hits[0]!.score).toBeGreaterThanOrEqual(500);
    const scores = exact.hits.map((h) => h.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    // "total" appears only in descriptions of some columns and in names of others.
    const total = await search(acme, { q: "total", first: 100, filter: { projects: ["jaffle"] } });
    const nameHit = total.hits.findIndex((h) => h.column?.name === "total_order_amount");
    const descriptionOnly = total.hits.findIndex((h) => h.column?.name === "customer_lifetime_value");
    expect(nameHit).toBeGreaterThanOrEqual(0);
    expect(descriptionOnly).toBeGreaterThan(nameHit);
    const typo = await search(acme, { q: "custmer_lifetime_valeu" });
    expect(typo.hits[0]).toMatchObject({ column: { name: "customer_lifetime_value" } });
    expect(typo.hits[0]!.score).toBeLessThan(100);
  });

  it("filters, counts facets over all hits and pages without overlap", async () => {
    const all = await search(acme, { q: "customer", first: 100 });
    const assetHits = all.hits.filter((h) => h.asset).length;
    expect(all.totalCount).toBe(all.hits.length);
    expect(all.facets.kinds.reduce((sum, f) => sum + f.count, 0)).toBe(assetHits);
    expect(all.facets.projects.map((f) => f.value).sort()).toEqual(["hubspot", "jaffle"]);
    expect(all.facets.owners).toContainEqual({ value: "dana@example.com", count: expect.any(Number) as number });
    const jaffleOnly = await search(acme, { q: "customer", first: 100, filter: { projects: ["jaffle"], layers: ["MART"] } });
    expect(jaffleOnly.totalCount).toBeGreaterThan(0);
    expect(jaffleOnly.facets.projects).toEqual([{ value: "jaffle", count: jaffleOnly.totalCount }]);
    expect(jaffleOnly.facets.layers).toEqual([{ value: "MART", count: jaffleOnly.totalCount }]);
    const owned = await search(acme, { q: "customer", filter: { owners: ["DANA@example.com"] } });
    expect(new Set(owned.hits.map((h) => h.asset!.uniqueId))).toEqual(new Set(["model.jaffle_shop.customer_segments"]));
    const tested = await search(acme, { q: "customer_id", first: 100, filter: { hasTests: true } });
    expect(tested.hits.length).toBeGreaterThan(0);
    expect(tested.hits.length).toBeLessThan((await search(acme, { q: "customer_id", first: 100 })).hits.length);

    const first = await search(acme, { q: "customer", first: 5 });
    const second = await search(acme, { q: "customer", first: 5, after: first.pageInfo.endCursor });
    const key = (h: Hit) => `${h.kind}:${h.asset?.uniqueId}:${h.column?.name}:${h.owner?.email}`;
    expect([...first.hits, ...second.hits].map(key)).toEqual(all.hits.slice(0, 10).map(key));
  });

  it("finds owners by name and never another tenant's rows", async () => {
    const people = await search(acme, { q: "scully" });
    expect(people.hits).toEqual([expect.objectContaining({ kind: "OWNER", owner: { email: "dana@example.com" }, asset: null })]);
    const theirs = await search(globex, { q: "lifetime value" });
    expect(theirs.hits.map((h) => h.asset?.uniqueId)).toEqual(["model.p.globex_only"]);
    const mine = await search(acme, { q: "globex" });
    expect(mine.totalCount).toBe(0);
  });

  it("autocompletes asset and column names by prefix", async () => {
    const { body } = await server.graphql<{ autocomplete: { text: string; kind: string; asset: { uniqueId: string } | null }[] }>(
      acme,
      `{ autocomplete(prefix: "Customer_", first: 10) { text kind asset { uniqueId } } }`,
    );
    expect(body.errors).toBeUndefined();
    const suggestions = body.data!.autocomplete;
    expect(suggestions).toContainEqual({ text: "customer_segments", kind: "ASSET", asset: { uniqueId: "model.jaffle_shop.customer_segments" } });
    expect(suggestions).toContainEqual({ text: "customer_lifetime_value", kind: "COLUMN", asset: null });
    expect(suggestions.every((s) => s.text.toLowerCase().startsWith("customer_"))).toBe(true);
    // Distinct column names: customer_id is in many models but suggested once.
    expect(suggestions.filter((s) => s.text === "customer_id" && s.kind === "COLUMN")).toHaveLength(1);
    const theirs = await server.graphql<{ autocomplete: { text: string }[] }>(globex, `{ autocomplete(prefix: "customer") { text } }`);
    expect(theirs.body.data!.autocomplete).toEqual([]);
  });

  it("refuses empty queries and oversized pages as bad input", async () => {
    for (const variables of [{ q: "  ?! " }, { q: "orders", first: 101 }]) {
      const { body } = await server.graphql(acme, SEARCH, variables);
      expect(body.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    }
  });
});
