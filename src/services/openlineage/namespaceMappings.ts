/**
 * Namespace mappings: an OpenLineage dataset namespace (`postgres://warehouse:5432`) whose
 * datasets are one project's relations. A dataset whose relation several projects build (or
 * read) is merged with that project's model only once its namespace is mapped
 * (core/openlineage/datasetIdentity.ts). Set by an ADMIN; moves the lineage revision, so the
 * graphs are rebuilt with the new merges.
 */
import { z } from "zod";
import { AppError, notFound } from "../../core/errors.js";
import { OPENLINEAGE_PROJECT } from "../../core/openlineage/catalogNames.js";
import { parseInput } from "../../core/validation.js";
import type { TenantContext } from "../actor.js";
import { recordAudit } from "../audit.js";
import { assertRole } from "../tokens.js";

export const namespaceMappingInput = z.object({
  namespace: z.string().trim().min(1).max(1000),
  /** The project's name; null removes the mapping. */
  project: z.string().trim().min(1).max(200).nullable(),
});

export interface NamespaceMapping {
  namespace: string;
  project: string;
}

export async function namespaceMappings(ctx: TenantContext): Promise<NamespaceMapping[]> {
  const rows = await ctx.db.openLineageNamespaceMapping.findMany({ include: { project: { select: { name: true } } }, orderBy: { namespace: "asc" } });
  return rows.map((row) => ({ namespace: row.namespace, project: row.project.name }));
}

/** Maps the namespace to the project (or removes its mapping); answers all mappings. */
export async function setNamespaceMapping(ctx: TenantContext, input: unknown): Promise<NamespaceMapping[]> {
  assertRole(ctx, "ADMIN");
  const { namespace, project } = parseInput(namespaceMappingInput, input);
  if (project === OPENLINEAGE_PROJECT) throw new AppError("BAD_USER_INPUT", `${OPENLINEAGE_PROJECT} holds OpenLineage's own assets: map the namespace to a dbt project`, { path: "$.input.project" });
  await ctx.db.$transaction(async (tx) => {
    if (project === null) {
      await tx.openLineageNamespaceMapping.deleteMany({ where: { namespace } });
    } else {
      const found = await tx.project.findFirst({ where: { name: project }, select: { id: true } });
      if (!found) throw notFound("Project", project);
      await tx.openLineageNamespaceMapping.upsert({ where: { tenantId_namespace: { tenantId: ctx.tenant.id, namespace } }, create: { tenantId: ctx.tenant.id, namespace, projectId: found.id }, update: { projectId: found.id } });
    }
    await recordAudit(ctx, tx, { action: "openlineage.map_namespace", targetType: "OpenLineageNamespace", targetId: namespace, details: { project }, catalogChange: "lineage" });
  });
  return namespaceMappings(ctx);
}
