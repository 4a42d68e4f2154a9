/**
 * The never-compiled `project/` trees of the shared fixtures, read as a folder, against the
 * manifests dbt generated from the same commit: dependencies, descriptions, tests, configs.
 */
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { nativeManifestSchema, parseManifest } from "../../../src/core/manifest/index.js";
import { readDbtProject, type ProjectFolderResult } from "../../../src/projectFolder/index.js";
import { fixturePath } from "../../support/fixtures.js";
import { writesRef, writesSource } from "../sql/fixtureModels.js";

interface ManifestNode {
  unique_id: string;
  resource_type: string;
  name: string;
  package_name: string;
  raw_code?: string;
  raw_sql?: string;
  description?: string;
  original_file_path: string;
  depends_on: { nodes: string[] };
  config: { materialized?: string; schema?: string | null };
  columns: Record<string, { name: string; description: string }>;
}
interface DbtManifest {
  nodes: Record<string, ManifestNode>;
  sources: Record<string, { source_name: string; name: string; package_name: string; description: string }>;
}

const PROJECTS = [
  { fixture: "fivetran_hubspot", package: "hubspot" },
  { fixture: "fivetran_jira_v4_bigquery", package: "jira" },
] as const;

/** A manifest parent as the folder reader names it: `ref('x')` or `source('a', 'b')`. */
function referenceOf(uniqueId: string, manifest: DbtManifest): string {
  const node = manifest.nodes[uniqueId];
  if (node) return `ref('${node.name}')`;
  const source = manifest.sources[uniqueId];
  if (source) return `source('${source.source_name}', '${source.name}')`;
  throw new Error(`no node ${uniqueId}`);
}

/**
 * `int_jira__issue_calendar_spine` reads `source('jira', 'issue')` in a `run_query` under
 * `{% if execute %}`; dbt parses with execute=false and never records it (see
 * tests/unit/sql/fixtureDependencies.test.ts). The folder reader is right to report it.
 */
const NOT_RECORDED_BY_DBT = new Set(["jira/int_jira__issue_calendar_spine source('jira', 'issue')"]);

interface Compared {
  literal: number;
  literalFound: number;
  all: number;
  allFound: number;
  missedLiteral: string[];
  extra: string[];
}

function compare(result: ProjectFolderResult, manifest: DbtManifest, pkg: string): Compared {
  const compared: Compared = { literal: 0, literalFound: 0, all: 0, allFound: 0, missedLiteral: [], extra: [] };
  const byName = new Map(result.manifest.models!.map((m) => [m.name, m]));
  for (const node of Object.values(manifest.nodes)) {
    if (node.resource_type !== "model" || node.package_name !== pkg) continue;
    const model = byName.get(node.name);
    if (!model) throw new Error(`the folder reader has no model ${node.name}`);
    const found = new Set(model.depends_on ?? []);
    const expected = new Set(node.depends_on.nodes.map((id) => referenceOf(id, manifest)));
    const raw = node.raw_code ?? node.raw_sql ?? "";
    for (const reference of expected) {
      compared.all++;
      if (found.has(reference)) compared.allFound++;
      const call = /^ref\('(.+)'\)$/.exec(reference);
      const source = /^source\('(.+)', '(.+)'\)$/.exec(reference);
      const literal = call ? writesRef(raw, call[1]!) : writesSource(raw, source![1]!, source![2]!);
      if (!literal) continue;
      compared.literal++;
      if (found.has(reference)) compared.literalFound++;
      else compared.missedLiteral.push(`${pkg}/${node.name} ${reference}`);
    }
    for (const reference of found) {
      const key = `${pkg}/${node.name} ${reference}`;
      if (!expected.has(reference) && !NOT_RECORDED_BY_DBT.has(key)) compared.extra.push(key);
    }
  }
  return compared;
}

const loaded = new Map<string, { result: ProjectFolderResult; manifest: DbtManifest }>();

beforeAll(async () => {
  for (const { fixture } of PROJECTS) {
    const manifest = JSON.parse(readFileSync(fixturePath(fixture, "manifest.json"), "utf8")) as DbtManifest;
    loaded.set(fixture, { result: await readDbtProject(fixturePath(fixture, "project")), manifest });
  }
});

describe("dependencies read from the fixtures' raw SQL, against dbt's depends_on", () => {
  it("finds every ref and source written literally in the SQL (recall 100%: 169 of 169) and nothing dbt does not know", () => {
    const totals = PROJECTS.map(({ fixture, package: pkg }) => compare(loaded.get(fixture)!.result, loaded.get(fixture)!.manifest, pkg));
    const literal = totals.reduce((sum, t) => sum + t.literal, 0);
    const literalFound = totals.reduce((sum, t) => sum + t.literalFound, 0);
    expect(totals.flatMap((t) => t.missedLiteral)).toEqual([]);
    expect(literal).toBe(169);
    expect(literalFound).toBe(169);
    expect(literalFound / literal).toBeGreaterThanOrEqual(0.99);
    expect(totals.flatMap((t) => t.extra)).toEqual([]);
  });

  it("also resolves refs hidden in project vars (jira's `var('issue')` → ref('stg_jira__issue')), raising recall over all parents", () => {
    const jira = compare(loaded.get("fivetran_jira_v4_bigquery")!.result, loaded.get("fivetran_jira_v4_bigquery")!.manifest, "jira");
    expect(loaded.get("fivetran_jira_v4_bigquery")!.result.stats.dependenciesViaVars).toBe(21);
    // With its vars resolved, every one of jira's 48 distinct parents is found, 21 of them only through a var.
    expect(jira).toMatchObject({ all: 48, allFound: 48, literal: 27 });
    const hubspot = compare(loaded.get("fivetran_hubspot")!.result, loaded.get("fivetran_hubspot")!.manifest, "hubspot");
    // hubspot's *_tmp models read their source through a Fivetran macro; nothing in the SQL names it.
    expect(hubspot).toMatchObject({ all: 227, allFound: 142, literal: 142 });
  });
});

describe("the fixtures' YAML, dbt_project.yml and docs blocks", () => {
  it("produces a manifest the native schema accepts and the server's parser reads", () => {
    for (const { fixture } of PROJECTS) {
      const { result } = loaded.get(fixture)!;
      expect(nativeManifestSchema.safeParse(result.manifest).success).toBe(true);
      const parsed = parseManifest({ manifest: result.manifest });
      expect(parsed.ok).toBe(true);
    }
  });

  it("has every model of the package and dbt's descriptions, with doc() blocks rendered", () => {
    for (const { fixture, package: pkg } of PROJECTS) {
      const { result, manifest } = loaded.get(fixture)!;
      const models = Object.values(manifest.nodes).filter((n) => n.resource_type === "model" && n.package_name === pkg);
      expect(result.manifest.models!.map((m) => m.name).sort()).toEqual(models.map((m) => m.name).sort());
      let columns = 0;
      for (const node of models) {
        const model = result.manifest.models!.find((m) => m.name === node.name)!;
        expect(model.path).toBe(node.original_file_path);
        expect(model.description ?? "").toBe(node.description?.trim() ?? "");
        for (const column of Object.values(node.columns)) {
          const mine = model.columns?.find((c) => c.name === column.name);
          expect(mine?.description ?? "", `${node.name}.${column.name}`).toBe(column.description.trim());
          columns++;
        }
      }
      expect(columns).toBeGreaterThan(200);
    }
  });

  it("takes materialization and schema from dbt_project.yml folder configs, deepest folder winning", () => {
    const hubspot = loaded.get("fivetran_hubspot")!.result.manifest.models!;
    const byName = (name: string) => hubspot.find((m) => m.name === name)!;
    expect(byName("hubspot__deals")).toMatchObject({ materialization: "table", schema: "hubspot" });
    expect(byName("stg_hubspot__team")).toMatchObject({ materialization: "table", schema: "stg_hubspot" });
    expect(byName("stg_hubspot__team_tmp")).toMatchObject({ materialization: "view", schema: "stg_hubspot" });
    expect(byName("int_hubspot__deals_enhanced")).toMatchObject({ materialization: "table" });
    const jira = loaded.get("fivetran_jira_v4_bigquery")!;
    for (const node of Object.values(jira.manifest.nodes)) {
      if (node.resource_type !== "model" || node.package_name !== "jira") continue;
      const model = jira.result.manifest.models!.find((m) => m.name === node.name)!;
      // `{{ config(materialized='incremental') }}` in the SQL overrides the folder's ephemeral/table.
      expect(model.materialization, node.name).toBe(node.config.materialized);
    }
  });

  it("maps the sources, with their tables, columns and var() defaults rendered", () => {
    const { result, manifest } = loaded.get("fivetran_hubspot")!;
    const [source] = result.manifest.sources!;
    expect(source).toMatchObject({ name: "hubspot", schema: "hubspot" });
    expect(source!.database).toBeUndefined();
    const expected = Object.values(manifest.sources).filter((s) => s.package_name === "hubspot");
    expect(source!.tables.map((t) => t.name).sort()).toEqual(expected.map((s) => s.name).sort());
    const company = source!.tables.find((t) => t.name === "company")!;
    expect(company.description).toBe(expected.find((s) => s.name === "company")!.description);
  });

  it("keeps the generic tests of the YAML with their arguments", () => {
    const models = loaded.get("fivetran_jira_v4_bigquery")!.result.manifest.models!;
    const epic = models.find((m) => m.name === "int_jira__issue_epic")!;
    expect(epic.tests).toEqual([{ "dbt_utils.unique_combination_of_columns": { combination_of_columns: ["issue_id", "epic_issue_id"] } }]);
    const issues = models.find((m) => m.name === "jira__issue_enhanced")!;
    expect(issues.columns!.find((c) => c.name === "issue_id")!.tests).toEqual(["unique", "not_null"]);
  });
});
