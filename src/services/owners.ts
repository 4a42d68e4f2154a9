/**
 * Who owns an asset. Sources name owners, and an asset's owners are the people any names:
 *   - MANIFEST: the owners the project's manifest names (`meta.owner`, `owners`, groups); each
 *     applied post replaces them with the ones it names;
 *   - API: the owners a person assigned with `setAssetOwners`; posts never touch them, only the
 *     next `setAssetOwners` of that asset does (an empty list removes them).
 *   - OPENLINEAGE: the owners an OpenLineage `ownership` facet names, only on an asset that has
 *     none of the two above: what a person curated wins (services/openlineage/foldFacets.ts), and
 *     `setAssetOwners` with owners removes them.
 * A person named by both is one owner, stored as one link per source so that each source adds
 * and removes only its own. Approvers, impact, notifications and search all read this union.
 * (Why a union and not "the manifest wins": the two are kept by different people, a manifest
 * in review and an admin in the API, and neither should silently undo the other.)
 */
import { ownerKey } from "../core/manifest/index.js";
import type { Owner } from "../generated/prisma/client.js";
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

/** Owner rows by id, for a page of things that name their owner (glossary terms). */
export async function ownersByIds(ctx: TenantContext, ids: readonly string[]): Promise<Map<string, Owner>> {
  const rows = await ctx.db.owner.findMany({ where: { id: { in: [...ids] } } });
  return new Map(rows.map((row) => [row.id, row]));
}
