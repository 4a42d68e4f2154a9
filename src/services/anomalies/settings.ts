/**
 * Detection parameters at three levels: the tenant's (ADMIN), a metric's (all series of an
 * asset's measure) and one series' (with its dimension values), set by the asset's owners.
 */
import { AppError } from "../../core/errors.js";
import { dimensionsKey } from "../../core/anomaly/observationInput.js";
import { detectionOverrides, resolveDetection, tenantDetectionOf, type DetectionOverrides, type DetectionSettings } from "../../core/anomaly/settings.js";
import { describeZodError } from "../../core/validation.js";
import type { Prisma } from "../../generated/prisma/client.js";
import type { TenantContext } from "../actor.js";
import { recordAudit } from "../audit.js";
import { assertRole } from "../tokens.js";
import { resolveAssetRefs } from "./assetRefs.js";
import { assertOwnsAsset } from "./assetOwnership.js";
import { ALL_SERIES } from "./settingsLookup.js";

export interface SettingsTarget {
  asset?: string | null;
  project?: string | null;
  name?: string | null;
  dimensions?: Record<string, string> | null;
}

function parseOverrides(input: unknown): DetectionOverrides {
  const parsed = detectionOverrides.safeParse(input);
  if (!parsed.success) {
    const { message, path } = describeZodError(parsed.error, "$.input");
    throw new AppError("BAD_USER_INPUT", message, { path });
  }
  return parsed.data;
}

/** Stores one level's overrides and answers the settings now in force at that level. */
export async function setAnomalySettings(ctx: TenantContext, target: SettingsTarget, input: unknown): Promise<DetectionSettings> {
  const overrides = parseOverrides(input);
  if (!target.asset) {
    assertRole(ctx, "ADMIN");
    if (target.name || target.dimensions) throw new AppError("BAD_USER_INPUT", "$.input.name: name and dimensions need an asset", { path: "$.input.name" });
    return ctx.db.$transaction(async (tx) => {
      const tenant = await tx.tenant.findUniqueOrThrow({ where: { id: ctx.tenant.id }, select: { settings: true } });
      const settings = { ...((tenant.settings as Record<string, unknown>) ?? {}), anomalies: overrides };
      await tx.tenant.update({ where: { id: ctx.tenant.id }, data: { settings: settings as Prisma.InputJsonValue } });
      await recordAudit(ctx, tx, { action: "anomalies.settings", targetType: "Tenant", targetId: ctx.tenant.id, details: overrides as Prisma.InputJsonValue });
      return resolveDetection(overrides);
    });
  }
  if (!target.name) throw new AppError("BAD_USER_INPUT", "$.input.name: name the asset's measure (e.g. row_count)", { path: "$.input.name" });
  const name = target.name;
  return ctx.db.$transaction(async (tx) => {
    const [asset] = await resolveAssetRefs(tx, [{ asset: target.asset!, project: target.project ?? undefined }], () => "$.input.asset");
    await assertOwnsAsset(ctx, tx, asset!.id, "change its anomaly settings");
    const key = target.dimensions ? dimensionsKey(target.dimensions) : ALL_SERIES;
    const values = { window: overrides.window ?? null, threshold: overrides.threshold ?? null, seasonality: overrides.seasonality ?? null };
    await tx.anomalySetting.upsert({
      where: { tenantId_assetId_name_dimensionsKey: { tenantId: ctx.tenant.id, assetId: asset!.id, name, dimensionsKey: key } },
      create: { tenantId: ctx.tenant.id, assetId: asset!.id, name, dimensionsKey: key, ...values },
      update: values,
    });
    await recordAudit(ctx, tx, { action: "anomalies.settings", targetType: "Asset", targetId: asset!.id, details: { name, dimensionsKey: key, ...values } as Prisma.InputJsonValue });
    const tenant = await tx.tenant.findUniqueOrThrow({ where: { id: ctx.tenant.id }, select: { settings: true } });
    const metric = key === ALL_SERIES ? values : await tx.anomalySetting.findFirst({ where: { assetId: asset!.id, name, dimensionsKey: ALL_SERIES } });
    return resolveDetection(tenantDetectionOf(tenant.settings), metric, key === ALL_SERIES ? null : values);
  });
}

export async function tenantAnomalySettings(ctx: Pick<TenantContext, "db" | "tenant">): Promise<DetectionSettings> {
  const tenant = await ctx.db.tenant.findUniqueOrThrow({ where: { id: ctx.tenant.id }, select: { settings: true } });
  return resolveDetection(tenantDetectionOf(tenant.settings));
}
