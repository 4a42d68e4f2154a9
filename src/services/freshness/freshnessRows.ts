/**
 * The rows the evaluator reads: a tenant's tracked assets (all, some, or those due) with what
 * their SLA depends on, as one json_agg string (row-by-row loading through the driver adapters
 * is ten times slower, see docs/architecture.md).
 */
import type { FreshnessStateName } from "../../core/freshness/evaluate.js";
import { Prisma } from "../../generated/prisma/client.js";

type Raw = Pick<Prisma.TransactionClient, "$queryRaw">;

export interface TrackedAsset {
  assetId: string;
  uniqueId: string;
  name: string;
  kind: string;
  layer: string | null;
  project: string;
  /** meta.freshness_sla as stored */
  metaSla: unknown;
  state: FreshnessStateName;
  since: Date;
  lastLoadedAt: Date | null;
  dbtWarnMinutes: number | null;
  dbtErrorMinutes: number | null;
  slaMinutes: number | null;
  breachSince: Date | null;
  remindersSent: number;
  /** Marked by a write of the row's inputs since the last evaluation. */
  due: boolean;
  nextCheckAt: Date | null;
}

/** What an asset's SLA and messages read of the asset itself: only an applied post changes it. */
type AssetSide = Pick<TrackedAsset, "uniqueId" | "name" | "kind" | "layer" | "project" | "metaSla">;
type AssetRow = [string, string, string, string, string | null, string, unknown];
type FreshnessRow = [string, FreshnessStateName, string, string | null, number | null, number | null, number | null, string | null, number, boolean, string | null];

/** Which tracked assets a pass reads: all of them, some (a run post's), or those due at a time. */
export type TrackedScope = { all: true } | { assetIds: readonly string[] } | { dueAt: Date };

/**
 * The asset side per tenant, kept while the tenant's lineage revision (moved by every write of
 * assets) stays the same: the schedule's passes then read only the freshness rows, not 20,000
 * assets joined to them each minute.
 */
const assetSides = new Map<string, { revision: number; byId: Map<string, AssetSide> }>();

/**
 * `revision` is the tenant's lineage revision, read before this call, so the assets read here
 * are at least that new.
 */
export interface TrackedRows {
  assets: TrackedAsset[];
  /** Rows of assets no longer live (removed by a post): nothing to evaluate, their rows stay. */
  removed: string[];
}

export async function loadTrackedAssets(db: Raw, tenantId: string, revision: number, scope: TrackedScope): Promise<TrackedRows> {
  const sides = await assetSidesOf(db, tenantId, revision);
  // `NOT due AND …` rather than a bare OR, so both halves are ranges of the (tenantId, due, nextCheckAt) index.
  const only =
    "assetIds" in scope
      ? Prisma.sql`AND f."assetId" = ANY(${[...scope.assetIds]}::text[])`
      : "dueAt" in scope
        ? Prisma.sql`AND (f.due OR (NOT f.due AND f."nextCheckAt" <= ${sqlTimestamp(scope.dueAt)}::timestamp))`
        : Prisma.empty;
  const [result] = await db.$queryRaw<{ rows: string | null }[]>`
    SELECT json_agg(json_build_array(f."assetId", f.state, f.since, f."lastLoadedAt", f."dbtWarnMinutes", f."dbtErrorMinutes", f."slaMinutes", f."breachSince", f."remindersSent", f.due, f."nextCheckAt"))::text AS rows
      FROM "AssetFreshness" f
     WHERE f."tenantId" = ${tenantId} ${only}`;
  if (!result?.rows) return { assets: [], removed: [] };
  const tracked: TrackedAsset[] = [];
  const removed: string[] = [];
  for (const r of JSON.parse(result.rows) as FreshnessRow[]) {
    // No side: the asset was removed (its freshness row stays until the asset row goes).
    const side = sides.get(r[0]);
    if (!side) {
      removed.push(r[0]);
      continue;
    }
    tracked.push({
      assetId: r[0],
      ...side,
      state: r[1],
      since: utc(r[2])!,
      lastLoadedAt: utc(r[3]),
      dbtWarnMinutes: r[4],
      dbtErrorMinutes: r[5],
      slaMinutes: r[6],
      breachSince: utc(r[7]),
      remindersSent: r[8],
      due: r[9],
      nextCheckAt: utc(r[10]),
    });
  }
  return { assets: tracked, removed };
}

async function assetSidesOf(db: Raw, tenantId: string, revision: number): Promise<Map<string, AssetSide>> {
  const cached = assetSides.get(tenantId);
  if (cached && cached.revision === revision) return cached.byId;
  const [result] = await db.$queryRaw<{ rows: string | null }[]>`
    SELECT json_agg(json_build_array(a.id, a."uniqueId", a.name, a.kind, a.layer, p.name, a.meta->'freshness_sla'))::text AS rows
      FROM "Asset" a
      JOIN "Project" p ON p."tenantId" = a."tenantId" AND p.id = a."projectId"
     WHERE a."tenantId" = ${tenantId} AND a."removedAt" IS NULL`;
  const rows = result?.rows ? (JSON.parse(result.rows) as AssetRow[]) : [];
  const byId = new Map(rows.map((r): [string, AssetSide] => [r[0], { uniqueId: r[1], name: r[2], kind: r[3], layer: r[4], project: r[5], metaSla: r[6] }]));
  assetSides.set(tenantId, { revision, byId });
  return byId;
}

/** Columns are `timestamp(3)` holding UTC; JSON renders them without a zone. */
export function utc(text: string | null): Date | null {
  return text === null ? null : new Date(`${text}Z`);
}

/** The reverse, for arrays of timestamps passed to unnest. */
export function sqlTimestamp(date: Date | null): string | null {
  return date === null ? null : date.toISOString().slice(0, -1);
}
