import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inferMissingColumns } from "../../src/core/inference/inferColumns.js";
import { parseManifest, snapshotCounts, ownerKey } from "../../src/core/manifest/index.js";
import type { TenantContext } from "../../src/services/actor.js";
import { ingestManifest } from "../../src/services/ingest/ingestManifest.js";
import { operatorContext, createTenant } from "../../src/services/tenants.js";
import { createTestDatabase, type TestDatabase } from "../support/db.js";
import { DBT_FIXTURES, readFixture } from "../support/fixtureDocs.js";

/** Row counts of one project, straight from the tables. */
async function storedCounts(ctx: TenantContext, project: string) {
  const where = { project: { name: project }, removedAt: null };
  const byKind = async (kind: "MODEL" | "SOURCE" | "SEED" | "SNAPSHOT" | "EXPOSURE" | "METRIC" | "SEMANTIC_MODEL" | "SAVED_QUERY") =>
    ctx.db.asset.count({ where: { ...where, kind } });
  return {
    models: await byKind("MODEL"),
    sources: await byKind("SOURCE"),
    seeds: await byKind("SEED"),
    snapshots: await byKind("SNAPSHOT"),
    exposures: await byKind("EXPOSURE"),
    metrics: await byKind("METRIC"),
    semanticModels: await byKind("SEMANTIC_MODEL"),
    savedQueries: await byKind("SAVED_QUERY"),
    columns: await ctx.db.column.count({ where: { removedAt: null, asset: where } }),
    tests: await ctx.db.dataTest.count({ where: { removedAt: null, project: { name: project } } }),
    owners: (await ctx.db.assetOwner.findMany({ where: { asset: where }, select: { ownerId: true }, distinct: ["ownerId"] })).length,
    edges: await ctx.db.lineageEdge.count({ where: { to: { project: { name: project } }, origin: { in: ["DECLARED", "BOTH"] } } }),
  };
}

async function totalRows(ctx: TenantContext) {
  return Promise.all([
    ctx.db.asset.count(),
    ctx.db.column.count(),
    ctx.db.dataTest.count(),
    ctx.db.lineageEdge.count(),
    ctx.db.manifestVersion.count(),
    ctx.db.project.count(),
  ]);
}

describe("ingesting manifests", () => {
  let database: TestDatabase;
  let ctx: TenantContext;

  beforeAll(async () => {
    database = await createTestDatabase();
    await createTenant(database.db.prisma, { slug: "ingest" });
    ctx = await operatorContext(database.db.prisma, "ingest");
  });
  afterAll(() => database.dispose());

  it.each(DBT_FIXTURES)("stores exactly what $name says", async ({ name, dir }) => {
    const docs = readFixture(dir);
    const result = await ingestManifest(ctx, { project: name, mode: "apply", ...docs });
    expect(result.status).toBe("APPLIED");
    const parsed = parseManifest(docs);
    if (!parsed.ok) throw new Error(parsed.error.message);
    // Columns of models that list none are read from their SQL and stored too.
    inferMissingColumns(parsed.snapshot);
    const { runResults: _r, ...expected } = snapshotCounts(parsed.snapshot);
    expect(await storedCounts(ctx, name)).toEqual(expected);
    expect(result.counts.columns).toBe(expected.columns);
  });

  it.each([4, 5, 6, 7, 8, 9].map((v) => `metrics_legacy_v${v}`).concat([10, 11, 12].map((v) => `semantic_layer_v${v}`)))(
    "stores exactly what the metric fixture %s says, with a definition for every metric, semantic model, saved query and exposure",
    async (name) => {
      const docs = { manifest: JSON.parse(readFileSync(path.join(import.meta.dirname, "..", "fixtures", "built", name, "manifest.json"), "utf8")) as unknown };
      const result = await ingestManifest(ctx, { project: name, mode: "apply", ...docs });
      expect(result.status).toBe("APPLIED");
      const parsed = parseManifest(docs);
      if (!parsed.ok) throw new Error(parsed.error.message);
      const { runResults: _r, ...expected } = snapshotCounts(parsed.snapshot);
      expect(await storedCounts(ctx, name)).toEqual(expected);
      const definitions = await ctx.db.assetDefinition.count({ where: { asset: { project: { name } } } });
      expect(definitions).toBe(expected.metrics + expected.semanticModels + expected.savedQueries + expected.exposures);
    },
  );

  it("writes no row that references a missing one, and the database checks references again after a post", async () => {
    // On the embedded database ingestion's bulk writes skip the per-row foreign-key checks
    // (db/foreignKeyChecks.ts), so check here what the constraints would have.
    const orphans = await database.db.prisma.$queryRawUnsafe<{ reference: string; count: number }[]>(`
      SELECT 'Column.asset' AS reference, count(*)::int AS count FROM "Column" c LEFT JOIN "Asset" a ON a."tenantId" = c."tenantId" AND a.id = c."assetId" WHERE a.id IS NULL
      UNION ALL SELECT 'DataTest.asset', count(*)::int FROM "DataTest" t LEFT JOIN "Asset" a ON a."tenantId" = t."tenantId" AND a.id = t."assetId" WHERE t."assetId" IS NOT NULL AND a.id IS NULL
      UNION ALL SELECT 'LineageEdge', count(*)::int FROM "LineageEdge" e LEFT JOIN "Asset" f ON f."tenantId" = e."tenantId" AND f.id = e."fromAssetId" LEFT JOIN "Asset" t ON t."tenantId" = e."tenantId" AND t.id = e."toAssetId" WHERE f.id IS NULL OR t.id IS NULL
      UNION ALL SELECT 'ColumnLineageEdge', count(*)::int FROM "ColumnLineageEdge" e LEFT JOIN "Column" f ON f."tenantId" = e."tenantId" AND f.id = e."fromColumnId" LEFT JOIN "Column" t ON t."tenantId" = e."tenantId" AND t.id = e."toColumnId" WHERE f.id IS NULL OR t.id IS NULL
      UNION ALL SELECT 'ModelColumnDependency.asset', count(*)::int FROM "ModelColumnDependency" d LEFT JOIN "Asset" a ON a."tenantId" = d."tenantId" AND a.id = d."toAssetId" WHERE a.id IS NULL
      UNION ALL SELECT 'AssetOwner', count(*)::int FROM "AssetOwner" o LEFT JOIN "Asset" a ON a."tenantId" = o."tenantId" AND a.id = o."assetId" LEFT JOIN "Owner" w ON w."tenantId" = o."tenantId" AND w.id = o."ownerId" WHERE a.id IS NULL OR w.id IS NULL
      UNION ALL SELECT 'AssetDefinition', count(*)::int FROM "AssetDefinition" d LEFT JOIN "Asset" a ON a."tenantId" = d."tenantId" AND a.id = d."assetId" WHERE a.id IS NULL`);
    expect(orphans.length).toBe(7);
    expect(orphans.filter((row) => row.count > 0)).toEqual([]);
    expect(await ctx.db.column.count()).toBeGreaterThan(1000);
    const bogus = ctx.db.column.create({ data: { tenantId: ctx.tenant.id, assetId: "no-such-asset", name: "x", definitionId: "none" } });
    await expect(bogus).rejects.toMatchObject({ code: "P2003" });
  });

  it("stores owners of exposures and models by their identity", async () => {
    const owners = await ctx.db.owner.findMany();
    const docs = readFixture(["dbt_core_schema_versions", "v12"]);
    const parsed = parseManifest(docs);
    if (!parsed.ok) throw new Error(parsed.error.message);
    for (const owner of parsed.snapshot.assets.flatMap((a) => a.owners)) {
      expect(owners.map((o) => o.key)).toContain(ownerKey(owner));
    }
  });

  it("treats an identical post as a no-op that returns the current version", async () => {
    const docs = readFixture(["jaffle_shop_duckdb", "base"]);
    const first = await ingestManifest(ctx, { project: "jaffle_again", mode: "apply", ...docs });
    const before = await totalRows(ctx);
    const again = await ingestManifest(ctx, { project: "jaffle_again", mode: "apply", ...docs });
    expect(again.status).toBe("UNCHANGED");
    expect(again.version.id).toBe(first.version.id);
    expect(await totalRows(ctx)).toEqual(before);
  });

  it("writes only what changed, keeps removed assets as history, and records each asset's changes", async () => {
    const base = readFixture(["jaffle_shop_duckdb", "base"]);
    const pr2 = readFixture(["jaffle_shop_duckdb", "pr2"]);
    await ingestManifest(ctx, { project: "jaffle_evolves", mode: "apply", ...base });
    const customersBefore = await ctx.db.asset.findFirstOrThrow({ where: { uniqueId: "model.jaffle_shop.customers", project: { name: "jaffle_evolves" } } });
    const ordersBefore = await ctx.db.asset.findFirstOrThrow({ where: { uniqueId: "model.jaffle_shop.orders", project: { name: "jaffle_evolves" } } });

    const second = await ingestManifest(ctx, { project: "jaffle_evolves", mode: "apply", ...pr2 });
    expect(second.status).toBe("APPLIED");
    const written = second.counts.written as { assetsAdded: number; assetsRemoved: number };
    expect(written.assetsAdded).toBe(2);
    expect(written.assetsRemoved).toBe(0);
    const ordersAfter = await ctx.db.asset.findFirstOrThrow({ where: { id: ordersBefore.id } });
    const customersAfter = await ctx.db.asset.findFirstOrThrow({ where: { id: customersBefore.id } });
    expect(customersAfter.rawSql).not.toBe(customersBefore.rawSql);
    expect(customersAfter.firstSeenAt).toEqual(customersBefore.firstSeenAt);
    expect(customersAfter.lastChangedAt.getTime()).toBeGreaterThan(customersBefore.lastChangedAt.getTime());
    // The PR build ran in another schema, so every model changed; the rows are updated in place.
    expect(ordersAfter.id).toBe(ordersBefore.id);

    const history = await ctx.db.change.findMany({ where: { manifestVersionId: second.version.id } });
    expect(history.map((c) => [c.assetUniqueId, c.reasonCode])).toContainEqual(["model.jaffle_shop.int_customer_orders", "ASSET_ADDED"]);
    expect(history.find((c) => c.assetUniqueId === "model.jaffle_shop.customers")?.assetId).toBe(customersBefore.id);

    // Going back to base removes the two new models: kept, marked removed, edges gone.
    const third = await ingestManifest(ctx, { project: "jaffle_evolves", mode: "apply", ...base });
    expect((third.counts.written as { assetsRemoved: number }).assetsRemoved).toBe(2);
    const removed = await ctx.db.asset.findFirstOrThrow({ where: { uniqueId: "model.jaffle_shop.int_customer_orders", project: { name: "jaffle_evolves" } } });
    expect(removed.removedAt).not.toBeNull();
    expect(await ctx.db.lineageEdge.count({ where: { OR: [{ fromAssetId: removed.id }, { toAssetId: removed.id }] } })).toBe(0);
    expect(await ctx.db.manifestVersion.count({ where: { project: { name: "jaffle_evolves" } } })).toBe(3);
  });

  it("rejects bad input with one clear error and changes nothing", async () => {
    const before = await totalRows(ctx);
    const attempts: [unknown, string, string][] = [
      [{ project: "bad name!", mode: "apply", manifest: {} }, "BAD_USER_INPUT", "$.project"],
      [{ project: "p", mode: "apply", manifest: { hello: "world" } }, "NOT_A_MANIFEST", "$"],
      [{ project: "p", mode: "apply", manifest: { metadata: { dbt_schema_version: "https://schemas.getdbt.com/dbt/manifest/v3.json" }, nodes: {} } }, "UNSUPPORTED_SCHEMA_VERSION", "$.metadata.dbt_schema_version"],
      [{ project: "p", mode: "merge", manifest: {} }, "BAD_USER_INPUT", "$.mode"],
    ];
    for (const [request, reason, path] of attempts) {
      const error = await ingestManifest(ctx, request as never).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: "BAD_USER_INPUT" });
      const details = (error as { details: Record<string, unknown> }).details;
      if (reason !== "BAD_USER_INPUT") expect(details.reason).toBe(reason);
      expect(details.path).toBe(path);
    }
    expect(await totalRows(ctx)).toEqual(before);
  });

  it("serializes concurrent posts for one project: none is lost", async () => {
    const base = readFixture(["jaffle_shop_duckdb", "base"]);
    const pr2 = readFixture(["jaffle_shop_duckdb", "pr2"]);
    // Three different manifests: they may run in any order, and no one equals its predecessor.
    const edited = structuredClone(base) as { manifest: { nodes: Record<string, { description: string }> } };
    edited.manifest.nodes["model.jaffle_shop.orders"]!.description = "Orders, edited concurrently";
    const results = await Promise.all([
      ingestManifest(ctx, { project: "jaffle_race", mode: "apply", ...base }),
      ingestManifest(ctx, { project: "jaffle_race", mode: "apply", ...pr2 }),
      ingestManifest(ctx, { project: "jaffle_race", mode: "apply", ...edited }),
    ]);
    expect(results.map((r) => r.status)).toEqual(["APPLIED", "APPLIED", "APPLIED"]);
    expect(await ctx.db.project.count({ where: { name: "jaffle_race" } })).toBe(1);
    expect(await ctx.db.manifestVersion.count({ where: { project: { name: "jaffle_race" } } })).toBe(3);
    const project = await ctx.db.project.findFirstOrThrow({ where: { name: "jaffle_race" } });
    const lastPosted = results.reduce((a, b) => (a.version.createdAt > b.version.createdAt ? a : b));
    expect(project.currentVersionId).toBe(lastPosted.version.id);
  });
});
