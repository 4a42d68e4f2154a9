/**
 * Freshness as the API shows it: each asset's stored state (written by the evaluator, so that
 * answers are the same in every process and cacheable by catalog revision) and the SLA that
 * applies to it now.
 */
import { freshnessSettingsOf } from "../../core/freshness/settings.js";
import { FRESHNESS_META_KEY, resolveSla, type FreshnessSla } from "../../core/freshness/sla.js";
import type { FreshnessStateName } from "../../core/freshness/evaluate.js";
import type { TenantContext } from "../actor.js";

export interface AssetFreshnessView {
  state: FreshnessStateName;
  since: Date | null;
  lastLoadedAt: Date | null;
  sla: FreshnessSla | null;
}

export async function assetFreshnessOf(ctx: TenantContext, assetIds: readonly string[]): Promise<Map<string, AssetFreshnessView>> {
  const [tenant, assets] = await Promise.all([
    ctx.db.tenant.findUniqueOrThrow({ where: { id: ctx.tenant.id }, select: { settings: true } }),
    ctx.db.asset.findMany({
      where: { id: { in: [...assetIds] } },
      select: { id: true, kind: true, layer: true, meta: true, project: { select: { name: true } }, freshness: true },
    }),
  ]);
  const settings = freshnessSettingsOf(tenant.settings);
  const views = new Map<string, AssetFreshnessView>();
  for (const asset of assets) {
    const row = asset.freshness;
    const metaSla = asset.meta && typeof asset.meta === "object" ? (asset.meta as Record<string, unknown>)[FRESHNESS_META_KEY] : undefined;
    const sla = resolveSla(
      {
        kind: asset.kind,
        layer: asset.layer,
        meta: { [FRESHNESS_META_KEY]: metaSla },
        project: asset.project.name,
        slaMinutes: row?.slaMinutes ?? null,
        dbtWarnMinutes: row?.dbtWarnMinutes ?? null,
        dbtErrorMinutes: row?.dbtErrorMinutes ?? null,
      },
      settings,
    );
    views.set(asset.id, { state: row?.state ?? "UNKNOWN", since: row ? row.since : null, lastLoadedAt: row?.lastLoadedAt ?? null, sla });
  }
  return views;
}

export interface RunView {
  id: string;
  source: string;
  status: string;
  startedAt: Date | null;
  completedAt: Date;
  durationMs: number | null;
  rowsAffected: number | null;
  maxLoadedAt: Date | null;
  snapshottedAt: Date | null;
  message: string | null;
}

/** An asset's runs, newest first. */
export async function assetRunsOf(ctx: TenantContext, assetId: string, page: { skip: number; take: number }): Promise<{ runs: RunView[]; total: number }> {
  const [rows, total] = await Promise.all([
    ctx.db.assetRun.findMany({ where: { assetId }, orderBy: [{ completedAt: "desc" }, { id: "asc" }], skip: page.skip, take: page.take }),
    ctx.db.assetRun.count({ where: { assetId } }),
  ]);
  return { runs: rows.map((r) => ({ ...r, rowsAffected: r.rowsAffected === null ? null : Number(r.rowsAffected) })), total };
}
