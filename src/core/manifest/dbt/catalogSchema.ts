/** zod schema of dbt `catalog.json` (v1): the warehouse's view of each relation's columns. */
import { z } from "zod";

const text = z.string().nullish();

const catalogTableSchema = z.looseObject({
  /** `owner` here is the database role owning the relation, never a person: not read. */
  metadata: z.looseObject({ type: text, database: text, schema: text, name: text, comment: text }).nullish(),
  columns: z.record(
    z.string(),
    z.looseObject({ name: z.string(), type: text, index: z.number().nullish(), comment: text }),
  ),
});

export const dbtCatalogSchema = z.looseObject({
  metadata: z.looseObject({ dbt_schema_version: z.string() }),
  nodes: z.record(z.string(), catalogTableSchema),
  sources: z.record(z.string(), catalogTableSchema).nullish(),
});

export type DbtCatalog = z.infer<typeof dbtCatalogSchema>;
export type DbtCatalogTable = z.infer<typeof catalogTableSchema>;
