/**
 * A dbt project folder's files, already read → a native manifest (pure: no I/O). The mapping
 * follows dbt: a model is a `.sql` file under a model path, its YAML entry adds description,
 * columns, tests, owners and tags, configs come from `dbt_project.yml`, the YAML `config:` and
 * the SQL's `{{ config() }}` in that order, and dependencies come from the SQL.
 */
import path from "node:path/posix";
import type { Diagnostic } from "../core/diagnostic.js";
import { nativeManifestSchema, NATIVE_FORMAT, type NativeManifestInput } from "../core/manifest/index.js";
import { ownersFromValue } from "../core/manifest/owners.js";
import type { Dialect } from "../core/sql/index.js";
import { describeZodError } from "../core/validation.js";
import { projectVars, type DbtProjectFile } from "./dbtProjectFile.js";
import { applyConfig, projectConfigFor, sqlConfigCall, type ModelConfig } from "./modelConfig.js";
import { modelDependencies } from "./modelDependencies.js";
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
  dialect?: Dialect;
}

export interface ProjectFolderStats {
  models: number;
  sources: number;
  sourceTables: number;
  exposures: number;
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
const EXPOSURE_TYPES = new Set(["dashboard", "notebook", "analysis", "ml", "application"]);

const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === "object" && !Array.isArray(value);

export function buildNativeManifest(files: ProjectFiles): ProjectFolderResult {
  const diagnostics: Diagnostic[] = [];
  const context: RenderContext = { docs: files.docs, vars: projectVars(files.project) };
  const properties = collectProperties(files.propertyFiles, diagnostics);
  const projectName = files.project.name;

  const models: NativeModelInput[] = [];
  const modelFile = new Map<string, string>();
  let dependencies = 0;
  let dependenciesViaVars = 0;
  for (const file of [...files.models].sort((a, b) => a.path.localeCompare(b.path))) {
    const name = path.basename(file.path, ".sql");
    if (!NAME.test(name)) {
      diagnostics.push(warning("MODEL_NAME_INVALID", `Model file ${file.path}: a model name cannot contain dots or spaces; skipped.`, file.path));
      continue;
    }
    const earlier = modelFile.get(name);
    if (earlier !== undefined) {
      diagnostics.push(warning("DUPLICATE_MODEL", `Model ${name} is defined by both ${earlier} and ${file.path}; the second is skipped.`, file.path));
      continue;
    }
    const entry = properties.models.get(name);
    const folders = path.dirname(path.relative(file.modelPath, file.path)).split("/").filter((part) => part !== "" && part !== ".");
    const config = modelConfig(files.project, folders, name, entry?.props, file.sql);
    if (config.enabled === false) {
      diagnostics.push(info("MODEL_DISABLED", `Model ${name} is disabled (enabled: false) and left out.`, file.path));
      continue;
    }
    modelFile.set(name, file.path);
    const found = modelDependencies(file.sql, context.vars, files.dialect);
    dependencies += found.references.length;
    dependenciesViaVars += found.viaVars;
    diagnostics.push(...found.diagnostics.map((d) => ({ ...d, path: file.path, uniqueId: `model.${projectName}.${name}` })));
    models.push(nativeModel(name, file, entry, config, found.references, context, diagnostics));
  }
  for (const [name, entry] of properties.models) {
    if (!modelFile.has(name) && !models.some((m) => m.name === name)) {
      diagnostics.push(info("MODEL_WITHOUT_SQL", `${entry.file} describes model ${name}, which has no .sql file under the model paths.`, entry.file));
    }
  }

  const { sources, repeated } = mergeSourceBlocks(properties.sources.flatMap((block) => nativeSource(block, context, diagnostics)));
  if (repeated.length > 0) {
    // dbt refuses a project that declares one source table twice; so does the folder reader.
    throw new ProjectFolderError(`The project declares a source table twice, which dbt refuses: ${repeated.join("; ")}.`);
  }
  const exposures = properties.exposures.flatMap(({ props, file }) => nativeExposure(props, file, context, diagnostics));
  const tests = singularTests(files.singularTests, context, files.dialect, diagnostics);

  const manifest: NativeManifestInput = {
    format: NATIVE_FORMAT,
    project: projectName,
    ...(files.dialect ? { adapter: files.dialect } : {}),
    models,
    sources,
    exposures,
    tests,
  };
  const checked = nativeManifestSchema.safeParse(manifest);
  if (!checked.success) {
    throw new ProjectFolderError(`The project folder maps to an invalid native manifest: ${describeZodError(checked.error).message}`);
  }
  return {
    manifest,
    diagnostics,
    stats: {
      models: models.length,
      sources: sources.length,
      sourceTables: sources.reduce((sum, source) => sum + source.tables.length, 0),
      exposures: exposures.length,
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
  models: Map<string, Located<ModelProperties>>;
  sources: Located<SourceProperties>[];
  exposures: Located<ReturnType<typeof exposurePropertiesSchema.parse>>[];
}

function collectProperties(propertyFiles: ProjectFiles["propertyFiles"], diagnostics: Diagnostic[]): Properties {
  const found: Properties = { models: new Map(), sources: [], exposures: [] };
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
    each(parsed.data.models, "models", modelPropertiesSchema, (props, at) => {
      const earlier = found.models.get(props.name);
      if (earlier) {
        diagnostics.push(warning("DUPLICATE_MODEL_PROPERTIES", `Model ${props.name} is described in ${earlier.file} at ${earlier.at} and again in ${file} at ${at}; the first is kept.`, file));
      } else found.models.set(props.name, { props, file, at });
    });
    each(parsed.data.sources, "sources", sourcePropertiesSchema, (props, at) => found.sources.push({ props, file, at }));
    each(parsed.data.exposures, "exposures", exposurePropertiesSchema, (props, at) => found.exposures.push({ props, file, at }));
  }
  return found;
}

function modelConfig(project: DbtProjectFile, folders: string[], name: string, props: ModelProperties | undefined, sql: string): ModelConfig {
  let config = projectConfigFor(project.models, project.name, folders, name);
  if (props) {
    // Top-level `meta`/`tags` of a YAML entry are the older spelling of `config: {meta, tags}`.
    config = applyConfig(config, { meta: props.meta ?? undefined, tags: props.tags ?? undefined, access: props.access ?? undefined });
    if (props.config) config = applyConfig(config, props.config);
  }
  return applyConfig(config, sqlConfigCall(sql));
}

function nativeModel(
  name: string,
  file: ProjectFiles["models"][number],
  entry: Located<ModelProperties> | undefined,
  config: ModelConfig,
  references: string[],
  context: RenderContext,
  diagnostics: Diagnostic[],
): NativeModelInput {
  const model: NativeModelInput = { name, sql: file.sql, language: "sql", path: file.path };
  const props = entry?.props;
  const description = props?.description ? renderDescription(props.description, context).trim() : "";
  if (description !== "") model.description = description;
  if (config.database) model.database = config.database;
  if (config.schema) model.schema = config.schema;
  if (config.materialized) model.materialization = config.materialized;
  if (config.access) model.access = config.access;
  if (config.contractEnforced !== undefined) model.contract_enforced = config.contractEnforced;
  const owners = nativeOwners(config.meta.owner);
  if (owners.length > 0) model.owners = owners;
  if (config.tags.length > 0) model.tags = config.tags;
  if (Object.keys(config.meta).length > 0) model.meta = config.meta;
  if (props) {
    const columns = nativeColumns(props.columns, `${entry!.file} (model ${name})`, context, diagnostics);
    if (columns.length > 0) model.columns = columns;
    const tests = testsOf(props, `model ${name}`, diagnostics);
    if (tests.length > 0) model.tests = tests;
  }
  if (references.length > 0) model.depends_on = references;
  return model;
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
    const columns = nativeColumns(table.columns, `${file} (source ${props.name}.${table.name})`, context, diagnostics);
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
  context: RenderContext,
  dialect: Dialect | undefined,
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
    const found = modelDependencies(file.sql, context.vars, dialect);
    tests.push({ name, sql: file.sql, ...(found.references.length > 0 ? { depends_on: found.references } : {}) });
  }
  return tests;
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
