/**
 * Paths to the shared, read-only dbt fixtures beside the repository (`../shared/fixtures/dbt`),
 * or in TRIBUTARY_SHARED_DIR (a git worktree has no shared/ beside it).
 */
import { fileURLToPath } from "node:url";
import path from "node:path";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

export function fixturePath(...parts: string[]): string {
  return path.join(process.env.TRIBUTARY_SHARED_DIR ?? path.join(repoRoot, "..", "shared"), "fixtures", "dbt", ...parts);
}
