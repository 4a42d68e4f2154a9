/** zod schema of dbt `run_results.json` (v1 … v6), the fields Tributary reads. */
import { z } from "zod";

const text = z.string().nullish();

export const dbtRunResultsSchema = z.looseObject({
  metadata: z.looseObject({ dbt_schema_version: z.string(), generated_at: text, invocation_id: text }),
  results: z.array(
    z.looseObject({
      unique_id: z.string(),
      /** success, error, skipped, pass, fail, warn, runtime error, partial success, no-op, reused */
      status: z.string(),
      execution_time: z.number().nullish(),
      failures: z.int().nullish(),
      message: text,
      /** Adapter-specific; `rows_affected` is what most adapters report for a model (run history, observations). */
      adapter_response: z.unknown().optional(),
      timing: z.array(z.looseObject({ name: z.string(), started_at: text, completed_at: text })).nullish(),
    }),
  ),
});

export type DbtRunResults = z.infer<typeof dbtRunResultsSchema>;
export type DbtRunResult = DbtRunResults["results"][number];
