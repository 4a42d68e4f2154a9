/**
 * zod schema of a dbt `manifest.json`, v4 … v12, covering exactly the fields Tributary reads.
 * Unknown fields are accepted and dropped (dbt adds fields without bumping v12, see
 * DBT_ARTIFACTS.md): keeping them, as loose objects would, doubles the parse time of a large
 * manifest for nothing. Every field that is read has its type checked. Fields that only exist
 * in some versions are optional; which one to read is decided in normalization, not here.
 */
import { z } from "zod";

const text = z.string().nullish();
const stringList = z.array(z.string());
const metaSchema = z.record(z.string(), z.unknown());
/**
 * dbt normalizes tags to a list in the manifest, but older configs kept a bare string. The list
 * comes first: a union stops at the first branch that fits, and a failed branch costs.
 */
const tagsSchema = z.union([stringList, z.string()]);
/** `version: 2` and `version: "2"` both occur. */
const versionSchema = z.union([z.string(), z.number()]).nullish();

const dependsOnSchema = z.object({
  /** Seeds have `depends_on: {macros: []}` only. */
  nodes: stringList.optional(),
});

const configSchema = z.object({
  enabled: z.boolean().nullish(),
  materialized: text,
  meta: metaSchema.nullish(),
  tags: tagsSchema.nullish(),
  severity: text,
  group: text,
  access: text,
  contract: z.object({ enforced: z.boolean().nullish() }).nullish(),
});

export const dbtColumnSchema = z.object({
  name: z.string(),
  description: text,
  data_type: text,
  meta: metaSchema.nullish(),
  tags: tagsSchema.nullish(),
  constraints: z.array(z.unknown()).nullish(),
});

const ownerSchema = z.object({ name: text, email: text });

/** The fields every resource in the manifest shares. */
const resourceFields = {
  unique_id: z.string(),
  name: z.string(),
  resource_type: z.string(),
  package_name: text,
  original_file_path: text,
  description: text,
  meta: metaSchema.nullish(),
  tags: tagsSchema.nullish(),
  config: configSchema.nullish(),
  depends_on: dependsOnSchema.nullish(),
  group: text,
};

/** What every asset-making resource shares, whatever map it lives in. */
export type DbtCommonFields = z.infer<z.ZodObject<typeof resourceFields>>;

const RESOURCE_NODE_TYPES = ["model", "seed", "snapshot"] as const;

/** Models, seeds and snapshots: the nodes that become assets. */
export const dbtResourceNodeSchema = z.object({
  ...resourceFields,
  resource_type: z.enum(RESOURCE_NODE_TYPES),
  database: text,
  schema: text,
  alias: text,
  relation_name: text,
  columns: z.record(z.string(), dbtColumnSchema).nullish(),
  /** v4–v6 */
  raw_sql: text,
  compiled_sql: text,
  /** v7+ */
  raw_code: text,
  compiled_code: text,
  language: text,
  checksum: z.object({ name: z.string(), checksum: z.string() }).nullish(),
  contract: z.object({ enforced: z.boolean().nullish() }).nullish(),
  access: text,
  version: versionSchema,
  latest_version: versionSchema,
});

/** Data tests, generic (with `test_metadata`) and singular. Most node fields mean nothing for them. */
export const dbtTestNodeSchema = z.object({
  unique_id: z.string(),
  name: z.string(),
  resource_type: z.literal("test"),
  config: z.object({ enabled: z.boolean().nullish(), severity: text }).nullish(),
  depends_on: dependsOnSchema.nullish(),
  test_metadata: z.object({ name: z.string(), kwargs: metaSchema.nullish(), namespace: text }).nullish(),
  column_name: text,
  /** v9+; absent (not null) before, which is how derivation knows to step in. */
  attached_node: text,
});

/** Analyses, operations and any node type a later dbt adds: not read beyond their type. */
const otherNodeSchema = z.object({ unique_id: z.string(), resource_type: z.string() });

const isResourceNodeType = (type: unknown): boolean => RESOURCE_NODE_TYPES.some((t) => t === type);

export type DbtResourceNode = z.infer<typeof dbtResourceNodeSchema>;
export type DbtTestNode = z.infer<typeof dbtTestNodeSchema>;
export type DbtNode =
  | { role: "resource"; node: DbtResourceNode }
  | { role: "test"; node: DbtTestNode }
  | { role: "other"; node: z.infer<typeof otherNodeSchema> };

/**
 * Validates each node with the schema of its resource type, so that the many fields a test node
 * carries (tests are most of a manifest) are not checked for nothing. Issues keep their paths.
 */
export const dbtNodeSchema = z.unknown().transform((value, ctx): DbtNode => {
  const type = value !== null && typeof value === "object" ? (value as { resource_type?: unknown }).resource_type : undefined;
  const parse = <T>(schema: z.ZodType<T>, wrap: (node: T) => DbtNode): DbtNode => {
    const parsed = schema.safeParse(value);
    if (parsed.success) return wrap(parsed.data);
    // A finished issue is a valid raw issue; zod's types only differ in how they type `input`.
    for (const issue of parsed.error.issues) ctx.addIssue(issue as Parameters<typeof ctx.addIssue>[0]);
    return z.NEVER;
  };
  if (type === "test") return parse(dbtTestNodeSchema, (node) => ({ role: "test", node }));
  if (isResourceNodeType(type)) {
    return parse(dbtResourceNodeSchema, (node) => ({ role: "resource", node }));
  }
  return parse(otherNodeSchema, (node) => ({ role: "other", node }));
});

export const dbtSourceSchema = z.object({
  ...resourceFields,
  source_name: z.string(),
  source_description: text,
  source_meta: metaSchema.nullish(),
  database: text,
  schema: text,
  identifier: text,
  relation_name: text,
  loader: text,
  columns: z.record(z.string(), dbtColumnSchema).nullish(),
});

/**
 * Parts of a definition (dbtDefinitions.ts) are kept here unchecked and read there, resource by
 * resource, so that one dbt shaped differently becomes a diagnostic instead of refusing the post.
 */
const unchecked = z.unknown().optional();

export const dbtExposureSchema = z.object({
  ...resourceFields,
  type: text,
  url: text,
  label: text,
  maturity: unchecked,
  owner: ownerSchema.nullish(),
});

export const dbtMetricSchema = z.object({
  ...resourceFields,
  label: text,
  /** MetricFlow (v10+): simple, ratio, derived, cumulative, conversion; legacy (v4–v6): count, sum, … */
  type: text,
  /** Legacy (v7–v9) name of the aggregation. */
  calculation_method: text,
  type_params: unchecked,
  filter: unchecked,
  filters: unchecked,
  expression: unchecked,
  sql: unchecked,
  model: unchecked,
  timestamp: unchecked,
  time_grains: unchecked,
  time_granularity: unchecked,
  dimensions: unchecked,
  window: unchecked,
  metrics: unchecked,
});

export const dbtSemanticModelSchema = z.object({
  ...resourceFields,
  label: text,
  node_relation: z
    .looseObject({ database: text, schema_name: text, alias: text, relation_name: text })
    .nullish(),
  model: unchecked,
  defaults: unchecked,
  primary_entity: unchecked,
  entities: unchecked,
  dimensions: unchecked,
  measures: unchecked,
});

/** v11+ */
export const dbtSavedQuerySchema = z.object({
  ...resourceFields,
  label: text,
  query_params: unchecked,
  exports: unchecked,
});

export const dbtGroupSchema = z.object({
  name: z.string(),
  owner: ownerSchema.nullish(),
  /** dbt ≥ 1.9 */
  description: text,
});

export const dbtManifestSchema = z.object({
  metadata: z.object({
    dbt_schema_version: z.string(),
    dbt_version: text,
    project_name: text,
    project_id: text,
    adapter_type: text,
    generated_at: text,
  }),
  nodes: z.record(z.string(), dbtNodeSchema),
  sources: z.record(z.string(), dbtSourceSchema),
  exposures: z.record(z.string(), dbtExposureSchema).nullish(),
  metrics: z.record(z.string(), dbtMetricSchema).nullish(),
  semantic_models: z.record(z.string(), dbtSemanticModelSchema).nullish(),
  saved_queries: z.record(z.string(), dbtSavedQuerySchema).nullish(),
  groups: z.record(z.string(), dbtGroupSchema).nullish(),
  /** Only counted: disabled resources are never part of the catalog. */
  disabled: z.record(z.string(), z.unknown()).nullish(),
});

export type DbtManifest = z.infer<typeof dbtManifestSchema>;
export type DbtSource = z.infer<typeof dbtSourceSchema>;
export type DbtExposure = z.infer<typeof dbtExposureSchema>;
export type DbtMetric = z.infer<typeof dbtMetricSchema>;
export type DbtSemanticModel = z.infer<typeof dbtSemanticModelSchema>;
export type DbtSavedQuery = z.infer<typeof dbtSavedQuerySchema>;
export type DbtGroup = z.infer<typeof dbtGroupSchema>;
export type DbtColumn = z.infer<typeof dbtColumnSchema>;
