/**
 * dbt model versions in YAML (`versions:`, `latest_version:`): each version is its own model,
 * defined in the file its `defined_in` names or, by default, `<model>_v<v>.sql`, and built as
 * the relation `<model>_v<v>`. A version's properties override the model's; its `columns`
 * start from the model's (all of them unless `include`/`exclude` says otherwise) and add or
 * replace by name.
 */
import { z } from "zod";
import { modelPropertiesSchema, type ModelProperties } from "./propertyFiles.js";

const versionId = z.union([z.string().min(1), z.number()]);

const versionPropertiesSchema = modelPropertiesSchema.omit({ name: true }).extend({
  v: versionId,
  defined_in: z.string().min(1).nullish(),
});

export interface ModelVersion {
  /** The versioned model's name (`dim_customers`), not the file's. */
  model: string;
  version: string | number;
  latestVersion?: string | number;
  /** The model's properties with the version's laid over them. */
  props: ModelProperties;
  /** The YAML path of the version entry, e.g. `$.models[0].versions[1]`. */
  at: string;
}

export interface VersionedFiles {
  /** By the base name of the file that defines each version. */
  byFile: Map<string, ModelVersion>;
  /** Version entries dbt would refuse, as sentences naming the YAML path. */
  invalid: string[];
}

export function versionedFiles(props: ModelProperties, at: string): VersionedFiles {
  const byFile = new Map<string, ModelVersion>();
  const invalid: string[] = [];
  const latest = props.latest_version ?? undefined;
  (props.versions ?? []).forEach((item, index) => {
    const where = `${at}.versions[${index}]`;
    const parsed = versionPropertiesSchema.safeParse(item);
    if (!parsed.success) {
      invalid.push(`${where}: a version needs \`v:\` (a number or a name)`);
      return;
    }
    const { v, defined_in: definedIn } = parsed.data;
    if (!/^[^.\s]+$/.test(String(v))) {
      // The version becomes part of the unique id (`model.<project>.<name>.v<v>`), which is dotted.
      invalid.push(`${where}: version ${v} has a dot or a space, which a unique id cannot hold`);
      return;
    }
    const file = definedIn ?? `${props.name}_v${v}`;
    byFile.set(file, {
      model: props.name,
      version: v,
      ...(latest !== undefined ? { latestVersion: latest } : {}),
      props: versionProps(props, parsed.data),
      at: where,
    });
  });
  return { byFile, invalid };
}

function versionProps(model: ModelProperties, version: z.infer<typeof versionPropertiesSchema>): ModelProperties {
  const { v: _v, defined_in: _definedIn, ...overrides } = version;
  const defined = Object.fromEntries(Object.entries(overrides).filter(([, value]) => value !== undefined && value !== null));
  return {
    ...model,
    ...defined,
    config: { ...(model.config ?? {}), ...(version.config ?? {}) },
    columns: versionColumns(model.columns ?? [], version.columns),
    versions: undefined,
  };
}

const columnName = (column: unknown): string | undefined =>
  column !== null && typeof column === "object" && "name" in column ? String(column.name) : undefined;

/** The model's columns a version keeps (`include: all|*|[…]`, `exclude: […]`), then its own. */
function versionColumns(modelColumns: unknown[], versionColumns: unknown[] | null | undefined): unknown[] {
  if (versionColumns === undefined || versionColumns === null) return modelColumns;
  const own = versionColumns.filter((column) => columnName(column) !== undefined);
  // As in dbt, a version without an include/exclude entry keeps all of the model's columns.
  const rule = versionColumns.find((column): column is { include?: unknown; exclude?: unknown } =>
    column !== null && typeof column === "object" && ("include" in column || "exclude" in column)) ?? { include: "all" };
  const included = modelColumns.filter((column) => keeps(rule, columnName(column)));
  const replaced = new Set(own.map((column) => columnName(column)!.toLowerCase()));
  return [...included.filter((column) => !replaced.has(columnName(column)?.toLowerCase() ?? "")), ...own];
}

function keeps(rule: { include?: unknown; exclude?: unknown }, name: string | undefined): boolean {
  if (name === undefined) return false;
  const include = rule.include ?? "all";
  const included = include === "all" || include === "*" || (Array.isArray(include) && include.includes(name));
  const excluded = Array.isArray(rule.exclude) && rule.exclude.includes(name);
  return included && !excluded;
}
