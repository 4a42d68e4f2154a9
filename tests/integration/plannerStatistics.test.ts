import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BulkWriter } from "../../src/db/bulkInsert.js";
import { PlannerStatistics } from "../../src/db/plannerStatistics.js";
import type { TenantContext } from "../../src/services/actor.js";
import { ingestManifest } from "../../src/services/ingest/ingestManifest.js";
import { createTenant, operatorContext } from "../../src/services/tenants.js";
import { generateDbtManifest } from "../../bench/generate/dbtManifest.js";
import { createTestDatabase, type TestDatabase } from "../support/db.js";

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
});
