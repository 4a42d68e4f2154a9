/** Ranking, filtering, paging and facet counting over a tenant's search index (pure). */
import { describe, expect, it } from "vitest";
import { rankHits, type TextMatches } from "../../../src/core/search/searchHits.js";
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

describe("rankHits keeps only the runs that reach the page (out of tens of thousands)", () => {
  it("gives exactly the hits of a full sort, for any page, with ties across definitions and kinds", () => {
    let state = 7;
    const random = () => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const ids = Array.from({ length: 400 }, (_, i) => `x${String(i).padStart(3, "0")}`);
    const wide = SearchIndex.build({
      assets: ids.map((id, i) => asset(id, { name: `n${i % 9}` })),
      owners: [],
      projects: [{ id: "p1", name: "shop" }],
      // Few names and scores, so many definitions and assets tie and share runs.
      definitions: Array.from({ length: 600 }, (_, i) => ({ id: `d${i}`, name: `n${i % 7}`, assetIds: [ids[Math.floor(random() * ids.length)]!, ids[Math.floor(random() * ids.length)]!] })),
    });
    const scores = [1000.2, 500.5, 200.1, 100.25, 100.75, 40];
    const matches: TextMatches = {
      assets: ids.filter(() => random() < 0.5).map((assetId) => ({ assetId, score: scores[Math.floor(random() * scores.length)]! })),
      definitions: Array.from({ length: 600 }, (_, i) => ({ definitionId: `d${i}`, score: scores[Math.floor(random() * scores.length)]! })).filter(() => random() < 0.7),
      owners: [{ ownerId: "o1", name: "n3", score: 200.1 }],
    };
    // The reference: every hit, one per (definition, asset) and asset, sorted whole.
    const tier = (score: number) => (score >= 1000 ? 4 : score >= 500 ? 3 : score >= 200 ? 2 : score >= 100 ? 1 : 0);
    const order = { ASSET: 1, COLUMN: 2, OWNER: 3 } as const;
    const everyHit = [
      ...matches.assets.map((m) => ({ score: m.score, name: wide.asset(m.assetId)!.name, kind: "ASSET" as const, id: m.assetId })),
      ...matches.definitions.flatMap((m) => {
        const d = wide.definition(m.definitionId)!;
        return [...d.assets].map((a) => ({ score: m.score, name: d.name, kind: "COLUMN" as const, id: wide.assets[a]!.id }));
      }),
      { score: 200.1, name: "n3", kind: "OWNER" as const, id: "o1" },
    ].sort((a, b) => tier(b.score) - tier(a.score) || b.score - a.score || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) || order[a.kind] - order[b.kind] || (a.id < b.id ? -1 : 1));
    const describeAll = (hit: { kind: string; name: string; asset: { id: string } | null; ownerId: string | null }) => `${hit.kind}:${hit.asset?.id ?? hit.ownerId}:${hit.name}`;
    const expected = everyHit.map((hit) => `${hit.kind}:${hit.id}:${hit.name}`);
    for (const [skip, take] of [[0, 1], [0, 20], [7, 13], [100, 50], [expected.length - 3, 20], [0, expected.length + 5]] as const) {
      const result = rankHits(wide, matches, {}, page(take, skip));
      expect(result.hits.map(describeAll)).toEqual(expected.slice(skip, skip + take));
      expect(result.total).toBe(expected.length);
    }
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
