/**
 * Search through column definitions: shared definitions stored once, kept in step by ingestion,
 * the search index fresh after posts and API owner changes, and the migration that introduced
 * definitions backfilling existing columns with the ids ingestion computes.
 */
import { cpSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { columnDefinitionId } from "../../src/core/manifest/index.js";
import { PRISMA_DIR, deployMigrations } from "../../src/db/migrations.js";
import { openPGlite } from "../../src/db/pglite.js";
import type { TenantContext } from "../../src/services/actor.js";
import { setAssetOwners } from "../../src/services/changes/ownership.js";
import { ingestManifest } from "../../src/services/ingest/ingestManifest.js";
import { autocomplete } from "../../src/services/search/autocomplete.js";
import { search } from "../../src/services/search/search.js";
import { createTenant, operatorContext } from "../../src/services/tenants.js";
import { createTestDatabase, type TestDatabase } from "../support/db.js";

const CUSTOMER_ID = "Identifier of the customer who placed the order.";

/** Staging models: removing a column there needs no approval, so every post applies. */
function manifest(options: { paymentsDescription?: string; withLegacyCode?: boolean } = {}) {
  return {
    format: "tributary/v1",
    project: "shop",
    models: [
      {
        name: "orders",
        layer: "staging",
        sql: "select 1 as customer_id",
        columns: [
          { name: "customer_id", description: CUSTOMER_ID },
          ...(options.withLegacyCode ? [{ name: "legacy_zebra_code", description: "Old code." }] : []),
        ],
      },
      { name: "payments", layer: "staging", sql: "select 1 as customer_id", columns: [{ name: "customer_id", description: options.paymentsDescription ?? CUSTOMER_ID }] },
      { name: "refunds", layer: "staging", sql: "select 1 as customer_id", columns: [{ name: "customer_id", description: CUSTOMER_ID }] },
    ],
  };
}

describe("search over column definitions", () => {
  let database: TestDatabase;
  let ctx: TenantContext;
  const post = (body: ReturnType<typeof manifest>) => ingestManifest(ctx, { project: "shop", mode: "apply", manifest: body });
  const columnHits = async (query: string, filter = {}) =>
    (await search(ctx, { query, filter }, { skip: 0, take: 20 })).hits.filter((h) => h.kind === "COLUMN");
  const assetNames = async (hits: { assetId: string | null }[]) => {
    const assets = await ctx.db.asset.findMany({ where: { id: { in: hits.map((h) => h.assetId!) } } });
    return hits.map((h) => assets.find((a) => a.id === h.assetId)!.name).sort();
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    await createTenant(database.db.prisma, { slug: "acme" });
    ctx = await operatorContext(database.db.prisma, "acme");
    await post(manifest({ withLegacyCode: true }));
  });
  afterAll(() => database.dispose());

  it("stores a definition repeated by several models once and finds every column that has it", async () => {
    const definitions = await ctx.db.columnDefinition.findMany({ where: { name: "customer_id" } });
    expect(definitions).toHaveLength(1);
    expect(definitions[0]!.id).toBe(columnDefinitionId("customer_id", CUSTOMER_ID));
    const hits = await columnHits("placed the order");
    expect(await assetNames(hits)).toEqual(["orders", "payments", "refunds"]);
    const columns = await ctx.db.column.findMany({ where: { id: { in: hits.map((h) => h.columnId!) } } });
    expect(columns.map((c) => c.name)).toEqual(["customer_id", "customer_id", "customer_id"]);
    expect(hits[0]!.snippet).toContain("<mark>placed</mark>");
  });

  it("follows a changed description and a removed column on the next post", async () => {
    expect((await autocomplete(ctx, "legacy_z")).map((s) => s.text)).toEqual(["legacy_zebra_code"]);
    const applied = await post(manifest({ paymentsDescription: "Who paid: the customer's identifier." }));
    expect(applied.status).toBe("APPLIED");
    expect(await assetNames(await columnHits("placed the order"))).toEqual(["orders", "refunds"]);
    expect(await assetNames(await columnHits("who paid"))).toEqual(["payments"]);
    expect(await columnHits("zebra")).toEqual([]);
    // The definition stays (it is content), but nothing live uses it: no suggestion.
    expect(await ctx.db.columnDefinition.count({ where: { name: "legacy_zebra_code" } })).toBe(1);
    expect(await autocomplete(ctx, "legacy_z")).toEqual([]);
  });

  it("sees owners set through the API in the next search", async () => {
    expect(await columnHits("placed the order", { owners: ["dana@example.com"] })).toEqual([]);
    const refunds = (await ctx.db.asset.findFirst({ where: { name: "refunds" } }))!;
    await setAssetOwners(ctx, refunds.id, [{ email: "dana@example.com" }]);
    const owned = await search(ctx, { query: "placed the order", filter: { owners: ["DANA@example.com"] } }, { skip: 0, take: 20 });
    expect(await assetNames(owned.hits.filter((h) => h.kind === "COLUMN"))).toEqual(["refunds"]);
    expect(owned.facets.owners).toEqual([{ value: "dana@example.com", count: 1 }]);
  });
});

describe("migration column_definitions", () => {
  const scratch = mkdtempSync(join(tmpdir(), "tributary-definitions-"));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it("gives existing columns the definition ids ingestion computes, one definition per distinct text", async () => {
    const all = readdirSync(join(PRISMA_DIR, "migrations")).filter((name) => /^\d+_/.test(name)).sort();
    const before = join(scratch, "before");
    for (const name of all.filter((n) => n < "20261122110000")) cpSync(join(PRISMA_DIR, "migrations", name), join(before, name), { recursive: true });
    const client = await openPGlite();
    try {
      await deployMigrations({ kind: "pglite", client }, before);
      await client.exec(`
        INSERT INTO "Tenant" ("id", "slug", "name") VALUES ('t1', 't1', 'T1');
        INSERT INTO "Project" ("tenantId", "id", "name", "updatedAt") VALUES ('t1', 'p1', 'shop', now());
        INSERT INTO "Asset" ("tenantId", "id", "projectId", "uniqueId", "name", "kind", "contentHash") VALUES ('t1', 'a1', 'p1', 'model.shop.a', 'a', 'MODEL', 'x'), ('t1', 'a2', 'p1', 'model.shop.b', 'b', 'MODEL', 'y');`);
      const columns: [string, string, string, string | null][] = [
        ["c1", "a1", "customer_id", "The customer."],
        ["c2", "a2", "customer_id", "The customer."],
        ["c3", "a1", "naïve_größe 🚀", "Ünïcödé: 🚀"],
        ["c4", "a1", "blank", "   "],
        ["c5", "a2", "blank", null],
        ["c6", "a2", "ab", "c"],
        ["c7", "a1", "a", "bc"],
      ];
      for (const [id, assetId, name, description] of columns) {
        await client.query(`INSERT INTO "Column" ("tenantId", "id", "assetId", "name", "description") VALUES ('t1', $1, $2, $3, $4)`, [id, assetId, name, description]);
      }
      await deployMigrations({ kind: "pglite", client });
      const stored = (await client.query<{ id: string; definitionId: string }>(`SELECT "id", "definitionId" FROM "Column" ORDER BY "id"`)).rows;
      expect(stored).toEqual(columns.map(([id, , name, description]) => ({ id, definitionId: columnDefinitionId(name, description) })));
      const definitions = (await client.query<{ name: string; description: string | null }>(`SELECT "name", "description" FROM "ColumnDefinition" ORDER BY "name", "description"`)).rows;
      expect(definitions).toEqual([
        { name: "a", description: "bc" },
        { name: "ab", description: "c" },
        { name: "blank", description: null },
        { name: "customer_id", description: "The customer." },
        { name: "naïve_größe 🚀", description: "Ünïcödé: 🚀" },
      ]);
    } finally {
      await client.close();
    }
  });
});
