/**
 * Read queries for projects and their manifest versions. Batch functions take many ids and
 * answer in one query, for the per-request DataLoaders of the GraphQL layer.
 */
import { notFound } from "../../core/errors.js";
import type { AssetKind, ManifestVersion, Project } from "../../generated/prisma/client.js";
import type { TenantContext } from "../actor.js";
import type { Page } from "./page.js";

export function findProject(ctx: TenantContext, name: string): Promise<Project | null> {
  return ctx.db.project.findFirst({ where: { name } });
}

export async function listProjects(ctx: TenantContext, page: Page): Promise<{ rows: Project[]; total: number }> {
  const [rows, total] = await Promise.all([
    ctx.db.project.findMany({ orderBy: [{ name: "asc" }], skip: page.skip, take: page.take }),
    ctx.db.project.count(),
  ]);
  return { rows, total };
}

export async function projectsByIds(ctx: TenantContext, ids: readonly string[]): Promise<Map<string, Project>> {
  const rows = await ctx.db.project.findMany({ where: { id: { in: [...ids] } } });
  return new Map(rows.map((row) => [row.id, row]));
}

/** Live (not removed) assets per project and kind. */
export async function assetCountsByProject(ctx: TenantContext, projectIds: readonly string[]): Promise<Map<string, Map<AssetKind, number>>> {
  const groups = await ctx.db.asset.groupBy({
    by: ["projectId", "kind"],
    where: { projectId: { in: [...projectIds] }, removedAt: null },
    _count: { _all: true },
  });
  const counts = new Map<string, Map<AssetKind, number>>();
  for (const group of groups) {
    const perKind = counts.get(group.projectId) ?? new Map<AssetKind, number>();
    perKind.set(group.kind, group._count._all);
    counts.set(group.projectId, perKind);
  }
  return counts;
}

export async function manifestVersionsByIds(ctx: TenantContext, ids: readonly string[]): Promise<Map<string, ManifestVersion>> {
  const rows = await ctx.db.manifestVersion.findMany({ where: { id: { in: [...ids] } } });
  return new Map(rows.map((row) => [row.id, row]));
}

/** A project's posts, newest first. An unknown project (or another tenant's) is "not found". */
export async function listManifestVersions(ctx: TenantContext, projectName: string, page: Page): Promise<{ rows: ManifestVersion[]; total: number }> {
  const project = await findProject(ctx, projectName);
  if (!project) throw notFound("Project", projectName);
  const where = { projectId: project.id };
  const [rows, total] = await Promise.all([
    ctx.db.manifestVersion.findMany({ where, orderBy: [{ createdAt: "desc" }, { id: "desc" }], skip: page.skip, take: page.take }),
    ctx.db.manifestVersion.count({ where }),
  ]);
  return { rows, total };
}
