/** Who may act on an asset's anomalies and their settings: an ADMIN, or an OWNER token acting for one of its owners. */
import { AppError } from "../../core/errors.js";
import { roleAtLeast } from "../../core/tokens.js";
import type { TenantTx } from "../../db/tenantScope.js";
import type { TenantContext } from "../actor.js";

export async function assertOwnsAsset(ctx: TenantContext, tx: TenantTx, assetId: string, what: string): Promise<void> {
  if (ctx.actor.role === "ADMIN") return;
  if (roleAtLeast(ctx.actor.role, "OWNER") && ctx.actor.ownerId && (await tx.assetOwner.findFirst({ where: { assetId, ownerId: ctx.actor.ownerId } }))) return;
  throw new AppError("FORBIDDEN", `Only the asset's owners (an OWNER token acting for one of them) or an ADMIN can ${what}`);
}
