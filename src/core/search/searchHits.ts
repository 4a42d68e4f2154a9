/**
 * From what the text indexes matched (assets, column definitions and owners, each with its
 * score) to the answer: the filtered hits in rank order, one page of them, their total and the
 * facet counts over all of them.
 *
 * Order: score (highest first), then name, kind (ASSET, COLUMN, OWNER), asset id, owner id.
 * The columns of one definition share its score and name, so they form a run already in asset
 * id order (the index keeps them so): a page is cut from the runs without sorting every hit.
 */
import type { DefinitionStatus } from "../definitions/definition.js";
import { compareText } from "../compareText.js";
import { FACET_NAMES, type DefinitionColumns, type FacetName, type IndexedAsset, type SearchIndex } from "./searchIndex.js";

export type SearchHitKind = "TERM" | "ASSET" | "COLUMN" | "OWNER";

export interface SearchFilter {
  kinds?: string[] | null;
  layers?: string[] | null;
  /** Project names. */
  projects?: string[] | null;
  /** Assets with any of these tags. */
  tags?: string[] | null;
  /** Owner emails, names or keys (any case). */
  owners?: string[] | null;
  /** Asset hits: the asset has tests; column hits: the column has tests. */
  hasTests?: boolean | null;
}

export interface TextMatches {
  assets: { assetId: string; score: number }[];
  /** `definition`, when set, is the index's own entry for the id (no look-up by id needed). */
  definitions: { definitionId: string; definition?: DefinitionColumns; score: number }[];
  owners: { ownerId: string; name: string; score: number }[];
  /** Glossary terms named by the query (name, synonym, abbreviation). */
  terms?: { termId: string; name: string; score: number }[];
}

export interface RankedHit {
  kind: SearchHitKind;
  score: number;
  /** The asset's, column's or owner's name. */
  name: string;
  /** The asset hit, or the asset of the column hit. */
  asset: IndexedAsset | null;
  ownerId: string | null;
  termId: string | null;
  /** An owner's decision about this definition (asset or column); CANONICAL hits rank first in their tier. */
  status: DefinitionStatus | null;
}

export interface FacetCount {
  value: string;
  count: number;
}

export type SearchFacets = Record<FacetName, FacetCount[]>;

export interface RankedPage {
  hits: RankedHit[];
  total: number;
  facets: SearchFacets;
}

/** Values listed per facet (the most frequent first). */
export const MAX_FACET_VALUES = 50;

const KIND_ORDER: Record<SearchHitKind, number> = { TERM: 0, ASSET: 1, COLUMN: 2, OWNER: 3 };

/**
 * Ranking: the score's tier (exact name, prefix, name words, description, typo), then certified
 * definitions first and deprecated ones last within the tier, then the score. A certified
 * definition thus beats an unmarked one that matched as well, never a better match.
 */
const STATUS_ORDER: Record<DefinitionStatus | "NONE", number> = { CANONICAL: 0, NONE: 1, ALIAS: 1, DEPRECATED: 2 };

/** Within a tier: a glossary term first (it is what the words mean), then certified definitions, …, deprecated last. */
function rankInTier(run: Run): number {
  return run.kind === "TERM" ? -1 : STATUS_ORDER[run.status ?? "NONE"];
}

function tierOf(score: number): number {
  return score >= 1000 ? 4 : score >= 500 ? 3 : score >= 200 ? 2 : score >= 100 ? 1 : 0;
}

/** Hits sharing score, name and kind: assets by index (index order is asset id order), or one owner. */
interface Run {
  score: number;
  name: string;
  kind: SearchHitKind;
  assets: number[];
  /** Set when hits came from more than one source (namesake assets, definitions sharing a name). */
  unsorted: boolean;
  ownerId: string | null;
  termId: string | null;
  status: DefinitionStatus | null;
}

export function rankHits(index: SearchIndex, matches: TextMatches, filter: SearchFilter, page: { skip: number; take: number }): RankedPage {
  const passes = assetFilter(filter);
  const hitsPerAsset = new Int32Array(index.assets.length);
  const runs = new Map<string, Run>();
  // Keyed by the score as a number first: a broad term has a distinct full-text score per
  // definition, and turning tens of thousands of them into strings was most of this loop. A
  // score with one run so far holds it directly; a second run at that score makes it a map.
  const runsByScore = new Map<number, Run | Map<string, Run>>();
  const runKey = (run: { name: string; kind: SearchHitKind; status: DefinitionStatus | null }) => `${run.name}\u0000${run.kind}\u0000${run.status ?? ""}`;
  const runOf = (score: number, name: string, kind: SearchHitKind, status: DefinitionStatus | null): Run => {
    const found = runsByScore.get(score);
    if (found === undefined) {
      const run: Run = { score, name, kind, assets: [], unsorted: false, ownerId: null, termId: null, status };
      runsByScore.set(score, run);
      return run;
    }
    let sameScore = found;
    if (!(sameScore instanceof Map)) {
      if (sameScore.name === name && sameScore.kind === kind && sameScore.status === status) {
        sameScore.unsorted = true;
        return sameScore;
      }
      runsByScore.set(score, (sameScore = new Map([[runKey(sameScore), sameScore]])));
    }
    const key = runKey({ name, kind, status });
    let run = sameScore.get(key);
    if (!run) sameScore.set(key, (run = { score, name, kind, assets: [], unsorted: false, ownerId: null, termId: null, status }));
    else run.unsorted = true;
    return run;
  };
  let total = 0;

  for (const match of matches.assets) {
    const asset = index.asset(match.assetId);
    if (!asset || !passes(asset) || (filter.hasTests != null && asset.hasTests !== filter.hasTests)) continue;
    runOf(match.score, asset.name, "ASSET", index.hasMarks ? index.statusOf(asset.index, "") : null).assets.push(asset.index);
    hitsPerAsset[asset.index]! += 1;
    total += 1;
  }
  for (const match of matches.definitions) {
    const columns = match.definition ?? index.definition(match.definitionId);
    if (!columns) continue;
    const lowerName = columns.lowerName;
    const run = runOf(match.score, columns.name, "COLUMN", null);
    for (const assetIndex of columns.assets) {
      const asset = index.assets[assetIndex]!;
      if (!passes(asset) || (filter.hasTests != null && asset.testedColumns.has(lowerName) !== filter.hasTests)) continue;
      const status = index.hasMarks ? index.statusOf(assetIndex, lowerName) : null;
      (status === null ? run : runOf(match.score, columns.name, "COLUMN", status)).assets.push(assetIndex);
      hitsPerAsset[assetIndex]! += 1;
      total += 1;
    }
  }
  // Owners are people and terms are words, not assets: any asset filter leaves them out.
  if (!hasAssetFilter(filter)) {
    for (const match of matches.owners) {
      runs.set(`owner\u0000${match.ownerId}`, { score: match.score, name: match.name, kind: "OWNER", assets: [], unsorted: false, ownerId: match.ownerId, termId: null, status: null });
      total += 1;
    }
    for (const match of matches.terms ?? []) {
      runs.set(`term\u0000${match.termId}`, { score: match.score, name: match.name, kind: "TERM", assets: [], unsorted: false, ownerId: null, termId: match.termId, status: null });
      total += 1;
    }
  }

  const ranked = [...runs.values()];
  for (const sameScore of runsByScore.values()) {
    if (sameScore instanceof Map) for (const run of sameScore.values()) ranked.push(run);
    else ranked.push(sameScore);
  }
  return { hits: cutPage(index, ranked, page), total, facets: facetsOf(index, hitsPerAsset) };
}

function hasAssetFilter(filter: SearchFilter): boolean {
  return Boolean(filter.kinds?.length || filter.layers?.length || filter.projects?.length || filter.tags?.length || filter.owners?.length || filter.hasTests != null);
}

function assetFilter(filter: SearchFilter): (asset: IndexedAsset) => boolean {
  const kinds = filter.kinds?.length ? new Set(filter.kinds) : null;
  const layers = filter.layers?.length ? new Set(filter.layers) : null;
  const projects = filter.projects?.length ? new Set(filter.projects) : null;
  const tags = filter.tags?.length ? filter.tags : null;
  const owners = filter.owners?.length ? filter.owners.map((owner) => owner.trim().toLowerCase()) : null;
  return (asset) =>
    (!kinds || kinds.has(asset.kind)) &&
    (!layers || (asset.layer !== null && layers.has(asset.layer))) &&
    (!projects || projects.has(asset.projectName)) &&
    (!tags || tags.some((tag) => asset.tags.includes(tag))) &&
    (!owners || owners.some((owner) => asset.ownerMatches.has(owner)));
}

/** Rank order of runs: tier, then term/certified/deprecated within it, score, name, kind, owner or term id. */
function compareRuns(a: Run, b: Run): number {
  return (
    tierOf(b.score) - tierOf(a.score) ||
    rankInTier(a) - rankInTier(b) ||
    b.score - a.score ||
    compareText(a.name, b.name) ||
    KIND_ORDER[a.kind] - KIND_ORDER[b.kind] ||
    compareText(a.ownerId ?? a.termId ?? "", b.ownerId ?? b.termId ?? "")
  );
}

function cutPage(index: SearchIndex, allRuns: Run[], page: { skip: number; take: number }): RankedHit[] {
  // Every run left holds at least one hit, so the page lies within the first skip + take runs:
  // a broad term matches tens of thousands of definitions, and only those few need ordering.
  const runs = firstInOrder(
    allRuns.filter((run) => run.kind === "OWNER" || run.kind === "TERM" || run.assets.length > 0),
    page.skip + page.take,
    compareRuns,
  );
  const hits: RankedHit[] = [];
  let skip = page.skip;
  for (const run of runs) {
    if (hits.length === page.take) break;
    const single = run.kind === "OWNER" || run.kind === "TERM";
    const size = single ? 1 : run.assets.length;
    if (skip >= size) {
      skip -= size;
      continue;
    }
    if (single) hits.push({ kind: run.kind, score: run.score, name: run.name, asset: null, ownerId: run.ownerId, termId: run.termId, status: null });
    else {
      if (run.unsorted) run.assets.sort((a, b) => a - b);
      for (const assetIndex of run.assets.slice(skip, skip + page.take - hits.length)) {
        hits.push({ kind: run.kind, score: run.score, name: run.name, asset: index.assets[assetIndex]!, ownerId: null, termId: null, status: run.status });
      }
    }
    skip = 0;
  }
  return hits;
}

/**
 * The first `count` items in `compare` order, sorted: a bounded max-heap over the items
 * (n log count) instead of sorting all of them (n log n). Deep pages sort everything.
 */
export function firstInOrder<T>(items: T[], count: number, compare: (a: T, b: T) => number): T[] {
  if (count <= 0) return [];
  if (count * 4 >= items.length) return items.sort(compare).slice(0, count);
  const heap: T[] = [];
  const above = (i: number, j: number) => compare(heap[i]!, heap[j]!) > 0;
  const swap = (i: number, j: number) => ([heap[i], heap[j]] = [heap[j]!, heap[i]!]);
  for (const item of items) {
    if (heap.length === count) {
      if (compare(item, heap[0]!) >= 0) continue;
      heap[0] = item;
      for (let i = 0; ; ) {
        const [l, r] = [2 * i + 1, 2 * i + 2];
        let top = i;
        if (l < count && above(l, top)) top = l;
        if (r < count && above(r, top)) top = r;
        if (top === i) break;
        swap(i, top);
        i = top;
      }
    } else {
      heap.push(item);
      for (let i = heap.length - 1; i > 0 && above(i, (i - 1) >> 1); i = (i - 1) >> 1) swap(i, (i - 1) >> 1);
    }
  }
  return heap.sort(compare);
}

function facetsOf(index: SearchIndex, hitsPerAsset: Int32Array): SearchFacets {
  const facets = {} as SearchFacets;
  for (const name of FACET_NAMES) {
    const { values, offsets, codes } = index.facets[name];
    const counts = new Float64Array(values.length);
    for (let asset = 0; asset < hitsPerAsset.length; asset++) {
      const n = hitsPerAsset[asset]!;
      if (n !== 0) for (let e = offsets[asset]!; e < offsets[asset + 1]!; e++) counts[codes[e]!]! += n;
    }
    facets[name] = facetList(values, counts);
  }
  return facets;
}

/** The values counted, most frequent first. */
function facetList(values: readonly string[], counts: Float64Array): FacetCount[] {
  const found: FacetCount[] = [];
  counts.forEach((count, code) => {
    if (count > 0) found.push({ value: values[code]!, count });
  });
  return found.sort((a, b) => b.count - a.count || compareText(a.value, b.value)).slice(0, MAX_FACET_VALUES);
}
