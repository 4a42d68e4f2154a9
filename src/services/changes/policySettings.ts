import type { ChangePolicy } from "../../core/change/index.js";
import type { Prisma } from "../../generated/prisma/client.js";
import type { TenantContext } from "../actor.js";
import { recordAudit } from "../audit.js";
import { assertRole } from "../tokens.js";
import { changePolicyOf, parseChangePolicy } from "./changePolicy.js";

export async function getChangePolicy(ctx: TenantContext): Promise<ChangePolicy> {
  const tenant = await ctx.db.tenant.findUniqueOrThrow({ where: { id: ctx.tenant.id }, select: { settings: true } });
  return changePolicyOf(tenant.settings);
}

export async function setChangePolicy(ctx: TenantContext, input: unknown): Promise<ChangePolicy> {
  assertRole(ctx, "ADMIN");
  const policy = parseChangePolicy(input);
  return ctx.db.$transaction(async (tx) => {
    const tenant = await tx.tenant.findUniqueOrThrow({ where: { id: ctx.tenant.id }, select: { settings: true } });
    const settings = { ...((tenant.settings as Record<string, unknown>) ?? {}), changePolicy: policy };
    await tx.tenant.update({ where: { id: ctx.tenant.id }, data: { settings: settings as Prisma.InputJsonValue } });
    await recordAudit(ctx, tx, { action: "policy.set", targetType: "Tenant", targetId: ctx.tenant.id, details: { changePolicy: policy } as Prisma.InputJsonValue });
    return policy;
  });
}
