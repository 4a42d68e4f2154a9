/**
 * Health of a project (optionally one layer) or of one asset over a window ending now, with
 * trend points (hours of a day, days of a week or a month). The arithmetic is core/health's;
 * this reads the run history, the freshness log and test results of the assets in scope.
 */
import { computeHealth, HEALTH_WINDOWS, windowBuckets, type Health, type HealthTransition, type HealthWindow } from "../../core/health/health.js";
import { notFound } from "../../core/errors.js";
import type { Layer } from "../../generated/prisma/enums.js";
import type { TenantContext } from "../actor.js";

export interface HealthScope {
  projectId?: string;
  layer?: Layer | null;
  assetId?: string;
}

export interface HealthPoint extends Health {
  from: Date;
  to: Date;
}

export interface HealthReport extends Health {
  window: HealthWindow;
  from: Date;
  to: Date;
  trend: HealthPoint[];
}

/** Kinds whose description counts for documentation coverage. */
const DOCUMENTED_KINDS = ["MODEL", "SOURCE", "SEED", "SNAPSHOT"] as const;

export async function healthOf(ctx: TenantContext, scope: HealthScope, window: HealthWindow, now: Date): Promise<HealthReport> {
  const from = new Date(now.getTime() - HEALTH_WINDOWS[window].days * 86_400_000);
  const assets = await ctx.db.asset.findMany({
    where: {
      removedAt: null,
      ...(scope.assetId ? { id: scope.assetId } : {}),
      ...(scope.projectId ? { projectId: scope.projectId } : {}),
      ...(scope.layer ? { layer: scope.layer } : {}),
    },
    select: { id: true, kind: true, description: true },
  });
  const ids = assets.map((a) => a.id);
  const [runs, before, within, tests] = await Promise.all([
    ctx.db.assetRun.findMany({ where: { assetId: { in: ids }, completedAt: { gte: from, lte: now } }, select: { assetId: true, status: true, completedAt: true } }),
    ctx.db.freshnessTransition.findMany({ where: { assetId: { in: ids }, at: { lt: from } }, orderBy: [{ assetId: "asc" }, { at: "desc" }], distinct: ["assetId"], select: { assetId: true, state: true, at: true } }),
    ctx.db.freshnessTransition.findMany({ where: { assetId: { in: ids }, at: { gte: from, lte: now } }, select: { assetId: true, state: true, at: true } }),
    ctx.db.runResult.findMany({ where: { assetId: { in: ids }, testId: { not: null }, at: { gte: from, lte: now } }, select: { status: true, at: true } }),
  ]);
  const documentable = assets.filter((a) => (DOCUMENTED_KINDS as readonly string[]).includes(a.kind));
  const documented = documentable.filter((a) => a.description && a.description.trim() !== "").length;
  const transitions: HealthTransition[] = [...before, ...within];
  const measure = (start: Date, end: Date): Health =>
    computeHealth({
      from: start,
      to: end,
      runs: runs.filter((r) => r.completedAt >= start && r.completedAt <= end),
      transitions: transitions.filter((t) => t.at <= end),
      testStatuses: tests.filter((t) => t.at >= start && t.at <= end).map((t) => t.status),
      documented,
      assets: documentable.length,
    });
  return {
    window,
    from,
    to: now,
    ...measure(from, now),
    trend: windowBuckets(window, now).map((bucket) => ({ ...bucket, ...measure(bucket.from, bucket.to) })),
  };
}

/** A project's health by its name (REST and `tributary health`); NOT_FOUND for a project the tenant has not. */
export async function projectHealth(ctx: TenantContext, name: string, window: HealthWindow, layer: Layer | null, now: Date): Promise<HealthReport & { project: string; layer: Layer | null }> {
  const project = await ctx.db.project.findFirst({ where: { name }, select: { id: true } });
  if (!project) throw notFound("Project", name);
  return { project: name, layer, ...(await healthOf(ctx, { projectId: project.id, layer }, window, now)) };
}
