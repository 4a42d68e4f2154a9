/**
 * Property (issue 13, item 1): every fixture manifest still ingests when random config values are
 * turned into strings (as Jinja renders them) or nulls. Rendering a value as Python or JSON text
 * keeps its meaning, so the snapshot must not change at all; any other text or a null may change
 * only whether a node is enabled, and every repair is reported on the value that was changed.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseManifest, snapshotChecksum, type CatalogSnapshot } from "../../../src/core/manifest/index.js";
import { formatJsonPath } from "../../../src/core/manifest/jsonPath.js";
import { DBT_FIXTURES, readFixture } from "../../support/fixtureDocs.js";

type Json = Record<string, unknown>;

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const inRepo = (...parts: string[]) => JSON.parse(readFileSync(path.join(repoRoot, ...parts), "utf8")) as unknown;

const MANIFESTS: { name: string; manifest: unknown }[] = [
  ...DBT_FIXTURES.map(({ name, dir }) => ({ name, manifest: readFixture(dir).manifest })),
  { name: "examples/jaffle_shop", manifest: inRepo("examples", "jaffle_shop", "manifest.json") },
  { name: "examples/jaffle_shop/proposal", manifest: inRepo("examples", "jaffle_shop", "proposal", "manifest.json") },
  { name: "built/lenient", manifest: inRepo("tests", "fixtures", "built", "lenient", "manifest.json") },
];

const RESOURCE_MAPS = ["nodes", "sources", "exposures", "metrics", "semantic_models"] as const;
/** Node types whose config Tributary does not read at all. */
const ASSET_OR_TEST_TYPES = new Set(["model", "seed", "snapshot", "test", "source", "exposure", "metric", "semantic_model"]);

interface Target {
  map: string;
  id: string;
  key: string;
  value: unknown;
  resourceType: unknown;
}

/** Every (resource, config key) of a manifest: what a mutation can pick. */
function configTargets(manifest: Json): Target[] {
  return RESOURCE_MAPS.flatMap((map) =>
    Object.entries((manifest[map] ?? {}) as Record<string, Json>).flatMap(([id, resource]) =>
      Object.entries((resource.config ?? {}) as Json).map(([key, value]) => ({ map, id, key, value, resourceType: resource.resource_type })),
    ),
  );
}

/** Python's `str()` of a JSON value, the way Jinja renders a config value into text. */
function pythonText(value: unknown): string {
  if (value === true) return "True";
  if (value === false) return "False";
  if (value === null) return "None";
  if (typeof value === "string") return value;
  if (Array.isArray(value)) return `[${value.map(pythonRepr).join(", ")}]`;
  if (typeof value === "object") return `{${Object.entries(value).map(([k, v]) => `${pythonRepr(k)}: ${pythonRepr(v)}`).join(", ")}}`;
  return String(value);
}
const pythonRepr = (value: unknown): string => (typeof value === "string" ? `'${value}'` : pythonText(value));

const RENDERINGS = {
  python: pythonText,
  json: (value: unknown) => (typeof value === "string" ? value : JSON.stringify(value)),
  /** Only flags change: upper-casing other text would change what it says. */
  upperCase: (value: unknown) => (typeof value === "boolean" ? String(value).toUpperCase() : pythonText(value)),
  quotedJson: (value: unknown) => JSON.stringify(value),
  null: () => null,
};
type Rendering = keyof typeof RENDERINGS;
const MEANING_KEEPING: Rendering[] = ["python", "json", "upperCase"];

/** The manifest with each picked config value rendered; only the objects on the way are copied. */
function withRendered(manifest: Json, picks: Map<Target, Rendering>): Json {
  const copy: Json = { ...manifest };
  for (const [target, rendering] of picks) {
    const map = (copy[target.map] = { ...(copy[target.map] as Json) });
    const resource = { ...(map[target.id] as Json) };
    resource.config = { ...(resource.config as Json), [target.key]: RENDERINGS[rendering](target.value) };
    map[target.id] = resource;
  }
  return copy;
}

function snapshotOf(manifest: unknown): CatalogSnapshot {
  const result = parseManifest({ manifest });
  if (!result.ok) throw new Error(`${result.error.code} ${result.error.path}: ${result.error.message}`);
  return result.snapshot;
}

const configPath = (target: Target) => formatJsonPath([target.map, target.id, "config", target.key]);
const isScalar = (value: unknown) => value === null || typeof value !== "object";
const RUNS = 12;

describe.each(MANIFESTS)("$name with config values rendered as text or null", ({ manifest }) => {
  const baseline = snapshotOf(manifest);
  const targets = configTargets(manifest as Json);
  const picksOf = (renderings: readonly Rendering[], onlyScalars: boolean) => {
    const candidates = onlyScalars ? targets.filter((t) => isScalar(t.value) && t.value !== null) : targets;
    return fc
      .array(fc.tuple(fc.nat({ max: Math.max(candidates.length - 1, 0) }), fc.constantFrom(...renderings)), { minLength: 1, maxLength: 40 })
      .map((picked) => new Map(candidates.length === 0 ? [] : picked.map(([index, rendering]) => [candidates[index]!, rendering] as const)));
  };

  it("gives the same snapshot when scalars are rendered as Python or JSON text, and reports each flag read", () => {
    fc.assert(
      fc.property(picksOf(MEANING_KEEPING, true), (picks) => {
        const snapshot = snapshotOf(withRendered(manifest as Json, picks));
        expect(snapshotChecksum(snapshot)).toBe(snapshotChecksum(baseline));
        for (const [target] of picks) {
          if (typeof target.value !== "boolean" || target.key !== "enabled" || !ASSET_OR_TEST_TYPES.has(String(target.resourceType))) continue;
          expect(snapshot.diagnostics).toContainEqual(
            expect.objectContaining({ code: "VALUE_COERCED", severity: "warning", uniqueId: target.id, path: configPath(target) }),
          );
        }
      }),
      { numRuns: RUNS },
    );
  });

  it("still ingests any value as text or null, changing at most which nodes are enabled", () => {
    const idsOf = (snapshot: CatalogSnapshot) => [...snapshot.assets.map((a) => a.uniqueId), ...snapshot.tests.map((t) => t.uniqueId)];
    fc.assert(
      fc.property(picksOf(Object.keys(RENDERINGS) as Rendering[], false), (picks) => {
        const snapshot = snapshotOf(withRendered(manifest as Json, picks));
        const flipped = new Set([...picks.keys()].filter((t) => t.key === "enabled").map((t) => t.id));
        const unflipped = (ids: string[]) => ids.filter((id) => !flipped.has(id)).sort();
        expect(unflipped(idsOf(snapshot))).toEqual(unflipped(idsOf(baseline)));
        const changedPaths = new Set([...picks.keys()].map(configPath));
        const repairedBefore = new Set(baseline.diagnostics.map((d) => d.path));
        for (const diagnostic of snapshot.diagnostics.filter((d) => d.code.startsWith("VALUE_") && !repairedBefore.has(d.path))) {
          expect([...changedPaths].some((changed) => diagnostic.path?.startsWith(changed))).toBe(true);
        }
      }),
      { numRuns: RUNS },
    );
  });
});
