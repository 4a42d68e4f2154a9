import { readFileSync } from "node:fs";
import { fixturePath } from "../../support/fixtures.js";

/** A model of a fixture manifest, with what dbt itself recorded about its dependencies. */
export interface FixtureModel {
  uniqueId: string;
  dialect: string;
  raw: string;
  compiled: string;
  /** dbt's `refs`: every ref call dbt saw at parse time, including those inside macros. */
  refs: { name: string; package?: string }[];
  sources: { source: string; table: string }[];
  /**
   * Relation names (`db.schema.table`, lower case, unquoted) of `depends_on.nodes`. An ephemeral
   * upstream is inlined by dbt as a `__dbt__cte__<name>` CTE, which the SQL reads as a relation.
   */
  upstreamRelations: string[];
  /** The model's own relation: compiled incremental SQL reads `{{ this }}`. */
  relation: string;
}

export const FIXTURE_MANIFESTS = [
  "fivetran_hubspot/manifest.json",
  "fivetran_jira_v4_bigquery/manifest.json",
  "jaffle_shop_duckdb/base/manifest.json",
  "jaffle_shop_duckdb/pr2/manifest.json",
];

interface ManifestNode {
  unique_id: string;
  resource_type?: string;
  raw_code?: string;
  raw_sql?: string;
  compiled_code?: string;
  compiled_sql?: string;
  refs?: Array<string[] | { name: string; package?: string | null }>;
  sources?: string[][];
  depends_on?: { nodes?: string[] };
  relation_name?: string | null;
  database?: string | null;
  schema?: string;
  alias?: string;
  identifier?: string;
  name?: string;
  config?: { materialized?: string };
}

export function relationKey(text: string): string {
  return text.replace(/["`]/g, "").toLowerCase();
}

function relationOf(node: ManifestNode): string {
  if (node.relation_name) return relationKey(node.relation_name);
  const parts = [node.database, node.schema, node.identifier ?? node.alias ?? node.name].filter((p): p is string => !!p);
  return relationKey(parts.join("."));
}

export function loadFixtureModels(): FixtureModel[] {
  const models: FixtureModel[] = [];
  for (const file of FIXTURE_MANIFESTS) {
    const manifest = JSON.parse(readFileSync(fixturePath(...file.split("/")), "utf8")) as {
      metadata: { adapter_type: string };
      nodes: Record<string, ManifestNode>;
      sources: Record<string, ManifestNode>;
    };
    const lookup = (id: string): ManifestNode | undefined => manifest.nodes[id] ?? manifest.sources[id];
    for (const node of Object.values(manifest.nodes)) {
      if (node.resource_type !== "model") continue;
      models.push({
        uniqueId: `${file.split("/")[0]}:${node.unique_id}`,
        dialect: manifest.metadata.adapter_type,
        raw: node.raw_code ?? node.raw_sql ?? "",
        compiled: node.compiled_code ?? node.compiled_sql ?? "",
        refs: (node.refs ?? []).map((r) =>
          Array.isArray(r) ? (r.length === 2 ? { package: r[0]!, name: r[1]! } : { name: r[0]! }) : r.package ? { name: r.name, package: r.package } : { name: r.name },
        ),
        sources: (node.sources ?? []).map(([source, table]) => ({ source: source!, table: table! })),
        upstreamRelations: upstreamRelations(node, lookup),
        relation: relationOf(node),
      });
    }
  }
  return models;
}

function upstreamRelations(node: ManifestNode, lookup: (id: string) => ManifestNode | undefined): string[] {
  return (node.depends_on?.nodes ?? []).flatMap((id) => {
    const upstream = lookup(id);
    if (!upstream) return [];
    if (upstream.config?.materialized === "ephemeral") return [`__dbt__cte__${upstream.name}`];
    return [relationOf(upstream)];
  });
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Whether the SQL text itself contains this ref call with literal arguments (not via a macro). */
export function writesRef(sql: string, name: string): boolean {
  return new RegExp(`\\bref\\s*\\(\\s*(?:['"][^'"]*['"]\\s*,\\s*)?['"]${escape(name)}['"]`).test(sql);
}

export function writesSource(sql: string, source: string, table: string): boolean {
  return new RegExp(`\\bsource\\s*\\(\\s*['"]${escape(source)}['"]\\s*,\\s*['"]${escape(table)}['"]`).test(sql);
}
