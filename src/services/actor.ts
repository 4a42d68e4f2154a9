import type { Role } from "../core/tokens.js";
import { scopeToTenant, type TenantDb } from "../db/tenantScope.js";
import type { PrismaClient } from "../generated/prisma/client.js";
import type { CatalogRevisions } from "./catalogRevision.js";

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
  /**
   * The tenant's revisions as authentication read them, for the caches of a read-only request
   * (catalogRevision.ts). Absent where nothing read them (CLI, workers) and dropped by requests
   * that write, since their own writes move them.
   */
  revisions?: CatalogRevisions;
}

export const CLI_ACTOR: Actor = { tokenId: null, role: "ADMIN", ownerId: null, label: "cli" };

/** The context for acting in a tenant whose identity was established by the caller. */
export function tenantContext(prisma: PrismaClient, tenant: { id: string; slug: string; name: string }, actor: Actor, revisions?: CatalogRevisions): TenantContext {
  return { tenant: { id: tenant.id, slug: tenant.slug, name: tenant.name }, db: scopeToTenant(prisma, tenant.id), actor, revisions };
}
