/** Paths to the shared, read-only dbt fixtures beside the repository (`../shared/fixtures/dbt`). */
import { fileURLToPath } from "node:url";
import path from "node:path";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

export function fixturePath(...parts: string[]): string {
  return path.join(repoRoot, "..", "shared", "fixtures", "dbt", ...parts);
}
