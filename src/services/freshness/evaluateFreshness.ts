/**
 * One evaluation pass over a tenant's tracked assets (or some of them): each asset's state at
 * `now`, written where it changed, with the breach and recovery events.
 *
 * Several processes may evaluate the same tenant at once. Every write is a compare-and-set on
 * what the pass read (state, load time, breach, reminders): only the process whose update
 * matched records the transition and queues its event, and the events' keys come from the
 * breach itself, so the outbox could not hold one twice anyway.
 */
import { decideAlert } from "../../core/freshness/alerts.js";
import { evaluateFreshness } from "../../core/freshness/evaluate.js";
import { freshnessSettingsOf, type FreshnessSettings } from "../../core/freshness/settings.js";
import { FRESHNESS_META_KEY, resolveSla } from "../../core/freshness/sla.js";
import type { TenantDb, TenantTx } from "../../db/tenantScope.js";
import { markCatalogChanged } from "../catalogRevision.js";
import { loadTrackedAssets, sqlTimestamp, type TrackedAsset } from "./freshnessRows.js";
import { notifyFreshness, type FreshnessNotice } from "./freshnessNotice.js";

export interface FreshnessPassOptions {
  now: Date;
  /** Only these assets (a run post's); all tracked assets when absent. */
  assetIds?: readonly string[];
  /** The web app's address, for links in messages. */
  publicUrl?: string | null;
}

export interface FreshnessPassResult {
  evaluated: number;
  changed: number;
  events: number;
}

interface Planned {
  asset: TrackedAsset;
  state: TrackedAsset["state"];
  since: Date;
  breachSince: Date | null;
  remindersSent: number;
  notice: FreshnessNotice | null;
}

export async function evaluateTenantFreshness(db: TenantDb, tenantId: string, options: FreshnessPassOptions): Promise<FreshnessPassResult> {
  const tenant = await db.tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { settings: true } });
  const settings = freshnessSettingsOf(tenant.settings);
  const assets = await loadTrackedAssets(db, tenantId, options.assetIds);
  const planned = planFreshness(assets, settings, options.now);
  if (planned.length === 0) return { evaluated: assets.length, changed: 0, events: 0 };

  return db.$transaction(async (tx) => {
    const won = await compareAndSet(tx, tenantId, planned, options.now);
    const mine = planned.filter((p) => won.has(p.asset.assetId));
    const moved = mine.filter((p) => p.state !== p.asset.state);
    if (moved.length > 0) {
      await tx.freshnessTransition.createMany({ data: moved.map((p) => ({ tenantId, assetId: p.asset.assetId, state: p.state, at: p.since })) });
      await markCatalogChanged(tx, tenantId, "catalog");
    }
    let events = 0;
    for (const p of mine) if (p.notice) events += await notifyFreshness(tx, tenantId, p.notice, { now: options.now, publicUrl: options.publicUrl ?? null });
    return { evaluated: assets.length, changed: mine.length, events };
  }, { timeout: 5 * 60_000, maxWait: 5 * 60_000 });
}

/** The pure part, apart for the benchmark: what each asset's row should now say. */
export function planFreshness(assets: readonly TrackedAsset[], settings: FreshnessSettings, now: Date): Planned[] {
  const planned: Planned[] = [];
  for (const asset of assets) {
    const sla = resolveSla({ ...asset, meta: { [FRESHNESS_META_KEY]: asset.metaSla } }, settings);
    const verdict = evaluateFreshness(asset.lastLoadedAt, sla, now);
    const since = verdict.state === asset.state ? asset.since : (verdict.since ?? now);
    const alert = decideAlert(asset.assetId, asset, verdict, now, settings.reminderMinutes);
    const same =
      verdict.state === asset.state &&
      alert.remindersSent === asset.remindersSent &&
      alert.breachSince?.getTime() === asset.breachSince?.getTime();
    if (same) continue;
    planned.push({
      asset,
      state: verdict.state,
      since,
      breachSince: alert.breachSince,
      remindersSent: alert.remindersSent,
      notice: alert.event && { ...alert.event, asset, state: verdict.state, since, sla, breachSince: alert.breachSince ?? asset.breachSince ?? since },
    });
  }
  return planned;
}

async function compareAndSet(tx: TenantTx, tenantId: string, planned: readonly Planned[], now: Date): Promise<Set<string>> {
  const rows = await tx.$queryRaw<{ assetId: string }[]>`
    UPDATE "AssetFreshness" f
       SET state = u.state::"FreshnessState", since = u.since::timestamp, "breachSince" = u.breach::timestamp,
           "remindersSent" = u.reminders, "evaluatedAt" = ${sqlTimestamp(now)}::timestamp
      FROM unnest(${planned.map((p) => p.asset.assetId)}::text[], ${planned.map((p) => p.state)}::text[],
                  ${planned.map((p) => sqlTimestamp(p.since))}::text[], ${planned.map((p) => sqlTimestamp(p.breachSince))}::text[],
                  ${planned.map((p) => p.remindersSent)}::int[], ${planned.map((p) => p.asset.state)}::text[],
                  ${planned.map((p) => sqlTimestamp(p.asset.lastLoadedAt))}::text[], ${planned.map((p) => sqlTimestamp(p.asset.breachSince))}::text[],
                  ${planned.map((p) => p.asset.remindersSent)}::int[])
           AS u(id, state, since, breach, reminders, was, loaded, breached, reminded)
     WHERE f."tenantId" = ${tenantId} AND f."assetId" = u.id AND f.state::text = u.was
       AND f."lastLoadedAt" IS NOT DISTINCT FROM u.loaded::timestamp
       AND f."breachSince" IS NOT DISTINCT FROM u.breached::timestamp AND f."remindersSent" = u.reminded
    RETURNING f."assetId"`;
  return new Set(rows.map((r) => r.assetId));
}
