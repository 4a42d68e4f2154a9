/**
 * dbt model configs as a never-compiled folder can know them: from `dbt_project.yml`
 * (`models: <project>: <folder>: … +config`), from a model's YAML `config:` block and from the
 * `{{ config(...) }}` call in its SQL. Later layers win; tags add up and meta merges key by key,
 * as in dbt. Values that are Jinja (`"{{ var('x') }}"`) cannot be rendered here and are left out.
 */

export interface ModelConfig {
  materialized?: string;
  schema?: string;
  database?: string;
  /** The relation's name when it is not the model's. */
  alias?: string;
  access?: "private" | "protected" | "public";
  /** The dbt group the model belongs to. */
  group?: string;
  contractEnforced?: boolean;
  /** `enabled: false` written literally; Jinja conditions count as enabled. */
  enabled?: boolean;
  tags: string[];
  meta: Record<string, unknown>;
}

export const emptyConfig = (): ModelConfig => ({ tags: [], meta: {} });

/** Config names dbt also accepts without the `+` prefix inside `models:`. */
const KNOWN_CONFIGS = new Set([
  "materialized", "schema", "database", "alias", "tags", "meta", "enabled", "access", "contract", "group", "docs",
  "persist_docs", "full_refresh", "target_schema", "target_database", "strategy", "on_schema_change", "unique_key", "incremental_strategy", "grants", "pre-hook",
  "post-hook", "sql_header", "quoting", "column_types", "partition_by", "cluster_by", "sort", "dist",
]);

const isJinja = (text: string): boolean => /\{\{|\{%/.test(text);
const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === "object" && !Array.isArray(value);

function literal(value: unknown): string | undefined {
  return typeof value === "string" && value.trim() !== "" && !isJinja(value) ? value.trim() : undefined;
}

function tagList(value: unknown): string[] {
  const list = typeof value === "string" ? [value] : Array.isArray(value) ? value : [];
  return list.filter((tag): tag is string => typeof tag === "string" && tag.trim() !== "" && !isJinja(tag)).map((tag) => tag.trim());
}

/** Applies one layer of config keys (already without `+`) over `base`. */
export function applyConfig(base: ModelConfig, layer: Record<string, unknown>): ModelConfig {
  const next: ModelConfig = { ...base, tags: [...base.tags], meta: { ...base.meta } };
  // Snapshots name where they are built with target_schema/target_database; later keys win.
  const texts = [["materialized", "materialized"], ["schema", "schema"], ["database", "database"], ["target_schema", "schema"], ["target_database", "database"], ["alias", "alias"]] as const;
  for (const [key, field] of texts) {
    const value = literal(layer[key]);
    if (value !== undefined) next[field] = value;
  }
  const access = literal(layer.access);
  if (access === "private" || access === "protected" || access === "public") next.access = access;
  const group = literal(layer.group);
  if (group !== undefined) next.group = group;
  if (isRecord(layer.contract) && typeof layer.contract.enforced === "boolean") next.contractEnforced = layer.contract.enforced;
  if (typeof layer.enabled === "boolean") next.enabled = layer.enabled;
  for (const tag of tagList(layer.tags)) if (!next.tags.includes(tag)) next.tags.push(tag);
  if (isRecord(layer.meta)) Object.assign(next.meta, layer.meta);
  return next;
}

/** Splits a `dbt_project.yml` node into its configs and its children (folders or model names). */
function splitNode(node: Record<string, unknown>): { configs: Record<string, unknown>; children: Record<string, unknown> } {
  const configs: Record<string, unknown> = {};
  const children: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key.startsWith("+")) configs[key.slice(1)] = value;
    else if (KNOWN_CONFIGS.has(key) && !(isRecord(value) && key !== "meta" && key !== "contract" && key !== "docs" && key !== "persist_docs")) {
      configs[key] = value;
    } else children[key] = value;
  }
  return { configs, children };
}

/**
 * The config `dbt_project.yml` gives the model at `folders` (its directories below the model
 * path) named `modelName`: top-level `+configs`, then the project's, then each folder's, then
 * the model's own entry.
 */
export function projectConfigFor(
  models: Record<string, unknown> | null | undefined,
  projectName: string,
  folders: readonly string[],
  modelName: string,
): ModelConfig {
  if (!models) return emptyConfig();
  const top = splitNode(models);
  let config = applyConfig(emptyConfig(), top.configs);
  let node = top.children[projectName];
  for (const step of [...folders, modelName]) {
    if (!isRecord(node)) return config;
    const { configs, children } = splitNode(node);
    config = applyConfig(config, configs);
    node = children[step];
  }
  return isRecord(node) ? applyConfig(config, splitNode(node).configs) : config;
}

/**
 * The literal arguments of `{{ config(...) }}` in a model's SQL: `materialized='view'`,
 * `schema="x"`, `tags=['a', 'b']`, `enabled=false`. Anything computed is left to dbt.
 */
export function sqlConfigCall(sql: string): Record<string, unknown> {
  const found: Record<string, unknown> = {};
  for (const call of sql.matchAll(/\{\{-?\s*config\s*\(([\s\S]*?)\)\s*-?\}\}/g)) {
    const args = call[1] ?? "";
    for (const match of args.matchAll(/\b(materialized|schema|database|alias|access|target_schema|target_database)\s*=\s*(['"])([^'"]*)\2/g)) {
      found[match[1]!] = match[3];
    }
    const tags = /\btags\s*=\s*(\[[^\]]*\]|(['"])[^'"]*\2)/.exec(args);
    if (tags) found.tags = [...(tags[1] ?? "").matchAll(/(['"])([^'"]*)\1/g)].map((m) => m[2]);
    const enabled = /\benabled\s*=\s*(true|false|True|False)\s*(?:[,)]|$)/.exec(args);
    if (enabled) found.enabled = enabled[1]!.toLowerCase() === "true";
  }
  return found;
}
