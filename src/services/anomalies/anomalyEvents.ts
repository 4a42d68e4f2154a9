/**
 * Announces new anomalies through the outbox: to the asset's owners and subscribers (their
 * inboxes) and to every webhook subscribed to anomaly.detected, in the caller's transaction.
 */
import { toGlobalId } from "../../core/globalId.js";
import { anomalyEventData } from "../../core/notify/anomalyPayload.js";
import type { TenantTx } from "../../db/tenantScope.js";
import type { ChangeRequestLinks } from "../changes/changeRequests.js";
import { notifyMany, type NotifyEvent } from "../notifications/index.js";
import type { StoredAnomaly } from "./storeObservations.js";

export async function announceAnomalies(tx: TenantTx, tenantId: string, anomalies: readonly StoredAnomaly[], links?: ChangeRequestLinks): Promise<void> {
  const series = await tx.metricSeries.findMany({
    where: { id: { in: [...new Set(anomalies.map((a) => a.seriesId))] } },
    select: {
      id: true,
      name: true,
      dimensions: true,
      asset: {
        select: {
          uniqueId: true,
          name: true,
          project: { select: { name: true } },
          owners: { select: { owner: { select: { id: true, name: true, email: true, handle: true } } } },
          subscriptions: { select: { ownerId: true } },
        },
      },
    },
  });
  const seriesById = new Map(series.map((s) => [s.id, s]));
  const events: { event: NotifyEvent; recipients: string[] }[] = [];
  for (const anomaly of anomalies) {
    const s = seriesById.get(anomaly.seriesId)!;
    const owners = [...new Map(s.asset.owners.map((o) => [o.owner.id, o.owner])).values()];
    const data = anomalyEventData({
      anomalyId: toGlobalId("Anomaly", anomaly.id),
      asset: { uniqueId: s.asset.uniqueId, name: s.asset.name, project: s.asset.project.name },
      metric: s.name,
      dimensions: s.dimensions as Record<string, string>,
      at: anomaly.at.toISOString(),
      actual: anomaly.value,
      expectedRange: { lower: anomaly.lower, upper: anomaly.upper },
      mean: anomaly.mean,
      stddev: anomaly.stddev,
      zScore: anomaly.zScore,
      threshold: anomaly.threshold,
      baselineWindow: { points: anomaly.window, seasonality: anomaly.seasonality, from: anomaly.baselineFrom.toISOString(), to: anomaly.baselineTo.toISOString() },
      owners: owners.map(({ name, email, handle }) => ({ name, email, handle })),
      ...(links?.assetUrl ? { link: links.assetUrl(s.asset.uniqueId) } : {}),
    });
    const recipients = [...owners.map((o) => o.id), ...s.asset.subscriptions.map((sub) => sub.ownerId)];
    events.push({ event: { type: "anomaly.detected", eventKey: `anomaly:${anomaly.id}`, title: data.title, payload: data }, recipients });
  }
  await notifyMany(tx, tenantId, events);
}
