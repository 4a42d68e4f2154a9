/**
 * Tributary's own manifest format (`"format": "tributary/v1"`), for pipelines that are not dbt.
 * Written by hand, so objects are strict: a misspelt field is reported, not silently dropped.
 * This schema is the single source of `schema/manifest.schema.json` (see manifestJsonSchema.ts).
 */
import { z } from "zod";
import { semanticSchemas } from "./nativeSemanticSchema.js";

export const NATIVE_FORMAT = "tributary/v1";
export const NATIVE_LAYERS = ["staging", "intermediate", "mart", "other"] as const;
export const NATIVE_RESOURCE_TYPES = ["model", "seed", "snapshot"] as const;

/** Names become parts of dotted unique ids and references, so they cannot contain dots. */
const name = z
  .string()
  .regex(/^[^.\s]+$/, "a name without dots or spaces")
  .meta({ description: "Without dots or spaces." });
const description = z.string().meta({ description: "Markdown; searchable in the catalog." });
const tags = z.array(z.string().min(1)).meta({ description: "Free-form labels, e.g. `finance`, `pii`." });
const meta = z.record(z.string(), z.unknown()).meta({ description: "Any extra key/values; kept as given." });

const ownerSchema = z
  .union([
    z.string().min(1).meta({
      description: 'An e-mail ("ana@example.com"), a chat handle ("@ana"), "Ana <ana@example.com>", or a team name.',
    }),
    z
      .strictObject({ name: z.string().min(1).optional(), email: z.string().min(1).optional(), handle: z.string().min(1).optional() })
      .meta({ description: "At least one of name, email, handle.", minProperties: 1 })
      .refine((owner) => Object.keys(owner).length > 0, "at least one of name, email, handle"),
  ])
  .meta({ title: "Owner" });
const owners = z.array(ownerSchema).meta({ description: "People or teams accountable for the asset." });

const reference = z
  .string()
  .min(1)
  .meta({
    description:
      'An upstream asset: a model name ("stg_orders"), a source as "source_name.table" ("raw.orders"), or dbt style "ref(\'stg_orders\')" / "source(\'raw\', \'orders\')".',
  });

const testArguments = z
  .record(z.string(), z.unknown())
  .meta({ description: 'The test\'s arguments (e.g. {"values": [...]}), plus an optional "severity": "warn" | "error".' });
export const nativeTestSchema = z
  .union([
    z.string().min(1).meta({ description: 'A test without arguments: "unique", "not_null", or "package.test_name".' }),
    z.record(z.string().min(1), testArguments).meta({
      description:
        'One test with arguments, as in dbt YAML: {"accepted_values": {"values": ["a", "b"]}}, {"relationships": {"to": "dim_customers", "field": "id"}}.',
      minProperties: 1,
      maxProperties: 1,
    })
    .refine((test) => Object.keys(test).length === 1, "exactly one test name as the object's only key"),
  ])
  .meta({ title: "Test" });
const tests = z.array(nativeTestSchema);

const columnSchema = z
  .strictObject({
    name: z.string().min(1),
    type: z.string().min(1).optional().meta({ description: "The warehouse data type, e.g. `bigint`." }),
    description: description.optional(),
    tags: tags.optional(),
    meta: meta.optional(),
    constraints: z.array(z.unknown()).optional(),
    tests: tests.optional(),
  })
  .meta({ title: "Column" });
const columns = z.array(columnSchema).meta({ description: "In the order of the relation; positions are 1-based." });

const versionId = z
  .union([z.string().regex(/^[^.\s]+$/, "a version without dots or spaces"), z.number().int().nonnegative()])
  .meta({ description: "A dbt model version, e.g. 2; part of the unique id (`model.<project>.<name>.v2`)." });

const modelSchema = z
  .strictObject({
    name,
    resource_type: z.enum(NATIVE_RESOURCE_TYPES).optional().meta({
      description: 'What dbt builds it from: "model" (the default), "seed" (a CSV file) or "snapshot".',
    }),
    version: versionId.optional(),
    latest_version: versionId.optional().meta({
      description: "On every version of a versioned model: the version an unpinned ref('name') means; defaults to the highest.",
    }),
    alias: z.string().min(1).optional().meta({ description: "The relation's name when it differs from the model's (dbt's `alias`)." }),
    sql: z.string().optional().meta({ description: "The model's SQL as written (may contain Jinja)." }),
    compiled_sql: z.string().optional().meta({ description: "The SQL as run, when known." }),
    language: z.string().min(1).optional().meta({ description: 'Defaults to "sql" when `sql` is given.' }),
    layer: z.enum(NATIVE_LAYERS).optional().meta({ description: "Overrides the tenant's layer rule (folder, then name prefix)." }),
    path: z.string().min(1).optional().meta({ description: "Source file path, e.g. models/staging/stg_orders.sql; its folder feeds the layer rule." }),
    description: description.optional(),
    database: z.string().min(1).optional(),
    schema: z.string().min(1).optional(),
    materialization: z.string().min(1).optional().meta({ description: "view, table, incremental, …" }),
    access: z.enum(["private", "protected", "public"]).optional(),
    group: name.optional().meta({ description: "The group (of `groups`) the model belongs to; the group's owner owns it too." }),
    contract_enforced: z.boolean().optional(),
    owners: owners.optional(),
    tags: tags.optional(),
    meta: meta.optional(),
    columns: columns.optional(),
    tests: tests.optional().meta({ description: "Tests on the whole model." }),
    depends_on: z.array(reference).optional().meta({
      description: "Upstream assets. Optional: dependencies are also inferred from the SQL.",
    }),
  })
  .meta({ title: "Model" });

const sourceTableSchema = z
  .strictObject({
    name,
    identifier: z.string().min(1).optional().meta({ description: "The table's name in the warehouse, when it differs." }),
    database: z.string().min(1).optional().meta({ description: "The table's database, when it differs from the source's." }),
    schema: z.string().min(1).optional().meta({ description: "The table's schema, when it differs from the source's." }),
    description: description.optional(),
    owners: owners.optional(),
    tags: tags.optional(),
    meta: meta.optional(),
    columns: columns.optional(),
    tests: tests.optional(),
  })
  .meta({ title: "SourceTable" });

const sourceSchema = z
  .strictObject({
    name,
    database: z.string().min(1).optional(),
    schema: z.string().min(1).optional().meta({ description: "Defaults to the source's name." }),
    description: description.optional(),
    owners: owners.optional().meta({ description: "Owners of every table of the source." }),
    tags: tags.optional(),
    meta: meta.optional(),
    tables: z.array(sourceTableSchema).min(1),
  })
  .meta({ title: "Source", description: "Raw tables loaded by something outside the pipeline." });

const exposureSchema = z
  .strictObject({
    name,
    type: z.enum(["dashboard", "notebook", "analysis", "ml", "application"]).optional(),
    url: z.string().min(1).optional(),
    description: description.optional(),
    owners: owners.optional(),
    tags: tags.optional(),
    meta: meta.optional(),
    depends_on: z.array(reference).min(1),
  })
  .meta({ title: "Exposure", description: "A downstream consumer: dashboard, notebook, application, …" });

export const NATIVE_AGGREGATIONS = ["sum", "count", "count_distinct", "average", "min", "max", "median", "derived"] as const;

const metricSchema = z
  .strictObject({
    name,
    label: z.string().min(1).optional().meta({ description: "A display name, e.g. \"Revenue\"." }),
    description: description.optional(),
    owners: owners.optional(),
    tags: tags.optional(),
    meta: meta.optional(),
    model: reference.optional().meta({ description: "The model (or source table) the metric aggregates; not for derived metrics." }),
    aggregation: z.enum(NATIVE_AGGREGATIONS).meta({ description: 'How `expression` is aggregated; "derived" computes `expression` over the metrics in `metrics`.' }),
    expression: z.string().min(1).meta({ description: 'SQL over the model\'s columns ("amount", "case when … end"), or over input metrics for a derived metric ("revenue / order_count").' }),
    metrics: z.array(name).optional().meta({ description: "Derived metrics: the metrics of this manifest that `expression` combines." }),
    filters: z.array(z.string().min(1)).optional().meta({ description: 'SQL conditions on the model\'s rows, e.g. "status = \'completed\'".' }),
    timestamp: z.string().min(1).optional().meta({ description: "The column that places a row in time." }),
    time_grains: z.array(z.string().min(1)).optional().meta({ description: 'e.g. ["day", "week", "month"].' }),
    dimensions: z.array(z.string().min(1)).optional().meta({ description: "Columns the metric may be grouped by." }),
    window: z.string().min(1).optional().meta({ description: 'A rolling window, e.g. "14 day".' }),
  })
  .refine((metric) => metric.aggregation === "derived" || metric.model !== undefined, { message: "a `model` (only derived metrics have none)", path: ["model"] })
  .meta({ title: "Metric", description: "A business number: an aggregation over a model, or a formula over other metrics." });

const groupSchema = z
  .strictObject({
    name,
    owner: ownerSchema.optional().meta({ description: "Owns every model of the group." }),
    description: description.optional(),
  })
  .meta({ title: "Group", description: "A dbt group: models under one owner, whose `access` says who may ref them." });

const singularTestSchema = z
  .strictObject({
    name,
    sql: z.string().min(1).meta({ description: "A query returning the failing rows." }),
    description: description.optional(),
    severity: z.enum(["warn", "error"]).optional(),
    depends_on: z.array(reference).optional(),
  })
  .meta({ title: "SingularTest" });

const { semanticModelSchema, semanticMetricSchema, savedQuerySchema } = semanticSchemas({ name, description, owners, tags, meta });

const nativeManifestShape = z.strictObject({
  $schema: z.string().optional().meta({ description: "For editors: the URL or path of this JSON Schema." }),
  format: z.literal(NATIVE_FORMAT),
  project: name.meta({ description: "The project's name; part of every unique id." }),
  adapter: z.string().min(1).optional().meta({ description: "The SQL dialect: postgres, snowflake, bigquery, …" }),
  models: z.array(modelSchema).default([]),
  sources: z.array(sourceSchema).default([]),
  exposures: z.array(exposureSchema).default([]),
  metrics: z.array(metricSchema).default([]),
  tests: z.array(singularTestSchema).default([]).meta({ description: "Singular tests: SQL files that return failing rows." }),
  groups: z.array(groupSchema).default([]),
  semantic_models: z.array(semanticModelSchema).default([]),
  semantic_metrics: z.array(semanticMetricSchema).default([]).meta({ description: "Semantic-layer metrics (MetricFlow); `metrics` holds the dbt ≤ 1.5 kind." }),
  saved_queries: z.array(savedQuerySchema).default([]),
});

export const nativeManifestSchema = nativeManifestShape
  .superRefine(reportDuplicateNames)
  .meta({
    title: "Tributary manifest",
    description: "Models, sources, exposures, metrics and tests of a pipeline that is not dbt, posted to Tributary.",
  });

export type NativeManifest = z.infer<typeof nativeManifestSchema>;
export type NativeManifestInput = z.input<typeof nativeManifestSchema>;
export type NativeModel = NativeManifest["models"][number];
export type NativeSource = NativeManifest["sources"][number];
export type NativeSourceTable = NativeSource["tables"][number];
export type NativeExposure = NativeManifest["exposures"][number];
export type NativeMetric = NativeManifest["metrics"][number];
export type NativeColumn = z.infer<typeof columnSchema>;
export type NativeTest = z.infer<typeof nativeTestSchema>;
export type NativeOwner = z.infer<typeof ownerSchema>;
export type NativeGroup = z.infer<typeof groupSchema>;
export type NativeSemanticModel = z.infer<typeof semanticModelSchema>;
export type NativeSemanticMetric = z.infer<typeof semanticMetricSchema>;
export type NativeSavedQuery = z.infer<typeof savedQuerySchema>;

/** `orders`, or `orders.v2` for one version of a versioned model. */
export const versionedName = (model: { name: string; version?: string | number | undefined }): string =>
  model.version === undefined ? model.name : `${model.name}.v${model.version}`;

/** Two models, tables, exposures or columns with one name would collide in the catalog. */
function reportDuplicateNames(manifest: z.output<typeof nativeManifestShape>, ctx: z.RefinementCtx): void {
  const once = (names: string[], path: (index: number) => PropertyKey[], what: string): void => {
    const seen = new Set<string>();
    names.forEach((value, index) => {
      if (seen.has(value)) {
        ctx.addIssue({ code: "custom", path: path(index), message: `a unique ${what} (${JSON.stringify(value)} is repeated)` });
      }
      seen.add(value);
    });
  };
  once(manifest.models.map(versionedName), (i) => ["models", i, "name"], "model name");
  once(manifest.exposures.map((e) => e.name), (i) => ["exposures", i, "name"], "exposure name");
  // Both kinds of metric share one name space (their unique ids).
  once([...manifest.metrics, ...manifest.semantic_metrics].map((m) => m.name), (i) => (i < manifest.metrics.length ? ["metrics", i, "name"] : ["semantic_metrics", i - manifest.metrics.length, "name"]), "metric name");
  once(manifest.semantic_models.map((m) => m.name), (i) => ["semantic_models", i, "name"], "semantic model name");
  once(manifest.saved_queries.map((q) => q.name), (i) => ["saved_queries", i, "name"], "saved query name");
  once(manifest.tests.map((t) => t.name), (i) => ["tests", i, "name"], "test name");
  once(manifest.groups.map((g) => g.name), (i) => ["groups", i, "name"], "group name");
  const groups = new Set(manifest.groups.map((g) => g.name));
  const grouped: [string, { group?: string | undefined }[]][] = [["models", manifest.models], ["semantic_models", manifest.semantic_models], ["semantic_metrics", manifest.semantic_metrics], ["saved_queries", manifest.saved_queries]];
  for (const [key, list] of grouped) {
    list.forEach((item, i) => {
      if (item.group !== undefined && !groups.has(item.group)) ctx.addIssue({ code: "custom", path: [key, i, "group"], message: `a group of \`groups\` (${JSON.stringify(item.group)} is none)` });
    });
  }
  once(manifest.sources.map((s) => s.name), (i) => ["sources", i, "name"], "source name");
  manifest.sources.forEach((source, s) =>
    once(source.tables.map((t) => t.name), (i) => ["sources", s, "tables", i, "name"], "table name within the source"),
  );
  manifest.models.forEach((model, m) =>
    once((model.columns ?? []).map((c) => c.name.toLowerCase()), (i) => ["models", m, "columns", i, "name"], "column name"),
  );
}
