/**
 * What an OpenLineage job is and what ran it, read where the facets are stored: its `jobType`
 * job facet (processing type, integration, job type) and the `processing_engine` run facet of
 * its latest run that has one (engine name and version, OpenLineage adapter version).
 *
 * The intake folds the same view (foldJobFacets) into OpenLineageJob.catalogFacets, only so
 * that the catalog revision moves when, and only when, what the catalog shows of a job changes:
 * a producer repeats the same facets on every run. Reads never use that copy.
 */
import { nameKey, type EventRows, type NameRow } from "../../core/openlineage/eventRows.js";
import type { TenantDb, TenantTx } from "../../db/tenantScope.js";
import type { TenantContext } from "../actor.js";
import { storedFacets } from "./facetStore.js";

export interface JobFacetValues {
  processingType: string | null;
  integration: string | null;
  jobType: string | null;
  processingEngine: { name: string | null; version: string | null; openlineageAdapterVersion: string | null } | null;
}

export interface JobFacets extends JobFacetValues {
  namespace: string;
  name: string;
}

const text = (value: unknown): string | null => (typeof value === "string" && value !== "" ? value : null);

/** Each job asset's facets (assets of other kinds get none). */
export async function jobFacetsOfAssets(ctx: TenantContext, assetIds: readonly string[]): Promise<Map<string, JobFacets>> {
  const jobs = await ctx.db.$queryRawUnsafe<{ assetId: string; namespace: string; name: string }[]>(
    `SELECT a."id" AS "assetId", j."namespace", j."name"
     FROM "Asset" a JOIN "OpenLineageJob" j ON j."tenantId" = a."tenantId" AND 'job:' || j."namespace" || ':' || j."name" = a."uniqueId"
     WHERE a."tenantId" = $1 AND a."id" = ANY($2::text[]) AND a."kind" = 'JOB'`,
    ctx.tenant.id,
    [...assetIds],
  );
  const values = await jobFacetsOfJobs(ctx.db, ctx.tenant.id, jobs);
  return new Map(jobs.map((job) => [job.assetId, { namespace: job.namespace, name: job.name, ...values.get(nameKey(job.namespace, job.name))! }]));
}

/** Each job's facets, by nameKey. */
async function jobFacetsOfJobs(db: TenantDb | TenantTx, tenantId: string, jobs: readonly NameRow[]): Promise<Map<string, JobFacetValues>> {
  if (jobs.length === 0) return new Map();
  const [jobTypes, engines] = await Promise.all([
    storedFacets(db, tenantId, "JOB", "jobType", jobs.map((j) => nameKey(j.namespace, j.name))),
    db.$queryRawUnsafe<{ namespace: string; name: string; value: Record<string, unknown> }[]>(
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
        key,
        {
          processingType: text(jobType?.processingType),
          integration: text(jobType?.integration),
          jobType: text(jobType?.jobType),
          processingEngine: engine ? { name: text(engine.name), version: text(engine.version), openlineageAdapterVersion: text(engine.openlineageAdapterVersion) } : null,
        },
      ];
    }),
  );
}

/** A job with none of these facets: what the catalog shows of a job before any is folded. */
const NO_FACETS = JSON.stringify({ processingType: null, integration: null, jobType: null, processingEngine: null } satisfies JobFacetValues);

/**
 * Folds what the catalog shows of the jobs these rows give a `jobType` facet or a run with a
 * `processing_engine` facet, and answers whether it changed for any. Compared with the copy
 * folded last, under the job row's lock: of two concurrent intakes, the one that commits last
 * compares with what the other left, so the revision moves whenever the committed view changed.
 */
export async function foldJobFacets(tx: TenantTx, tenantId: string, rows: EventRows): Promise<boolean> {
  const jobs = new Map<string, NameRow>();
  for (const facet of rows.facets) {
    if (facet.owner === "JOB" && facet.name === "jobType") {
      const [namespace, name] = JSON.parse(facet.ownerKey) as [string, string];
      jobs.set(facet.ownerKey, { namespace, name });
    }
  }
  const engineRuns = new Set(rows.facets.filter((f) => f.owner === "RUN" && f.name === "processing_engine").map((f) => f.ownerKey));
  for (const run of rows.runs) if (engineRuns.has(run.runId)) jobs.set(nameKey(run.jobNamespace, run.jobName), { namespace: run.jobNamespace, name: run.jobName });
  if (jobs.size === 0) return false;
  const values = await jobFacetsOfJobs(tx, tenantId, [...jobs.values()]);
  const shown = [...jobs].map(([key, job]) => ({ ...job, facets: JSON.stringify(values.get(key)!) }));
  // An upsert of rows that exist, in key order: concurrent intakes lock the jobs in the same order.
  const changed = await tx.$executeRawUnsafe(
    `INSERT INTO "OpenLineageJob" AS j ("tenantId", "namespace", "name", "catalogFacets")
     SELECT $1, x."namespace", x."name", x."facets" FROM jsonb_to_recordset($2::jsonb) AS x("namespace" text, "name" text, "facets" text)
     ORDER BY x."namespace", x."name"
     ON CONFLICT ("tenantId", "namespace", "name") DO UPDATE SET "catalogFacets" = EXCLUDED."catalogFacets"
     WHERE COALESCE(j."catalogFacets", $3) IS DISTINCT FROM EXCLUDED."catalogFacets"`,
    tenantId,
    JSON.stringify(shown),
    NO_FACETS,
  );
  return changed > 0;
}
