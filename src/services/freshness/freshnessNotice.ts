/**
 * Freshness events for people: each asset's owners and subscribers, and the owners of every
 * asset downstream of it (whose dashboards now show old data), through the notifications and
 * the webhook outbox like change requests. A pass's events go together, so a mass breach costs
 * a few statements, not a downstream walk per asset.
 */
import { formatMinutes } from "../../core/freshness/duration.js";
import type { FreshnessStateName } from "../../core/freshness/evaluate.js";
import type { FreshnessSla } from "../../core/freshness/sla.js";
import type { FreshnessEventType } from "../../core/notify/events.js";
import type { TenantTx } from "../../db/tenantScope.js";
import { downstreamAudiences, type Audience } from "../changes/downstream.js";
import { notifyMany, type NotifyEvent } from "../notifications/notify.js";
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

const NOBODY: Audience = { downstreamAssets: 0, exposures: 0, ownerIds: [], subscriberIds: [] };

/** Answers how many of the notices were news (wrote a notification or a delivery). */
export async function notifyFreshness(tx: TenantTx, tenantId: string, notices: readonly FreshnessNotice[], options: { now: Date; publicUrl: string | null }): Promise<number> {
  const audiences = await downstreamAudiences(tx, tenantId, [...new Set(notices.map((n) => n.asset.assetId))]);
  const items = notices.map((notice) => {
    const audience = audiences.get(notice.asset.assetId) ?? NOBODY;
    return { event: freshnessEvent(notice, audience, options), recipients: [...audience.ownerIds, ...audience.subscriberIds] };
  });
  return (await notifyMany(tx, tenantId, items, options.now)).events;
}

function freshnessEvent(notice: FreshnessNotice, audience: Audience, options: { now: Date; publicUrl: string | null }): NotifyEvent {
  const { asset, sla } = notice;
  const ageMinutes = asset.lastLoadedAt ? Math.floor((options.now.getTime() - asset.lastLoadedAt.getTime()) / 60_000) : null;
  const slaText = sla ? `${formatMinutes(sla.lateAfterMinutes)} (stale after ${formatMinutes(sla.staleAfterMinutes)})` : "none";
  const lateFor = Math.max(0, Math.floor((options.now.getTime() - notice.breachSince.getTime()) / 60_000));
  const title =
    notice.type === "asset.freshness_recovered"
      ? `${asset.name} is fresh again after ${formatAge(lateFor)} late`
      : `${asset.name} is ${notice.state.toLowerCase()}: no new data for ${ageMinutes === null ? "an unknown time" : formatAge(ageMinutes)}, its SLA is ${sla ? formatMinutes(sla.lateAfterMinutes) : "none"}`;
  return {
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
      impact: { downstreamAssets: audience.downstreamAssets, exposures: audience.exposures, owners: audience.ownerIds.length },
      ...(options.publicUrl ? { link: `${options.publicUrl.replace(/\/+$/, "")}/assets/${encodeURIComponent(asset.uniqueId)}` } : {}),
    },
  };
}

function formatAge(minutes: number): string {
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
}
