import { z } from "zod";
import { dialectSchema } from "./dialect.js";

/** A table's columns: `{ "id": "integer" }` (a type may be null or missing: unknown) or `["id", …]`. */
const columnsSchema = z.union([z.array(z.string()), z.record(z.string(), z.string().nullish())], { error: "expected { column: type or null } or [column, …]" });
type ColumnsInput = z.input<typeof columnsSchema>;

/** Tables, or namespaces holding them, down to `{ database: { schema: { table: columns } } }`. */
const NAMESPACE_DEPTH = 3;
const TABLE_SHAPE = "expected a table's columns ({ column: type or null } or [column, …]) or an object of tables";
const nestedTablesSchema = (depth: number): z.ZodType<unknown> =>
  z.record(z.string(), depth === 0 ? columnsSchema : z.union([columnsSchema, nestedTablesSchema(depth - 1)], { error: TABLE_SHAPE }));

/**
 * Upstream relations' columns, as other tools send them: `{ "analytics.orders": { "id": "integer" } }`,
 * `{ "orders": ["id"] }`, or nested `{ "analytics": { "core": { "orders": { "id": null } } } }`.
 * Keys may be `ref('x')` too. Read as one flat map from dotted table name to column types (`""` unknown).
 */
export const tableSchemaSchema = nestedTablesSchema(NAMESPACE_DEPTH).transform((tables) => flattenTables(tables as NestedTables));

interface NestedTables {
  [name: string]: ColumnsInput | NestedTables;
}

function flattenTables(tables: NestedTables, prefix = "", flat: Record<string, Record<string, string>> = {}): Record<string, Record<string, string>> {
  for (const [name, value] of Object.entries(tables)) {
    const key = prefix + name;
    if (Array.isArray(value)) flat[key] = Object.fromEntries(value.map((column) => [column, ""]));
    else if (Object.values(value).every((type) => type === null || type === undefined || typeof type === "string")) {
      flat[key] = Object.fromEntries(Object.entries(value as Record<string, string | null | undefined>).map(([column, type]) => [column, type ?? ""]));
    } else flattenTables(value as NestedTables, `${key}.`, flat);
  }
  return flat;
}

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
