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
import { FACET_NAMES, type DefinitionColumns, type FacetName, type HitScores, type IndexedAsset, type SearchIndex } from "./searchIndex.js";

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
  /** A column hit's definition (its document in the index). */
  document: number | null;
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

function tierOf(score: number): number {
  return score >= 1000 ? 4 : score >= 500 ? 3 : score >= 200 ? 2 : score >= 100 ? 1 : 0;
}

/** Hits sharing score, name, kind and status: assets by index (index order is asset id order), or one owner or term. */
interface Run {
  score: number;
  name: string;
  kind: SearchHitKind;
  assets: number[];
  /** For column hits, each asset's column definition (its document in the index), in step with `assets`. */
  documents: number[] | null;
  ownerId: string | null;
  termId: string | null;
  status: DefinitionStatus | null;
}

/** Ranks matches given as lists (by id): what rankScores ranks, scored from them. */
export function rankHits(index: SearchIndex, matches: TextMatches, filter: SearchFilter, page: { skip: number; take: number }): RankedPage {
  const scores = index.newScores();
  index.scoreMatches(matches, 0, scores);
  return rankScores(index, scores, { owners: matches.owners, terms: matches.terms ?? [] }, filter, page);
}

/**
 * The hits of the scored assets and definitions (a definition's hits are its columns) and of
 * the owners and terms, filtered: their total, facet counts, and the page. Only the runs that
 * can reach the page are kept while the hits are counted (TopRuns): a broad term scores tens of
 * thousands of definitions, each its own run.
 */
export function rankScores(
  index: SearchIndex,
  scores: HitScores,
  people: Pick<TextMatches, "owners"> & { terms: NonNullable<TextMatches["terms"]> },
  filter: SearchFilter,
  page: { skip: number; take: number },
): RankedPage {
  const passes = assetFilter(filter);
  const filtered = hasAssetFilter(filter);
  const hitsPerAsset = new Int32Array(index.assets.length);
  const top = new TopRuns(page.skip + page.take);
  let total = 0;

  const assetScores = scores.assets;
  for (let i = 0; i < assetScores.length; i++) {
    const score = assetScores[i]!;
    if (score === 0) continue;
    const asset = index.assets[i]!;
    if (filtered && (!passes(asset) || (filter.hasTests != null && asset.hasTests !== filter.hasTests))) continue;
    hitsPerAsset[i]! += 1;
    total += 1;
    top.offer(score, asset.name, "ASSET", index.hasMarks ? index.statusOf(i, "") : null, null, [i], null);
  }
  const definitionScores = scores.definitions;
  for (let document = 0; document < definitionScores.length; document++) {
    const score = definitionScores[document]!;
    if (score === 0) continue;
    const columns = index.definitionAt(document);
    if (!filtered && !index.hasMarks) {
      // Every column is a hit, with no status: the common case, without copying the assets.
      for (const assetIndex of columns.assets) hitsPerAsset[assetIndex]! += 1;
      total += columns.assets.length;
      top.offer(score, columns.name, "COLUMN", null, null, columns.assets, document);
      continue;
    }
    const byStatus = new Map<DefinitionStatus | null, number[]>();
    for (const assetIndex of columns.assets) {
      const asset = index.assets[assetIndex]!;
      if (!passes(asset) || (filter.hasTests != null && asset.testedColumns.has(columns.lowerName) !== filter.hasTests)) continue;
      const status = index.hasMarks ? index.statusOf(assetIndex, columns.lowerName) : null;
      const assets = byStatus.get(status);
      if (assets) assets.push(assetIndex);
      else byStatus.set(status, [assetIndex]);
      hitsPerAsset[assetIndex]! += 1;
      total += 1;
    }
    for (const [status, assets] of byStatus) top.offer(score, columns.name, "COLUMN", status, null, assets, document);
  }
  // Owners are people and terms are words, not assets: any asset filter leaves them out.
  if (!filtered) {
    for (const match of people.owners) top.offer(match.score, match.name, "OWNER", null, match.ownerId, null, null);
    for (const match of people.terms) top.offer(match.score, match.name, "TERM", null, match.termId, null, null);
    total += people.owners.length + people.terms.length;
  }
  return { hits: cutPage(index, top.runs(), page), total, facets: facetsOf(index, hitsPerAsset) };
}

/** A run's share of one source: one definition's columns (of one status), one asset, owner or term. */
interface Part {
  score: number;
  /** Tier and rank within the tier, as one number (higher first). */
  rank: number;
  name: string;
  kind: SearchHitKind;
  status: DefinitionStatus | null;
  /** Owner or term id ("" for others). */
  id: string;
  assets: ArrayLike<number> | null;
  document: number | null;
}

/** Rank order of parts: tier, then term/certified/deprecated within it, score, name, kind, owner or term id. */
function compareParts(a: Part, b: Part): number {
  return b.rank - a.rank || b.score - a.score || compareText(a.name, b.name) || KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || compareText(a.id, b.id);
}

/**
 * The parts that can reach the first `count` hits: a bounded max-heap of the best `count`
 * parts (each holds at least one hit), plus every part that ties with the worst of them (parts
 * tying in everything but their assets form one run, whose hits interleave by asset id). A
 * part is only made when it ranks at least with the heap's worst, so most of a broad match is
 * passed over on two numbers.
 */
class TopRuns {
  private readonly heap: Part[] = [];
  /** Parts that tied with the heap's worst when they were turned away or evicted. */
  private ties: Part[] = [];
  private sweepAt: number;

  constructor(private readonly count: number) {
    this.sweepAt = 4 * count;
  }

  offer(score: number, name: string, kind: SearchHitKind, status: DefinitionStatus | null, id: string | null, assets: ArrayLike<number> | null, document: number | null): void {
    if (this.count <= 0) return;
    // Within a tier: a glossary term first (it is what the words mean), then certified definitions, …, deprecated last.
    const rank = 10 * tierOf(score) - (kind === "TERM" ? -1 : STATUS_ORDER[status ?? "NONE"]);
    const heap = this.heap;
    if (heap.length === this.count) {
      const worst = heap[0]!;
      if (rank < worst.rank || (rank === worst.rank && score < worst.score)) return;
    }
    const part: Part = { score, rank, name, kind, status, id: id ?? "", assets, document };
    if (heap.length < this.count) {
      heap.push(part);
      for (let i = heap.length - 1; i > 0 && compareParts(heap[i]!, heap[(i - 1) >> 1]!) > 0; i = (i - 1) >> 1) swap(heap, i, (i - 1) >> 1);
      return;
    }
    const order = compareParts(part, heap[0]!);
    if (order > 0) return;
    if (order === 0) {
      this.ties.push(part);
      return;
    }
    this.ties.push(heap[0]!);
    heap[0] = part;
    for (let i = 0; ; ) {
      const [l, r] = [2 * i + 1, 2 * i + 2];
      let top = i;
      if (l < heap.length && compareParts(heap[l]!, heap[top]!) > 0) top = l;
      if (r < heap.length && compareParts(heap[r]!, heap[top]!) > 0) top = r;
      if (top === i) break;
      swap(heap, i, top);
      i = top;
    }
    // Keep the ties list short: only those tying with the new worst can still matter. Only when
    // it doubled since the last sweep, so sweeping stays linear in the parts offered overall.
    if (this.ties.length > this.sweepAt) {
      this.ties = this.ties.filter((tie) => compareParts(tie, this.heap[0]!) === 0);
      this.sweepAt = Math.max(4 * this.count, 2 * this.ties.length);
    }
  }

  /** The kept parts as runs, in rank order. */
  runs(): Run[] {
    const worst = this.heap[0];
    const parts = worst === undefined ? [] : [...this.heap, ...this.ties.filter((tie) => compareParts(tie, worst) === 0)];
    parts.sort((a, b) => compareParts(a, b) || (a.status ?? "").localeCompare(b.status ?? ""));
    const runs: Run[] = [];
    for (let i = 0; i < parts.length; ) {
      let j = i + 1;
      while (j < parts.length && compareParts(parts[i]!, parts[j]!) === 0 && parts[i]!.status === parts[j]!.status) j++;
      runs.push(runOf(parts.slice(i, j)));
      i = j;
    }
    return runs;
  }
}

function swap<T>(items: T[], i: number, j: number): void {
  const item = items[i]!;
  items[i] = items[j]!;
  items[j] = item;
}

/** One run of parts that tie: their hits by asset index (each part's are in that order already). */
function runOf(parts: Part[]): Run {
  const first = parts[0]!;
  const run: Run = { score: first.score, name: first.name, kind: first.kind, assets: [], documents: first.document === null ? null : [], ownerId: null, termId: null, status: first.status };
  if (first.kind === "OWNER") run.ownerId = first.id;
  if (first.kind === "TERM") run.termId = first.id;
  const pairs: [number, number][] = [];
  for (const part of parts) for (let k = 0; k < (part.assets?.length ?? 0); k++) pairs.push([part.assets![k]!, part.document ?? -1]);
  if (parts.length > 1) pairs.sort((a, b) => a[0] - b[0]);
  for (const [asset, document] of pairs) {
    run.assets.push(asset);
    run.documents?.push(document);
  }
  return run;
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

/** The page out of the runs in rank order. */
function cutPage(index: SearchIndex, runs: Run[], page: { skip: number; take: number }): RankedHit[] {
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
    if (single) hits.push({ kind: run.kind, score: run.score, name: run.name, asset: null, document: null, ownerId: run.ownerId, termId: run.termId, status: null });
    else {
      const end = Math.min(run.assets.length, skip + page.take - hits.length);
      for (let k = skip; k < end; k++) {
        hits.push({ kind: run.kind, score: run.score, name: run.name, asset: index.assets[run.assets[k]!]!, document: run.documents?.[k] ?? null, ownerId: null, termId: null, status: run.status });
      }
    }
    skip = 0;
  }
  return hits;
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
