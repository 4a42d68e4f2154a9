import { z } from "zod";
import { dialectSchema } from "./dialect.js";

/** Upstream relations' columns: `{ "analytics.orders": { "id": "integer", … } }`; keys may be `ref('x')` too. */
export const tableSchemaSchema = z.record(z.string(), z.record(z.string(), z.string()));

export const sqlAnalysisInputSchema = z.object({
  sql: z.string(),
  dialect: dialectSchema.optional(),
  schema: tableSchemaSchema.optional(),
  /** Fill in for names written without a database/schema when matching `schema` keys. */
  defaultDatabase: z.string().optional(),
  defaultSchema: z.string().optional(),
  /** Wall-clock bound for this input; the result so far is returned when it runs out. Default 2000 ms. */
  timeBudgetMs: z.number().positive().optional(),
});

export type SqlAnalysisInput = z.infer<typeof sqlAnalysisInputSchema>;
export type TableSchema = z.infer<typeof tableSchemaSchema>;
