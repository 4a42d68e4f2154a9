/** Small hand-made dbt manifests for unit tests, shaped like the real artifacts of each version. */
type Record_ = Record<string, unknown>;

export function dbtManifest(version: number, parts: {
  nodes?: Record_[];
  sources?: Record_[];
  exposures?: Record_[];
  metrics?: Record_[];
  semanticModels?: Record_[];
  groups?: Record_[];
  disabled?: Record<string, Record_[]>;
  projectName?: string;
}): Record_ {
  const byId = (items: Record_[] = []) => Object.fromEntries(items.map((item) => [item.unique_id as string, item]));
  return {
    metadata: {
      dbt_schema_version: `https://schemas.getdbt.com/dbt/manifest/v${version}.json`,
      dbt_version: "1.x",
      adapter_type: "postgres",
      ...(version >= 10 ? { project_name: parts.projectName ?? "shop" } : {}),
    },
    nodes: byId(parts.nodes),
    sources: byId(parts.sources),
    macros: {},
    docs: {},
    exposures: byId(parts.exposures),
    metrics: byId(parts.metrics),
    ...(version >= 9 ? { groups: byId(parts.groups) } : {}),
    ...(version >= 10 ? { semantic_models: byId(parts.semanticModels) } : {}),
    disabled: parts.disabled ?? {},
    parent_map: {},
    child_map: {},
  };
}

export function model(name: string, fields: Record_ = {}): Record_ {
  return {
    unique_id: `model.shop.${name}`,
    name,
    resource_type: "model",
    package_name: "shop",
    original_file_path: `models/${name}.sql`,
    database: "db",
    schema: "analytics",
    alias: name,
    config: { enabled: true, materialized: "view", meta: {}, tags: [] },
    tags: [],
    meta: {},
    description: "",
    columns: {},
    depends_on: { macros: [], nodes: [] },
    raw_code: `select 1 as id`,
    ...fields,
  };
}

export function source(sourceName: string, table: string, fields: Record_ = {}): Record_ {
  return {
    unique_id: `source.shop.${sourceName}.${table}`,
    name: table,
    source_name: sourceName,
    resource_type: "source",
    package_name: "shop",
    database: "db",
    schema: sourceName,
    columns: {},
    meta: {},
    source_meta: {},
    tags: [],
    config: { enabled: true },
    ...fields,
  };
}

export function genericTest(
  name: string,
  testName: string,
  dependsOn: string[],
  fields: Record_ = {},
  kwargs: Record_ = {},
): Record_ {
  return {
    unique_id: `test.shop.${name}.0123456789`,
    name,
    resource_type: "test",
    package_name: "shop",
    config: { enabled: true, severity: "ERROR" },
    depends_on: { macros: [], nodes: dependsOn },
    test_metadata: { name: testName, kwargs, namespace: null },
    ...fields,
  };
}

export function column(name: string, fields: Record_ = {}): Record_ {
  return { name, description: "", meta: {}, data_type: null, tags: [], ...fields };
}
