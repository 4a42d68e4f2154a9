/** Ranking, filtering, paging and facet counting over a tenant's search index (pure). */
import { describe, expect, it } from "vitest";
import { firstInOrder, rankHits, type TextMatches } from "../../../src/core/search/searchHits.js";
import { SearchIndex, type SearchIndexAsset } from "../../../src/core/search/searchIndex.js";

function asset(id: string, fields: Partial<SearchIndexAsset> = {}): SearchIndexAsset {
  return { id, name: id, kind: "MODEL", layer: "MART", projectId: "p1", tags: [], ownerIds: [], testedColumns: [], hasTests: false, ...fields };
}

const index = SearchIndex.build({
  assets: [
    asset("a3", { name: "orders", layer: "STAGING", tags: ["core"], ownerIds: ["o1"] }),
    asset("a1", { name: "customers", tags: ["core", "pii", "core"], ownerIds: ["o1", "o2"], testedColumns: ["customer_id"], hasTests: true }),
    asset("a2", { name: "orders", kind: "SOURCE", layer: null, projectId: "p2" }),
    asset("a4", { name: "payments", projectId: "p2" }),
  ],
  owners: [
    { id: "o1", key: "email:ana@example.com", name: "Ana", email: "ana@example.com" },
    { id: "o2", key: "handle:@bo", name: null, email: null },
  ],
  projects: [
    { id: "p1", name: "shop" },
    { id: "p2", name: "raw" },
  ],
  definitions: [
    // Shared by three assets; a4 is listed first to show the index keeps asset id order.
    { id: "d-customer-id", name: "customer_id", assetIds: ["a4", "a1", "a3"] },
    { id: "d-customer-id-2", name: "customer_id", assetIds: ["a2"] },
    { id: "d-gone", name: "gone", assetIds: ["removed-asset"] },
  ],
});

const page = (take = 20, skip = 0) => ({ skip, take });
const describeHit = (hit: { kind: string; name: string; asset: { id: string } | null; ownerId: string | null }) => `${hit.kind}:${hit.asset?.id ?? hit.ownerId}:${hit.name}`;

describe("rankHits", () => {
  const matches: TextMatches = {
    assets: [
      { assetId: "a3", score: 500 },
      { assetId: "a2", score: 500 },
      { assetId: "a1", score: 100 },
    ],
    definitions: [
      { definitionId: "d-customer-id", score: 1000 },
      { definitionId: "d-customer-id-2", score: 1000 },
      { definitionId: "d-gone", score: 2000 },
    ],
    owners: [{ ownerId: "o1", name: "Ana", score: 200 }],
  };

  it("orders by score, then name, kind and asset id, and expands a definition to its columns", () => {
    const result = rankHits(index, matches, {}, page());
    expect(result.hits.map(describeHit)).toEqual([
      // Two definitions of one name and score interleave by asset id.
      "COLUMN:a1:customer_id",
      "COLUMN:a2:customer_id",
      "COLUMN:a3:customer_id",
      "COLUMN:a4:customer_id",
      // Namesake assets by id.
      "ASSET:a2:orders",
      "ASSET:a3:orders",
      "OWNER:o1:Ana",
      "ASSET:a1:customers",
    ]);
    // A definition whose only column belongs to a removed asset finds nothing.
    expect(result.total).toBe(8);
  });

  it("cuts pages across runs without losing or repeating a hit", () => {
    const all = rankHits(index, matches, {}, page(100)).hits.map(describeHit);
    const pages = [0, 3, 6].map((skip) => rankHits(index, matches, {}, page(3, skip)).hits.map(describeHit));
    expect(pages.flat()).toEqual(all);
    expect(rankHits(index, matches, {}, page(5, 100)).hits).toEqual([]);
  });

  it("counts facets over every hit, not the page, one count per hit and tag", () => {
    const { facets } = rankHits(index, matches, {}, page(1));
    expect(facets.kinds).toEqual([
      { value: "MODEL", count: 5 },
      { value: "SOURCE", count: 2 },
    ]);
    expect(facets.layers).toEqual([
      { value: "MART", count: 3 },
      { value: "STAGING", count: 2 },
    ]);
    expect(facets.projects).toEqual([
      { value: "shop", count: 4 },
      { value: "raw", count: 3 },
    ]);
    // a1 lists "core" twice: still one count per hit.
    expect(facets.tags).toEqual([
      { value: "core", count: 4 },
      { value: "pii", count: 2 },
    ]);
    expect(facets.owners).toEqual([
      { value: "ana@example.com", count: 4 },
      { value: "handle:@bo", count: 2 },
    ]);
  });

  it("filters by asset facts and leaves owners out of any asset filter", () => {
    const staging = rankHits(index, matches, { layers: ["STAGING"] }, page());
    expect(staging.hits.map(describeHit)).toEqual(["COLUMN:a3:customer_id", "ASSET:a3:orders"]);
    const byOwner = rankHits(index, matches, { owners: [" ANA@example.com "] }, page());
    expect(byOwner.hits.map(describeHit)).toEqual(["COLUMN:a1:customer_id", "COLUMN:a3:customer_id", "ASSET:a3:orders", "ASSET:a1:customers"]);
    const byHandle = rankHits(index, matches, { owners: ["handle:@bo"], projects: ["shop"], tags: ["pii"], kinds: ["MODEL"] }, page());
    expect(byHandle.hits.map(describeHit)).toEqual(["COLUMN:a1:customer_id", "ASSET:a1:customers"]);
    expect(rankHits(index, matches, { projects: ["nowhere"] }, page()).total).toBe(0);
  });

  it("filters columns by their own tests and assets by any test", () => {
    const tested = rankHits(index, matches, { hasTests: true }, page());
    expect(tested.hits.map(describeHit)).toEqual(["COLUMN:a1:customer_id", "ASSET:a1:customers"]);
    const untested = rankHits(index, matches, { hasTests: false }, page());
    expect(untested.hits.map(describeHit)).toEqual(["COLUMN:a2:customer_id", "COLUMN:a3:customer_id", "COLUMN:a4:customer_id", "ASSET:a2:orders", "ASSET:a3:orders"]);
  });

  it("ignores matches the index does not know (written after it was built)", () => {
    const result = rankHits(index, { assets: [{ assetId: "new", score: 900 }], definitions: [{ definitionId: "new", score: 900 }], owners: [] }, {}, page());
    expect(result).toEqual({ hits: [], total: 0, facets: { kinds: [], layers: [], projects: [], owners: [], tags: [] } });
  });
});

describe("firstInOrder (the page's runs out of tens of thousands)", () => {
  it("gives exactly the first items of a full sort, for any count", () => {
    let state = 7;
    const random = () => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const items = Array.from({ length: 2_000 }, (_, i) => ({ score: Math.floor(random() * 50), name: `n${i}` }));
    const compare = (a: { score: number; name: string }, b: { score: number; name: string }) => b.score - a.score || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
    const sorted = [...items].sort(compare);
    for (const count of [0, 1, 20, 120, 499, 500, 1_999, 5_000]) expect(firstInOrder([...items], count, compare)).toEqual(sorted.slice(0, count));
  });

  it("pages through a broad match in the same order as one sorted list", () => {
    const many = SearchIndex.build({
      assets: Array.from({ length: 300 }, (_, i) => asset(`x${String(i).padStart(3, "0")}`)),
      owners: [],
      projects: [{ id: "p1", name: "shop" }],
      definitions: Array.from({ length: 300 }, (_, i) => ({ id: `d${i}`, name: `col_${i % 37}`, assetIds: [`x${String(i).padStart(3, "0")}`] })),
    });
    const matches: TextMatches = { assets: [], owners: [], definitions: Array.from({ length: 300 }, (_, i) => ({ definitionId: `d${i}`, score: 100 + (i % 11) / 100 })) };
    const all = rankHits(many, matches, {}, { skip: 0, take: 300 }).hits;
    const paged = [0, 20, 40, 260, 280].flatMap((skip) => rankHits(many, matches, {}, { skip, take: 20 }).hits);
    expect(paged).toEqual([...all.slice(0, 60), ...all.slice(260, 300)]);
  });
});
