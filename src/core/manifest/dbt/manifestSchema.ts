/**
 * zod schema of a dbt `manifest.json`, v4 … v12, covering exactly the fields Tributary reads.
 * Objects are loose (dbt adds fields without bumping v12, see DBT_ARTIFACTS.md), while every
 * field that is read has its type checked. Fields that only exist in some versions are optional;
 * which one to read is decided in normalization, not here.
 */
import { z } from "zod";

const text = z.string().nullish();
const stringList = z.array(z.string());
const metaSchema = z.record(z.string(), z.unknown());
/** dbt normalizes tags to a list in the manifest, but older configs kept a bare string. */
const tagsSchema = z.union([z.string(), stringList]);
/** `version: 2` and `version: "2"` both occur. */
const versionSchema = z.union([z.string(), z.number()]).nullish();

const dependsOnSchema = z.looseObject({
  /** Seeds have `depends_on: {macros: []}` only. */
  nodes: stringList.optional(),
});

const configSchema = z.looseObject({
  enabled: z.boolean().nullish(),
  materialized: text,
  meta: metaSchema.nullish(),
  tags: tagsSchema.nullish(),
  severity: text,
  group: text,
  access: text,
  contract: z.looseObject({ enforced: z.boolean().nullish() }).nullish(),
});

export const dbtColumnSchema = z.looseObject({
  name: z.string(),
  description: text,
  data_type: text,
  meta: metaSchema.nullish(),
  tags: tagsSchema.nullish(),
  constraints: z.array(z.unknown()).nullish(),
});

const ownerSchema = z.looseObject({ name: text, email: text });

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

export const dbtNodeSchema = z.looseObject({
  ...resourceFields,
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
  checksum: z.looseObject({ name: z.string(), checksum: z.string() }).nullish(),
  contract: z.looseObject({ enforced: z.boolean().nullish() }).nullish(),
  access: text,
  version: versionSchema,
  latest_version: versionSchema,
  /** Tests only. */
  test_metadata: z
    .looseObject({ name: z.string(), kwargs: metaSchema.nullish(), namespace: text })
    .nullish(),
  column_name: text,
  /** Tests, v9+; absent (not null) before, which is how derivation knows to step in. */
  attached_node: text,
});

export const dbtSourceSchema = z.looseObject({
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

export const dbtExposureSchema = z.looseObject({
  ...resourceFields,
  type: text,
  url: text,
  label: text,
  maturity: text,
  owner: ownerSchema.nullish(),
});

export const dbtMetricSchema = z.looseObject({
  ...resourceFields,
  label: text,
  /** MetricFlow (v10+): simple, ratio, derived, cumulative, conversion; legacy: count, sum, … */
  type: text,
  /** Legacy (v7–v9) name of the aggregation. */
  calculation_method: text,
});

export const dbtSemanticModelSchema = z.looseObject({
  ...resourceFields,
  label: text,
  node_relation: z
    .looseObject({ database: text, schema_name: text, alias: text, relation_name: text })
    .nullish(),
});

export const dbtGroupSchema = z.looseObject({
  name: z.string(),
  owner: ownerSchema.nullish(),
});

export const dbtManifestSchema = z.looseObject({
  metadata: z.looseObject({
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
  groups: z.record(z.string(), dbtGroupSchema).nullish(),
  /** Only counted: disabled resources are never part of the catalog. */
  disabled: z.record(z.string(), z.unknown()).nullish(),
});

export type DbtManifest = z.infer<typeof dbtManifestSchema>;
export type DbtNode = z.infer<typeof dbtNodeSchema>;
export type DbtSource = z.infer<typeof dbtSourceSchema>;
export type DbtExposure = z.infer<typeof dbtExposureSchema>;
export type DbtMetric = z.infer<typeof dbtMetricSchema>;
export type DbtSemanticModel = z.infer<typeof dbtSemanticModelSchema>;
export type DbtGroup = z.infer<typeof dbtGroupSchema>;
export type DbtColumn = z.infer<typeof dbtColumnSchema>;
export type DbtConfig = z.infer<typeof configSchema>;
