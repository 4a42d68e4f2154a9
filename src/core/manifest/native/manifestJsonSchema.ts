/** The JSON Schema of the native manifest, generated from its zod schema (the single source). */
import { z } from "zod";
import { nativeManifestSchema } from "./nativeManifestSchema.js";

export const NATIVE_MANIFEST_SCHEMA_ID = "https://tributary.dev/schema/manifest.schema.json";

/**
 * Describes what authors may write (`io: "input"`), so fields with defaults show as optional.
 * Refinements (unique names, one key per test object) are not expressible here; the server
 * still checks them.
 */
export function nativeManifestJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(nativeManifestSchema, { io: "input", target: "draft-2020-12" });
  const { $schema, ...rest } = generated;
  return { $schema, $id: NATIVE_MANIFEST_SCHEMA_ID, ...rest };
}
