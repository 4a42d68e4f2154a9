/**
 * Owners acknowledge an anomaly (seen, being handled) or dismiss it (not a real problem: the
 * point then stays out of every later baseline, so a one-off spike does not widen the range).
 */
import { AppError, notFound } from "../../core/errors.js";
import type { Prisma } from "../../generated/prisma/client.js";
import type { TenantContext } from "../actor.js";
import { recordAudit } from "../audit.js";
import { assertOwnsAsset } from "./assetOwnership.js";
import { anomalyInclude, type AnomalyWithSeries } from "./queries.js";

export type AnomalyDecision = "ACKNOWLEDGED" | "DISMISSED";

export async function decideAnomaly(
  ctx: TenantContext,
  anomalyId: string,
  decision: AnomalyDecision,
  options: { comment?: string | null; now?: () => Date } = {},
): Promise<AnomalyWithSeries> {
  const comment = options.comment?.trim() || null;
  if (comment && comment.length > 2000) throw new AppError("BAD_USER_INPUT", "comment must be at most 2000 characters", { path: "$.input.comment" });
  const now = (options.now ?? (() => new Date()))();
  return ctx.db.$transaction(async (tx) => {
    const anomaly = await tx.anomaly.findFirst({ where: { id: anomalyId }, include: { series: { select: { assetId: true } } } });
    if (!anomaly) throw notFound("Anomaly", anomalyId);
    await assertOwnsAsset(ctx, tx, anomaly.series.assetId, "acknowledge or dismiss its anomalies");
    if (anomaly.status === "DISMISSED" && decision === "ACKNOWLEDGED") {
      throw new AppError("CONFLICT", "The anomaly was dismissed; a dismissed anomaly cannot be acknowledged");
    }
    const updated = await tx.anomaly.update({
      where: { tenantId_id: { tenantId: ctx.tenant.id, id: anomalyId } },
      data: { status: decision, decidedAt: now, decidedByLabel: ctx.actor.label, comment },
      include: anomalyInclude,
    });
    if (decision === "DISMISSED") {
      await tx.observation.updateMany({ where: { seriesId: anomaly.seriesId, at: anomaly.at }, data: { excluded: true } });
    }
    await recordAudit(ctx, tx, {
      action: decision === "DISMISSED" ? "anomaly.dismiss" : "anomaly.acknowledge",
      targetType: "Anomaly",
      targetId: anomalyId,
      details: { comment } as Prisma.InputJsonValue,
    });
    return updated;
  });
}
