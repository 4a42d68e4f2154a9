/**
 * Each tenant's search index (core/search/searchIndex.ts), built lazily from the stored rows,
 * shared by all requests of this process and bounded in bytes (TenantGraphCache, as the
 * lineage graphs are).
 *
 * Freshness: the index is keyed by the tenant's catalog revision (catalogRevision.ts), which
 * every ingest and every audited change through the API (owners, for one) moves in its own
 * transaction, and which a request reads with its authentication. So a change made by any
 * process sharing the database shows in the next search.
 *
 * Raw SQL is not tenant-scoped, so every query here names the tenant explicitly.
 */
import { Prisma } from "../../generated/prisma/client.js";
import { TenantGraphCache, type TenantGraphCacheStats } from "../../core/lineage/index.js";
import { SearchIndex, type SearchIndexAsset, type SearchIndexOwner } from "../../core/search/searchIndex.js";
import type { TenantContext } from "../actor.js";
import { catalogRevisions } from "../catalogRevision.js";
import { sharedWork } from "../../db/abandonWork.js";
import { jsonRows } from "../../db/jsonRows.js";
import { crossProjectLinks } from "../lineage/tenantGraphs.js";

/**
 * The benchmark tenant at a quarter of its size (5,000 assets, 75,000 column definitions of 22
 * lexemes each) measures 28 MB by `byteSize`, of which 8.4 MB are the definitions' lexemes: about
 * 110 MB at full size, so one such tenant fits with room for smaller ones.
 */
const SEARCH_INDEX_BUDGET_BYTES = 256 * 2 ** 20;

const searchIndexes = new TenantGraphCache<SearchIndex>(SEARCH_INDEX_BUDGET_BYTES);

/** The tenant's search index at its current catalog revision. */
export async function tenantSearchIndex(ctx: TenantContext): Promise<SearchIndex> {
  const { catalog } = await catalogRevisions(ctx);
  // Shared by every request waiting on it: none of them abandoning its work stops the build.
  return searchIndexes.get(ctx.tenant.id, catalog, () => sharedWork(() => loadSearchIndex(ctx, searchIndexes.latest(ctx.tenant.id))));
}

/** Builds, hits and size of the process's search indexes (tests: whether a search had to build). */
export function searchIndexStats(): TenantGraphCacheStats {
  return searchIndexes.stats();
}

/**
 * Starts building the tenant's index for its current revision and returns at once: called after
 * a post is applied, so the first search after it finds the index built (a first build reads
 * every definition's lexemes: seconds on a large tenant). A search arriving meanwhile waits on
 * the same build. A failure is dropped: the next search builds again.
 */
export function warmSearchIndex(ctx: TenantContext): void {
  // The revisions the request authenticated with are from before its own post.
  const { revisions: _before, ...now } = ctx;
  sharedWork(() => tenantSearchIndex(now)).catch(() => undefined);
}

/**
 * `previous`, the tenant's index at an earlier revision, lends the lexemes of the column
 * definitions it has: a definition's id names its text, so after a post only new definitions'
 * vectors are read (reading and parsing all of them is most of a build).
 */
async function loadSearchIndex(ctx: TenantContext, previous: SearchIndex | undefined): Promise<SearchIndex> {
  const tenantId = ctx.tenant.id;
  const [assets, assetOwners, tests, owners, projects, definitions, terms, marks, allVectors] = await Promise.all([
    jsonRows<[string, string, string, string | null, string, string[] | null, string]>(ctx.db.$queryRaw`
      SELECT json_agg(json_build_array("id", "name", "kind", "layer", "projectId", "tags", "searchVector"::text))::text AS "rows"
      FROM "Asset" WHERE "tenantId" = ${tenantId} AND "removedAt" IS NULL`),
    jsonRows<[string, string]>(ctx.db.$queryRaw`
      SELECT json_agg(DISTINCT jsonb_build_array("assetId", "ownerId"))::text AS "rows" FROM "AssetOwner" WHERE "tenantId" = ${tenantId}`),
    jsonRows<[string, string]>(ctx.db.$queryRaw`
      SELECT json_agg(DISTINCT jsonb_build_array("assetId", lower(coalesce("columnName", ''))))::text AS "rows"
      FROM "DataTest" WHERE "tenantId" = ${tenantId} AND "removedAt" IS NULL AND "assetId" IS NOT NULL`),
    jsonRows<SearchIndexOwner>(ctx.db.$queryRaw`
      SELECT json_agg(json_build_object('id', "id", 'key', "key", 'name', "name", 'email', "email"))::text AS "rows"
      FROM "Owner" WHERE "tenantId" = ${tenantId}`),
    jsonRows<{ id: string; name: string }>(ctx.db.$queryRaw`
      SELECT json_agg(json_build_object('id', "id", 'name', "name"))::text AS "rows" FROM "Project" WHERE "tenantId" = ${tenantId}`),
    // Grouped by definition: each asset id once per definition, not every column's full row.
    // Their lexemes are read apart (definitionVectors), all of them only for a first build.
    jsonRows<[string, string, string[]]>(ctx.db.$queryRaw`
      SELECT json_agg(json_build_array(d."id", d."name", u."assets"))::text AS "rows"
      FROM (SELECT "definitionId", json_agg("assetId") AS "assets" FROM "Column"
            WHERE "tenantId" = ${tenantId} AND "removedAt" IS NULL GROUP BY "definitionId") u
      JOIN "ColumnDefinition" d ON d."tenantId" = ${tenantId} AND d."id" = u."definitionId"`),
    ctx.db.glossaryTerm.findMany({ select: { id: true, name: true, synonyms: true, abbreviations: true, definition: true }, orderBy: { id: "asc" } }),
    ctx.db.definitionMark.findMany({ select: { assetId: true, columnName: true, status: true } }),
    previous ? null : definitionVectors(ctx, null),
  ]);
  // An OpenLineage dataset merged into another asset is found as that asset (search.ts).
  const { aliases } = (await crossProjectLinks(ctx)).identity;
  const byAsset = new Map<string, SearchIndexAsset>();
  for (const [id, name, kind, layer, projectId, tags] of assets) {
    if (aliases.has(id)) continue;
    byAsset.set(id, { id, name, kind, layer, projectId, tags: tags ?? [], ownerIds: [], testedColumns: [], hasTests: false });
  }
  for (const [assetId, ownerId] of assetOwners) byAsset.get(assetId)?.ownerIds.push(ownerId);
  for (const [assetId, column] of tests) {
    const asset = byAsset.get(assetId);
    if (!asset) continue;
    asset.hasTests = true;
    asset.testedColumns.push(column);
  }
  const vectors = allVectors ?? (await definitionVectors(ctx, definitions.map(([id]) => id).filter((id) => !previous!.definition(id))));
  return SearchIndex.build({
    assets: [...byAsset.values()],
    owners,
    projects,
    definitions: definitions.map(([id, name, assetIds]) => ({ id, name, assetIds, searchVector: vectors.get(id) })),
    assetTexts: assets.map(([id, name, , , , , searchVector]) => ({ id, name, searchVector })),
    terms,
    marks,
  }, previous);
}

/** The tenant's column definitions' lexemes (the tsvector's text, read by core/search/lexemeIndex.ts): all, or these. */
async function definitionVectors(ctx: TenantContext, ids: string[] | null): Promise<Map<string, string | null>> {
  if (ids?.length === 0) return new Map();
  const tenantId = ctx.tenant.id;
  const rows = await jsonRows<[string, string | null]>(ctx.db.$queryRaw`
    SELECT json_agg(json_build_array("id", "searchVector"::text))::text AS "rows" FROM "ColumnDefinition"
    WHERE "tenantId" = ${tenantId} ${ids === null ? Prisma.empty : Prisma.sql`AND "id" = ANY(${ids}::text[])`}`);
  return new Map(rows);
}
