/**
 * Search over the catalog's definitions: assets, columns and owners, by name and description.
 *
 * Ranking tiers, highest first: exact name (1000) > name prefix (500) > every word starts a
 * name word (200) > every word in the description (100) > a typo of the name (pg_trgm word
 * similarity ≥ 0.6, up to 50). Within a name tier: hits whose description also has the
 * words, then shorter names; in the description tier, the description's BM25 rank for the
 * words (core/search/nameText.ts). Words are prefixes ("acqui" finds "acquisition") and English
 * stems ("customers" finds "customer").
 *
 * The tenant's search index (searchIndexes.ts) holds the names and PostgreSQL's full-text
 * lexemes of assets and column definitions (each distinct column name and description once, so
 * a term that ten thousand columns repeat is matched and scored once). One statement asks the
 * database what only it knows: the query words' English stems and the matching owners, for the
 * query and every glossary name it expands to at once. Then, in memory, the index matches and
 * scores the text, expands definitions to their columns, applies the filter, counts facets and
 * cuts the page; a typo statement (trigram GIN over lower(name)) runs only when that found less
 * than a page, and one last query writes the page's snippets. Ingestion writes no search rows of
 * its own. Removed assets and columns, and columns of removed assets, are never returned (the
 * index holds only live ones). Raw SQL names the tenant in every table it reads.
 */
import { Prisma } from "../../generated/prisma/client.js";
import type { DefinitionStatus } from "../../core/definitions/definition.js";
import { matchTerms } from "../../core/glossary/termSearch.js";
import { rankScores, type RankedHit, type SearchFacets, type SearchFilter, type SearchHitKind, type TextMatches } from "../../core/search/searchHits.js";
import type { TenantContext } from "../actor.js";
import { tsqueryLexemes } from "../../core/search/lexemeIndex.js";
import { crossProjectLinks } from "../lineage/tenantGraphs.js";
import { tenantSearchIndex } from "./searchIndexes.js";
import { parseSearchQuery, type ParsedQuery } from "./searchQuery.js";


export const MAX_SEARCH_PAGE = 100;
export const DEFAULT_SEARCH_PAGE = 20;

export interface SearchHit {
  kind: SearchHitKind;
  score: number;
  /** The matched text (description, else name) with matches wrapped in <mark>…</mark>. */
  snippet: string;
  assetId: string | null;
  columnId: string | null;
  columnName: string | null;
  ownerId: string | null;
  termId: string | null;
  /** An owner's decision about the hit's definition (CANONICAL: certified). */
  status: DefinitionStatus | null;
  /** The glossary name the hit was found by, when the query named a term and the hit matched another of its names. */
  expandedFrom: string | null;
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
  const [index, links] = await Promise.all([tenantSearchIndex(ctx), crossProjectLinks(ctx)]);
  // A query that names a glossary term (CAC, LTV) also finds what the term's other names find.
  const expansions = index.terms.expansions(q.text).flatMap((text) => {
    try {
      return [{ text, q: parseSearchQuery(text) }];
    } catch {
      return [];
    }
  });
  // One statement for the query and all its expansions: their stems and owner matches.
  const [literalWords, ...expandedWords] = await databaseWords(ctx, [q, ...expansions.map((e) => e.q)]);
  const { aliases } = links.identity;
  // Each asset and definition at its best score over the query and its expansions, and which of them found it first.
  const scores = index.newScores();
  index.scoreText({ ...q, lexemes: literalWords!.lexemes }, 0, scores, aliases);
  expansions.forEach((e, i) => index.scoreText({ ...e.q, lexemes: expandedWords[i]!.lexemes }, i + 1, scores, aliases));
  const people = { owners: mergeOwners([literalWords!, ...expandedWords]), terms: matchTerms(index.terms.terms, q.text) };
  let ranked = rankScores(index, scores, people, filter, page);
  // Typo matching (trigram similarity) scans far more index entries than words and prefixes,
  // so it only runs when those found less than a page: that is when a typo is likely. A typo
  // scores below any word or prefix match, so it only adds what nothing else found.
  if (ranked.total < page.skip + page.take) {
    index.scoreMatches(await typoMatches(ctx, q), 0, scores, aliases);
    ranked = rankScores(index, scores, people, filter, page);
  }
  const hits = await withSnippets(ctx, q, ranked.hits);
  hits.forEach((hit, i) => {
    const { asset, document } = ranked.hits[i]!;
    const foundBy = document !== null ? scores.definitionFoundBy[document]! : asset !== null ? scores.assetFoundBy[asset.index]! : 0;
    hit.expandedFrom = foundBy > 0 ? expansions[foundBy - 1]!.text : null;
  });
  return { hits, total: ranked.total, facets: ranked.facets };
}

/** Each owner the query or an expansion matched, once, as the first that matched it scored it. */
function mergeOwners(words: DatabaseWords[]): TextMatches["owners"] {
  const owners = new Map<string, TextMatches["owners"][number]>();
  for (const { owners: matched } of words) for (const m of matched) if (!owners.has(m.ownerId)) owners.set(m.ownerId, m);
  return [...owners.values()];
}

interface DatabaseWords {
  /** The query words as PostgreSQL stems them (`to_tsquery('english', …)`), stop words left out. */
  lexemes: string[];
  owners: TextMatches["owners"];
}

/**
 * What only the database knows about each query: its words' English stems (the lexemes the
 * stored vectors hold) and the owners it matches.
 */
async function databaseWords(ctx: TenantContext, queries: ParsedQuery[]): Promise<DatabaseWords[]> {
  const asked = queries.map((q, i) => ({ i, text: q.text, tsquery: q.tsquery }));
  // People's names are not English words: unstemmed, as the owner vector is ("scully", not "sculli").
  const rows = await ctx.db.$queryRaw<{ i: number; lexemes: string; owners: string | null }[]>`
    SELECT q."i", to_tsquery('english', q."tsquery")::text AS "lexemes",
           (SELECT json_agg(json_build_array(o."id", coalesce(o."name", o."email", o."key"),
                     (CASE WHEN lower(o."email") = q."text" OR lower(o."name") = q."text" OR lower(o."handle") = q."text" THEN 1000
                           ELSE 200 END + ts_rank(o."searchVector", to_tsquery('simple', q."tsquery")))::float8))
            FROM "Owner" o
            WHERE o."tenantId" = ${ctx.tenant.id} AND o."searchVector" @@ to_tsquery('simple', q."tsquery"))::text AS "owners"
    FROM json_to_recordset(${JSON.stringify(asked)}::json) AS q("i" int, "text" text, "tsquery" text)`;
  const byQuery = new Map(rows.map((row) => [row.i, row]));
  return queries.map((_, i) => {
    const row = byQuery.get(i)!;
    const owners = JSON.parse(row.owners ?? "[]") as [string, string, number][];
    return { lexemes: tsqueryLexemes(row.lexemes), owners: owners.map(([ownerId, name, score]) => ({ ownerId, name, score })) };
  });
}

/**
 * Names close to the text (pg_trgm word similarity ≥ 0.6, through the trigram indexes), scored
 * 50 × similarity: the typo tier, below every word and prefix match.
 */
async function typoMatches(ctx: TenantContext, q: ParsedQuery): Promise<TextMatches> {
  const tenantId = ctx.tenant.id;
  const [row] = await ctx.db.$queryRaw<{ matches: string }[]>`
    SELECT json_build_object(
      'assets', (SELECT json_agg(json_build_array(a."id", (50 * word_similarity(${q.text}, lower(a."name")))::float8))
                 FROM "Asset" a WHERE a."tenantId" = ${tenantId} AND a."removedAt" IS NULL AND lower(a."name") %> ${q.text}),
      'definitions', (SELECT json_agg(json_build_array(d."id", (50 * word_similarity(${q.text}, lower(d."name")))::float8))
                      FROM "ColumnDefinition" d WHERE d."tenantId" = ${tenantId} AND lower(d."name") %> ${q.text})
    )::text AS "matches"`;
  const found = JSON.parse(row!.matches) as { assets: [string, number][] | null; definitions: [string, number][] | null };
  return {
    assets: (found.assets ?? []).map(([assetId, score]) => ({ assetId, score })),
    definitions: (found.definitions ?? []).map(([definitionId, score]) => ({ definitionId, score })),
    owners: [],
  };
}

/** The page's hits with their column ids and highlighted snippets (description, else name). */
async function withSnippets(ctx: TenantContext, q: ParsedQuery, hits: RankedHit[]): Promise<SearchHit[]> {
  if (hits.length === 0) return [];
  const tenantId = ctx.tenant.id;
  const page = hits.map((hit, i) => ({ i, kind: hit.kind, assetId: hit.asset?.id ?? null, name: hit.name, ownerId: hit.ownerId, termId: hit.termId }));
  const rows = await ctx.db.$queryRaw<{ i: number; columnId: string | null; snippet: string }[]>`
    SELECT h."i", c."id" AS "columnId",
           ts_headline('english', coalesce(nullif(btrim(CASE h."kind" WHEN 'COLUMN' THEN c."description" WHEN 'ASSET' THEN a."description" WHEN 'TERM' THEN g."definition" ELSE o."email" END), ''), h."name"),
                       CASE WHEN numnode(${tsqueryOf(q.tsquery)}) > 0 THEN ${tsqueryOf(q.tsquery)} ELSE to_tsquery('simple', '') END,
                       'StartSel=<mark>, StopSel=</mark>, MaxWords=24, MinWords=8, MaxFragments=2, FragmentDelimiter=" … "') AS "snippet"
    FROM json_to_recordset(${JSON.stringify(page)}::json) AS h("i" int, "kind" text, "assetId" text, "name" text, "ownerId" text, "termId" text)
    LEFT JOIN "Column" c ON h."kind" = 'COLUMN' AND c."tenantId" = ${tenantId} AND c."assetId" = h."assetId" AND c."name" = h."name"
    LEFT JOIN "Asset" a ON h."kind" = 'ASSET' AND a."tenantId" = ${tenantId} AND a."id" = h."assetId"
    LEFT JOIN "Owner" o ON h."kind" = 'OWNER' AND o."tenantId" = ${tenantId} AND o."id" = h."ownerId"
    LEFT JOIN "GlossaryTerm" g ON h."kind" = 'TERM' AND g."tenantId" = ${tenantId} AND g."id" = h."termId"`;
  const byPosition = new Map(rows.map((row) => [row.i, row]));
  return hits.map((hit, i) => ({
    kind: hit.kind,
    score: hit.score,
    snippet: byPosition.get(i)?.snippet ?? hit.name,
    assetId: hit.asset?.id ?? null,
    columnId: byPosition.get(i)?.columnId ?? null,
    columnName: hit.kind === "COLUMN" ? hit.name : null,
    ownerId: hit.ownerId,
    termId: hit.termId,
    status: hit.status,
    expandedFrom: null,
  }));
}

function tsqueryOf(text: string): Prisma.Sql {
  return Prisma.sql`to_tsquery('english', ${text})`;
}
