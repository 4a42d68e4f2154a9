/** What a client posts: a batch of metric values (REST, GraphQL and `tributary observe`). */
import { z } from "zod";
import { canonicalJson } from "../canonicalJson.js";

/** Rows per request: a year of daily points for ~130 series; larger loads go in several requests. */
export const MAX_OBSERVATIONS_PER_BATCH = 50_000;
export const DEFAULT_MEASURE = "value";

const dimensions = z
  .record(z.string().min(1, "a dimension name must not be empty").max(100), z.string().max(500, "a dimension value is at most 500 characters"))
  .refine((d) => Object.keys(d).length <= 20, "at most 20 dimensions per observation");

export const observationInput = z
  .strictObject({
    /** The unique id of the asset measured (a model, a source, a dbt metric, …). */
    asset: z.string().min(1, "asset must be an asset's unique id").max(1000),
    /** Which project's asset, when the unique id is in several projects of the tenant. */
    project: z.string().min(1).max(200).optional(),
    /** The measure's name (row_count, revenue, …); one asset can have several. */
    name: z.string().min(1).max(200).default(DEFAULT_MEASURE),
    at: z.iso.datetime({ offset: true, error: "at must be an ISO 8601 date-time with a time zone" }).optional(),
    date: z.iso.date({ error: "date must be YYYY-MM-DD" }).optional(),
    value: z.number({ error: "value must be a finite number" }).finite("value must be a finite number"),
    dimensions: dimensions.optional(),
  })
  .refine((o) => (o.at === undefined) !== (o.date === undefined), { message: "give exactly one of at and date", path: ["at"] });

export const observationBatch = z.strictObject({
  observations: z
    .array(observationInput)
    .min(1, "observations must list at least one value")
    .max(MAX_OBSERVATIONS_PER_BATCH, `at most ${MAX_OBSERVATIONS_PER_BATCH} observations per request`),
});

export type ObservationInput = z.input<typeof observationInput>;
export type ValidObservation = z.output<typeof observationInput>;

/** A date is its UTC midnight, so daily series line up whichever way they were posted. */
export function observationTime(o: Pick<ValidObservation, "at" | "date">): Date {
  return new Date(o.at ?? `${o.date}T00:00:00Z`);
}

/** A series' dimension values as its identity: key order does not matter. */
export function dimensionsKey(values: Record<string, string> | undefined): string {
  return canonicalJson(values ?? {});
}

/** A series' identity (asset, measure, dimensionsKey) as one string, to key maps by. */
export function seriesKey(assetId: string, name: string, dimensionsKey: string): string {
  return `${assetId}\u0000${name}\u0000${dimensionsKey}`;
}
