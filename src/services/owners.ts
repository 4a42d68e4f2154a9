import type { TenantContext } from "./actor.js";

type Db = Pick<TenantContext["db"], "owner">;

export interface OwnerIdentity {
  name?: string | null;
  email?: string | null;
  handle?: string | null;
}

/** An owner is one person or team per tenant, identified by lower-cased email, else name. */
export function ownerKey(identity: OwnerIdentity): string | null {
  const email = identity.email?.trim().toLowerCase();
  if (email) return email;
  const name = identity.name?.trim() || identity.handle?.trim();
  return name ? `name:${name.toLowerCase()}` : null;
}

export async function upsertOwner(tenantId: string, db: Db, identity: OwnerIdentity) {
  const key = ownerKey(identity);
  if (!key) throw new Error("An owner needs an email or a name");
  return db.owner.upsert({
    where: { tenantId_key: { tenantId, key } },
    create: {
      tenantId,
      key,
      name: identity.name ?? null,
      email: identity.email?.trim().toLowerCase() ?? null,
      handle: identity.handle ?? null,
    },
    update: {
      ...(identity.name ? { name: identity.name } : {}),
      ...(identity.handle ? { handle: identity.handle } : {}),
    },
  });
}
