/**
 * A synthetic but realistic dbt v12 manifest for benchmarks: sources feed staging models,
 * staging feeds intermediate, both feed marts; every model has 2–4 parents, ~15 documented
 * columns, tests on about a third of its columns, `raw_code` whose `{{ ref() }}` / `{{ source() }}`
 * calls match `depends_on`, and `compiled_code`. The same options always give the same manifest.
 */
import { createHash } from "node:crypto";
import { seededRandom, type Random } from "./graph.js";
import { variedDescription } from "./text.js";

export interface GenerateDbtManifestOptions {
  models: number;
  seed?: number;
  project?: string;
}

type Json = Record<string, unknown>;

interface ModelPlan {
  name: string;
  folder: "staging" | "intermediate" | "marts";
  /** Model names, or `source:<unique id>` for staging models. */
  parents: string[];
  columns: ColumnPlan[];
  /** Marts belong to a group (whose owner owns them); some also name an owner in meta. */
  group: string | null;
  metaOwner: string | null;
}

interface ColumnPlan {
  name: string;
  type: string;
}

interface SourcePlan {
  sourceName: string;
  table: string;
  uniqueId: string;
  columns: ColumnPlan[];
}

const DATABASE = "analytics";
const ENTITIES = ["order", "customer", "payment", "invoice", "product", "shipment", "account", "session", "ticket", "refund"];
const ATTRIBUTES: readonly ColumnPlan[] = [
  { name: "status", type: "text" },
  { name: "amount", type: "numeric(18,2)" },
  { name: "currency", type: "text" },
  { name: "created_at", type: "timestamp" },
  { name: "updated_at", type: "timestamp" },
  { name: "is_deleted", type: "boolean" },
  { name: "quantity", type: "integer" },
  { name: "country_code", type: "text" },
  { name: "channel", type: "text" },
  { name: "discount", type: "numeric(18,2)" },
  { name: "tax", type: "numeric(18,2)" },
  { name: "email", type: "text" },
  { name: "score", type: "double precision" },
  { name: "region", type: "text" },
  { name: "category", type: "text" },
  { name: "source_system", type: "text" },
  { name: "loaded_at", type: "timestamp" },
  { name: "notes", type: "text" },
  { name: "priority", type: "integer" },
  { name: "segment", type: "text" },
];
const STATUS_VALUES = ["open", "paid", "shipped", "cancelled"];

export function generateDbtManifest(options: GenerateDbtManifestOptions): Json {
  const random = seededRandom(options.seed ?? 1);
  const project = options.project ?? "synthetic_shop";
  const plans = planModels(options.models, random);
  const sources = planSources(plans, project, random);
  const modelId = (name: string) => `model.${project}.${name}`;
  // Descriptions draw from their own generator, so the project's shape is the same with or without them.
  const prose = seededRandom((options.seed ?? 1) ^ 0x5eed7e47);

  const nodes: Json = {};
  const parentMap: Record<string, string[]> = {};
  const tests: Json[] = [];
  const sourceById = new Map(sources.map((s) => [s.uniqueId, s]));
  for (const plan of plans) {
    const node = modelNode(plan, project, sourceById, modelId, prose);
    nodes[node.unique_id as string] = node;
    parentMap[node.unique_id as string] = (node.depends_on as { nodes: string[] }).nodes;
    tests.push(...columnTests(plan, project, modelId, random));
  }
  for (const test of tests) {
    nodes[test.unique_id as string] = test;
    parentMap[test.unique_id as string] = (test.depends_on as { nodes: string[] }).nodes;
  }
  const exposures = exposuresFor(plans, project, modelId, random);
  for (const exposure of Object.values(exposures)) {
    parentMap[(exposure as Json).unique_id as string] = ((exposure as Json).depends_on as { nodes: string[] }).nodes;
  }

  return {
    metadata: {
      dbt_schema_version: "https://schemas.getdbt.com/dbt/manifest/v12.json",
      dbt_version: "1.8.7",
      generated_at: "2024-06-01T00:00:00.000000Z",
      invocation_id: uuidFrom(`${project}:${options.models}:${options.seed ?? 1}`),
      env: {},
      project_name: project,
      project_id: createHash("md5").update(project).digest("hex"),
      user_id: null,
      send_anonymous_usage_stats: false,
      adapter_type: "postgres",
    },
    nodes,
    sources: Object.fromEntries(sources.map((s) => [s.uniqueId, sourceNode(s, project)])),
    macros: {},
    docs: {},
    exposures,
    metrics: {},
    groups: {
      [`group.${project}.finance`]: groupNode(project, "finance", "Finance Analytics", "finance-data@example.com"),
      [`group.${project}.growth`]: groupNode(project, "growth", "Growth Team", "growth@example.com"),
    },
    selectors: {},
    disabled: {},
    parent_map: parentMap,
    child_map: childMapOf(parentMap, [...Object.keys(nodes), ...sources.map((s) => s.uniqueId), ...Object.keys(exposures)]),
    group_map: {},
    saved_queries: {},
    semantic_models: {},
    unit_tests: {},
  };
}

/** 40 % staging, 30 % intermediate, 30 % marts; parents always come from earlier layers. */
function planModels(count: number, random: () => number): ModelPlan[] {
  const staging = Math.max(1, Math.round(count * 0.4));
  const intermediate = Math.max(0, Math.round(count * 0.3));
  const plans: ModelPlan[] = [];
  for (let index = 0; index < count; index += 1) {
    const folder = index < staging ? "staging" : index < staging + intermediate ? "intermediate" : "marts";
    const entity = pick(ENTITIES, random);
    const prefix = folder === "staging" ? "stg" : folder === "intermediate" ? "int" : pick(["fct", "dim"], random);
    const name = `${prefix}_${entity}s_${index}`;
    // Intermediate models read staging ones (the first `staging` plans); marts read anything earlier.
    const upstream = folder === "staging" ? [] : folder === "intermediate" ? plans.slice(0, staging) : plans;
    const parents = sample(upstream, 2 + Math.floor(random() * 3), random).map((p) => p.name);
    const isMart = folder === "marts";
    plans.push({
      name,
      folder,
      parents,
      columns: columnsFor(entity, 12 + Math.floor(random() * 7), random),
      group: isMart ? pick(["finance", "growth"], random) : null,
      metaOwner: isMart && random() < 0.3 ? `owner${index % 50}@example.com` : null,
    });
  }
  return plans;
}

/** Each staging model reads 2–4 raw tables, shared by neighbours as real sources are. */
function planSources(plans: ModelPlan[], project: string, random: () => number): SourcePlan[] {
  const stagingCount = plans.filter((p) => p.folder === "staging").length;
  const sources: SourcePlan[] = [];
  for (let index = 0; index < Math.max(4, stagingCount); index += 1) {
    const sourceName = `raw_${pick(["shop", "crm", "billing", "events"], random)}`;
    const table = `${pick(ENTITIES, random)}s_${index}`;
    sources.push({
      sourceName,
      table,
      uniqueId: `source.${project}.${sourceName}.${table}`,
      columns: columnsFor("record", 8, random),
    });
  }
  for (const plan of plans) {
    if (plan.folder === "staging") {
      plan.parents = sample(sources, 2 + Math.floor(random() * 3), random).map((s) => `source:${s.uniqueId}`);
    }
  }
  return sources;
}

function columnsFor(entity: string, count: number, random: () => number): ColumnPlan[] {
  const attributes = sample(ATTRIBUTES, Math.min(count - 2, ATTRIBUTES.length), random);
  return [{ name: `${entity}_id`, type: "bigint" }, { name: "customer_id", type: "bigint" }, ...attributes].filter(
    (column, index, all) => all.findIndex((c) => c.name === column.name) === index,
  );
}

function modelNode(
  plan: ModelPlan,
  project: string,
  sourceById: ReadonlyMap<string, SourcePlan>,
  modelId: (name: string) => string,
  prose: Random,
): Json {
  const calls = plan.parents.map((parent) => {
    const source = parent.startsWith("source:") ? sourceById.get(parent.slice("source:".length)) : undefined;
    return source
      ? { jinja: `{{ source('${source.sourceName}', '${source.table}') }}`, compiled: `"${DATABASE}"."${source.sourceName}"."${source.table}"`, id: source.uniqueId }
      : { jinja: `{{ ref('${parent}') }}`, compiled: `"${DATABASE}"."${schemaOf(parent)}"."${parent}"`, id: modelId(parent) };
  });
  const select = plan.columns.map((c) => `    p0.${c.name}`).join(",\n");
  const body = (relations: string[]) =>
    `with\n${relations.map((relation, i) => `p${i} as (\n    select * from ${relation}\n)`).join(",\n")}\n\nselect\n${select}\nfrom p0\n${relations
      .slice(1)
      .map((_, i) => `left join p${i + 1} on p0.customer_id = p${i + 1}.customer_id`)
      .join("\n")}`;
  const materialized = plan.folder === "staging" ? "view" : plan.folder === "intermediate" ? "ephemeral" : "table";
  const rawCode = `{{ config(materialized='${materialized}') }}\n\n${body(calls.map((c) => c.jinja))}`;
  const schema = schemaOf(plan.name);
  const meta = plan.metaOwner === null ? {} : { owner: plan.metaOwner };
  const group = plan.group;
  const path = `${plan.folder}/${plan.name}.sql`;
  return {
    database: DATABASE,
    schema,
    name: plan.name,
    resource_type: "model",
    package_name: project,
    path,
    original_file_path: `models/${path}`,
    unique_id: modelId(plan.name),
    fqn: [project, plan.folder, plan.name],
    alias: plan.name,
    checksum: { name: "sha256", checksum: createHash("sha256").update(rawCode).digest("hex") },
    config: {
      enabled: true,
      alias: null,
      schema: null,
      database: null,
      tags: [plan.folder],
      meta,
      group,
      materialized,
      incremental_strategy: null,
      persist_docs: {},
      "post-hook": [],
      "pre-hook": [],
      quoting: {},
      column_types: {},
      full_refresh: null,
      unique_key: null,
      on_schema_change: "ignore",
      on_configuration_change: "apply",
      grants: {},
      packages: [],
      docs: { show: true, node_color: null },
      contract: { enforced: false, alias_types: true },
      access: "protected",
    },
    tags: [plan.folder],
    description: `${plan.name.replace(/_/g, " ")}: one row per ${plan.columns[0]?.name ?? "id"}. ${variedDescription(prose, 6)}`,
    columns: Object.fromEntries(
      plan.columns.map((c) => [
        c.name,
        { name: c.name, description: `The ${c.name.replace(/_/g, " ")}. ${variedDescription(prose)}`, meta: {}, data_type: c.type, constraints: [], quote: null, tags: [] },
      ]),
    ),
    meta,
    group,
    docs: { show: true, node_color: null },
    patch_path: `${project}://models/${plan.folder}/_${plan.folder}.yml`,
    build_path: null,
    unrendered_config: { materialized },
    created_at: 1717200000,
    relation_name: `"${DATABASE}"."${schema}"."${plan.name}"`,
    raw_code: rawCode,
    language: "sql",
    refs: calls.filter((c) => c.id.startsWith("model.")).map((c) => ({ name: c.id.split(".")[2], package: null, version: null })),
    sources: calls.filter((c) => c.id.startsWith("source.")).map((c) => c.id.split(".").slice(2)),
    metrics: [],
    depends_on: { macros: [], nodes: calls.map((c) => c.id) },
    compiled_path: `target/compiled/${project}/models/${path}`,
    compiled: true,
    compiled_code: body(calls.map((c) => c.compiled)),
    extra_ctes_injected: true,
    extra_ctes: [],
    contract: { enforced: false, alias_types: true, checksum: null },
    access: "protected",
    constraints: [],
    version: null,
    latest_version: null,
    deprecation_date: null,
  };
}

function schemaOf(modelName: string): string {
  return modelName.startsWith("stg_") ? "staging" : modelName.startsWith("int_") ? "intermediate" : "marts";
}

/** unique + not_null on the key; accepted_values, not_null or relationships on about a third of the rest. */
function columnTests(
  plan: ModelPlan,
  project: string,
  modelId: (name: string) => string,
  random: () => number,
): Json[] {
  const tests: Json[] = [];
  const [key, ...rest] = plan.columns;
  if (key !== undefined) {
    tests.push(testNode(project, plan, key.name, "unique", {}, [], modelId));
    tests.push(testNode(project, plan, key.name, "not_null", {}, [], modelId));
  }
  const parentModels = plan.parents.filter((p) => !p.startsWith("source:"));
  for (const column of rest) {
    if (random() >= 0.3) continue;
    if (column.name === "status") {
      tests.push(testNode(project, plan, column.name, "accepted_values", { values: STATUS_VALUES }, [], modelId));
    } else if (column.name === "customer_id" && parentModels.length > 0) {
      const to = parentModels[0] ?? "";
      tests.push(
        testNode(project, plan, column.name, "relationships", { to: `ref('${to}')`, field: "customer_id" }, [modelId(to)], modelId),
      );
    } else {
      tests.push(testNode(project, plan, column.name, "not_null", {}, [], modelId));
    }
  }
  return tests;
}

function testNode(
  project: string,
  plan: ModelPlan,
  columnName: string,
  testName: string,
  extraKwargs: Json,
  extraParents: string[],
  modelId: (name: string) => string,
): Json {
  const kwargs = { column_name: columnName, ...extraKwargs, model: `{{ get_where_subquery(ref('${plan.name}')) }}` };
  const name = `${testName}_${plan.name}_${columnName}`;
  const hash = createHash("md5").update(`${name}:${JSON.stringify(extraKwargs)}`).digest("hex").slice(0, 10);
  return {
    database: DATABASE,
    schema: "dbt_test__audit",
    name,
    resource_type: "test",
    package_name: project,
    path: `${name}.sql`,
    original_file_path: `models/${plan.folder}/_${plan.folder}.yml`,
    unique_id: `test.${project}.${name}.${hash}`,
    fqn: [project, plan.folder, name],
    alias: name,
    checksum: { name: "none", checksum: "" },
    config: { enabled: true, alias: null, schema: "dbt_test__audit", database: null, tags: [], meta: {}, group: null, materialized: "test", severity: "ERROR", store_failures: null, where: null, limit: null, fail_calc: "count(*)", warn_if: "!= 0", error_if: "!= 0" },
    tags: [],
    description: "",
    columns: {},
    meta: {},
    group: null,
    docs: { show: true, node_color: null },
    patch_path: null,
    build_path: null,
    unrendered_config: {},
    created_at: 1717200000,
    relation_name: null,
    raw_code: `{{ test_${testName}(**_dbt_generic_test_kwargs) }}`,
    language: "sql",
    refs: [{ name: plan.name, package: null, version: null }],
    sources: [],
    metrics: [],
    depends_on: { macros: [`macro.dbt.test_${testName}`, "macro.dbt.get_where_subquery"], nodes: [...extraParents, modelId(plan.name)].sort() },
    compiled_path: null,
    contract: { enforced: false, alias_types: true, checksum: null },
    column_name: columnName,
    file_key_name: `models.${plan.name}`,
    attached_node: modelId(plan.name),
    test_metadata: { name: testName, kwargs, namespace: null },
  };
}

function sourceNode(source: SourcePlan, project: string): Json {
  return {
    database: DATABASE,
    schema: source.sourceName,
    name: source.table,
    resource_type: "source",
    package_name: project,
    path: "models/staging/_sources.yml",
    original_file_path: "models/staging/_sources.yml",
    unique_id: source.uniqueId,
    fqn: [project, "staging", source.sourceName, source.table],
    source_name: source.sourceName,
    source_description: `Raw ${source.sourceName} data loaded by the ingestion tool.`,
    loader: "fivetran",
    identifier: source.table,
    quoting: { database: null, schema: null, identifier: null, column: null },
    loaded_at_field: "_loaded_at",
    freshness: { warn_after: { count: 12, period: "hour" }, error_after: { count: 24, period: "hour" }, filter: null },
    external: null,
    description: `Raw ${source.table}.`,
    columns: Object.fromEntries(
      source.columns.map((c) => [c.name, { name: c.name, description: "", meta: {}, data_type: c.type, constraints: [], quote: null, tags: [] }]),
    ),
    meta: {},
    source_meta: {},
    tags: [],
    config: { enabled: true },
    patch_path: null,
    unrendered_config: {},
    relation_name: `"${DATABASE}"."${source.sourceName}"."${source.table}"`,
    created_at: 1717200000,
  };
}

/** One dashboard per ~100 models, reading 1–3 marts. */
function exposuresFor(plans: ModelPlan[], project: string, modelId: (name: string) => string, random: () => number): Json {
  const marts = plans.filter((p) => p.folder === "marts");
  const exposures: Json = {};
  for (let index = 0; index < Math.ceil(plans.length / 100) && marts.length > 0; index += 1) {
    const name = `dashboard_${index}`;
    exposures[`exposure.${project}.${name}`] = {
      name,
      resource_type: "exposure",
      package_name: project,
      path: "exposures.yml",
      original_file_path: "models/exposures.yml",
      unique_id: `exposure.${project}.${name}`,
      fqn: [project, name],
      type: "dashboard",
      owner: { email: `analyst${index}@example.com`, name: `Analyst ${index}` },
      description: `Dashboard ${index}.`,
      label: null,
      maturity: "high",
      meta: {},
      tags: [],
      config: { enabled: true, tags: [], meta: {} },
      unrendered_config: {},
      url: `https://bi.example.com/dashboards/${index}`,
      depends_on: { macros: [], nodes: sample(marts, 1 + Math.floor(random() * 3), random).map((p) => modelId(p.name)) },
      refs: [],
      sources: [],
      metrics: [],
      created_at: 1717200000,
    };
  }
  return exposures;
}

function groupNode(project: string, name: string, ownerName: string, email: string): Json {
  return {
    name,
    resource_type: "group",
    package_name: project,
    path: "groups.yml",
    original_file_path: "models/groups.yml",
    unique_id: `group.${project}.${name}`,
    owner: { name: ownerName, email },
  };
}

function childMapOf(parentMap: Record<string, string[]>, ids: string[]): Record<string, string[]> {
  const children: Record<string, string[]> = Object.fromEntries(ids.map((id) => [id, []]));
  for (const [child, parents] of Object.entries(parentMap)) {
    for (const parent of parents) children[parent]?.push(child);
  }
  return children;
}

function pick<T>(items: readonly T[], random: () => number): T {
  return items[Math.floor(random() * items.length)] as T;
}

/** `count` distinct items (fewer if there are not enough), in a seeded random order. */
function sample<T>(items: readonly T[], count: number, random: () => number): T[] {
  if (items.length <= count) return [...items];
  const chosen = new Set<number>();
  while (chosen.size < count) chosen.add(Math.floor(random() * items.length));
  return [...chosen].map((index) => items[index] as T);
}

function uuidFrom(text: string): string {
  const hex = createHash("sha256").update(text).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

