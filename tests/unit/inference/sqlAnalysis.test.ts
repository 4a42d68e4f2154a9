/**
 * SqlAnalysis (services/ingest/inferLineage.ts): ingestion asks for each model's analysis as it
 * writes the model's asset. Asked lazily, in any order, it gives what analysing every changed
 * model up front gives, and nothing for models whose inputs are unchanged.
 */
import { describe, expect, it } from "vitest";
import { inferDependencies } from "../../../src/core/inference/inferDependencies.js";
import { RelationResolver } from "../../../src/core/inference/relationResolver.js";
import { parseManifest, type CatalogSnapshot } from "../../../src/core/manifest/index.js";
import { parseDialect } from "../../../src/core/sql/index.js";
import { SqlAnalysis } from "../../../src/services/ingest/inferLineage.js";
import type { StoredAsset, StoredCatalog } from "../../../src/services/ingest/storedCatalog.js";
import { readFixture } from "../../support/fixtureDocs.js";

function snapshotOf(manifest: unknown, catalog?: unknown): CatalogSnapshot {
  const parsed = parseManifest({ manifest, catalog });
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.snapshot;
}

function storedWith(sqlHashes: Map<string, string>): StoredCatalog {
  const assets = new Map([...sqlHashes].map(([uniqueId, sqlHash]) => [uniqueId, { uniqueId, sqlHash } as StoredAsset]));
  return { assets, columns: new Map(), tests: new Map(), manifestOwnerLinks: new Set(), manifestOwners: new Map(), apiOwners: new Map(), edges: new Map(), definitions: new Map() };
}

describe("SqlAnalysis", () => {
  const { manifest, catalog } = readFixture(["jaffle_shop_duckdb", "base"]);
  const snapshot = snapshotOf(manifest, catalog);

  it("analyses every SQL model of a first post, lazily and in any order, as inferDependencies does", () => {
    const analysis = new SqlAnalysis(snapshot, storedWith(new Map()));
    const models = snapshot.assets.filter((a) => a.kind === "MODEL");
    expect(models.length).toBeGreaterThan(3);
    const reversed = [...models].reverse().map((m) => analysis.get(m.uniqueId));
    expect(analysis.get(models[0]!.uniqueId)).toBe(reversed[reversed.length - 1]);
    const all = analysis.results();
    expect([...all.keys()]).toEqual(models.map((m) => m.uniqueId));
    const assets = new Map(snapshot.assets.map((a) => [a.uniqueId, a]));
    for (const model of models) {
      const declaredParents = new Set(snapshot.edges.filter((e) => e.to === model.uniqueId).map((e) => e.from));
      const upFront = inferDependencies(model, { resolver: new RelationResolver(snapshot.assets, parseDialect(snapshot.adapter)), dialect: parseDialect(snapshot.adapter), assets, declaredParents });
      expect(all.get(model.uniqueId)).toEqual({ sqlHash: expect.any(String), ...upFront });
    }
    expect(analysis.get(snapshot.assets.find((a) => a.kind === "SOURCE")!.uniqueId)).toBeUndefined();
  });

  it("skips models whose stored analysis had the same inputs", () => {
    const first = new SqlAnalysis(snapshot, storedWith(new Map())).results();
    const [skipped, ...rest] = [...first.keys()];
    const stored = storedWith(new Map([[skipped!, first.get(skipped!)!.sqlHash]]));
    const again = new SqlAnalysis(snapshot, stored);
    expect(again.get(skipped!)).toBeUndefined();
    expect([...again.results().keys()]).toEqual(rest);
  });
});
