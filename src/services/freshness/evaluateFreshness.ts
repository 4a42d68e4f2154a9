/**
 * One evaluation pass over a tenant's tracked assets (or some of them): each asset's state at
 * `now`, written where it changed, with the breach and recovery events.
 *
 * Several processes may evaluate the same tenant at once. Every write is a compare-and-set on
 * what the pass read (state, load time, SLA inputs, breach, reminders): only the process whose
 * update matched records the transition and queues its event, and the events' keys come from
 * the breach itself, so the outbox could not hold one twice anyway.
 *
 * A scheduled pass reads only the rows due: each row keeps when its state or a reminder is
 * next due by time alone (`nextCheckAt`), and every write of its inputs marks it `due`. What
 * the rows do not hold (the tenant's settings, the assets' layers and meta) is covered by a
 * full pass whenever this process sees new settings or a new lineage revision, or its clock
 * go back; its first pass is a full one.
 */
import { decideAlert, nextCheckAt } from "../../core/freshness/alerts.js";
import { evaluateFreshness } from "../../core/freshness/evaluate.js";
import { freshnessSettingsOf, type FreshnessSettings } from "../../core/freshness/settings.js";
import { FRESHNESS_META_KEY, resolveSla } from "../../core/freshness/sla.js";
import type { TenantDb, TenantTx } from "../../db/tenantScope.js";
import { markCatalogChanged } from "../catalogRevision.js";
import { loadTrackedAssets, sqlTimestamp, type TrackedAsset, type TrackedScope } from "./freshnessRows.js";
import { notifyFreshness, type FreshnessNotice } from "./freshnessNotice.js";
import { inLongTransaction } from "../../db/longTransaction.js";

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
  nextCheckAt: Date | null;
  /** The state or the breach memory changes (else only when to look next does). */
  changed: boolean;
  notice: FreshnessNotice | null;
}

/** Per tenant, what this process's last full pass saw, and the latest time any pass ran at. */
const fullPasses = new Map<string, { revision: number; settings: string; now: number }>();

export async function evaluateTenantFreshness(db: TenantDb, tenantId: string, options: FreshnessPassOptions): Promise<FreshnessPassResult> {
  const [tenant] = await db.$queryRaw<{ revision: number; settings: unknown }[]>`SELECT "lineageRevision" AS revision, settings FROM "Tenant" WHERE id = ${tenantId}`;
  const revision = tenant?.revision ?? -1;
  const settings = freshnessSettingsOf(tenant?.settings);
  const settingsKey = JSON.stringify(settings);
  const now = options.now.getTime();
  const last = fullPasses.get(tenantId);
  const full = !options.assetIds && !(last && last.revision === revision && last.settings === settingsKey && now >= last.now);
  const scope: TrackedScope = options.assetIds ? { assetIds: options.assetIds } : full ? { all: true } : { dueAt: options.now };
  const { assets, removed } = await loadTrackedAssets(db, tenantId, revision, scope);
  // A removed asset's row that came due would be read by every scheduled pass: it is not due
  // again until a post brings the asset back, and that post's full pass reads it anyway.
  const idle = "dueAt" in scope ? removed : [];
  if (idle.length > 0) await db.$executeRaw`UPDATE "AssetFreshness" SET due = false, "nextCheckAt" = NULL WHERE "tenantId" = ${tenantId} AND "assetId" = ANY(${idle}::text[])`;
  const planned = planFreshness(assets, settings, options.now);
  const result = planned.length === 0 ? { evaluated: assets.length, changed: 0, events: 0 } : await write(db, tenantId, planned, assets.length, options);
  if (full) fullPasses.set(tenantId, { revision, settings: settingsKey, now });
  else if (last && !options.assetIds) last.now = Math.max(last.now, now);
  return result;
}

function write(db: TenantDb, tenantId: string, planned: readonly Planned[], evaluated: number, options: FreshnessPassOptions): Promise<FreshnessPassResult> {
  return inLongTransaction(db, async (tx) => {
    const won = await compareAndSet(tx, tenantId, planned, options.now);
    const mine = planned.filter((p) => p.changed && won.has(p.asset.assetId));
    const moved = mine.filter((p) => p.state !== p.asset.state);
    if (moved.length > 0) {
      await tx.freshnessTransition.createMany({ data: moved.map((p) => ({ tenantId, assetId: p.asset.assetId, state: p.state, at: p.since })) });
      await markCatalogChanged(tx, tenantId, "catalog");
    }
    const notices = mine.flatMap((p) => p.notice ?? []);
    const events = notices.length > 0 ? await notifyFreshness(tx, tenantId, notices, { now: options.now, publicUrl: options.publicUrl ?? null }) : 0;
    return { evaluated, changed: mine.length, events };
  });
}

/** The pure part, apart for the benchmark: what each asset's row should now say, for the rows that should change. */
export function planFreshness(assets: readonly TrackedAsset[], settings: FreshnessSettings, now: Date): Planned[] {
  const planned: Planned[] = [];
  for (const asset of assets) {
    const sla = resolveSla({ ...asset, meta: { [FRESHNESS_META_KEY]: asset.metaSla } }, settings);
    const verdict = evaluateFreshness(asset.lastLoadedAt, sla, now);
    const since = verdict.state === asset.state ? asset.since : (verdict.since ?? now);
    const alert = decideAlert(asset.assetId, asset, verdict, now, settings.reminderMinutes);
    const next = nextCheckAt(verdict, alert, settings.reminderMinutes);
    const same =
      verdict.state === asset.state &&
      alert.remindersSent === asset.remindersSent &&
      alert.breachSince?.getTime() === asset.breachSince?.getTime();
    if (same && !asset.due && next?.getTime() === asset.nextCheckAt?.getTime()) continue;
    planned.push({
      asset,
      state: verdict.state,
      since,
      breachSince: alert.breachSince,
      remindersSent: alert.remindersSent,
      nextCheckAt: next,
      changed: !same,
      notice: alert.event && { ...alert.event, asset, state: verdict.state, since, sla, breachSince: alert.breachSince ?? asset.breachSince ?? since },
    });
  }
  return planned;
}

async function compareAndSet(tx: TenantTx, tenantId: string, planned: readonly Planned[], now: Date): Promise<Set<string>> {
  const column = <T>(of: (p: Planned) => T) => planned.map(of);
  const rows = await tx.$queryRaw<{ assetId: string }[]>`
    UPDATE "AssetFreshness" f
       SET state = u.state::"FreshnessState", since = u.since::timestamp, "breachSince" = u.breach::timestamp,
           "remindersSent" = u.reminders, "evaluatedAt" = ${sqlTimestamp(now)}::timestamp,
           due = false, "nextCheckAt" = u.next::timestamp
      FROM unnest(${column((p) => p.asset.assetId)}::text[], ${column((p) => p.state)}::text[],
                  ${column((p) => sqlTimestamp(p.since))}::text[], ${column((p) => sqlTimestamp(p.breachSince))}::text[],
                  ${column((p) => p.remindersSent)}::int[], ${column((p) => sqlTimestamp(p.nextCheckAt))}::text[],
                  ${column((p) => p.asset.state)}::text[], ${column((p) => sqlTimestamp(p.asset.lastLoadedAt))}::text[],
                  ${column((p) => sqlTimestamp(p.asset.breachSince))}::text[], ${column((p) => p.asset.remindersSent)}::int[],
                  ${column((p) => p.asset.dbtWarnMinutes)}::int[], ${column((p) => p.asset.dbtErrorMinutes)}::int[], ${column((p) => p.asset.slaMinutes)}::int[])
           AS u(id, state, since, breach, reminders, next, was, loaded, breached, reminded, warn, error, sla)
     WHERE f."tenantId" = ${tenantId} AND f."assetId" = u.id AND f.state::text = u.was
       AND f."lastLoadedAt" IS NOT DISTINCT FROM u.loaded::timestamp
       AND f."breachSince" IS NOT DISTINCT FROM u.breached::timestamp AND f."remindersSent" = u.reminded
       AND f."dbtWarnMinutes" IS NOT DISTINCT FROM u.warn AND f."dbtErrorMinutes" IS NOT DISTINCT FROM u.error
       AND f."slaMinutes" IS NOT DISTINCT FROM u.sla
    RETURNING f."assetId"`;
  return new Set(rows.map((r) => r.assetId));
}
