/**
 * Writes schema/manifest.schema.json from the native manifest's zod schema.
 * Run with `npx tsx scripts/emitManifestSchema.ts`; a unit test fails while the file is stale.
 */
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { nativeManifestJsonSchema } from "../src/core/manifest/native/manifestJsonSchema.js";

export const MANIFEST_SCHEMA_FILE = fileURLToPath(new URL("../schema/manifest.schema.json", import.meta.url));

export function manifestSchemaText(): string {
  return `${JSON.stringify(nativeManifestJsonSchema(), null, 2)}\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(MANIFEST_SCHEMA_FILE, manifestSchemaText());
  console.log(`wrote ${MANIFEST_SCHEMA_FILE}`);
}
