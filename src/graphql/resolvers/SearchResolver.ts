import { Arg, Authorized, Ctx, Int, Query, Resolver } from "type-graphql";
import { badInput } from "../../core/errors.js";
import { autocomplete, DEFAULT_SUGGESTIONS, MAX_SUGGESTIONS } from "../../services/search/autocomplete.js";
import { DEFAULT_SEARCH_PAGE, MAX_SEARCH_PAGE, search } from "../../services/search/search.js";
import type { GraphQLContext } from "../context.js";
import { Owner } from "../types/Owner.js";
import { pageOf, toConnection } from "../types/connection.js";
import { GlossaryTerm } from "../types/glossary.js";
import { SearchFilter, SearchHitKind, SearchResults, Suggestion } from "../types/search.js";
import { loadAssets, pagedCost } from "./lineageSupport.js";

@Resolver()
export class SearchResolver {
  @Authorized("READER")
  @Query(() => SearchResults, {
    complexity: pagedCost(DEFAULT_SEARCH_PAGE),
    description: `Ranked search over glossary terms and asset, column and owner names and descriptions: exact name > name prefix > name words > description > typo of a name; within each, certified definitions first. A query that names a glossary term (name, synonym, abbreviation) also finds what its other names find. Words match as prefixes and English stems. Facet counts cover all hits. first: default ${DEFAULT_SEARCH_PAGE}, at most ${MAX_SEARCH_PAGE}.`,
  })
  async search(
    @Arg("query", () => String) query: string,
    @Arg("filter", () => SearchFilter, { nullable: true }) filter: SearchFilter | null,
    @Arg("first", () => Int, { nullable: true }) first: number | null,
    @Arg("after", () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: GraphQLContext,
  ): Promise<SearchResults> {
    const size = first ?? DEFAULT_SEARCH_PAGE;
    if (size < 0 || size > MAX_SEARCH_PAGE) throw badInput(`first must be between 0 and ${MAX_SEARCH_PAGE}`, { argument: "first", max: MAX_SEARCH_PAGE });
    const page = pageOf({ first: size, after });
    const result = await search(ctx, { query, filter }, page);
    const assetIds = result.hits.flatMap((hit) => (hit.assetId ? [hit.assetId] : []));
    const ownerIds = result.hits.flatMap((hit) => (hit.ownerId ? [hit.ownerId] : []));
    const termIds = result.hits.flatMap((hit) => (hit.termId ? [hit.termId] : []));
    const [assets, owners, terms] = await Promise.all([
      loadAssets(ctx, assetIds),
      ownerIds.length > 0 ? ctx.db.owner.findMany({ where: { id: { in: ownerIds } } }) : Promise.resolve([]),
      termIds.length > 0 ? ctx.db.glossaryTerm.findMany({ where: { id: { in: termIds } } }) : Promise.resolve([]),
    ]);
    const termById = new Map(terms.map((term) => [term.id, GlossaryTerm.from(term)]));
    const assetById = new Map(assets.map((asset) => [asset.rowId, asset]));
    const ownerById = new Map(owners.map((owner) => [owner.id, Owner.from(owner)]));
    const hits = result.hits.map((hit) => ({
      score: hit.score,
      kind: hit.kind as SearchHitKind,
      snippet: hit.snippet,
      asset: hit.assetId ? assetById.get(hit.assetId)! : null,
      column: hit.columnName ? { name: hit.columnName } : null,
      owner: hit.ownerId ? (ownerById.get(hit.ownerId) ?? null) : null,
      term: hit.termId ? (termById.get(hit.termId) ?? null) : null,
      certified: hit.status === "CANONICAL",
      definitionStatus: hit.status,
      expandedFrom: hit.expandedFrom,
    }));
    const { pageInfo } = toConnection(hits, page, result.total);
    return { hits, totalCount: result.total, facets: result.facets, pageInfo };
  }

  @Authorized("READER")
  @Query(() => [Suggestion], {
    complexity: pagedCost(DEFAULT_SUGGESTIONS),
    description: `Search-as-you-type: asset names and distinct column names starting with the prefix (any case), alphabetically. first: default ${DEFAULT_SUGGESTIONS}, at most ${MAX_SUGGESTIONS}.`,
  })
  async autocomplete(
    @Arg("prefix", () => String) prefix: string,
    @Arg("first", () => Int, { nullable: true }) first: number | null,
    @Ctx() ctx: GraphQLContext,
  ): Promise<Suggestion[]> {
    const suggestions = await autocomplete(ctx, prefix, first ?? DEFAULT_SUGGESTIONS);
    const assets = await loadAssets(ctx, suggestions.flatMap((s) => (s.assetId ? [s.assetId] : [])));
    const assetById = new Map(assets.map((asset) => [asset.rowId, asset]));
    return suggestions.map((s) => ({ text: s.text, kind: s.kind as SearchHitKind, asset: s.assetId ? assetById.get(s.assetId)! : null }));
  }
}
