import { describe, expect, it } from "vitest";
import { generateDbtManifest } from "../../../bench/generate/dbtManifest.js";
import { parseManifest, snapshotChecksum, snapshotCounts, type CatalogSnapshot } from "../../../src/core/manifest/index.js";

const MODELS = 300;

function snapshotOf(manifest: unknown): CatalogSnapshot {
  const result = parseManifest({ manifest });
  if (!result.ok) throw new Error(`${result.error.path}: ${result.error.message}`);
  return result.snapshot;
}

describe("generateDbtManifest", () => {
  const manifest = generateDbtManifest({ models: MODELS, seed: 42 });
  const snapshot = snapshotOf(manifest);
  const models = snapshot.assets.filter((a) => a.kind === "MODEL");
  const parentsOf = (id: string) => snapshot.edges.filter((e) => e.to === id).map((e) => e.from);

  it("is a valid v12 manifest with the requested number of models, fed by sources", () => {
    expect(snapshot.schemaVersion).toBe("v12");
    expect(snapshot.diagnostics).toEqual([]);
    const counts = snapshotCounts(snapshot);
    expect(counts.models).toBe(MODELS);
    expect(counts.sources).toBeGreaterThan(0);
    expect(counts.exposures).toBeGreaterThan(0);
    expect(counts.owners).toBeGreaterThan(2);
  });

  it("layers staging (reading sources) → intermediate (reading staging) → marts, each with 2–4 parents", () => {
    const layerOf = new Map(snapshot.assets.map((a) => [a.uniqueId, a.kind === "SOURCE" ? "SOURCE" : a.layer]));
    const allowedParents = { STAGING: ["SOURCE"], INTERMEDIATE: ["STAGING"], MART: ["STAGING", "INTERMEDIATE", "MART"] };
    for (const model of models) {
      const parents = parentsOf(model.uniqueId);
      expect(parents.length).toBeGreaterThanOrEqual(2);
      expect(parents.length).toBeLessThanOrEqual(4);
      const allowed = allowedParents[model.layer as keyof typeof allowedParents];
      for (const parent of parents) expect(allowed).toContain(layerOf.get(parent));
    }
    expect(new Set(models.map((m) => m.layer))).toEqual(new Set(["STAGING", "INTERMEDIATE", "MART"]));
  });

  it("writes raw_code whose ref() and source() calls are exactly the declared parents, and compiled_code", () => {
    for (const model of models) {
      const called = [
        ...[...(model.rawSql ?? "").matchAll(/ref\('([^']+)'\)/g)].map((m) => `model.synthetic_shop.${m[1]}`),
        ...[...(model.rawSql ?? "").matchAll(/source\('([^']+)', '([^']+)'\)/g)].map((m) => `source.synthetic_shop.${m[1]}.${m[2]}`),
      ];
      expect(called.sort()).toEqual(parentsOf(model.uniqueId).sort());
      expect(model.compiledSql).not.toContain("{{");
    }
  });

  it("documents about 15 columns per model and tests about a third of them", () => {
    const columns = models.flatMap((m) => m.columns);
    expect(columns.length / models.length).toBeGreaterThan(12);
    expect(columns.length / models.length).toBeLessThan(19);
    const tested = new Set(snapshot.tests.map((t) => `${t.attachedUniqueId}.${t.columnName}`));
    expect(tested.size / columns.length).toBeGreaterThan(0.25);
    expect(tested.size / columns.length).toBeLessThan(0.45);
    expect(new Set(snapshot.tests.map((t) => t.testType))).toEqual(
      new Set(["unique", "not_null", "accepted_values", "relationships"]),
    );
  });

  it("is deterministic for a seed and differs between seeds", () => {
    const checksum = (seed: number) => snapshotChecksum(snapshotOf(generateDbtManifest({ models: 60, seed })));
    expect(checksum(42)).toBe(checksum(42));
    expect(checksum(43)).not.toBe(checksum(42));
  });
});
