import { ownerKey } from "../core/manifest/index.js";
import type { TenantContext } from "./actor.js";

type Db = Pick<TenantContext["db"], "owner">;

export interface OwnerIdentity {
  name?: string | null;
  email?: string | null;
  handle?: string | null;
}

/** One Owner row per person or team and tenant, keyed the way manifests key owners. */
export async function upsertOwner(tenantId: string, db: Db, identity: OwnerIdentity) {
  const owner = { name: identity.name?.trim() || null, email: identity.email?.trim().toLowerCase() || null, handle: identity.handle?.trim() || null };
  if (!owner.email && !owner.name && !owner.handle) throw new Error("An owner needs an email, a handle or a name");
  const key = ownerKey(owner);
  return db.owner.upsert({
    where: { tenantId_key: { tenantId, key } },
    create: { tenantId, key, ...owner },
    update: { ...(owner.name ? { name: owner.name } : {}), ...(owner.handle ? { handle: owner.handle } : {}) },
  });
}
