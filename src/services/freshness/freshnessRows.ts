/**
 * The rows the evaluator reads: every tracked asset of a tenant with what its SLA depends on,
 * as one json_agg string (row-by-row loading through the driver adapters is ten times slower,
 * see docs/architecture.md).
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
}

type Row = [string, string, string, string, string | null, string, unknown, FreshnessStateName, string, string | null, number | null, number | null, number | null, string | null, number];

export async function loadTrackedAssets(db: Raw, tenantId: string, assetIds?: readonly string[]): Promise<TrackedAsset[]> {
  const only = assetIds ? Prisma.sql`AND f."assetId" = ANY(${[...assetIds]}::text[])` : Prisma.empty;
  const [result] = await db.$queryRaw<{ rows: string | null }[]>`
    SELECT json_agg(json_build_array(f."assetId", a."uniqueId", a.name, a.kind, a.layer, p.name, a.meta->'freshness_sla', f.state, f.since,
                                     f."lastLoadedAt", f."dbtWarnMinutes", f."dbtErrorMinutes", f."slaMinutes", f."breachSince", f."remindersSent"))::text AS rows
      FROM "AssetFreshness" f
      JOIN "Asset" a ON a."tenantId" = f."tenantId" AND a.id = f."assetId" AND a."removedAt" IS NULL
      JOIN "Project" p ON p."tenantId" = a."tenantId" AND p.id = a."projectId"
     WHERE f."tenantId" = ${tenantId} ${only}`;
  if (!result?.rows) return [];
  return (JSON.parse(result.rows) as Row[]).map((r) => ({
    assetId: r[0],
    uniqueId: r[1],
    name: r[2],
    kind: r[3],
    layer: r[4],
    project: r[5],
    metaSla: r[6],
    state: r[7],
    since: utc(r[8])!,
    lastLoadedAt: utc(r[9]),
    dbtWarnMinutes: r[10],
    dbtErrorMinutes: r[11],
    slaMinutes: r[12],
    breachSince: utc(r[13]),
    remindersSent: r[14],
  }));
}

/** Columns are `timestamp(3)` holding UTC; JSON renders them without a zone. */
export function utc(text: string | null): Date | null {
  return text === null ? null : new Date(`${text}Z`);
}

/** The reverse, for arrays of timestamps passed to unnest. */
export function sqlTimestamp(date: Date | null): string | null {
  return date === null ? null : date.toISOString().slice(0, -1);
}
