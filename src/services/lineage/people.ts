/** The people who must hear about a change to an asset: its owners and its subscribers. */
import { jsonRows } from "../../db/jsonRows.js";
import type { TenantContext } from "../actor.js";

export interface Person {
  id: string;
  name: string | null;
  email: string | null;
  handle: string | null;
}

export interface AssetPeople {
  owners: Person[];
  subscribers: Person[];
}

/**
 * Owners and subscribers of each asset, in one statement (by owner key); assets without any get
 * empty lists. Read as one JSON string: the change process asks this for thousands of assets,
 * and through Prisma the two relation queries cost 10-15 ms for a page of 200.
 */
export async function peopleOfAssets(ctx: TenantContext, assetIds: readonly string[]): Promise<Map<string, AssetPeople>> {
  const ids = [...new Set(assetIds)];
  const people = new Map<string, AssetPeople>(ids.map((id) => [id, { owners: [], subscribers: [] }]));
  if (ids.length === 0) return people;
  const tenantId = ctx.tenant.id;
  const rows = await jsonRows<["owner" | "subscriber", string, string, string | null, string | null, string | null]>(ctx.db.$queryRaw`
    SELECT json_agg(json_build_array(l."role", l."assetId", o."id", o."name", o."email", o."handle") ORDER BY o."key", o."id")::text AS "rows"
    FROM (SELECT DISTINCT 'owner' AS "role", "assetId", "ownerId" FROM "AssetOwner" WHERE "tenantId" = ${tenantId} AND "assetId" = ANY(${ids})
          UNION ALL
          SELECT 'subscriber', "assetId", "ownerId" FROM "Subscription" WHERE "tenantId" = ${tenantId} AND "assetId" = ANY(${ids})) l
    JOIN "Owner" o ON o."tenantId" = ${tenantId} AND o."id" = l."ownerId"`);
  for (const [role, assetId, id, name, email, handle] of rows) {
    const lists = people.get(assetId)!;
    (role === "owner" ? lists.owners : lists.subscribers).push({ id, name, email, handle });
  }
  return people;
}
