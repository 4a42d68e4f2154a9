import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BulkWriter } from "../../src/db/bulkInsert.js";
import { analyzeGrownTables, PlannerStatistics } from "../../src/db/plannerStatistics.js";
import type { TenantContext } from "../../src/services/actor.js";
import { ingestManifest } from "../../src/services/ingest/ingestManifest.js";
import { ingestOpenLineageEvents } from "../../src/services/openlineage/ingestEvents.js";
import { createTenant, operatorContext } from "../../src/services/tenants.js";
import { generateDbtManifest } from "../../bench/generate/dbtManifest.js";
import { createTestDatabase, type TestDatabase } from "../support/db.js";

/** The pages the planner believes a table has (0: never analysed). */
async function plannedPages(ctx: TenantContext, table: string): Promise<number> {
  const [row] = await ctx.db.$queryRawUnsafe<{ pages: number }[]>(`SELECT relpages AS "pages" FROM pg_class WHERE relname = $1 AND relkind = 'r'`, table);
  return row!.pages;
}

/** What the planner believes a table holds (-1: never analysed). */
async function plannedRows(ctx: TenantContext, table: string): Promise<number> {
  const [row] = await ctx.db.$queryRawUnsafe<{ rows: number }[]>(`SELECT reltuples::float8 AS "rows" FROM pg_class WHERE relname = $1 AND relkind = 'r'`, table);
  return row!.rows;
}

describe("planner statistics after bulk writes", () => {
  let database: TestDatabase;
  let ctx: TenantContext;

  beforeAll(async () => {
    database = await createTestDatabase();
    await createTenant(database.db.prisma, { slug: "stats" });
    ctx = await operatorContext(database.db.prisma, "stats");
  });
  afterAll(() => database.dispose());

  it("a first post into a fresh database leaves the tables it filled analysed", async () => {
    expect(await plannedRows(ctx, "Column")).toBeLessThanOrEqual(0);
    const result = await ingestManifest(ctx, { project: "synthetic_shop", mode: "apply", manifest: generateDbtManifest({ models: 150 }) });
    expect(result.status).toBe("APPLIED");
    const columns = await ctx.db.column.count();
    expect(columns).toBeGreaterThan(2_000);
    // Sampled statistics: close to the real count, not the empty table the post started from.
    expect(await plannedRows(ctx, "Column")).toBeGreaterThan(columns * 0.9);
  }, 120_000);

  it("analyses a table only once a transaction has doubled it", async () => {
    await database.db.prisma.$transaction(async (tx) => {
      const statistics = await PlannerStatistics.read(tx);
      const writer = new BulkWriter(tx);
      const before = await tx.column.count();
      const analysedWith = async (rows: number) => {
        writer.rowsHandedOver.set("Column", rows);
        return statistics.refresh(tx, writer);
      };
      expect(await analysedWith(Math.floor(before / 2))).toEqual([]);
      expect(await analysedWith(before + 10)).toEqual(["Column"]);
      // Doubled again only from the new count on.
      expect(await analysedWith(before + 20)).toEqual([]);
    }, { timeout: 60_000, maxWait: 60_000 });
  });

  it("analyses a table grown by small transactions once it has doubled in pages", async () => {
    await ctx.db.$executeRawUnsafe(`CREATE TABLE "StatisticsProbe" ("id" int, "pad" text)`);
    const grow = (rows: number) => ctx.db.$executeRawUnsafe(`INSERT INTO "StatisticsProbe" SELECT i, repeat('x', 100) FROM generate_series(1, $1::int) AS i`, rows);
    await grow(2_000);
    expect(await analyzeGrownTables(ctx.db, ["StatisticsProbe"])).toEqual(["StatisticsProbe"]);
    const pages = await plannedPages(ctx, "StatisticsProbe");
    expect(pages).toBeGreaterThanOrEqual(16);
    expect(await analyzeGrownTables(ctx.db, ["StatisticsProbe"])).toEqual([]);
    await grow(1_000);
    expect(await analyzeGrownTables(ctx.db, ["StatisticsProbe"])).toEqual([]);
    await grow(2_000);
    expect(await analyzeGrownTables(ctx.db, ["StatisticsProbe"])).toEqual(["StatisticsProbe"]);
    expect(await plannedPages(ctx, "StatisticsProbe")).toBeGreaterThanOrEqual(2 * pages);
  });

  it("OpenLineage intake brings the assets' statistics up to date before it adds columns", async () => {
    await createTenant(database.db.prisma, { slug: "lineage-stats" });
    const lineage = await operatorContext(database.db.prisma, "lineage-stats");
    const producer = "https://example.com/producer/1.0";
    const events = Array.from({ length: 300 }, (_, i) => ({
      eventType: "COMPLETE",
      eventTime: "2026-11-05T00:00:00.000Z",
      producer,
      schemaURL: "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent",
      run: { runId: `01931f90-0000-7000-8000-${String(i).padStart(12, "0")}` },
      job: { namespace: "cron", name: `job_${i}` },
      outputs: [{ namespace: "s3://lake", name: `table_${i}`, facets: { schema: { _producer: producer, _schemaURL: "https://openlineage.io/spec/facets/1-2-0/SchemaDatasetFacet.json#/$defs/SchemaDatasetFacet", fields: [{ name: "id", type: "bigint" }] } } }],
    }));
    const before = await plannedPages(ctx, "Asset");
    const outcomes = await ingestOpenLineageEvents(lineage, events, { retentionDays: 30 });
    expect(outcomes.every((o) => o.status === "CREATED")).toBe(true);
    const actualPages = await ctx.db.$queryRawUnsafe<{ pages: number }[]>(`SELECT (pg_relation_size('"Asset"') / current_setting('block_size')::int)::int AS "pages"`);
    expect(actualPages[0]!.pages).toBeGreaterThanOrEqual(Math.max(16, 2 * before));
    // Analysed in the intake's transaction, before its columns.
    expect(await plannedPages(ctx, "Asset")).toBeGreaterThan(Math.max(15, before));
  }, 120_000);
});

