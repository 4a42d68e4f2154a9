/** Anomalies to list: the tenant's or one asset's, newest point first. */
import type { AnomalyStatus, Prisma } from "../../generated/prisma/client.js";
import type { TenantContext } from "../actor.js";

export const anomalyInclude = {
  series: { select: { name: true, dimensions: true, assetId: true, asset: { select: { uniqueId: true, name: true } } } },
} as const satisfies Prisma.AnomalyInclude;

export type AnomalyWithSeries = Prisma.AnomalyGetPayload<{ include: typeof anomalyInclude }>;

export async function listAnomalies(
  ctx: Pick<TenantContext, "db">,
  filter: { assetId?: string; status?: AnomalyStatus | null },
  page: { skip: number; take: number },
): Promise<{ rows: AnomalyWithSeries[]; total: number }> {
  const where: Prisma.AnomalyWhereInput = {
    ...(filter.assetId ? { series: { assetId: filter.assetId } } : {}),
    ...(filter.status ? { status: filter.status } : {}),
  };
  const [rows, total] = await Promise.all([
    ctx.db.anomaly.findMany({ where, include: anomalyInclude, orderBy: [{ at: "desc" }, { id: "asc" }], skip: page.skip, take: page.take }),
    ctx.db.anomaly.count({ where }),
  ]);
  return { rows, total };
}

export function findAnomaly(ctx: Pick<TenantContext, "db">, id: string): Promise<AnomalyWithSeries | null> {
  return ctx.db.anomaly.findFirst({ where: { id }, include: anomalyInclude });
}

/** Several anomalies in one query, in the order of `ids` (ids not found are left out). */
export async function findAnomalies(ctx: Pick<TenantContext, "db">, ids: readonly string[]): Promise<AnomalyWithSeries[]> {
  const rows = await ctx.db.anomaly.findMany({ where: { id: { in: [...ids] } }, include: anomalyInclude });
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}
