/**
 * What an OpenLineage job is and what ran it, read where the facets are stored: its `jobType`
 * job facet (processing type, integration, job type) and the `processing_engine` run facet of
 * its latest run that has one (engine name and version, OpenLineage adapter version).
 */
import { nameKey } from "../../core/openlineage/eventRows.js";
import type { TenantContext } from "../actor.js";
import { storedFacets } from "./facetStore.js";

export interface JobFacets {
  namespace: string;
  name: string;
  processingType: string | null;
  integration: string | null;
  jobType: string | null;
  processingEngine: { name: string | null; version: string | null; openlineageAdapterVersion: string | null } | null;
}

const text = (value: unknown): string | null => (typeof value === "string" && value !== "" ? value : null);

/** Each job asset's facets (assets of other kinds get none). */
export async function jobFacetsOfAssets(ctx: TenantContext, assetIds: readonly string[]): Promise<Map<string, JobFacets>> {
  const tenantId = ctx.tenant.id;
  const jobs = await ctx.db.$queryRawUnsafe<{ assetId: string; namespace: string; name: string }[]>(
    `SELECT a."id" AS "assetId", j."namespace", j."name"
     FROM "Asset" a JOIN "OpenLineageJob" j ON j."tenantId" = a."tenantId" AND 'job:' || j."namespace" || ':' || j."name" = a."uniqueId"
     WHERE a."tenantId" = $1 AND a."id" = ANY($2::text[]) AND a."kind" = 'JOB'`,
    tenantId,
    [...assetIds],
  );
  if (jobs.length === 0) return new Map();
  const [jobTypes, engines] = await Promise.all([
    storedFacets(ctx.db, tenantId, "JOB", "jobType", jobs.map((j) => nameKey(j.namespace, j.name))),
    ctx.db.$queryRawUnsafe<{ namespace: string; name: string; value: Record<string, unknown> }[]>(
      `SELECT DISTINCT ON (r."jobNamespace", r."jobName") r."jobNamespace" AS "namespace", r."jobName" AS "name", f."value"
       FROM "OpenLineageRun" r JOIN "OpenLineageFacet" f
         ON f."tenantId" = r."tenantId" AND f."owner" = 'RUN' AND f."name" = 'processing_engine' AND f."ownerKey" = r."runId" AND f."value" IS NOT NULL
       WHERE r."tenantId" = $1 AND (r."jobNamespace", r."jobName") IN (SELECT x."namespace", x."name" FROM jsonb_to_recordset($2::jsonb) AS x("namespace" text, "name" text))
       ORDER BY r."jobNamespace", r."jobName", f."eventTime" DESC, r."runId" DESC`,
      tenantId,
      JSON.stringify(jobs.map(({ namespace, name }) => ({ namespace, name }))),
    ),
  ]);
  const engineOf = new Map(engines.map((e) => [nameKey(e.namespace, e.name), e.value]));
  return new Map(
    jobs.map((job) => {
      const key = nameKey(job.namespace, job.name);
      const jobType = jobTypes.get(key)?.value as Record<string, unknown> | null | undefined;
      const engine = engineOf.get(key);
      return [
        job.assetId,
        {
          namespace: job.namespace,
          name: job.name,
          processingType: text(jobType?.processingType),
          integration: text(jobType?.integration),
          jobType: text(jobType?.jobType),
          processingEngine: engine ? { name: text(engine.name), version: text(engine.version), openlineageAdapterVersion: text(engine.openlineageAdapterVersion) } : null,
        },
      ];
    }),
  );
}
