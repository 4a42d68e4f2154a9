/**
 * Search over the catalog's definitions: assets, columns and owners, by name and description.
 *
 * Ranking tiers, highest first: exact name (1000) > name prefix (500) > every word starts a
 * name word (200) > every word in the description (100) > a typo of the name (pg_trgm word
 * similarity ≥ 0.6, up to 50). Within a name tier: hits whose description also has the
 * words, then shorter names; in the description tier, full-text rank. Words are prefixes ("acqui" finds "acquisition") and English stems
 * ("customers" finds "customer").
 *
 * Everything is answered by indexes PostgreSQL maintains on every write (see the search_index
 * migration): GIN over generated tsvector columns, trigram GIN over lower(name), and a
 * (tenantId, lower(name)) btree. Ingestion does nothing for search. Removed assets and
 * columns, and columns of removed assets, are never returned. Raw SQL names the tenant in every
 * table it reads.
 */
import { Prisma, type AssetKind, type Layer } from "../../generated/prisma/client.js";
import type { TenantContext } from "../actor.js";
import { likePrefix, parseSearchQuery, type ParsedQuery } from "./searchQuery.js";

export const MAX_SEARCH_PAGE = 100;
export const DEFAULT_SEARCH_PAGE = 20;
/** Values listed per facet (the most frequent first). */
export const MAX_FACET_VALUES = 50;

export type SearchHitKind = "ASSET" | "COLUMN" | "OWNER";

export interface SearchFilter {
  kinds?: AssetKind[] | null;
  layers?: Layer[] | null;
  /** Project names. */
  projects?: string[] | null;
  /** Assets with any of these tags. */
  tags?: string[] | null;
  /** Owner emails or names (any case). */
  owners?: string[] | null;
  /** Asset hits: the asset has tests; column hits: the column has tests. */
  hasTests?: boolean | null;
}

export interface SearchHit {
  kind: SearchHitKind;
  score: number;
  /** The matched text (description, else name) with matches wrapped in <mark>…</mark>. */
  snippet: string;
  assetId: string | null;
  columnId: string | null;
  columnName: string | null;
  ownerId: string | null;
}

export interface FacetCount {
  value: string;
  count: number;
}

export interface SearchFacets {
  kinds: FacetCount[];
  layers: FacetCount[];
  projects: FacetCount[];
  owners: FacetCount[];
  tags: FacetCount[];
}

export interface SearchResult {
  hits: SearchHit[];
  total: number;
  facets: SearchFacets;
}

export async function search(
  ctx: TenantContext,
  input: { query: string; filter?: SearchFilter | null },
  page: { skip: number; take: number },
): Promise<SearchResult> {
  const q = parseSearchQuery(input.query);
  const filter = input.filter ?? {};
  const tenantId = ctx.tenant.id;
  type Row = { total: number; page: string | null; facets: string | null };
  // Typo matching (trigram similarity) scans far more index entries than words and prefixes,
  // so it only runs when those found less than a page: that is when a typo is likely.
  let [row] = await ctx.db.$queryRaw<Row[]>(searchSql(tenantId, q, filter, page, false));
  if ((row?.total ?? 0) < page.skip + page.take) [row] = await ctx.db.$queryRaw<Row[]>(searchSql(tenantId, q, filter, page, true));
  const hits = (JSON.parse(row?.page ?? "[]") as (SearchHit & { name: string })[]).map(({ name: _name, ...hit }) => hit);
  return { hits, total: row?.total ?? 0, facets: facetsFrom(JSON.parse(row?.facets ?? "[]") as { facet: keyof SearchFacets; value: string; count: number }[]) };
}

/** The whole search as one statement (exported for EXPLAIN in benchmarks). */
export function searchSql(tenantId: string, q: ParsedQuery, filter: SearchFilter, page: { skip: number; take: number }, typos: boolean): Prisma.Sql {
  const tsq = tsqueryOf(q.tsquery);
  // People's names are not English words: unstemmed, as the owner vector is ("scully", not "sculli").
  const ownerTsq = Prisma.sql`to_tsquery('simple', ${q.tsquery})`;
  const assetFilter = assetConditions(tenantId, filter);
  // Owners are people, not assets: any asset filter leaves them out.
  const withOwners = !hasAssetFilter(filter);
  return Prisma.sql`
    WITH q AS (SELECT ${tsq} AS tsq),
    asset_hits AS (
      SELECT 'ASSET'::text AS kind, a."id" AS "assetId", NULL::text AS "columnId", NULL::text AS "columnName", NULL::text AS "ownerId",
             a."name", a."kind"::text AS "assetKind", a."layer"::text AS "layer", a."projectId", a."tags",
             ${scoreSql(Prisma.sql`a`, q)} AS score
      FROM "Asset" a
      WHERE a."tenantId" = ${tenantId} AND a."removedAt" IS NULL AND ${matchSql(Prisma.sql`a`, q, typos)}
        ${assetFilter} ${filter.hasTests == null ? Prisma.empty : Prisma.sql`AND ${filter.hasTests ? Prisma.empty : Prisma.sql`NOT`} EXISTS (
          SELECT 1 FROM "DataTest" t WHERE t."tenantId" = ${tenantId} AND t."assetId" = a."id" AND t."removedAt" IS NULL)`}
    ),
    column_hits AS (
      SELECT 'COLUMN'::text, a."id", c."id", c."name", NULL::text,
             c."name", a."kind"::text, a."layer"::text, a."projectId", a."tags",
             ${scoreSql(Prisma.sql`c`, q)}
      FROM "Column" c
      JOIN "Asset" a ON a."tenantId" = c."tenantId" AND a."id" = c."assetId" AND a."removedAt" IS NULL
      WHERE c."tenantId" = ${tenantId} AND c."removedAt" IS NULL AND ${matchSql(Prisma.sql`c`, q, typos)}
        ${assetFilter} ${filter.hasTests == null ? Prisma.empty : Prisma.sql`AND ${filter.hasTests ? Prisma.empty : Prisma.sql`NOT`} EXISTS (
          SELECT 1 FROM "DataTest" t WHERE t."tenantId" = ${tenantId} AND t."assetId" = a."id" AND t."removedAt" IS NULL
            AND lower(t."columnName") = lower(c."name"))`}
    ),
    owner_hits AS (
      SELECT 'OWNER'::text, NULL::text, NULL::text, NULL::text, o."id",
             coalesce(o."name", o."email", o."key"), NULL::text, NULL::text, NULL::text, NULL::text[],
             (CASE WHEN lower(o."email") = ${q.text} OR lower(o."name") = ${q.text} OR lower(o."handle") = ${q.text} THEN 1000
                   ELSE 200 END
              + ts_rank(o."searchVector", ${ownerTsq}))::float8
      FROM "Owner" o
      WHERE ${withOwners} AND o."tenantId" = ${tenantId} AND o."searchVector" @@ ${ownerTsq}
    ),
    -- Narrow rows (no descriptions): a broad term matches tens of thousands of columns, and
    -- only the page's snippets need the text, fetched by id below.
    hits AS MATERIALIZED (
      SELECT * FROM asset_hits UNION ALL SELECT * FROM column_hits UNION ALL SELECT * FROM owner_hits
    ),
    page AS (
      SELECT h.kind, h.score, h."assetId", h."columnId", h."columnName", h."ownerId", h."name",
             ts_headline('english', coalesce(nullif(btrim(CASE h.kind
                 WHEN 'COLUMN' THEN (SELECT c."description" FROM "Column" c WHERE c."tenantId" = ${tenantId} AND c."id" = h."columnId")
                 WHEN 'ASSET' THEN (SELECT a."description" FROM "Asset" a WHERE a."tenantId" = ${tenantId} AND a."id" = h."assetId")
                 ELSE (SELECT o."email" FROM "Owner" o WHERE o."tenantId" = ${tenantId} AND o."id" = h."ownerId") END), ''), h."name"),
                         CASE WHEN numnode(q.tsq) > 0 THEN q.tsq ELSE to_tsquery('simple', '') END,
                         'StartSel=<mark>, StopSel=</mark>, MaxWords=24, MinWords=8, MaxFragments=2, FragmentDelimiter=" … "') AS snippet
      FROM (SELECT * FROM hits ORDER BY score DESC, "name", kind, "assetId", "columnId", "ownerId" LIMIT ${page.take} OFFSET ${page.skip}) h, q
    ),
    -- Each facet groups the hits by the narrowest key first (a kind, a tag set, an asset) and
    -- only then joins or unnests: hashing 20k rows by wide keys was most of the facet cost.
    tag_sets AS (SELECT "tags", count(*)::int AS n FROM hits WHERE "assetId" IS NOT NULL GROUP BY "tags"),
    per_asset AS (SELECT "assetId", count(*)::int AS n FROM hits WHERE "assetId" IS NOT NULL GROUP BY "assetId"),
    per_project AS (SELECT "projectId", count(*)::int AS n FROM hits WHERE "projectId" IS NOT NULL GROUP BY "projectId"),
    facets AS (
      SELECT 'kinds' AS facet, "assetKind" AS value, count(*)::int AS count FROM hits WHERE "assetKind" IS NOT NULL GROUP BY 2
      UNION ALL SELECT 'layers', "layer", count(*)::int FROM hits WHERE "layer" IS NOT NULL GROUP BY 2
      UNION ALL SELECT 'projects', p."name", sum(n)::int FROM per_project h
        JOIN "Project" p ON p."tenantId" = ${tenantId} AND p."id" = h."projectId" GROUP BY 2
      UNION ALL SELECT 'tags', tag, sum(n)::int FROM tag_sets h, unnest(h."tags") AS tag GROUP BY 2
      UNION ALL SELECT 'owners', coalesce(o."email", o."name", o."key"), sum(n)::int FROM per_asset h
        JOIN "AssetOwner" ao ON ao."tenantId" = ${tenantId} AND ao."assetId" = h."assetId"
        JOIN "Owner" o ON o."tenantId" = ${tenantId} AND o."id" = ao."ownerId" GROUP BY 2
    )
    SELECT (SELECT count(*)::int FROM hits) AS total,
           (SELECT json_agg(p ORDER BY p.score DESC, p."name", p.kind, p."assetId", p."columnId", p."ownerId") FROM page p)::text AS page,
           (SELECT json_agg(f) FROM facets f)::text AS facets`;
}

/**
 * Which rows match. Values are inlined as parameters (not read from a CTE) so the planner can
 * combine the GIN, trigram and btree indexes; name prefixes use the byte-order btree.
 */
function matchSql(t: Prisma.Sql, q: ParsedQuery, typos: boolean): Prisma.Sql {
  const name = Prisma.sql`lower(${t}."name") COLLATE "C"`;
  return Prisma.sql`(${t}."searchVector" @@ ${tsqueryOf(q.tsquery)} OR ${name} LIKE ${likePrefix(q.text)} OR ${name} LIKE ${likePrefix(q.identifier)}
    ${typos ? Prisma.sql`OR lower(${t}."name") %> ${q.text}` : Prisma.empty})`;
}

function tsqueryOf(text: string): Prisma.Sql {
  return Prisma.sql`to_tsquery('english', ${text})`;
}

/**
 * The tier of a match plus a tie-breaker within it: shorter names first for name tiers (closer
 * to what was typed), full-text rank for descriptions, similarity for typos. The costly
 * functions only run in the tier that needs them (CASE evaluates lazily), since a broad term
 * can match tens of thousands of columns.
 */
function scoreSql(t: Prisma.Sql, q: ParsedQuery): Prisma.Sql {
  const name = Prisma.sql`lower(${t}."name")`;
  // Within a name tier: a description that also has the words first (it defines the term),
  // then shorter names.
  const shorter = Prisma.sql`(0.5 * (${t}."searchVector" @@ ${tsqueryOf(q.descriptionTsquery)})::int + 1.0 / (1 + length(${t}."name")))`;
  return Prisma.sql`(CASE WHEN ${name} = ${q.text} OR ${name} = ${q.identifier} THEN 1000 + ${shorter}
              WHEN ${name} LIKE ${likePrefix(q.text)} OR ${name} LIKE ${likePrefix(q.identifier)} THEN 500 + ${shorter}
              WHEN ${t}."searchVector" @@ ${tsqueryOf(q.nameTsquery)} THEN 200 + ${shorter}
              WHEN ${t}."searchVector" @@ ${tsqueryOf(q.tsquery)} THEN 100 + ts_rank(${t}."searchVector", ${tsqueryOf(q.tsquery)})
              ELSE 50 * word_similarity(${q.text}, ${name}) END)::float8`;
}

function hasAssetFilter(filter: SearchFilter): boolean {
  return Boolean(filter.kinds?.length || filter.layers?.length || filter.projects?.length || filter.tags?.length || filter.owners?.length || filter.hasTests != null);
}

/** Conditions on the hit's asset `a`; empty lists filter nothing. */
function assetConditions(tenantId: string, filter: SearchFilter): Prisma.Sql {
  const parts: Prisma.Sql[] = [];
  if (filter.kinds?.length) parts.push(Prisma.sql`AND a."kind"::text = ANY(${filter.kinds}::text[])`);
  if (filter.layers?.length) parts.push(Prisma.sql`AND a."layer"::text = ANY(${filter.layers}::text[])`);
  if (filter.projects?.length) {
    parts.push(Prisma.sql`AND a."projectId" IN (SELECT p."id" FROM "Project" p WHERE p."tenantId" = ${tenantId} AND p."name" = ANY(${filter.projects}::text[]))`);
  }
  if (filter.tags?.length) parts.push(Prisma.sql`AND a."tags" && ${filter.tags}::text[]`);
  if (filter.owners?.length) {
    const owners = filter.owners.map((owner) => owner.trim().toLowerCase());
    parts.push(Prisma.sql`AND EXISTS (
      SELECT 1 FROM "AssetOwner" ao JOIN "Owner" o ON o."tenantId" = ao."tenantId" AND o."id" = ao."ownerId"
      WHERE ao."tenantId" = ${tenantId} AND ao."assetId" = a."id"
        AND (lower(o."email") = ANY(${owners}::text[]) OR lower(o."name") = ANY(${owners}::text[]) OR o."key" = ANY(${owners}::text[])))`);
  }
  return parts.length > 0 ? Prisma.join(parts, " ") : Prisma.empty;
}

function facetsFrom(rows: { facet: keyof SearchFacets; value: string; count: number }[]): SearchFacets {
  const facets: SearchFacets = { kinds: [], layers: [], projects: [], owners: [], tags: [] };
  for (const { facet, value, count } of rows) facets[facet]?.push({ value, count });
  for (const list of Object.values(facets) as FacetCount[][]) {
    list.sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
    list.splice(MAX_FACET_VALUES);
  }
  return facets;
}
