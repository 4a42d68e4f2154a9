/**
 * Changing SLAs: one asset's (OWNER), or the tenant's and a project's defaults per layer, the
 * stale factor and the reminder interval (ADMIN). Audited, and evaluated at once, so the next
 * read shows the state under the new SLA.
 */
import { z } from "zod";
import { badInput, notFound } from "../../core/errors.js";
import { freshnessSettingsOf, freshnessSettingsSchema, FRESHNESS_LAYERS, type FreshnessSettings } from "../../core/freshness/settings.js";
import type { Prisma } from "../../generated/prisma/client.js";
import type { TenantContext } from "../actor.js";
import { recordAudit } from "../audit.js";
import { wakeDeliveryWorkers } from "../notifications/wake.js";
import { assertRole } from "../tokens.js";
import { evaluateTenantFreshness } from "./evaluateFreshness.js";

const minutes = z.int().positive().max(525_600).nullable();

export async function setAssetFreshnessSla(ctx: TenantContext, assetId: string, slaMinutes: number | null, now: Date = new Date()): Promise<void> {
  assertRole(ctx, "OWNER");
  const parsed = minutes.safeParse(slaMinutes);
  if (!parsed.success) throw badInput("minutes: expected a whole number of minutes from 1 to 525600, or null to clear", { path: "minutes" });
  await ctx.db.$transaction(async (tx) => {
    const asset = await tx.asset.findFirst({ where: { id: assetId }, select: { id: true } });
    if (!asset) throw notFound("Asset", assetId);
    await tx.assetFreshness.upsert({
      where: { tenantId_assetId: { tenantId: ctx.tenant.id, assetId } },
      create: { tenantId: ctx.tenant.id, assetId, since: now, slaMinutes: parsed.data },
      // Due: the evaluator's next pass reads it whatever its next check time says.
      update: { slaMinutes: parsed.data, due: true },
    });
    await recordAudit(ctx, tx, { action: "freshness.sla.set", targetType: "Asset", targetId: assetId, details: { minutes: parsed.data } });
  });
  await evaluateAndWake(ctx, now, [assetId]);
}

const layerInput = z.object(Object.fromEntries(FRESHNESS_LAYERS.map((layer) => [layer, minutes.optional()])) as Record<(typeof FRESHNESS_LAYERS)[number], z.ZodOptional<typeof minutes>>);

export const freshnessDefaultsInput = layerInput.extend({
  /** The project whose defaults these are; the tenant's when absent. */
  project: z.string().min(1).max(128).nullish(),
  reminderMinutes: minutes.optional(),
  staleAfterFactor: z.number().min(1).max(100).nullish(),
});

export async function setFreshnessDefaults(ctx: TenantContext, input: z.input<typeof freshnessDefaultsInput>, now: Date = new Date()): Promise<FreshnessSettings> {
  assertRole(ctx, "ADMIN");
  const parsed = freshnessDefaultsInput.safeParse(input);
  if (!parsed.success) throw badInput(`Invalid freshness defaults at ${parsed.error.issues[0]?.path.join(".")}: ${parsed.error.issues[0]?.message}`);
  const { project, reminderMinutes, staleAfterFactor, ...layers } = parsed.data;
  const settings = await ctx.db.$transaction(async (tx) => {
    const tenant = await tx.tenant.findUniqueOrThrow({ where: { id: ctx.tenant.id }, select: { settings: true } });
    const current = freshnessSettingsOf(tenant.settings);
    const merge = (into: Partial<Record<string, number>>) => {
      const out = { ...into };
      for (const [layer, value] of Object.entries(layers)) {
        if (value === null) delete out[layer];
        else if (value !== undefined) out[layer] = value;
      }
      return out;
    };
    const next = freshnessSettingsSchema.parse({
      ...current,
      layers: project ? current.layers : merge(current.layers),
      projects: project ? { ...current.projects, [project]: merge(current.projects[project] ?? {}) } : current.projects,
      reminderMinutes: reminderMinutes === undefined ? current.reminderMinutes : reminderMinutes,
      staleAfterFactor: staleAfterFactor ?? current.staleAfterFactor,
    });
    const stored = { ...((tenant.settings as Record<string, unknown>) ?? {}), freshness: next };
    await tx.tenant.update({ where: { id: ctx.tenant.id }, data: { settings: stored as Prisma.InputJsonValue } });
    await recordAudit(ctx, tx, { action: "freshness.defaults.set", targetType: "Tenant", targetId: ctx.tenant.id, details: { freshness: next } as Prisma.InputJsonValue });
    return next;
  });
  await evaluateAndWake(ctx, now);
  return settings;
}

export async function getFreshnessSettings(ctx: TenantContext): Promise<FreshnessSettings> {
  const tenant = await ctx.db.tenant.findUniqueOrThrow({ where: { id: ctx.tenant.id }, select: { settings: true } });
  return freshnessSettingsOf(tenant.settings);
}

async function evaluateAndWake(ctx: TenantContext, now: Date, assetIds?: string[]): Promise<void> {
  const pass = await evaluateTenantFreshness(ctx.db, ctx.tenant.id, { now, assetIds });
  if (pass.events > 0) wakeDeliveryWorkers();
}
