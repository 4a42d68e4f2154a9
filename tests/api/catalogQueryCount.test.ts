/**
 * No N+1: the per-asset fields of a page of assets cost the same number of SQL statements
 * whatever the page size. The server runs on a Prisma client built here with query events
 * on, over the test database, and the statements of each request are counted.
 */
import type { AddressInfo } from "node:net";
import { PrismaPg } from "@prisma/adapter-pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { PrismaClient } from "../../src/generated/prisma/client.js";
import { tributarySchema } from "../../src/graphql/schema.js";
import { createHttpApp, type HttpApp } from "../../src/http/app.js";
import { createLogger } from "../../src/logger.js";
import { ingestManifest } from "../../src/services/ingest/ingestManifest.js";
import { createTenant, operatorContext } from "../../src/services/tenants.js";
import { createTestDatabase, type TestDatabase } from "../support/db.js";
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
    const target = database.db.migrationTarget;
    const adapter = target.kind === "pgliteThread" ? target.thread.adapterFactory() : new PrismaPg({ connectionString: database.url! });
    const client = new PrismaClient({ adapter, log: [{ emit: "event", level: "query" }] as const });
    client.$on("query", (event) => statements.push(event.query));
    prisma = client;
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

  /**
   * Runs the page query; answers the SQL statements it took beyond authentication (the token
   * look-up, and its lastUsedAt update once a minute, are the same for every request).
   */
  async function countFor(first: number) {
    statements.length = 0;
    const response = await fetch(`${url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: PAGE_QUERY, variables: { first } }),
    });
    const body = (await response.json()) as { data?: { assets: { totalCount: number; nodes: { upstream: unknown[]; columns: unknown[] }[] } }; errors?: unknown };
    expect(body.errors).toBeUndefined();
    // Authentication: one SELECT of the token with its tenant, and an UPDATE of lastUsedAt at most once a minute.
    const catalog = statements.filter((sql) => !/^\s*(SELECT .* FROM "ApiToken" t JOIN "Tenant"|UPDATE "public"\."ApiToken")/s.test(sql));
    return { count: catalog.length, statements: catalog, assets: body.data!.assets };
  }

  it("runs the same few statements for a page of 5 and a page of 50 hubspot models", async () => {
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
});
