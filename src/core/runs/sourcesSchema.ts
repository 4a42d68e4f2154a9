/**
 * zod schema of dbt `sources.json`, the `dbt source freshness` artifact, schema versions v1 … v3
 * (dbt 0.19 … 1.x): the fields Tributary reads. A check that could not run is
 * `{unique_id, status: "runtime error", error}`; one that ran has its times and criteria.
 */
import { z } from "zod";

const text = z.string().nullish();
const period = z.object({ count: z.int().nullish(), period: z.enum(["minute", "hour", "day"]).nullish() }).nullish();

export const SUPPORTED_SOURCES_VERSIONS = { min: 1, max: 3 } as const;

export const dbtSourcesSchema = z.looseObject({
  metadata: z.looseObject({ dbt_schema_version: z.string(), generated_at: text, invocation_id: text }),
  results: z.array(
    z.looseObject({
      unique_id: z.string().min(1),
      /** pass, warn, error, runtime error */
      status: z.string(),
      max_loaded_at: text,
      snapshotted_at: text,
      execution_time: z.number().nullish(),
      error: z.union([z.string(), z.number()]).nullish(),
      criteria: z.looseObject({ warn_after: period, error_after: period }).nullish(),
      adapter_response: z.record(z.string(), z.unknown()).nullish(),
      timing: z.array(z.looseObject({ name: z.string(), started_at: text, completed_at: text })).nullish(),
    }),
  ),
});

export type DbtSources = z.infer<typeof dbtSourcesSchema>;
export type DbtSourceResult = DbtSources["results"][number];
