import type { Prisma } from "../generated/prisma/client.js";
import type { TenantContext } from "./actor.js";

type Db = Pick<TenantContext["db"], "auditEvent">;

export interface AuditRecord {
  action: string;
  targetType: string;
  targetId?: string | null;
  details?: Prisma.InputJsonValue;
}

/** Records what changed data, by whom; pass the transaction client when inside one. */
export async function recordAudit(ctx: Omit<TenantContext, "db">, db: Db, record: AuditRecord): Promise<void> {
  await db.auditEvent.create({
    data: {
      tenantId: ctx.tenant.id,
      actorTokenId: ctx.actor.tokenId,
      actorLabel: ctx.actor.label,
      action: record.action,
      targetType: record.targetType,
      targetId: record.targetId ?? null,
      details: record.details ?? {},
    },
  });
}
