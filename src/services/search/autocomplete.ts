/**
 * Search-as-you-type: asset names and distinct column names starting with what was typed.
 *
 * Both read (tenantId, lower(name) COLLATE "C") btree indexes, on assets and on column
 * definitions: a prefix LIKE is a range scan there. Column names repeat (every model has an
 * `id`), but a definition is each name once per description, so distinct column names cost
 * about one index entry each however many columns share them.
 */
import { badInput } from "../../core/errors.js";
import type { TenantContext } from "../actor.js";
import { crossProjectLinks } from "../lineage/tenantGraphs.js";
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
  // An OpenLineage dataset merged into another asset is not offered: that asset is.
  const merged = [...(await crossProjectLinks(ctx)).identity.aliases.keys()];
  const [assets, columns] = await Promise.all([
    ctx.db.$queryRaw<{ id: string; name: string }[]>`
      SELECT "id", "name" FROM "Asset"
      WHERE "tenantId" = ${tenantId} AND lower("name") COLLATE "C" LIKE ${pattern} AND "removedAt" IS NULL AND NOT ("id" = ANY(${merged}::text[]))
      ORDER BY lower("name") COLLATE "C", "id" LIMIT ${limit}`,
    // Definitions are few (each name once per description), so distinct names come straight
    // off the index in order; a name is offered only while a live column still has it.
    ctx.db.$queryRaw<{ name: string }[]>`
      SELECT DISTINCT lower(d."name") COLLATE "C" AS "name" FROM "ColumnDefinition" d
      WHERE d."tenantId" = ${tenantId} AND lower(d."name") COLLATE "C" LIKE ${pattern}
        AND EXISTS (SELECT 1 FROM "Column" c WHERE c."tenantId" = ${tenantId} AND c."definitionId" = d."id" AND c."removedAt" IS NULL)
      ORDER BY 1 LIMIT ${limit}`,
  ]);
  const suggestions: Suggestion[] = [
    ...assets.map((row) => ({ text: row.name, kind: "ASSET" as const, assetId: row.id })),
    ...columns.map((row) => ({ text: row.name, kind: "COLUMN" as const, assetId: null })),
  ];
  const key = (s: Suggestion) => s.text.toLowerCase();
  return suggestions.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : a.kind < b.kind ? -1 : 1)).slice(0, limit);
}
