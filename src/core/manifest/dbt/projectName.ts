/**
 * The root project's name: `metadata.project_name` from v10 on. Older manifests only carry
 * `project_id`, the md5 of that name, so it is recovered by hashing the package names present.
 */
import { createHash } from "node:crypto";
import type { DbtManifest } from "./manifestSchema.js";

export function projectNameOf(manifest: DbtManifest, packageNames: Iterable<string>): string | null {
  const stated = manifest.metadata.project_name;
  if (typeof stated === "string" && stated !== "") return stated;
  const projectId = manifest.metadata.project_id;
  if (typeof projectId !== "string") return null;
  for (const name of packageNames) {
    if (createHash("md5").update(name).digest("hex") === projectId) return name;
  }
  return null;
}
