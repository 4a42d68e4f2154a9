/**
 * What search needs to know about a tenant's catalog besides text: which live columns use each
 * column definition, and each live asset's kind, layer, project, tags, owners and tests.
 *
 * And the text of assets and column definitions: names and PostgreSQL's full-text lexemes
 * (nameText.ts), matched and scored in memory. A broad business term is the definition of
 * thousands of columns: expanding, filtering, counting facets over and ordering those hits row by
 * row in SQL cost 200 ms, and finding and scoring the matching definitions there meant visiting
 * every one of them per query (docs/benchmarks.md); over these arrays both cost a few
 * milliseconds. Owners (a few hundred) and typos (trigrams) are still matched in PostgreSQL. The
 * index is built from the stored rows, so it is only as fresh as the version it was built for
 * (services/search).
 */
import { compareText } from "../compareText.js";
import type { DefinitionStatus } from "../definitions/definition.js";
import type { SearchableTerm } from "../glossary/termSearch.js";
import { TermMatcher } from "../glossary/termNames.js";
import type { Sized } from "../lineage/index.js";
import type { TextMatches } from "./searchHits.js";
import type { ReusedDocument } from "./lexemeIndex.js";
import { NameText, type TextQuery } from "./nameText.js";

export interface SearchIndexAsset {
  id: string;
  name: string;
  kind: string;
  layer: string | null;
  projectId: string;
  tags: string[];
  ownerIds: string[];
  /** Lower-cased names of the columns that have live tests ("" for tests on the whole asset). */
  testedColumns: string[];
  hasTests: boolean;
}

export interface SearchIndexOwner {
  id: string;
  key: string;
  name: string | null;
  email: string | null;
}

export interface SearchIndexRows {
  assets: SearchIndexAsset[];
  owners: SearchIndexOwner[];
  projects: { id: string; name: string }[];
  /**
   * Each column definition in use, with the assets of its live columns (one per asset) and its
   * `searchVector` as text: null for none; absent, the lexemes of the same definition in the
   * index the build starts from (a definition's id names its text, so they are its lexemes).
   */
  definitions: { id: string; name: string; assetIds: string[]; searchVector?: string | null }[];
  /**
   * The text of every live asset, merged OpenLineage datasets included (search finds them as
   * the asset they were merged into): absent, assets are matched by name only.
   */
  assetTexts?: { id: string; name: string; searchVector: string | null }[];
  /** The glossary: searched by name, synonym and abbreviation, and expanded to its other names. */
  terms?: SearchableTerm[];
  /** Owners' decisions about definitions (columnName "" for the asset itself). */
  marks?: { assetId: string; columnName: string; status: DefinitionStatus }[];
}

export interface IndexedAsset extends Omit<SearchIndexAsset, "testedColumns" | "ownerIds"> {
  index: number;
  projectName: string;
  /** Lower-cased owner emails, names and keys, for the owner filter. */
  ownerMatches: Set<string>;
  testedColumns: Set<string>;
}

/** The columns of one definition: asset indexes in asset id order, and the column name. */
export interface DefinitionColumns {
  id: string;
  /** Its number among the index's definitions. */
  document: number;
  name: string;
  lowerName: string;
  assets: Int32Array;
}

/**
 * Best score per asset (by index) and per column definition (by document) of a search index,
 * 0 for not matched, over a query and its expansions, and which of them first matched each (0:
 * the query itself). Typed arrays rather than lists of matches merged in maps: a broad term and
 * its expansions match tens of thousands of definitions each, and building and merging lists of
 * them was a fifth of a search.
 */
export interface HitScores {
  assets: Float64Array;
  assetFoundBy: Uint16Array;
  definitions: Float64Array;
  definitionFoundBy: Uint16Array;
}

const NO_ALIASES: ReadonlyMap<string, string> = new Map();

function keepBest(best: Float64Array, foundBy: Uint16Array, i: number, score: number, query: number): void {
  const known = best[i]!;
  if (known === 0) foundBy[i] = query;
  if (score > known) best[i] = score;
}

export type FacetName = "kinds" | "layers" | "projects" | "owners" | "tags";
export const FACET_NAMES: readonly FacetName[] = ["kinds", "layers", "projects", "owners", "tags"];

/**
 * One facet's values per asset as codes (offsets/codes, as a CSR graph): asset i has
 * codes[offsets[i] … offsets[i+1]), each an index into `values`. Counting a facet over ten
 * thousand hits then reads two typed arrays, not ten thousand scattered asset objects, which
 * measured 50× faster.
 */
export interface FacetColumn {
  values: string[];
  offsets: Int32Array;
  codes: Int32Array;
}

export class SearchIndex implements Sized {
  readonly byteSize: number;

  private constructor(
    readonly assets: IndexedAsset[],
    readonly facets: Record<FacetName, FacetColumn>,
    private readonly assetIndex: Map<string, number>,
    private readonly definitions: Map<string, DefinitionColumns>,
    readonly terms: TermMatcher<SearchableTerm>,
    /** Asset index → lower-cased column name ("" for the asset) → status. */
    private readonly marks: Map<number, Map<string, DefinitionStatus>>,
    /** Definitions and asset texts in the order their NameText documents are numbered. */
    private readonly definitionList: DefinitionColumns[],
    private readonly definitionText: NameText,
    private readonly assetTextIds: string[],
    private readonly assetText: NameText,
    /** Asset text document → its asset's index, -1 for a dataset merged into another asset. */
    private readonly assetOfText: Int32Array,
  ) {
    let bytes = definitionText.byteSize + assetText.byteSize + 8 * definitionList.length + assetOfText.byteLength;
    for (const asset of assets) bytes += 300 + 2 * (asset.id.length + asset.name.length) + 40 * (asset.tags.length + asset.ownerMatches.size + asset.testedColumns.size);
    for (const facet of Object.values(facets)) bytes += facet.offsets.byteLength + facet.codes.byteLength;
    for (const [id, columns] of definitions) bytes += 100 + 2 * (id.length + columns.name.length) + columns.assets.byteLength + (columns.lowerName === columns.name ? 0 : 40 + 2 * columns.name.length);
    this.byteSize = bytes;
  }

  /** `previous`, an index of the tenant at an earlier version, lends its lexemes (SearchIndexRows.definitions). */
  static build(rows: SearchIndexRows, previous?: SearchIndex): SearchIndex {
    const projects = new Map(rows.projects.map((p) => [p.id, p.name]));
    const owners = new Map(rows.owners.map((o) => [o.id, o]));
    const sorted = [...rows.assets].sort((a, b) => compareText(a.id, b.id));
    const facetValues: Record<FacetName, string[][]> = { kinds: [], layers: [], projects: [], owners: [], tags: [] };
    const assets = sorted.map((asset, index): IndexedAsset => {
      const assetOwners = asset.ownerIds.map((id) => owners.get(id)).filter((o) => o !== undefined);
      const projectName = projects.get(asset.projectId) ?? asset.projectId;
      facetValues.kinds.push([asset.kind]);
      facetValues.layers.push(asset.layer === null ? [] : [asset.layer]);
      facetValues.projects.push([projectName]);
      facetValues.tags.push(asset.tags);
      facetValues.owners.push(assetOwners.map(ownerLabel));
      return {
        ...asset,
        index,
        projectName,
        ownerMatches: new Set(assetOwners.flatMap((o) => [o.email?.toLowerCase(), o.name?.toLowerCase(), o.key].filter((v) => v !== undefined && v !== null))),
        testedColumns: new Set(asset.testedColumns),
      };
    });
    const assetIndex = new Map(assets.map((asset) => [asset.id, asset.index]));
    const definitions = new Map<string, DefinitionColumns>();
    const vectors: (string | null | ReusedDocument)[] = [];
    for (const definition of rows.definitions) {
      // Columns of removed assets are not searched.
      const indexes = definition.assetIds.map((id) => assetIndex.get(id)).filter((index) => index !== undefined);
      if (indexes.length === 0 || definitions.has(definition.id)) continue;
      const document = definitions.size;
      definitions.set(definition.id, { id: definition.id, document, name: definition.name, lowerName: definition.name.toLowerCase(), assets: Int32Array.from(indexes).sort() });
      vectors.push(definition.searchVector !== undefined ? definition.searchVector : (previous?.reusedText(definition.id) ?? null));
    }
    const definitionList = [...definitions.values()];
    const definitionText = new NameText(definitionList.map((d) => d.name), vectors);
    const assetTexts = rows.assetTexts ?? rows.assets.map((asset) => ({ id: asset.id, name: asset.name, searchVector: null }));
    const assetText = new NameText(assetTexts.map((a) => a.name), assetTexts.map((a) => a.searchVector));
    const facets = Object.fromEntries(FACET_NAMES.map((name) => [name, facetColumn(facetValues[name])])) as Record<FacetName, FacetColumn>;
    const marks = new Map<number, Map<string, DefinitionStatus>>();
    for (const mark of rows.marks ?? []) {
      const index = assetIndex.get(mark.assetId);
      if (index === undefined) continue;
      const perAsset = marks.get(index) ?? new Map<string, DefinitionStatus>();
      marks.set(index, perAsset.set(mark.columnName.toLowerCase(), mark.status));
    }
    const assetOfText = Int32Array.from(assetTexts, (a) => assetIndex.get(a.id) ?? -1);
    return new SearchIndex(assets, facets, assetIndex, definitions, new TermMatcher(rows.terms ?? []), marks, definitionList, definitionText, assetTexts.map((a) => a.id), assetText, assetOfText);
  }

  private reusedText(definitionId: string): ReusedDocument | null {
    const definition = this.definitions.get(definitionId);
    return definition ? this.definitionText.reuse(definition.document) : null;
  }

  /** Empty scores for this index's assets and definitions, for scoreText. */
  newScores(): HitScores {
    return {
      assets: new Float64Array(this.assets.length),
      assetFoundBy: new Uint16Array(this.assets.length),
      definitions: new Float64Array(this.definitionList.length),
      definitionFoundBy: new Uint16Array(this.definitionList.length),
    };
  }

  /**
   * Scores the assets and column definitions the text matches (nameText.ts) into `scores`,
   * keeping each one's best score over the calls; `query` (0 for the literal query, then its
   * expansions in order) is kept for those no earlier call matched. A dataset merged into
   * another asset (`aliases`: its id → that asset's) is a match on that asset.
   */
  scoreText(q: TextQuery, query: number, scores: HitScores, aliases: ReadonlyMap<string, string> = NO_ALIASES): void {
    const { assets, assetFoundBy, definitions, definitionFoundBy } = scores;
    this.assetText.match(q, (document, score) => {
      let asset = this.assetOfText[document]!;
      if (asset < 0) asset = this.assetIndex.get(aliases.get(this.assetTextIds[document]!) ?? "") ?? -1;
      if (asset >= 0) keepBest(assets, assetFoundBy, asset, score, query);
    });
    this.definitionText.match(q, (document, score) => keepBest(definitions, definitionFoundBy, document, score, query));
  }

  /** Matches found by id (typos; tests) scored as scoreText scores text matches. */
  scoreMatches(matches: Pick<TextMatches, "assets" | "definitions">, query: number, scores: HitScores, aliases: ReadonlyMap<string, string> = NO_ALIASES): void {
    for (const { assetId, score } of matches.assets) {
      const asset = this.assetIndex.get(aliases.get(assetId) ?? assetId);
      if (asset !== undefined) keepBest(scores.assets, scores.assetFoundBy, asset, score, query);
    }
    for (const { definitionId, definition, score } of matches.definitions) {
      const columns = definition ?? this.definitions.get(definitionId);
      if (columns) keepBest(scores.definitions, scores.definitionFoundBy, columns.document, score, query);
    }
  }

  /** Column definition number `document` (DefinitionColumns.document). */
  definitionAt(document: number): DefinitionColumns {
    return this.definitionList[document]!;
  }

  /** An owner's decision about an asset (column "") or one of its columns (lower-cased name). */
  statusOf(assetIndex: number, lowerColumn: string): DefinitionStatus | null {
    return this.marks.get(assetIndex)?.get(lowerColumn) ?? null;
  }

  get hasMarks(): boolean {
    return this.marks.size > 0;
  }

  asset(id: string): IndexedAsset | undefined {
    const index = this.assetIndex.get(id);
    return index === undefined ? undefined : this.assets[index];
  }

  definition(id: string): DefinitionColumns | undefined {
    return this.definitions.get(id);
  }
}

function facetColumn(perAsset: string[][]): FacetColumn {
  const dictionary = new Map<string, number>();
  const offsets = new Int32Array(perAsset.length + 1);
  const codes: number[] = [];
  perAsset.forEach((values, i) => {
    for (const value of new Set(values)) codes.push(dictionary.get(value) ?? dictionary.set(value, dictionary.size).size - 1);
    offsets[i + 1] = codes.length;
  });
  return { values: [...dictionary.keys()], offsets, codes: Int32Array.from(codes) };
}

/** How an owner is named in facets: email, else name, else key (as the owner filter accepts). */
function ownerLabel(owner: SearchIndexOwner): string {
  return owner.email ?? owner.name ?? owner.key;
}
