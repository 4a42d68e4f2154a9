/**
 * No N+1: the per-asset fields of a page of assets cost the same number of SQL statements
 * whatever the page size. The server runs on a Prisma client built here with query events
 * on, over the test database, and the statements of each request are counted.
 */
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { PrismaClient } from "../../src/generated/prisma/client.js";
import { tributarySchema } from "../../src/graphql/schema.js";
import { createHttpApp, type HttpApp } from "../../src/http/app.js";
import { createLogger } from "../../src/logger.js";
import { createTerm } from "../../src/services/glossary/terms.js";
import { ingestManifest } from "../../src/services/ingest/ingestManifest.js";
import { createTenant, operatorContext } from "../../src/services/tenants.js";
import { authenticate } from "../../src/services/tokens.js";
import { createTestDatabase, statementLoggingClient, type TestDatabase } from "../support/db.js";
import { readFixture } from "../support/fixtureDocs.js";

const PAGE_QUERY = `query($first: Int) { assets(first: $first, filter: { project: "hubspot", kinds: [MODEL] }) { totalCount nodes {
  uniqueId project { name } columns { name } owners { email } tests { name lastResult { status } } upstream { uniqueId } downstream { uniqueId } } } }`;

describe("catalog API query count", () => {
  let database: TestDatabase;
  let prisma: PrismaClient;
  let app: HttpApp;
  let url: string;
  let token: string;
  const statements: string[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    prisma = statementLoggingClient(database, statements);
    app = await createHttpApp({
      db: { ...database.db, prisma },
      config: loadConfig({ PORT: "0", LOG_LEVEL: "silent" }),
      logger: createLogger("silent"),
      schema: await tributarySchema(),
    });
    await new Promise<void>((resolve) => app.server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    token = (await createTenant(prisma, { slug: "count" })).token;
    const ctx = await operatorContext(prisma, "count");
    await ingestManifest(ctx, { project: "hubspot", mode: "apply", ...readFixture(["fivetran_hubspot"]) });
    // Some results, so lastResult reads rows.
    const tests = await ctx.db.dataTest.findMany({ take: 20 });
    const version = await ctx.db.manifestVersion.findFirstOrThrow();
    await ctx.db.runResult.createMany({
      data: tests.map((t) => ({ tenantId: ctx.tenant.id, manifestVersionId: version.id, testId: t.id, status: "PASS" as const, at: new Date() })),
    });
  });
  afterAll(async () => {
    await app.apollo.stop();
    await prisma.$disconnect();
    await database.dispose();
  });

  type PageAnswer = { data?: { assets: { totalCount: number; nodes: { upstream: unknown[]; columns: unknown[] }[] } }; errors?: unknown };

  const askPage = (first: number) =>
    fetch(`${url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: PAGE_QUERY, variables: { first } }),
    });

  /** Authentication: one SELECT of tokens with their tenants, and an UPDATE of lastUsedAt at most once a minute. */
  const isTokenLookup = (sql: string) => /^\s*SELECT .* JOIN "ApiToken" t .* JOIN "Tenant"/s.test(sql);
  const catalogStatements = () => statements.filter((sql) => !isTokenLookup(sql) && !/^\s*UPDATE "public"\."ApiToken"/.test(sql));

  /**
   * Runs the page query; answers the SQL statements it took beyond authentication (the token
   * look-up, and its lastUsedAt update once a minute, are the same for every request).
   */
  async function countFor(first: number) {
    statements.length = 0;
    const body = (await (await askPage(first)).json()) as PageAnswer;
    expect(body.errors).toBeUndefined();
    const catalog = catalogStatements();
    return { count: catalog.length, statements: catalog, assets: body.data!.assets };
  }

  it("runs the same few statements for a page of 5 and a page of 50 hubspot models", async () => {
    // The first read of a lineage revision also loads the tenant's links and merged OpenLineage
    // datasets, which the neighbour fields use (kept per revision, as the lineage graphs are).
    await countFor(4);
    const small = await countFor(5);
    const large = await countFor(50);
    expect(large.assets.totalCount).toBe(154);
    expect(large.assets.nodes).toHaveLength(50);
    // The page really has something in each field, so the loaders had work to do.
    expect(large.assets.nodes.some((n) => n.upstream.length > 0)).toBe(true);
    expect(large.assets.nodes.some((n) => n.columns.length > 0)).toBe(true);
    expect(large.count).toBe(small.count);
    // assets + count, then one per field: project, columns, owners (links + people), tests,
    // upstream and downstream (edges + assets each), lastResult.
    expect(large.count).toBeLessThanOrEqual(12);
  });

  it("reads the owners of a page of glossary terms with one statement, whatever the page size", async () => {
    const ctx = await operatorContext(prisma, "count");
    for (const n of [1, 2, 3, 4, 5, 6]) await createTerm(ctx, { name: `Term ${n}`, definition: `The ${n}th.`, ownerEmail: `owner${n}@count.example` });
    const termsPage = async (first: number) => {
      statements.length = 0;
      const response = await fetch(`${url}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: `query($first: Int) { glossaryTerms(first: $first) { nodes { name owner { email } } } }`, variables: { first } }),
      });
      const body = (await response.json()) as { data?: { glossaryTerms: { nodes: { name: string; owner: { email: string } }[] } }; errors?: unknown };
      expect(body.errors).toBeUndefined();
      return { count: catalogStatements().length, terms: body.data!.glossaryTerms.nodes };
    };
    const small = await termsPage(2);
    const large = await termsPage(6);
    expect(large.terms.map((t) => t.owner.email)).toEqual([1, 2, 3, 4, 5, 6].map((n) => `owner${n}@count.example`));
    expect(large.count).toBe(small.count);
  });

  it("answers a burst of one question with one computation, then from the response cache", async () => {
    const once = (await countFor(6)).count;
    statements.length = 0;
    const burst = await Promise.all(Array.from({ length: 8 }, () => askPage(7)));
    const outcomes = burst.map((response) => response.headers.get("tributary-cache")).sort();
    expect(outcomes).toEqual(["hit", "hit", "hit", "hit", "hit", "hit", "hit", "miss"]);
    expect(new Set(await Promise.all(burst.map((response) => response.text()))).size).toBe(1);
    expect(catalogStatements()).toHaveLength(once);
  });

  it("authenticates the requests of one event-loop turn with one statement, each checked on its own", async () => {
    statements.length = 0;
    const forged = token.slice(0, -4) + (token.endsWith("AAAA") ? "BBBB" : "AAAA");
    const contexts = await Promise.all([token, token, forged, token].map((raw) => authenticate(prisma, raw)));
    expect(contexts.map((ctx) => ctx?.tenant.slug ?? null)).toEqual(["count", "count", null, "count"]);
    expect(statements.filter(isTokenLookup)).toHaveLength(1);
  });
  it("resolves a page of metric definitions, legacy and semantic, in as many statements as a few", async () => {
    const ctx = await operatorContext(prisma, "count");
    await ingestManifest(ctx, { project: "semantic", mode: "apply", ...readFixture(["..", "built", "semantic_layer_v12"]) });
    await ingestManifest(ctx, { project: "legacy", mode: "apply", ...readFixture(["..", "built", "metrics_legacy_v9"]) });
    const METRICS = `query($first: Int) { assets(first: $first, filter: { kinds: [METRIC] }) { totalCount nodes { uniqueId project { name }
      metricDefinition { formula inputMetrics { name metric { uniqueId } } measures { name columns { column } } columns { asset { uniqueId } column } usedBy { uniqueId } } } } }`;
    type MetricsAnswer = { assets: { totalCount: number; nodes: { uniqueId: string; metricDefinition: { formula: string; columns: unknown[]; inputMetrics: unknown[] } }[] } };
    const metricsPage = async (first: number) => {
      statements.length = 0;
      const response = await fetch(`${url}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${token}`, "cache-control": "no-cache" },
        body: JSON.stringify({ query: METRICS, variables: { first } }),
      });
      const body = (await response.json()) as { data?: MetricsAnswer; errors?: unknown };
      expect(body.errors).toBeUndefined();
      return { count: catalogStatements().length, metrics: body.data!.assets };
    };
    await metricsPage(1); // the first read of a revision also loads its lineage links
    const half = await metricsPage(6);
    const all = await metricsPage(11);
    expect(all.metrics.totalCount).toBe(11);
    expect(all.metrics.nodes).toHaveLength(11);
    // Metrics resolve down to columns (all but a count of rows), and the derived ones name their inputs, so each loader had work.
    expect(all.metrics.nodes.filter((n) => n.metricDefinition.columns.length > 0).length).toBeGreaterThanOrEqual(10);
    expect(all.metrics.nodes.filter((n) => n.metricDefinition.inputMetrics.length > 0).length).toBeGreaterThanOrEqual(3);
    // Both pages hold legacy and semantic metrics of both projects, derived ones among them; the
    // statements grow with the levels of inputs read apart, not with the metrics.
    expect(all.count).toBeLessThanOrEqual(half.count);
    expect(all.count).toBeLessThanOrEqual(20); // 79 when each metric read its own

  });
});
