/**
 * Search-as-you-type: asset names and distinct column names starting with what was typed.
 *
 * Both read the (tenantId, lower(name) COLLATE "C") btree indexes: a prefix LIKE is a range
 * scan there. Column names repeat (every model has an `id`), so distinct names are found with a
 * skip scan (each step jumps to the next larger name), which costs one index probe per
 * suggestion however many columns share a name.
 */
import { badInput } from "../../core/errors.js";
import type { TenantContext } from "../actor.js";
import { likePrefix } from "./searchQuery.js";

export const MAX_SUGGESTIONS = 25;
export const DEFAULT_SUGGESTIONS = 10;
const MAX_PREFIX_LENGTH = 100;

export interface Suggestion {
  text: string;
  kind: "ASSET" | "COLUMN";
  /** The asset, for asset names. */
  assetId: string | null;
}

export async function autocomplete(ctx: TenantContext, prefix: string, limit: number = DEFAULT_SUGGESTIONS): Promise<Suggestion[]> {
  const typed = prefix.trim().toLowerCase();
  if (typed.length === 0) return [];
  if (typed.length > MAX_PREFIX_LENGTH) throw badInput(`prefix must be at most ${MAX_PREFIX_LENGTH} characters`, { argument: "prefix", max: MAX_PREFIX_LENGTH });
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_SUGGESTIONS) {
    throw badInput(`first must be between 1 and ${MAX_SUGGESTIONS}`, { argument: "first", max: MAX_SUGGESTIONS });
  }
  const pattern = likePrefix(typed);
  const tenantId = ctx.tenant.id;
  const [assets, columns] = await Promise.all([
    ctx.db.$queryRaw<{ id: string; name: string }[]>`
      SELECT "id", "name" FROM "Asset"
      WHERE "tenantId" = ${tenantId} AND lower("name") COLLATE "C" LIKE ${pattern} AND "removedAt" IS NULL
      ORDER BY lower("name") COLLATE "C", "id" LIMIT ${limit}`,
    ctx.db.$queryRaw<{ name: string }[]>`
      WITH RECURSIVE names(name) AS (
        (SELECT lower("name") COLLATE "C" FROM "Column"
         WHERE "tenantId" = ${tenantId} AND lower("name") COLLATE "C" LIKE ${pattern} AND "removedAt" IS NULL
         ORDER BY lower("name") COLLATE "C" LIMIT 1)
        UNION ALL
        SELECT (SELECT lower(c."name") COLLATE "C" FROM "Column" c
                WHERE c."tenantId" = ${tenantId} AND lower(c."name") COLLATE "C" > n.name
                  AND lower(c."name") COLLATE "C" LIKE ${pattern} AND c."removedAt" IS NULL
                ORDER BY lower(c."name") COLLATE "C" LIMIT 1)
        FROM names n WHERE n.name IS NOT NULL
      )
      SELECT name FROM names WHERE name IS NOT NULL LIMIT ${limit}`,
  ]);
  const suggestions: Suggestion[] = [
    ...assets.map((row) => ({ text: row.name, kind: "ASSET" as const, assetId: row.id })),
    ...columns.map((row) => ({ text: row.name, kind: "COLUMN" as const, assetId: null })),
  ];
  const key = (s: Suggestion) => s.text.toLowerCase();
  return suggestions.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : a.kind < b.kind ? -1 : 1)).slice(0, limit);
}
