/**
 * Regenerates the checked-in schemas (`npm run schema:emit`); tests fail when they are stale.
 */
import "reflect-metadata";
import { writeFileSync } from "node:fs";
import { schemaSdl } from "../src/graphql/sdl.js";

writeFileSync("schema/schema.graphql", await schemaSdl());
console.log("wrote schema/schema.graphql");
