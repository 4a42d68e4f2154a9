/**
 * What an asset page shows beyond the asset itself: how much lies up- and downstream, test and
 * documentation coverage of its columns, how its tests last ran, and its change history. The
 * batch functions take many asset ids and answer in one query, for per-request loaders.
 */
import { lineageCounts, type LineageCounts } from "../../core/lineage/index.js";
import type { Change, ManifestVersion, RunStatus } from "../../generated/prisma/client.js";
import type { TenantContext } from "../actor.js";
import type { LineageIndex } from "../../core/lineage/index.js";
import { assetGraph } from "./tenantGraphs.js";

/** Transitive counts; a removed asset (not in the graph) has none. */
export function lineageCountsIn(graph: LineageIndex, assetId: string): LineageCounts {
  if (graph.nodeOf(assetId) < 0) return { upstream: 0, downstream: 0, exposures: 0 };
  return lineageCounts(graph, assetId);
}

export async function lineageCountsOf(ctx: TenantContext, assetId: string): Promise<LineageCounts> {
  return lineageCountsIn(await assetGraph(ctx), assetId);
}

export interface ColumnCoverage {
  /** Live columns. */
  columns: number;
  /** Live columns with at least one live test on them. */
  tested: number;
  /** Live columns with a non-blank description. */
  documented: number;
}

export async function columnCoverageOf(ctx: TenantContext, assetIds: readonly string[]): Promise<Map<string, ColumnCoverage>> {
  const rows = await ctx.db.$queryRaw<({ assetId: string } & ColumnCoverage)[]>`
    SELECT c."assetId",
      count(*)::int AS "columns",
      (count(*) FILTER (WHERE EXISTS (
        SELECT 1 FROM "DataTest" t
        WHERE t."tenantId" = c."tenantId" AND t."assetId" = c."assetId" AND t."removedAt" IS NULL
          AND lower(t."columnName") = lower(c."name"))))::int AS "tested",
      (count(*) FILTER (WHERE coalesce(btrim(c."description"), '') <> ''))::int AS "documented"
    FROM "Column" c
    WHERE c."tenantId" = ${ctx.tenant.id} AND c."assetId" = ANY(${[...assetIds]}::text[]) AND c."removedAt" IS NULL
    GROUP BY c."assetId"`;
  return new Map(rows.map(({ assetId, ...coverage }) => [assetId, coverage]));
}

/** Worst first: one failing test makes the asset's status FAIL. */
const SEVERITY: readonly RunStatus[] = ["ERROR", "FAIL", "WARN", "PASS", "SUCCESS", "SKIPPED"];

/**
 * The worst of the latest results of the asset's live tests (ERROR > FAIL > WARN > PASS >
 * SKIPPED); assets whose tests never ran are absent.
 */
export async function lastTestStatusOf(ctx: TenantContext, assetIds: readonly string[]): Promise<Map<string, RunStatus>> {
  const rows = await ctx.db.$queryRaw<{ assetId: string; status: RunStatus }[]>`
    SELECT DISTINCT ON (r."testId") t."assetId", r."status"::text AS "status"
    FROM "RunResult" r
    JOIN "DataTest" t ON t."tenantId" = r."tenantId" AND t."id" = r."testId"
    WHERE r."tenantId" = ${ctx.tenant.id} AND t."assetId" = ANY(${[...assetIds]}::text[]) AND t."removedAt" IS NULL
    ORDER BY r."testId", r."at" DESC, r."id" DESC`;
  const worst = new Map<string, RunStatus>();
  for (const { assetId, status } of rows) {
    const known = worst.get(assetId);
    if (!known || SEVERITY.indexOf(status) < SEVERITY.indexOf(known)) worst.set(assetId, status);
  }
  return worst;
}

export interface HistoryEntry {
  version: ManifestVersion;
  /** What changed in the asset in that version, breaking changes first. */
  changes: Change[];
}

const CATEGORY_ORDER = ["BREAKING", "LOGIC", "QUALITY", "ADDITIVE", "DOCS"];

/** The manifest versions in which the asset changed, newest first, paged. */
export async function assetHistory(
  ctx: TenantContext,
  assetId: string,
  page: { skip: number; take: number },
): Promise<{ entries: HistoryEntry[]; total: number }> {
  const versionIds = (
    await ctx.db.change.findMany({ where: { assetId, manifestVersionId: { not: null } }, select: { manifestVersionId: true }, distinct: ["manifestVersionId"] })
  ).map((row) => row.manifestVersionId!);
  const versions = await ctx.db.manifestVersion.findMany({
    where: { id: { in: versionIds } },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    skip: page.skip,
    take: page.take,
  });
  const changes = await ctx.db.change.findMany({
    where: { assetId, manifestVersionId: { in: versions.map((version) => version.id) } },
    orderBy: [{ columnName: { sort: "asc", nulls: "first" } }, { reasonCode: "asc" }, { id: "asc" }],
  });
  const entries = versions.map((version) => ({
    version,
    changes: changes
      .filter((change) => change.manifestVersionId === version.id)
      .sort((a, b) => CATEGORY_ORDER.indexOf(a.category) - CATEGORY_ORDER.indexOf(b.category)),
  }));
  return { entries, total: versionIds.length };
}
