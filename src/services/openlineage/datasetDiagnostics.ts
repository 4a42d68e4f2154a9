/** Findings about an OpenLineage dataset's identity (core/openlineage/datasetIdentity.ts), worked out at read time. */
import type { Diagnostic } from "../../core/diagnostic.js";
import { ambiguityDiagnostic } from "../../core/openlineage/datasetIdentity.js";
import type { TenantContext } from "../actor.js";
import { crossProjectLinks } from "../lineage/tenantGraphs.js";

export async function identityDiagnostics(ctx: TenantContext, assetId: string, uniqueId: string): Promise<Diagnostic[]> {
  const ambiguous = (await crossProjectLinks(ctx)).identity.ambiguous.get(assetId);
  if (!ambiguous) return [];
  const projects = await ctx.db.project.findMany({ where: { id: { in: ambiguous.candidates.map((c) => c.projectId) } }, select: { id: true, name: true } });
  return [ambiguityDiagnostic(uniqueId, ambiguous, new Map(projects.map((p) => [p.id, p.name])))];
}
