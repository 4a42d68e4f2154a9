/**
 * An applied post builds the tenant's search index in the background, so the first search after
 * it finds the index built (at 200,000 definitions a first build takes seconds).
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { TenantContext } from "../../src/services/actor.js";
import { ingestManifest } from "../../src/services/ingest/ingestManifest.js";
import { search } from "../../src/services/search/search.js";
import { searchIndexStats } from "../../src/services/search/searchIndexes.js";
import { createTenant, operatorContext } from "../../src/services/tenants.js";
import { createTestDatabase, type TestDatabase } from "../support/db.js";

const manifest = (names: string[]) => ({
  format: "tributary/v1",
  project: "shop",
  models: names.map((name) => ({ name, sql: "select 1 as id", layer: "staging", description: `The ${name} of the shop.` })),
});

describe("search index warm-up", () => {
  let database: TestDatabase;
  let ctx: TenantContext;

  beforeAll(async () => {
    database = await createTestDatabase();
    await createTenant(database.db.prisma, { slug: "warm" });
    ctx = await operatorContext(database.db.prisma, "warm");
  });
  afterAll(() => database.dispose());

  it("builds the index after an applied post, and the next search uses it", async () => {
    const before = searchIndexStats();
    await ingestManifest(ctx, { project: "shop", mode: "apply", manifest: manifest(["orders"]) });
    await vi.waitFor(() => expect(searchIndexStats().builds).toBe(before.builds + 1), { timeout: 20_000 });
    const found = await search(ctx, { query: "orders" }, { skip: 0, take: 20 });
    expect(found.hits.map((hit) => hit.kind)).toContain("ASSET");
    // No build of its own: the search waited on (or found) the one the post started.
    expect(searchIndexStats()).toMatchObject({ builds: before.builds + 1, hits: before.hits + 1 });

    // The next post moves the revision: built again without a search, with what it added.
    await ingestManifest(ctx, { project: "shop", mode: "apply", manifest: manifest(["orders", "payments"]) });
    await vi.waitFor(() => expect(searchIndexStats().builds).toBe(before.builds + 2), { timeout: 20_000 });
    const payments = await search(ctx, { query: "payments" }, { skip: 0, take: 20 });
    expect(payments.hits.some((hit) => hit.kind === "ASSET")).toBe(true);
    expect(searchIndexStats().builds).toBe(before.builds + 2);
  });
});
