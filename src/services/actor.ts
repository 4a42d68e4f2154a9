import type { Role } from "../core/tokens.js";
import { scopeToTenant, type TenantDb } from "../db/tenantScope.js";
import type { PrismaClient } from "../generated/prisma/client.js";

/** Who is acting: a verified API token, or an operator at the CLI. */
export interface Actor {
  tokenId: string | null;
  role: Role;
  /** The person the token acts for, if any. */
  ownerId: string | null;
  /** For audit logs and "posted by": the token's name, or "cli". */
  label: string;
}

/** Everything a use case needs to act within one tenant. */
export interface TenantContext {
  tenant: { id: string; slug: string; name: string };
  db: TenantDb;
  actor: Actor;
}

export const CLI_ACTOR: Actor = { tokenId: null, role: "ADMIN", ownerId: null, label: "cli" };

/** The context for acting in a tenant whose identity was established by the caller. */
export function tenantContext(prisma: PrismaClient, tenant: { id: string; slug: string; name: string }, actor: Actor): TenantContext {
  return { tenant: { id: tenant.id, slug: tenant.slug, name: tenant.name }, db: scopeToTenant(prisma, tenant.id), actor };
}
