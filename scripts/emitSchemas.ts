/**
 * Regenerates the checked-in schemas (`npm run schema:emit`); tests fail when they are stale.
 */
import "reflect-metadata";
import { writeFileSync } from "node:fs";
import { schemaSdl } from "../src/graphql/sdl.js";
import { MANIFEST_SCHEMA_FILE, manifestSchemaText } from "./emitManifestSchema.js";

writeFileSync("schema/schema.graphql", await schemaSdl());
writeFileSync(MANIFEST_SCHEMA_FILE, manifestSchemaText());
console.log("wrote schema/schema.graphql and schema/manifest.schema.json");
