/**
 * Job containment from the runs' `parent` facets: an Airflow task's DAG, a dbt model job's
 * `dbt run`, a Spark application's Airflow task. The parent of a job is the parent job of its
 * run with the latest event (a task moved to another DAG follows it); its children are the jobs
 * of every run naming it as parent. Only jobs that are assets (seen in an event of their own).
 */
import { jobUniqueId, OPENLINEAGE_PROJECT } from "../../core/openlineage/catalogNames.js";
import type { TenantContext } from "../actor.js";

/** Asset row id of the parent job of the job asset `jobAssetId`, or null. */
export async function parentJobOf(ctx: TenantContext, jobAssetId: string): Promise<string | null> {
  const [row] = await ctx.db.$queryRaw<{ id: string }[]>`
    SELECT p."id" FROM "Asset" j
    JOIN LATERAL (
      SELECT r."parentJobNamespace", r."parentJobName" FROM "OpenLineageRun" r
      WHERE r."tenantId" = j."tenantId" AND r."jobNamespace" = j."subtype" AND r."jobName" = j."name" AND r."parentJobName" IS NOT NULL
      ORDER BY r."lastEventAt" DESC, r."runId" DESC LIMIT 1) r ON true
    JOIN "Asset" p ON p."tenantId" = j."tenantId" AND p."projectId" = j."projectId" AND p."kind" = 'JOB'
      AND p."uniqueId" = 'job:' || r."parentJobNamespace" || ':' || r."parentJobName"
    WHERE j."tenantId" = ${ctx.tenant.id} AND j."id" = ${jobAssetId} AND j."kind" = 'JOB'`;
  return row?.id ?? null;
}

/** Asset row ids of the jobs whose runs name the job asset `jobAssetId` as parent, by unique id. */
export async function childJobsOf(ctx: TenantContext, jobAssetId: string): Promise<string[]> {
  const job = await ctx.db.asset.findFirst({ where: { id: jobAssetId, kind: "JOB", project: { name: OPENLINEAGE_PROJECT } }, select: { subtype: true, name: true, projectId: true } });
  if (!job?.subtype) return [];
  const children = await ctx.db.openLineageRun.findMany({
    where: { parentJobNamespace: job.subtype, parentJobName: job.name },
    distinct: ["jobNamespace", "jobName"],
    select: { jobNamespace: true, jobName: true },
  });
  if (children.length === 0) return [];
  const rows = await ctx.db.asset.findMany({
    where: { projectId: job.projectId, kind: "JOB", uniqueId: { in: children.map((c) => jobUniqueId(c.jobNamespace, c.jobName)) } },
    select: { id: true },
    orderBy: { uniqueId: "asc" },
  });
  return rows.map((row) => row.id);
}
