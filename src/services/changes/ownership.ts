/**
 * Owners and subscribers set by people (not by manifests): the consumers who must hear of a
 * change. Owners from manifests are replaced by each post; these stay (see ../owners.ts).
 */
import { z } from "zod";
import { AppError, notFound } from "../../core/errors.js";
import type { TenantContext } from "../actor.js";
import { recordAudit } from "../audit.js";
import { upsertOwner } from "../owners.js";
import { assertRole } from "../tokens.js";

export const ownersInput = z
  .array(z.object({ email: z.email().optional(), name: z.string().trim().min(1).max(200).optional(), handle: z.string().trim().min(1).max(100).optional() }).refine((o) => o.email || o.name || o.handle, "an owner needs an email, a name or a handle"))
  .max(50);

export async function setAssetOwners(ctx: TenantContext, assetId: string, owners: z.input<typeof ownersInput>) {
  assertRole(ctx, "OWNER");
  const wanted = ownersInput.parse(owners);
  return ctx.db.$transaction(async (tx) => {
    const asset = await tx.asset.findFirst({ where: { id: assetId } });
    if (!asset) throw notFound("Asset", assetId);
    const rows = [];
    for (const owner of wanted) rows.push(await upsertOwner(ctx.tenant.id, tx, owner));
    // Owners a person sets replace those an OpenLineage ownership facet named (services/openlineage/foldFacets.ts).
    await tx.assetOwner.deleteMany({ where: { assetId, source: rows.length > 0 ? { in: ["API", "OPENLINEAGE"] } : "API" } });
    await tx.assetOwner.createMany({ data: rows.map((o) => ({ tenantId: ctx.tenant.id, assetId, ownerId: o.id, source: "API" })), skipDuplicates: true });
    await recordAudit(ctx, tx, { action: "asset.set_owners", targetType: "Asset", targetId: assetId, details: { owners: rows.map((o) => o.key) } });
    return asset;
  });
}

export async function setSubscription(ctx: TenantContext, assetId: string, subscribed: boolean) {
  const ownerId = ctx.actor.ownerId;
  if (!ownerId) throw new AppError("FORBIDDEN", "This token acts for no person: create one with --owner <email> to subscribe");
  return ctx.db.$transaction(async (tx) => {
    const asset = await tx.asset.findFirst({ where: { id: assetId } });
    if (!asset) throw notFound("Asset", assetId);
    if (subscribed) {
      await tx.subscription.createMany({ data: [{ tenantId: ctx.tenant.id, assetId, ownerId }], skipDuplicates: true });
    } else {
      await tx.subscription.deleteMany({ where: { assetId, ownerId } });
    }
    // Subscribers are part of what impact answers.
    await recordAudit(ctx, tx, { action: subscribed ? "asset.subscribe" : "asset.unsubscribe", targetType: "Asset", targetId: assetId });
    return asset;
  });
}
