/**
 * dbt YAML property files (`models/**\/*.yml`): models, sources and exposures. Parsed entry by
 * entry, loosely (dbt accepts many more keys than Tributary reads), so one odd entry is reported
 * and skipped instead of losing the whole file.
 */
import { z } from "zod";

const text = z.string().nullish();
const anyRecord = z.record(z.string(), z.unknown());
const tagsField = z.union([z.string(), z.array(z.unknown())]).nullish();
/** `tests:` and its dbt ≥ 1.8 name `data_tests:`: strings or one-key objects. */
const testList = z.array(z.unknown()).nullish();

export const columnPropertiesSchema = z.looseObject({
  name: z.union([z.string().min(1), z.number()]).transform(String),
  description: text,
  data_type: text,
  meta: anyRecord.nullish(),
  tags: tagsField,
  constraints: z.array(z.unknown()).nullish(),
  tests: testList,
  data_tests: testList,
  config: z.looseObject({ meta: anyRecord.nullish(), tags: tagsField }).nullish(),
});

export const modelPropertiesSchema = z.looseObject({
  name: z.string().min(1),
  description: text,
  meta: anyRecord.nullish(),
  tags: tagsField,
  config: anyRecord.nullish(),
  access: text,
  group: text,
  columns: z.array(z.unknown()).nullish(),
  tests: testList,
  data_tests: testList,
  /** dbt model versions; read by modelVersions.ts. */
  versions: z.array(z.unknown()).nullish(),
  latest_version: z.union([z.string().min(1), z.number()]).nullish(),
  /** A dbt ≥ 1.9 snapshot defined in YAML: what it snapshots, e.g. `ref('orders')`. */
  relation: text,
});

export const sourceTablePropertiesSchema = z.looseObject({
  name: z.string().min(1),
  identifier: text,
  description: text,
  meta: anyRecord.nullish(),
  tags: tagsField,
  config: anyRecord.nullish(),
  columns: z.array(z.unknown()).nullish(),
  tests: testList,
  data_tests: testList,
});

export const sourcePropertiesSchema = z.looseObject({
  name: z.string().min(1),
  description: text,
  database: text,
  schema: text,
  meta: anyRecord.nullish(),
  tags: tagsField,
  config: anyRecord.nullish(),
  tables: z.array(z.unknown()).nullish(),
});

export const exposurePropertiesSchema = z.looseObject({
  name: z.string().min(1),
  type: text,
  url: text,
  description: text,
  owner: z.unknown().optional(),
  meta: anyRecord.nullish(),
  tags: tagsField,
  depends_on: z.array(z.string()).nullish(),
});

export const propertyFileSchema = z.looseObject({
  models: z.array(z.unknown()).nullish(),
  seeds: z.array(z.unknown()).nullish(),
  snapshots: z.array(z.unknown()).nullish(),
  sources: z.array(z.unknown()).nullish(),
  exposures: z.array(z.unknown()).nullish(),
  metrics: z.array(z.unknown()).nullish(),
  semantic_models: z.array(z.unknown()).nullish(),
  saved_queries: z.array(z.unknown()).nullish(),
  groups: z.array(z.unknown()).nullish(),
});

export type ColumnProperties = z.infer<typeof columnPropertiesSchema>;
export type ModelProperties = z.infer<typeof modelPropertiesSchema>;
export type SourceProperties = z.infer<typeof sourcePropertiesSchema>;
export type SourceTableProperties = z.infer<typeof sourceTablePropertiesSchema>;
export type ExposureProperties = z.infer<typeof exposurePropertiesSchema>;
