import type { Prisma } from "../generated/prisma/client.js";
import type { TenantContext } from "./actor.js";
import { markCatalogChanged, type CatalogChange } from "./catalogRevision.js";

type Db = Pick<TenantContext["db"], "auditEvent" | "$executeRaw">;

export interface AuditRecord {
  action: string;
  targetType: string;
  targetId?: string | null;
  details?: Prisma.InputJsonValue;
  /**
   * What the audited write changed (default: catalog data). Every write through the API is
   * audited, so this is where the tenant's catalog revision moves; "none" only for a write
   * that changed nothing a read answers (an identical post).
   */
  catalogChange?: CatalogChange | "none";
}

/**
 * Records what changed data, by whom, and moves the tenant's catalog revision; pass the
 * transaction client when inside one, and call it last in the transaction (see catalogRevision.ts).
 */
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
  const change = record.catalogChange ?? "catalog";
  if (change !== "none") await markCatalogChanged(db, ctx.tenant.id, change);
}
