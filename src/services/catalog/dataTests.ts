/**
 * Data tests and their latest results, batched for the per-request DataLoaders.
 */
import { Prisma, type DataTest, type RunStatus } from "../../generated/prisma/client.js";
import type { TenantContext } from "../actor.js";
import { groupBy } from "./groupBy.js";
import type { Page } from "./page.js";

export async function dataTestsByIds(ctx: TenantContext, ids: readonly string[]): Promise<Map<string, DataTest>> {
  const rows = await ctx.db.dataTest.findMany({ where: { id: { in: [...ids] } } });
  return new Map(rows.map((row) => [row.id, row]));
}

/** Live tests attached to each asset, by name. */
export async function testsOfAssets(ctx: TenantContext, assetIds: readonly string[]): Promise<Map<string, DataTest[]>> {
  const rows = await ctx.db.dataTest.findMany({
    where: { assetId: { in: [...assetIds] }, removedAt: null },
    orderBy: [{ name: "asc" }, { uniqueId: "asc" }],
  });
  return groupBy(rows, (t) => t.assetId!);
}

/**
 * Live tests that read each asset without belonging to it: singular tests over several models,
 * the parent side of relationships tests (dbt depends_on), by name.
 */
export async function testsReadingAssets(ctx: TenantContext, assetIds: readonly string[]): Promise<Map<string, DataTest[]>> {
  const rows = await ctx.db.dataTest.findMany({
    where: { dependsOnAssetIds: { hasSome: [...assetIds] }, removedAt: null },
    orderBy: [{ name: "asc" }, { uniqueId: "asc" }],
  });
  const wanted = new Set(assetIds);
  const byAsset = new Map<string, DataTest[]>();
  for (const row of rows) {
    for (const assetId of row.dependsOnAssetIds) {
      if (assetId === row.assetId || !wanted.has(assetId)) continue;
      const tests = byAsset.get(assetId);
      if (tests) tests.push(row);
      else byAsset.set(assetId, [row]);
    }
  }
  return byAsset;
}

/** A project's live tests by name; `unattached`: only those that belong to no single asset. */
export async function testsOfProject(
  ctx: TenantContext,
  projectId: string,
  filter: { unattached: boolean },
  page: Page,
): Promise<{ rows: DataTest[]; total: number }> {
  const where = { projectId, removedAt: null, ...(filter.unattached ? { assetId: null } : {}) };
  const [rows, total] = await Promise.all([
    ctx.db.dataTest.findMany({ where, orderBy: [{ name: "asc" }, { uniqueId: "asc" }], skip: page.skip, take: page.take }),
    ctx.db.dataTest.count({ where }),
  ]);
  return { rows, total };
}

export interface LatestResult {
  testId: string;
  status: RunStatus;
  at: Date;
  executionTime: number | null;
  failures: number | null;
  message: string | null;
}

/**
 * Each test's most recent result. Results pile up with every posted run_results.json, so only
 * the newest row per test is read (DISTINCT ON over the (tenantId, testId, at) index), not the
 * history. Raw SQL is not tenant-scoped by the extension: the tenant id is passed explicitly.
 */
export async function latestResultsOfTests(ctx: TenantContext, testIds: readonly string[]): Promise<Map<string, LatestResult>> {
  if (testIds.length === 0) return new Map();
  const rows = await ctx.db.$queryRaw<LatestResult[]>`
    SELECT DISTINCT ON ("testId") "testId", "status", "at", "executionTime", "failures", "message"
    FROM "RunResult"
    WHERE "tenantId" = ${ctx.tenant.id} AND "testId" IN (${Prisma.join([...testIds])})
    ORDER BY "testId", "at" DESC, "id" DESC`;
  return new Map(rows.map((row) => [row.testId, row]));
}
