/** Paths to the dbt fixtures kept in the repository (`tests/fixtures/dbt`, provenance in its SOURCES.md). */
import { fileURLToPath } from "node:url";
import path from "node:path";

const fixturesRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "fixtures", "dbt");

export function fixturePath(...parts: string[]): string {
  return path.join(fixturesRoot, ...parts);
}
