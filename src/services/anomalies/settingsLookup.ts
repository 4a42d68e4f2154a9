/** Each series' detection parameters: its own, else its metric's, else the tenant's, else the defaults. */
import { seriesKey } from "../../core/anomaly/observationInput.js";
import { resolveDetection, tenantDetectionOf, type DetectionSettings } from "../../core/anomaly/settings.js";
import type { TenantDb, TenantTx } from "../../db/tenantScope.js";

/** The metric-wide row's dimensionsKey: it applies to every series of the asset's measure. */
export const ALL_SERIES = "*";

export async function settingsLookup(
  db: TenantDb | TenantTx,
  tenantId: string,
  series: readonly { id: string; assetId: string; name: string; dimensionsKey: string }[],
): Promise<(seriesId: string) => DetectionSettings> {
  // One after the other: inside a transaction both would wait for the same connection anyway.
  const tenant = await db.tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { settings: true } });
  const rows = await db.anomalySetting.findMany({ where: { assetId: { in: [...new Set(series.map((s) => s.assetId))] } } });
  const tenantLevel = tenantDetectionOf(tenant.settings);
  const byKey = new Map(rows.map((r) => [seriesKey(r.assetId, r.name, r.dimensionsKey), r]));
  const resolved = new Map<string, DetectionSettings>();
  for (const s of series) {
    const metric = byKey.get(seriesKey(s.assetId, s.name, ALL_SERIES));
    const own = byKey.get(seriesKey(s.assetId, s.name, s.dimensionsKey));
    resolved.set(s.id, resolveDetection(tenantLevel, metric, own));
  }
  return (seriesId) => resolved.get(seriesId) ?? resolveDetection(tenantLevel);
}
