/**
 * A dbt project folder's files, already read → a native manifest (pure: no I/O). The mapping
 * follows dbt: a model is a `.sql` file under a model path, its YAML entry adds description,
 * columns, tests, owners and tags, configs come from `dbt_project.yml`, the YAML `config:` and
 * the SQL's `{{ config() }}` in that order, and dependencies come from the SQL.
 */
import path from "node:path/posix";
import type { Diagnostic } from "../core/diagnostic.js";
import { nativeManifestSchema, NATIVE_FORMAT, nodeId, versionedName, type NativeManifestInput } from "../core/manifest/index.js";
import { ownersFromValue } from "../core/manifest/owners.js";
import type { Dialect } from "../core/sql/index.js";
import { describeZodError } from "../core/validation.js";
import { projectVars, type DbtProjectFile } from "./dbtProjectFile.js";
import { applyConfig, projectConfigFor, sqlConfigCall, type ModelConfig } from "./modelConfig.js";
import { modelDependencies, type RefScope } from "./modelDependencies.js";
import { versionedFiles, type ModelVersion } from "./modelVersions.js";
import { modelNodes, seedNodes, snapshotNodes, yamlSnapshotNodes, type NodeFile } from "./projectNodes.js";
import type {
  NativeColumnInput,
  NativeExposureInput,
  NativeModelInput,
  NativeOwnerInput,
  NativeSingularTestInput,
  NativeSourceInput,
  NativeSourceTableInput,
} from "./nativeTypes.js";
import {
  columnPropertiesSchema,
  exposurePropertiesSchema,
  modelPropertiesSchema,
  propertyFileSchema,
  sourcePropertiesSchema,
  sourceTablePropertiesSchema,
  type ColumnProperties,
  type ModelProperties,
  type SourceProperties,
} from "./propertyFiles.js";
import { mergeSourceBlocks, type SourceBlock } from "./sourceBlocks.js";
import { testEntries } from "./testEntries.js";
import { nativeMetrics } from "./metricEntries.js";
import { semanticLayer, type YamlEntry } from "./semanticEntries.js";
import { renderDescription, renderName, type RenderContext } from "./yamlJinja.js";

export interface ProjectFiles {
  project: DbtProjectFile;
  /** `.sql` files under a model path; `path` is relative to the project root, with `/`. */
  models: { path: string; modelPath: string; sql: string }[];
  /** Parsed `.yml`/`.yaml` documents under the model paths. */
  propertyFiles: { path: string; document: unknown }[];
  /** `{% docs %}` blocks of the project's Markdown files. */
  docs: ReadonlyMap<string, string>;
  /** Singular tests: `.sql` files under the test paths. */
  singularTests: { path: string; sql: string }[];
  /** `.csv` files under the seed paths, with their first line. */
  seeds?: { path: string; seedPath: string; header: string }[];
  /** `.sql` files under the snapshot paths. */
  snapshots?: { path: string; snapshotPath: string; sql: string }[];
  dialect?: Dialect;
  /** dbt Mesh projects this one reads (`dependencies.yml` `projects:`): their refs are kept. */
  upstreamProjects?: ReadonlySet<string>;
}

export interface ProjectFolderStats {
  /** Models (each version of a versioned model counts), without seeds and snapshots. */
  models: number;
  seeds: number;
  snapshots: number;
  sources: number;
  sourceTables: number;
  exposures: number;
  /** dbt ≤ 1.5 metrics and the semantic layer's. */
  metrics: number;
  semanticModels: number;
  savedQueries: number;
  groups: number;
  singularTests: number;
  /** Distinct model → upstream references found in the SQL. */
  dependencies: number;
  /** Of those, found only through a project var. */
  dependenciesViaVars: number;
}

export interface ProjectFolderResult {
  manifest: NativeManifestInput;
  diagnostics: Diagnostic[];
  stats: ProjectFolderStats;
}

/** Raised when the folder maps to a manifest the native schema rejects (a bug or an odd name). */
export class ProjectFolderError extends Error {
  override name = "ProjectFolderError";
  /** True when the path is no dbt project at all (a wrong argument rather than a broken project). */
  constructor(message: string, readonly notAProject = false) {
    super(message);
  }
}

const NAME = /^[^.\s]+$/;
const KIND_LABEL = { model: "Model", seed: "Seed", snapshot: "Snapshot" } as const;
const EXPOSURE_TYPES = new Set(["dashboard", "notebook", "analysis", "ml", "application"]);

const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === "object" && !Array.isArray(value);

export function buildNativeManifest(files: ProjectFiles): ProjectFolderResult {
  const diagnostics: Diagnostic[] = [];
  const context: RenderContext = { docs: files.docs, vars: projectVars(files.project) };
  const properties = collectProperties(files.propertyFiles, diagnostics);
  const projectName = files.project.name;
  const refScope = { project: projectName, ...(files.upstreamProjects ? { upstreamProjects: files.upstreamProjects } : {}) };

  const versions = modelVersions(properties.model, diagnostics);
  const nodes = [
    ...modelNodes(files.models, versions),
    ...seedNodes(files.seeds ?? []),
    ...snapshotNodes(files.snapshots ?? []),
    ...yamlSnapshotNodes([...properties.snapshot.values()].flatMap(({ props, file }) => (props.relation ? [{ name: props.name, file, relation: props.relation }] : []))),
  ].sort((a, b) => a.path.localeCompare(b.path) || a.name.localeCompare(b.name));

  const models: NativeModelInput[] = [];
  const definedBy = new Map<string, string>();
  const packageRefs = new Map<string, Set<string>>();
  let dependencies = 0;
  let dependenciesViaVars = 0;
  for (const node of nodes) {
    const label = `${KIND_LABEL[node.type]} ${node.name}${node.version ? ` v${node.version.version}` : ""}`;
    if (!NAME.test(node.name)) {
      diagnostics.push(warning(`${node.type.toUpperCase()}_NAME_INVALID`, `${node.path}: ${label} cannot be named with dots or spaces; skipped.`, node.path));
      continue;
    }
    const key = versionedName({ name: node.name, version: node.version?.version });
    const earlier = definedBy.get(key);
    if (earlier !== undefined) {
      diagnostics.push(warning("DUPLICATE_MODEL", `${label} is defined by both ${earlier} and ${node.path}; the second is skipped.`, node.path));
      continue;
    }
    definedBy.set(key, node.path);
    const entry = node.version ? { props: node.version.props, file: properties[node.type].get(node.name)!.file, at: node.version.at } : unversioned(properties[node.type].get(node.name));
    const config = nodeConfig(files.project, node, entry?.props);
    if (config.enabled === false) {
      diagnostics.push(info(`${node.type.toUpperCase()}_DISABLED`, `${label} is disabled (enabled: false) and left out.`, node.path));
      continue;
    }
    const uniqueId = nodeId(projectName, { name: node.name, resource_type: node.type, version: node.version?.version });
    const read = node.sql ?? (node.relation === undefined ? undefined : `{{ ${node.relation} }}`);
    const found = read === undefined ? undefined : modelDependencies(read, refScope, context.vars);
    if (found) {
      dependencies += found.references.length;
      dependenciesViaVars += found.viaVars;
      diagnostics.push(...found.diagnostics.map((d) => ({ ...d, path: node.path, uniqueId })));
      for (const pkg of found.packages) packageRefs.set(pkg, (packageRefs.get(pkg) ?? new Set()).add(node.path));
    }
    models.push(nativeModel(node, entry, config, found?.references ?? [], context, diagnostics));
  }
  for (const type of ["model", "seed", "snapshot"] as const) {
    for (const [name, entry] of properties[type]) {
      if ((entry.props.versions ?? []).length > 0 || definedBy.has(name)) continue;
      diagnostics.push(info(type === "model" ? "MODEL_WITHOUT_SQL" : `${type.toUpperCase()}_WITHOUT_FILE`, `${entry.file} at ${entry.at} describes ${KIND_LABEL[type]} ${name}, which no file under the ${type} paths defines.`, entry.file));
    }
  }
  for (const version of versions.values()) {
    if (definedBy.has(versionedName({ name: version.model, version: version.version }))) continue;
    diagnostics.push(warning("MODEL_VERSION_WITHOUT_FILE", `Version ${version.version} of model ${version.model} (${version.at}) has no file: dbt looks for ${version.model}_v${version.version}.sql or the file its defined_in names.`));
  }

  const { sources, repeated } = mergeSourceBlocks(properties.sources.flatMap((block) => nativeSource(block, context, diagnostics)));
  if (repeated.length > 0) {
    // dbt refuses a project that declares one source table twice; so does the folder reader.
    throw new ProjectFolderError(`The project declares a source table twice, which dbt refuses: ${repeated.join("; ")}.`);
  }
  const exposures = properties.exposures.flatMap(({ props, file }) => nativeExposure(props, file, context, diagnostics));
  const helpers = { describe: (text: string) => renderDescription(text, context), owners: nativeOwners, tags: tagStrings };
  const metrics = nativeMetrics(properties.metrics, helpers, diagnostics);
  const semantic = semanticLayer({ semanticModels: properties.semanticModels, metrics: properties.metrics, savedQueries: properties.savedQueries, groups: properties.groups }, helpers, diagnostics);
  keepDeclaredGroups(semantic.groups, [models, semantic.semantic_models, semantic.semantic_metrics, semantic.saved_queries], diagnostics);
  const tests = singularTests(files.singularTests, refScope, context, packageRefs, diagnostics);
  diagnostics.push(...missingPackages(packageRefs));

  const manifest: NativeManifestInput = {
    format: NATIVE_FORMAT,
    project: projectName,
    ...(files.dialect ? { adapter: files.dialect } : {}),
    models,
    sources,
    exposures,
    metrics,
    tests,
    groups: semantic.groups,
    semantic_models: semantic.semantic_models,
    semantic_metrics: semantic.semantic_metrics,
    saved_queries: semantic.saved_queries,
  };
  const checked = nativeManifestSchema.safeParse(manifest);
  if (!checked.success) {
    throw new ProjectFolderError(`The project folder maps to an invalid native manifest: ${describeZodError(checked.error).message}`);
  }
  return {
    manifest,
    diagnostics,
    stats: {
      models: models.filter((model) => model.resource_type === undefined).length,
      seeds: models.filter((model) => model.resource_type === "seed").length,
      snapshots: models.filter((model) => model.resource_type === "snapshot").length,
      sources: sources.length,
      sourceTables: sources.reduce((sum, source) => sum + source.tables.length, 0),
      exposures: exposures.length,
      metrics: metrics.length + semantic.semantic_metrics.length,
      semanticModels: semantic.semantic_models.length,
      savedQueries: semantic.saved_queries.length,
      groups: semantic.groups.length,
      singularTests: tests.length,
      dependencies,
      dependenciesViaVars,
    },
  };
}

interface Located<T> {
  props: T;
  file: string;
  /** The entry's YAML path in its file, e.g. `$.sources[2]`. */
  at: string;
}

interface Properties {
  /** YAML entries of models, seeds and snapshots (same shape in dbt), by name. */
  model: Map<string, Located<ModelProperties>>;
  seed: Map<string, Located<ModelProperties>>;
  snapshot: Map<string, Located<ModelProperties>>;
  sources: Located<SourceProperties>[];
  exposures: Located<ReturnType<typeof exposurePropertiesSchema.parse>>[];
  /** Checked one by one where they are read (metricEntries.ts, semanticEntries.ts). */
  metrics: YamlEntry[];
  semanticModels: YamlEntry[];
  savedQueries: YamlEntry[];
  groups: YamlEntry[];
}

function collectProperties(propertyFiles: ProjectFiles["propertyFiles"], diagnostics: Diagnostic[]): Properties {
  const found: Properties = { model: new Map(), seed: new Map(), snapshot: new Map(), sources: [], exposures: [], metrics: [], semanticModels: [], savedQueries: [], groups: [] };
  for (const { path: file, document } of [...propertyFiles].sort((a, b) => a.path.localeCompare(b.path))) {
    if (document === null || document === undefined) continue;
    const parsed = propertyFileSchema.safeParse(document);
    if (!parsed.success) {
      diagnostics.push(warning("PROPERTY_FILE_INVALID", `${file}: ${describeZodError(parsed.error).message}; skipped.`, file));
      continue;
    }
    const each = <T>(list: unknown[] | null | undefined, kind: string, schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: import("zod").ZodError } }, take: (props: T, at: string) => void): void => {
      (list ?? []).forEach((item, index) => {
        const result = schema.safeParse(item);
        if (result.success) take(result.data, `$.${kind}[${index}]`);
        else diagnostics.push(warning("PROPERTY_ENTRY_INVALID", `${file}: ${describeZodError(result.error, `$.${kind}[${index}]`).message}; entry skipped.`, file));
      });
    };
    for (const type of ["model", "seed", "snapshot"] as const) {
      each(parsed.data[`${type}s`], `${type}s`, modelPropertiesSchema, (props, at) => {
        const earlier = found[type].get(props.name);
        if (earlier) {
          diagnostics.push(warning("DUPLICATE_MODEL_PROPERTIES", `${KIND_LABEL[type]} ${props.name} is described in ${earlier.file} at ${earlier.at} and again in ${file} at ${at}; the first is kept.`, file));
        } else found[type].set(props.name, { props, file, at });
      });
    }
    each(parsed.data.sources, "sources", sourcePropertiesSchema, (props, at) => found.sources.push({ props, file, at }));
    each(parsed.data.exposures, "exposures", exposurePropertiesSchema, (props, at) => found.exposures.push({ props, file, at }));
    const raw = (list: unknown[] | null | undefined, key: string, into: YamlEntry[]) => (list ?? []).forEach((item, index) => into.push({ item, file, at: `$.${key}[${index}]` }));
    raw(parsed.data.metrics, "metrics", found.metrics);
    raw(parsed.data.semantic_models, "semantic_models", found.semanticModels);
    raw(parsed.data.saved_queries, "saved_queries", found.savedQueries);
    raw(parsed.data.groups, "groups", found.groups);
  }
  return found;
}

/** dbt refuses a resource in a group the project does not declare; here the resource is kept, outside any group. */
function keepDeclaredGroups(groups: readonly { name: string }[], lists: readonly { name: string; group?: string | undefined }[][], diagnostics: Diagnostic[]): void {
  const declared = new Set(groups.map((group) => group.name));
  for (const item of lists.flat()) {
    if (item.group === undefined || declared.has(item.group)) continue;
    diagnostics.push(warning("GROUP_UNKNOWN", `${item.name} belongs to group ${item.group}, which no groups: entry declares; it is kept outside any group.`));
    delete item.group;
  }
}

/** Every version entry of every versioned model, by the name of the file that defines it. */
function modelVersions(models: Properties["model"], diagnostics: Diagnostic[]): Map<string, ModelVersion> {
  const byFile = new Map<string, ModelVersion>();
  for (const { props, file, at } of models.values()) {
    const found = versionedFiles(props, at);
    for (const problem of found.invalid) diagnostics.push(warning("MODEL_VERSION_INVALID", `${file} at ${problem}; version skipped.`, file));
    for (const [fileName, version] of found.byFile) byFile.set(fileName, version);
  }
  return byFile;
}

/** A YAML entry with `versions:` describes the version files, not a file of the model's own name. */
function unversioned(entry: Located<ModelProperties> | undefined): Located<ModelProperties> | undefined {
  return entry && (entry.props.versions ?? []).length > 0 ? undefined : entry;
}

function nodeConfig(project: DbtProjectFile, node: NodeFile, props: ModelProperties | undefined): ModelConfig {
  let config = projectConfigFor(project[`${node.type}s`], project.name, node.folders, node.fileName);
  if (props) {
    // Top-level `meta`/`tags` of a YAML entry are the older spelling of `config: {meta, tags}`.
    config = applyConfig(config, { meta: props.meta ?? undefined, tags: props.tags ?? undefined, access: props.access ?? undefined, group: props.group ?? undefined });
    if (props.config) config = applyConfig(config, props.config);
  }
  return node.sql === undefined ? config : applyConfig(config, sqlConfigCall(node.sql));
}

function nativeModel(
  node: NodeFile,
  entry: Located<ModelProperties> | undefined,
  config: ModelConfig,
  references: string[],
  context: RenderContext,
  diagnostics: Diagnostic[],
): NativeModelInput {
  const name = node.name;
  const model: NativeModelInput = { name, path: node.path };
  if (node.type !== "model") model.resource_type = node.type;
  if (node.sql !== undefined) Object.assign(model, { sql: node.sql, language: "sql" });
  if (node.version) {
    model.version = node.version.version;
    if (node.version.latestVersion !== undefined) model.latest_version = node.version.latestVersion;
    // dbt builds every version as its own relation, `<model>_v<v>`, unless an alias says otherwise.
    model.alias = config.alias ?? `${name}_v${node.version.version}`;
  } else if (config.alias) model.alias = config.alias;
  const props = entry?.props;
  const description = props?.description ? renderDescription(props.description, context).trim() : "";
  if (description !== "") model.description = description;
  if (config.database) model.database = config.database;
  if (config.schema) model.schema = config.schema;
  if (config.materialized) model.materialization = config.materialized;
  if (config.access) model.access = config.access;
  if (config.group) model.group = config.group;
  if (config.contractEnforced !== undefined) model.contract_enforced = config.contractEnforced;
  const owners = nativeOwners(config.meta.owner);
  if (owners.length > 0) model.owners = owners;
  if (config.tags.length > 0) model.tags = config.tags;
  if (Object.keys(config.meta).length > 0) model.meta = config.meta;
  const columns = props ? nativeColumns(props.columns, `${entry!.file} at ${entry!.at} (${KIND_LABEL[node.type]} ${name})`, context, diagnostics) : [];
  const allColumns = node.header ? withHeader(node.header, columns) : columns;
  if (allColumns.length > 0) model.columns = allColumns;
  if (props) {
    const tests = testsOf(props, `${KIND_LABEL[node.type]} ${name}`, diagnostics);
    if (tests.length > 0) model.tests = tests;
  }
  if (references.length > 0) model.depends_on = references;
  return model;
}

/** A seed's columns: the CSV header's, in its order, with what YAML says of each; then YAML-only ones. */
function withHeader(header: readonly string[], described: NativeColumnInput[]): NativeColumnInput[] {
  const byName = new Map(described.map((column) => [column.name.toLowerCase(), column]));
  const fromHeader = [...new Set(header)].map((name) => byName.get(name.toLowerCase()) ?? { name });
  const inHeader = new Set(header.map((name) => name.toLowerCase()));
  return [...fromHeader, ...described.filter((column) => !inHeader.has(column.name.toLowerCase()))];
}

function nativeColumns(list: unknown[] | null | undefined, where: string, context: RenderContext, diagnostics: Diagnostic[]): NativeColumnInput[] {
  const columns: NativeColumnInput[] = [];
  const seen = new Set<string>();
  (list ?? []).forEach((item, index) => {
    const parsed = columnPropertiesSchema.safeParse(item);
    if (!parsed.success) {
      diagnostics.push(warning("PROPERTY_ENTRY_INVALID", `${where}: ${describeZodError(parsed.error, `$.columns[${index}]`).message}; column skipped.`));
      return;
    }
    const props: ColumnProperties = parsed.data;
    const key = props.name.toLowerCase();
    if (seen.has(key)) {
      diagnostics.push(warning("DUPLICATE_COLUMN", `${where}: column ${props.name} is listed twice; the first is kept.`));
      return;
    }
    seen.add(key);
    const column: NativeColumnInput = { name: props.name };
    if (props.data_type) column.type = props.data_type;
    const description = props.description ? renderDescription(props.description, context).trim() : "";
    if (description !== "") column.description = description;
    const tags = [...new Set([...tagStrings(props.tags), ...tagStrings(props.config?.tags)])];
    if (tags.length > 0) column.tags = tags;
    const meta = { ...(props.meta ?? {}), ...(props.config?.meta ?? {}) };
    if (Object.keys(meta).length > 0) column.meta = meta;
    if (props.constraints && props.constraints.length > 0) column.constraints = props.constraints;
    const tests = testsOf(props, `${where} column ${props.name}`, diagnostics);
    if (tests.length > 0) column.tests = tests;
    columns.push(column);
  });
  return columns;
}

function nativeSource({ props, file, at }: Located<SourceProperties>, context: RenderContext, diagnostics: Diagnostic[]): SourceBlock[] {
  if (!NAME.test(props.name)) {
    diagnostics.push(warning("SOURCE_NAME_INVALID", `${file} at ${at}: source "${props.name}" has dots or spaces in its name; skipped.`, file));
    return [];
  }
  const meta = { ...(props.meta ?? {}), ...(isRecord(props.config?.meta) ? props.config.meta : {}) };
  const tables: NativeSourceTableInput[] = [];
  const tableAt: string[] = [];
  (props.tables ?? []).forEach((item, index) => {
    const parsed = sourceTablePropertiesSchema.safeParse(item);
    if (!parsed.success) {
      diagnostics.push(warning("PROPERTY_ENTRY_INVALID", `${file}: ${describeZodError(parsed.error, `${at}.tables[${index}]`).message}; table skipped.`, file));
      return;
    }
    const table = parsed.data;
    if (!NAME.test(table.name)) {
      diagnostics.push(warning("SOURCE_TABLE_INVALID", `${file} at ${at}.tables[${index}]: table "${table.name}" of source ${props.name} has dots or spaces in its name; skipped.`, file));
      return;
    }
    tableAt.push(`${at}.tables[${index}]`);
    const native: NativeSourceTableInput = { name: table.name };
    const identifier = renderName(table.identifier, context);
    if (identifier && identifier !== table.name) native.identifier = identifier;
    const description = table.description ? renderDescription(table.description, context).trim() : "";
    if (description !== "") native.description = description;
    const tableMeta = { ...(table.meta ?? {}), ...(isRecord(table.config?.meta) ? table.config.meta : {}) };
    const owners = nativeOwners(tableMeta.owner);
    if (owners.length > 0) native.owners = owners;
    const tags = [...new Set([...tagStrings(table.tags), ...tagStrings(table.config?.tags)])];
    if (tags.length > 0) native.tags = tags;
    if (Object.keys(tableMeta).length > 0) native.meta = tableMeta;
    const columns = nativeColumns(table.columns, `${file} at ${at}.tables[${index}] (source ${props.name}.${table.name})`, context, diagnostics);
    if (columns.length > 0) native.columns = columns;
    const tests = testsOf(table, `source ${props.name}.${table.name}`, diagnostics);
    if (tests.length > 0) native.tests = tests;
    tables.push(native);
  });
  if (tables.length === 0) {
    diagnostics.push(info("SOURCE_WITHOUT_TABLES", `${file} at ${at}: source ${props.name} lists no tables; left out.`, file));
    return [];
  }
  const source: NativeSourceInput = { name: props.name, tables };
  const database = renderName(props.database, context);
  if (database) source.database = database;
  const schema = renderName(props.schema, context);
  if (schema) source.schema = schema;
  const description = props.description ? renderDescription(props.description, context).trim() : "";
  if (description !== "") source.description = description;
  const owners = nativeOwners(meta.owner);
  if (owners.length > 0) source.owners = owners;
  const tags = [...new Set([...tagStrings(props.tags), ...tagStrings(props.config?.tags)])];
  if (tags.length > 0) source.tags = tags;
  if (Object.keys(meta).length > 0) source.meta = meta;
  return [{ source, file, at, tableAt }];
}

function nativeExposure(
  props: ReturnType<typeof exposurePropertiesSchema.parse>,
  file: string,
  context: RenderContext,
  diagnostics: Diagnostic[],
): NativeExposureInput[] {
  const dependsOn = (props.depends_on ?? []).filter((reference) => reference.trim() !== "");
  if (!NAME.test(props.name) || dependsOn.length === 0) {
    diagnostics.push(warning("EXPOSURE_INVALID", `${file}: exposure "${props.name}" needs a name without dots or spaces and a depends_on list; skipped.`, file));
    return [];
  }
  const exposure: NativeExposureInput = { name: props.name, depends_on: dependsOn };
  if (props.type && EXPOSURE_TYPES.has(props.type)) exposure.type = props.type as NonNullable<NativeExposureInput["type"]>;
  if (props.url) exposure.url = props.url;
  const description = props.description ? renderDescription(props.description, context).trim() : "";
  if (description !== "") exposure.description = description;
  const owners = nativeOwners(props.owner);
  if (owners.length > 0) exposure.owners = owners;
  const tags = tagStrings(props.tags);
  if (tags.length > 0) exposure.tags = tags;
  if (props.meta && Object.keys(props.meta).length > 0) exposure.meta = props.meta;
  return [exposure];
}

function singularTests(
  files: ProjectFiles["singularTests"],
  refScope: RefScope,
  context: RenderContext,
  packageRefs: Map<string, Set<string>>,
  diagnostics: Diagnostic[],
): NativeSingularTestInput[] {
  const tests: NativeSingularTestInput[] = [];
  const names = new Set<string>();
  for (const file of [...files].sort((a, b) => a.path.localeCompare(b.path))) {
    const name = path.basename(file.path, ".sql");
    if (!NAME.test(name) || names.has(name) || file.sql.trim() === "") {
      diagnostics.push(warning("SINGULAR_TEST_INVALID", `${file.path}: a singular test needs SQL and a unique name without dots or spaces; skipped.`, file.path));
      continue;
    }
    names.add(name);
    const found = modelDependencies(file.sql, refScope, context.vars);
    for (const pkg of found.packages) packageRefs.set(pkg, (packageRefs.get(pkg) ?? new Set()).add(file.path));
    tests.push({ name, sql: file.sql, ...(found.references.length > 0 ? { depends_on: found.references } : {}) });
  }
  return tests;
}

/**
 * One warning per package that refs name but the folder does not hold (packages live in
 * `dbt_packages/`, which is not read): the edges into it are left out instead of pointing at a
 * model of the same name here. A dbt Mesh project listed in `dependencies.yml` is no such
 * package: its refs are kept.
 */
function missingPackages(packageRefs: ReadonlyMap<string, ReadonlySet<string>>): Diagnostic[] {
  return [...packageRefs].sort(([a], [b]) => a.localeCompare(b)).map(([pkg, paths]) => {
    const list = [...paths].sort();
    const shown = list.length > 5 ? `${list.slice(0, 5).join(", ")} and ${list.length - 5} more` : list.join(", ");
    return warning("PACKAGE_NOT_READ", `Package ${pkg} is referenced by ${list.length} file${list.length === 1 ? "" : "s"} (${shown}) but is not part of this folder; refs into it are left out.`, list[0]);
  });
}

function testsOf(owner: { tests?: unknown[] | null; data_tests?: unknown[] | null }, where: string, diagnostics: Diagnostic[]) {
  const { tests, rejected } = testEntries(owner);
  for (const entry of rejected) {
    diagnostics.push(warning("TEST_ENTRY_INVALID", `${where}: ${JSON.stringify(entry)} is not a test entry dbt accepts; skipped.`));
  }
  return tests;
}

/** `meta.owner` in any shape people write it → native owners (strings and {name,email,handle}). */
function nativeOwners(value: unknown): NativeOwnerInput[] {
  return ownersFromValue(value).map((owner) => {
    const native: { name?: string; email?: string; handle?: string } = {};
    if (owner.name !== null) native.name = owner.name;
    if (owner.email !== null) native.email = owner.email;
    if (owner.handle !== null) native.handle = owner.handle;
    return native;
  });
}

function tagStrings(value: unknown): string[] {
  const list = typeof value === "string" ? [value] : Array.isArray(value) ? value : [];
  return list.filter((tag): tag is string => typeof tag === "string" && tag.trim() !== "").map((tag) => tag.trim());
}

function warning(code: string, message: string, file?: string): Diagnostic {
  return { code, severity: "warning", message, ...(file ? { path: file } : {}) };
}

function info(code: string, message: string, file?: string): Diagnostic {
  return { code, severity: "info", message, ...(file ? { path: file } : {}) };
}
