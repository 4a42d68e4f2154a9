/**
 * dbt Mesh: a model may read a model of another dbt project (`ref('other_project', 'orders')`),
 * which its manifest lists as `model.other_project.orders` without containing it. Such a
 * dependency is kept for cross-project lineage (core/lineage/crossProjectLinks.ts) instead of
 * being dropped as unknown.
 */
import type { Diagnostic } from "../diagnostic.js";

/** A model id of a project other than `projectName` (which this manifest does not hold). */
export function isOtherProjectModel(uniqueId: string, projectName: string | null): boolean {
  const [resourceType, packageName] = uniqueId.split(".");
  return resourceType === "model" && !!packageName && packageName !== projectName;
}

export function crossProjectRefDiagnostic(child: string, parent: string, path?: string): Diagnostic {
  return {
    code: "CROSS_PROJECT_REF",
    severity: "info",
    message: `${child} depends on ${parent} of another project; it is linked when that project is in this tenant.`,
    ...(path === undefined ? {} : { path }),
    uniqueId: child,
  };
}
