/**
 * Every shared dbt fixture parses, and what the snapshot holds equals what the raw JSON says,
 * counted here independently of the normalizer.
 */
import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseManifest, snapshotChecksum, snapshotCounts, type CatalogSnapshot } from "../../../src/core/manifest/index.js";
import { fixturePath } from "../../support/fixtures.js";

// Raw fixture JSON is walked freely here; the code under test is what validates it.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

const FIXTURES = [
  "jaffle_shop_duckdb/base",
  "jaffle_shop_duckdb/pr2",
  "fivetran_hubspot",
  "fivetran_jira_v4_bigquery",
  ...[4, 5, 6, 7, 8, 9, 10, 11, 12].map((v) => `dbt_core_schema_versions/v${v}`),
];

const readJson = (file: string): Json => JSON.parse(readFileSync(file, "utf8")) as Json;

function load(dir: string): { manifest: Json; catalog: Json | undefined } {
  const catalogFile = fixturePath(dir, "catalog.json");
  return {
    manifest: readJson(fixturePath(dir, "manifest.json")),
    catalog: existsSync(catalogFile) ? readJson(catalogFile) : undefined,
  };
}

function parsed(manifest: Json, catalog?: Json): CatalogSnapshot {
  const result = parseManifest({ manifest, catalog });
  if (!result.ok) throw new Error(`${result.error.code} ${result.error.path}: ${result.error.message}`);
  return result.snapshot;
}

/** What the raw manifest says, computed without the normalizer. */
function expectedCounts(manifest: Json, catalog: Json | undefined) {
  const nodes = Object.values(manifest.nodes as Json) as Json[];
  const ofType = (type: string) => nodes.filter((n) => n.resource_type === type);
  const sources = Object.values(manifest.sources as Json) as Json[];
  const exposures = Object.values((manifest.exposures ?? {}) as Json) as Json[];
  const metrics = Object.values((manifest.metrics ?? {}) as Json) as Json[];
  const semanticModels = Object.values((manifest.semantic_models ?? {}) as Json) as Json[];
  const savedQueries = Object.values((manifest.saved_queries ?? {}) as Json) as Json[];

  const tabular = [...ofType("model"), ...ofType("seed"), ...ofType("snapshot"), ...sources];
  const columns = tabular.reduce((sum, resource) => {
    const table = catalog?.nodes?.[resource.unique_id] ?? catalog?.sources?.[resource.unique_id];
    const names = new Set([
      ...Object.values((resource.columns ?? {}) as Json).map((c: Json) => String(c.name).toLowerCase()),
      ...Object.values((table?.columns ?? {}) as Json).map((c: Json) => String(c.name).toLowerCase()),
    ]);
    return sum + names.size;
  }, 0);
  // A semantic model's entities, dimensions and measures are its columns (a name once).
  const semanticColumns = semanticModels.reduce((sum, model) => {
    const parts = [...(model.entities ?? []), ...(model.dimensions ?? []), ...(model.measures ?? [])] as Json[];
    return sum + new Set(parts.map((p) => String(p.name).toLowerCase())).size;
  }, 0);

  const assets = [...tabular, ...exposures, ...metrics, ...semanticModels, ...savedQueries];
  const assetIds = new Set(assets.map((a) => a.unique_id as string));
  const edges = new Set<string>();
  for (const resource of assets) {
    for (const parent of (resource.depends_on?.nodes ?? []) as string[]) {
      if (assetIds.has(parent)) edges.add(`${parent} -> ${resource.unique_id}`);
    }
  }

  const groupOwner = new Map(
    (Object.values((manifest.groups ?? {}) as Json) as Json[]).map((g) => [g.name, g.owner?.email ?? g.owner?.name]),
  );
  const owners = new Set<string>();
  for (const resource of assets) {
    const candidates = [
      resource.meta?.owner,
      resource.config?.meta?.owner,
      resource.resource_type === "exposure" ? (resource.owner?.email ?? resource.owner?.name) : undefined,
      groupOwner.get(resource.group ?? resource.config?.group),
    ];
    for (const owner of candidates) if (typeof owner === "string" && owner !== "") owners.add(owner.toLowerCase());
  }

  return {
    models: ofType("model").length,
    sources: sources.length,
    seeds: ofType("seed").length,
    snapshots: ofType("snapshot").length,
    exposures: exposures.length,
    metrics: metrics.length,
    semanticModels: semanticModels.length,
    savedQueries: savedQueries.length,
    tests: ofType("test").length,
    columns: columns + semanticColumns,
    owners: owners.size,
    edges: edges.size,
    edgeSet: edges,
  };
}

describe.each(FIXTURES)("dbt fixture %s", (dir) => {
  const { manifest, catalog } = load(dir);
  const snapshot = parsed(manifest, catalog);
  const expected = expectedCounts(manifest, catalog);

  it("holds as many models, sources, seeds, snapshots, exposures, metrics and semantic models as the manifest", () => {
    const counts = snapshotCounts(snapshot);
    expect({
      models: counts.models,
      sources: counts.sources,
      seeds: counts.seeds,
      snapshots: counts.snapshots,
      exposures: counts.exposures,
      metrics: counts.metrics,
      semanticModels: counts.semanticModels,
      savedQueries: counts.savedQueries,
    }).toEqual({
      models: expected.models,
      sources: expected.sources,
      seeds: expected.seeds,
      snapshots: expected.snapshots,
      exposures: expected.exposures,
      metrics: expected.metrics,
      semanticModels: expected.semanticModels,
      savedQueries: expected.savedQueries,
    });
  });

  it("holds every test, column (YAML ∪ catalog) and owner", () => {
    const counts = snapshotCounts(snapshot);
    expect({ tests: counts.tests, columns: counts.columns, owners: counts.owners }).toEqual({
      tests: expected.tests,
      columns: expected.columns,
      owners: expected.owners,
    });
  });

  it("declares exactly the set of depends_on edges between assets", () => {
    const edges = new Set(snapshot.edges.map((e) => `${e.from} -> ${e.to}`));
    expect(snapshot.edges).toHaveLength(edges.size);
    expect(edges).toEqual(expected.edgeSet);
  });

  it("attaches every generic test to the node it tests", () => {
    const rawTests = (Object.values(manifest.nodes as Json) as Json[]).filter((n) => n.resource_type === "test");
    const byId = new Map(snapshot.tests.map((t) => [t.uniqueId, t]));
    for (const raw of rawTests) {
      const test = byId.get(raw.unique_id as string);
      const expectedAttached = raw.test_metadata
        ? (raw.attached_node ?? [...new Set(raw.depends_on.nodes as string[])].at(-1))
        : null;
      // Before v9 no test here depends on more than one node, so the only parent is the attached one.
      expect(test?.attachedUniqueId, raw.unique_id as string).toBe(expectedAttached);
      expect(test?.testType).toBe(raw.test_metadata?.name ?? "singular");
    }
  });

  // Column maps keep their order: without a catalog, the YAML order is the column's position.
  it("gives the same checksum when parsed again from a copy with keys in reverse order", () => {
    const reversed = reverseKeys(manifest) as Json;
    expect(snapshotChecksum(parsed(reversed, catalog && (reverseKeys(catalog) as Json)))).toBe(snapshotChecksum(snapshot));
  });
});

function reverseKeys(value: unknown, key = ""): unknown {
  if (Array.isArray(value)) return value.map((item) => reverseKeys(item));
  if (value === null || typeof value !== "object") return value;
  const entries = Object.entries(value).map(([k, v]) => [k, reverseKeys(v, k)] as const);
  return Object.fromEntries(key === "columns" ? entries : entries.reverse());
}

describe("fixture specifics", () => {
  it("tells the jaffle shop before and after its pull request apart", () => {
    const base = load("jaffle_shop_duckdb/base");
    const pr2 = load("jaffle_shop_duckdb/pr2");
    expect(snapshotChecksum(parsed(base.manifest, base.catalog))).not.toBe(
      snapshotChecksum(parsed(pr2.manifest, pr2.catalog)),
    );
  });

  it("collapses the duplicate depends_on entries of dbt 1.0 (jira v4)", () => {
    const { manifest, catalog } = load("fivetran_jira_v4_bigquery");
    const raw = manifest.nodes["model.jira.jira__daily_issue_field_history"] as Json;
    expect(raw.depends_on.nodes).toHaveLength(3);
    const snapshot = parsed(manifest, catalog);
    const parents = snapshot.edges.filter((e) => e.to === "model.jira.jira__daily_issue_field_history").map((e) => e.from);
    expect(parents.sort()).toEqual(["model.jira.int_jira__field_history_scd", "model.jira.int_jira__issue_calendar_spine"]);
  });

  it("reads raw_sql/compiled_sql (v4) and raw_code/compiled_code (v12)", () => {
    const jira = parsed(load("fivetran_jira_v4_bigquery").manifest);
    const daily = jira.assets.find((a) => a.uniqueId === "model.jira.jira__daily_issue_field_history");
    expect(daily?.rawSql).toContain("config(");
    expect(daily?.compiledSql).toContain("select");
    expect(daily?.language).toBe("sql");
    const hubspot = parsed(load("fivetran_hubspot").manifest);
    const engagements = hubspot.assets.find((a) => a.uniqueId === "model.hubspot.hubspot__engagement_notes");
    expect(engagements?.rawSql).toContain("engagements_joined(ref('stg_hubspot__engagement_note'))");
    expect(engagements?.compiledSql).not.toBeNull();
  });

  it("skips the disabled nodes (only in `disabled`) and says how many", () => {
    const { manifest } = load("fivetran_hubspot");
    const snapshot = parsed(manifest);
    const disabledIds = Object.keys(manifest.disabled as Json);
    expect(disabledIds.length).toBe(43);
    const ids = new Set(snapshot.assets.map((a) => a.uniqueId));
    expect(disabledIds.filter((id) => ids.has(id))).toEqual([]);
    expect(snapshot.diagnostics.find((d) => d.code === "DISABLED_NODES_SKIPPED")?.message).toContain("43");
  });

  it("takes warehouse types and order from catalog.json and never its DB-role owner", () => {
    const { manifest, catalog } = load("fivetran_hubspot");
    const snapshot = parsed(manifest, catalog);
    const seed = snapshot.assets.find((a) => a.uniqueId === "seed.hubspot_integration_tests.contact_form_submission_data");
    expect(seed?.columns.slice(0, 3).map((c) => [c.name, c.dataType, c.position])).toEqual([
      ["timestamp", "timestamp without time zone", 1],
      ["form_id", "bigint", 2],
      ["contact_id", "bigint", 3],
    ]);
    expect(catalog?.nodes["seed.hubspot_integration_tests.contact_form_submission_data"].metadata.owner).toBe("postgres");
    expect(snapshot.assets.flatMap((a) => a.owners)).toEqual([]);
  });

  it("reads the exposure owner and recovers the project name of pre-v10 manifests from project_id", () => {
    const v7 = parsed(load("dbt_core_schema_versions/v7").manifest);
    expect(v7.projectName).toBe("test");
    const exposure = v7.assets.find((a) => a.kind === "EXPOSURE");
    expect(exposure?.owners).toEqual([{ name: null, email: "something@example.com", handle: null }]);
    expect(exposure?.subtype).toBe("dashboard");
  });

  it("links MetricFlow metrics to semantic models and those to models (v10+), legacy metrics to models", () => {
    const v12 = parsed(load("dbt_core_schema_versions/v12").manifest);
    expect(v12.edges).toContainEqual({ from: "semantic_model.test.semantic_people", to: "metric.test.customers" });
    expect(v12.edges).toContainEqual({ from: "model.test.my_model", to: "semantic_model.test.semantic_people" });
    expect(v12.assets.find((a) => a.uniqueId === "metric.test.customers")?.subtype).toBe("simple");
    const v7 = parsed(load("dbt_core_schema_versions/v7").manifest);
    expect(v7.edges).toContainEqual({ from: "model.test.my_model", to: "metric.test.my_metric" });
    expect(v7.assets.find((a) => a.uniqueId === "metric.test.my_metric")?.subtype).toBe("count");
  });

  it("classifies fixture models by folder and prefix", () => {
    const hubspot = parsed(load("fivetran_hubspot").manifest);
    const layerOf = (id: string) => hubspot.assets.find((a) => a.uniqueId === id)?.layer;
    expect(layerOf("model.hubspot.stg_hubspot__contact")).toBe("STAGING");
    expect(layerOf("model.hubspot.hubspot__contacts")).toBe("MART");
    expect(hubspot.assets.filter((a) => a.kind === "SOURCE" || a.kind === "SEED").every((a) => a.layer === null)).toBe(true);
  });
});
