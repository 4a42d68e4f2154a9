/** A project's dbt groups (stored by services/ingest/projectGroups.ts). */
import type { TenantContext } from "../actor.js";

export function groupsOfProject(ctx: TenantContext, projectId: string) {
  return ctx.db.assetGroup.findMany({ where: { projectId }, orderBy: { name: "asc" } });
}

export function groupNamed(ctx: TenantContext, projectId: string, name: string) {
  return ctx.db.assetGroup.findFirst({ where: { projectId, name } });
}
