import { lexicographicSortSchema, printSchema } from "graphql";
import { tributarySchema } from "./schema.js";

/** The API's SDL as checked in at schema/schema.graphql. */
export async function schemaSdl(): Promise<string> {
  // Sorted, so the file changes only when the API does, not when imports are reordered.
  return printSchema(lexicographicSortSchema(await tributarySchema())) + "\n";
}
