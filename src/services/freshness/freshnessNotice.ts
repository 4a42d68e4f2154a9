/**
 * A freshness event for people: the asset's owners and subscribers, and the owners of every
 * asset downstream of it (whose dashboards now show old data), through the notifications and
 * the webhook outbox like change requests.
 */
import { formatMinutes } from "../../core/freshness/duration.js";
import type { FreshnessStateName } from "../../core/freshness/evaluate.js";
import type { FreshnessSla } from "../../core/freshness/sla.js";
import type { FreshnessEventType } from "../../core/notify/events.js";
import type { TenantTx } from "../../db/tenantScope.js";
import { downstreamImpact } from "../changes/downstream.js";
import { notify } from "../notifications/notify.js";
import type { TrackedAsset } from "./freshnessRows.js";

export interface FreshnessNotice {
  type: FreshnessEventType;
  key: string;
  reminder: number;
  asset: TrackedAsset;
  state: FreshnessStateName;
  since: Date;
  sla: FreshnessSla | null;
  breachSince: Date;
}

export async function notifyFreshness(tx: TenantTx, tenantId: string, notice: FreshnessNotice, options: { now: Date; publicUrl: string | null }): Promise<number> {
  const { asset, sla } = notice;
  const impact = await downstreamImpact(tx, tenantId, [asset.assetId]);
  const recipients = [...impact.owners.map((p) => p.ownerId), ...impact.subscribers.filter((p) => p.assets.includes(asset.uniqueId)).map((p) => p.ownerId)];
  const ageMinutes = asset.lastLoadedAt ? Math.floor((options.now.getTime() - asset.lastLoadedAt.getTime()) / 60_000) : null;
  const slaText = sla ? `${formatMinutes(sla.lateAfterMinutes)} (stale after ${formatMinutes(sla.staleAfterMinutes)})` : "none";
  const lateFor = Math.max(0, Math.floor((options.now.getTime() - notice.breachSince.getTime()) / 60_000));
  const title =
    notice.type === "asset.freshness_recovered"
      ? `${asset.name} is fresh again after ${formatAge(lateFor)} late`
      : `${asset.name} is ${notice.state.toLowerCase()}: no new data for ${ageMinutes === null ? "an unknown time" : formatAge(ageMinutes)}, its SLA is ${sla ? formatMinutes(sla.lateAfterMinutes) : "none"}`;
  const result = await notify(
    tx,
    tenantId,
    {
      type: notice.type,
      eventKey: notice.key,
      title,
      payload: {
        asset: { id: asset.assetId, uniqueId: asset.uniqueId, name: asset.name, kind: asset.kind, layer: asset.layer },
        project: asset.project,
        state: notice.state,
        since: notice.since.toISOString(),
        freshness: `${notice.state} since ${notice.since.toISOString()} · SLA ${slaText}`,
        lastLoadedAt: asset.lastLoadedAt?.toISOString() ?? null,
        breachSince: notice.breachSince.toISOString(),
        sla: sla && { lateAfterMinutes: sla.lateAfterMinutes, staleAfterMinutes: sla.staleAfterMinutes, origin: sla.origin },
        reminder: notice.reminder,
        impact: { downstreamAssets: impact.assets.length, exposures: impact.exposures.length, owners: impact.owners.length },
        ...(options.publicUrl ? { link: `${options.publicUrl.replace(/\/+$/, "")}/assets/${encodeURIComponent(asset.uniqueId)}` } : {}),
      },
    },
    recipients,
    options.now,
  );
  return result.notifications + result.deliveries > 0 ? 1 : 0;
}

function formatAge(minutes: number): string {
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
}
