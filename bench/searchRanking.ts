/**
 * The in-memory half of an uncached search (core/search/searchHits.ts rankHits): filtering,
 * ranking, facet counts and the page, for a broad term, in process, no database.
 *
 *   npx tsx bench/searchRanking.ts [--matches 23000] [--runs 30]
 *
 * The index is the benchmark tenant's size (20,000 assets, 300,000 column definitions of one
 * column each); the matches are what the text matching returns for "customer acquisition" on it
 * (about 23,000 definitions, each with its own full-text score, so each is its own run).
 */
import { Command } from "commander";
import { rankHits, type SearchFilter, type TextMatches } from "../src/core/search/searchHits.js";
import { SearchIndex } from "../src/core/search/searchIndex.js";
import { positiveNumber } from "./support/positiveNumber.js";

const options = new Command("bench/searchRanking.ts")
  .option("--matches <n>", "matched definitions", positiveNumber, 23_000)
  .option("--runs <n>", "searches measured", positiveNumber, 30)
  .parse()
  .opts<{ matches: number; runs: number }>();

const ASSETS = 20_000;
const DEFINITIONS = 300_000;
const assetId = (i: number) => `a${String(i % ASSETS).padStart(6, "0")}`;
const index = SearchIndex.build({
  assets: Array.from({ length: ASSETS }, (_, i) => ({
    id: assetId(i), name: `asset_${i}`, kind: "MODEL", layer: i % 2 ? "MART" : "STAGING", projectId: "p1", tags: i % 3 ? ["core"] : [], ownerIds: [], testedColumns: [], hasTests: false,
  })),
  owners: [],
  projects: [{ id: "p1", name: "shop" }],
  definitions: Array.from({ length: DEFINITIONS }, (_, i) => ({ id: `d${i}`, name: `col_${i % 5_000}`, assetIds: [assetId(i)] })),
});
const matches: TextMatches = {
  assets: [],
  owners: [],
  // Resolved to the index's entries, as the in-memory text matching hands them over.
  definitions: Array.from({ length: options.matches }, (_, i) => {
    const definitionId = `d${(i * 13) % DEFINITIONS}`;
    return { definitionId, definition: index.definition(definitionId), score: 100 + ((i * 7_919) % 10_007) / 1e5 };
  }),
};

const filters: [string, SearchFilter][] = [["no filter", {}], ["layers: [MART]", { layers: ["MART"] }]];
for (const [label, filter] of filters) {
  const times: number[] = [];
  for (let i = 0; i < options.runs; i++) {
    const started = performance.now();
    rankHits(index, matches, filter, { skip: 0, take: 20 });
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!.toFixed(1);
  console.log(`${options.matches} matches, ${label}: p50 ${at(0.5)} ms, p95 ${at(0.95)} ms`);
}
