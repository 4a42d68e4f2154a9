/**
 * Writes folded event rows (core/openlineage/eventRows.ts) with one upsert per table, all in one
 * statement. Each upsert applies the same rule as the core's fold, in SQL: so the rows end the same whatever
 * the order of events and however many processes write them at once (an upsert locks its row,
 * and ON CONFLICT sees the row as committed by the other writer). Rows come sorted by key, so
 * concurrent writers lock them in the same order.
 */
import type { EventRows, FacetRow } from "../../core/openlineage/eventRows.js";

interface RawExecutor {
  $executeRawUnsafe(query: string, ...values: unknown[]): PromiseLike<number>;
  $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): PromiseLike<T>;
}

const LATER = (table: string) =>
  `(EXCLUDED."eventTime" > ${table}."eventTime" OR (EXCLUDED."eventTime" = ${table}."eventTime" AND EXCLUDED."eventHash" > ${table}."eventHash"))`;

/**
 * Answers the facet rows that are now the stored ones (their upsert wrote them): until commit
 * they are locked, so the fold may read them here rather than back from the database.
 */
export async function writeEventRows(db: RawExecutor, tenantId: string, rows: EventRows): Promise<FacetRow[]> {
  if (rows.jobs.length + rows.datasets.length + rows.jobDatasets.length + rows.runs.length + rows.facets.length === 0) return [];
  const laterEnd = `(EXCLUDED."endedAt" IS NOT NULL AND (r."endedAt" IS NULL OR EXCLUDED."endedAt" > r."endedAt" OR (EXCLUDED."endedAt" = r."endedAt" AND EXCLUDED."endEventHash" > r."endEventHash")))`;
  // One statement, one round trip: the tables are independent of each other, so their upserts
  // run as sub-statements of one (each applies its own rule; an empty list writes nothing).
  const written = await db.$queryRawUnsafe<{ owner: string; ownerKey: string; name: string }[]>(
    `WITH jobs AS (
       INSERT INTO "OpenLineageJob" ("tenantId", "namespace", "name")
       SELECT $1, x."namespace", x."name" FROM jsonb_to_recordset($2::jsonb) AS x("namespace" text, "name" text)
       ON CONFLICT DO NOTHING),
     datasets AS (
       INSERT INTO "OpenLineageDataset" ("tenantId", "namespace", "name")
       SELECT $1, x."namespace", x."name" FROM jsonb_to_recordset($3::jsonb) AS x("namespace" text, "name" text)
       ON CONFLICT DO NOTHING),
     job_datasets AS (
       INSERT INTO "OpenLineageJobDataset" AS d ("tenantId", "jobNamespace", "jobName", "direction", "datasetNamespace", "datasetName", "lastEventTime")
       SELECT $1, x."jobNamespace", x."jobName", x."direction"::"OpenLineageDirection", x."datasetNamespace", x."datasetName", x."lastEventTime"
       FROM jsonb_to_recordset($4::jsonb) AS x("jobNamespace" text, "jobName" text, "direction" text, "datasetNamespace" text, "datasetName" text, "lastEventTime" timestamptz)
       ON CONFLICT ("tenantId", "jobNamespace", "jobName", "direction", "datasetNamespace", "datasetName")
       DO UPDATE SET "lastEventTime" = GREATEST(d."lastEventTime", EXCLUDED."lastEventTime")),
     runs AS (
       INSERT INTO "OpenLineageRun" AS r ("tenantId", "runId", "jobNamespace", "jobName", "startedAt", "firstEventAt", "lastEventAt", "endState", "endedAt", "endEventHash", "parentRunId", "parentJobNamespace", "parentJobName")
       SELECT $1, x."runId", x."jobNamespace", x."jobName", x."startedAt", x."firstEventAt", x."lastEventAt", x."endState", x."endedAt", x."endEventHash", x."parentRunId", x."parentJobNamespace", x."parentJobName"
       FROM jsonb_to_recordset($5::jsonb) AS x("runId" text, "jobNamespace" text, "jobName" text, "startedAt" timestamptz, "firstEventAt" timestamptz, "lastEventAt" timestamptz,
         "endState" text, "endedAt" timestamptz, "endEventHash" text, "parentRunId" text, "parentJobNamespace" text, "parentJobName" text)
       ON CONFLICT ("tenantId", "runId") DO UPDATE SET
         "startedAt" = LEAST(r."startedAt", EXCLUDED."startedAt"),
         "firstEventAt" = LEAST(r."firstEventAt", EXCLUDED."firstEventAt"),
         "lastEventAt" = GREATEST(r."lastEventAt", EXCLUDED."lastEventAt"),
         "endState" = CASE WHEN ${laterEnd} THEN EXCLUDED."endState" ELSE r."endState" END,
         "endEventHash" = CASE WHEN ${laterEnd} THEN EXCLUDED."endEventHash" ELSE r."endEventHash" END,
         "endedAt" = CASE WHEN ${laterEnd} THEN EXCLUDED."endedAt" ELSE r."endedAt" END,
         "parentRunId" = COALESCE(r."parentRunId", EXCLUDED."parentRunId"),
         "parentJobNamespace" = COALESCE(r."parentJobNamespace", EXCLUDED."parentJobNamespace"),
         "parentJobName" = COALESCE(r."parentJobName", EXCLUDED."parentJobName")),
     facets AS (
       INSERT INTO "OpenLineageFacet" AS f ("tenantId", "owner", "ownerKey", "name", "value", "eventTime", "eventHash")
       SELECT $1, x."owner"::"OpenLineageFacetOwner", x."ownerKey", x."name", x."value", x."eventTime", x."eventHash"
       FROM jsonb_to_recordset($6::jsonb) AS x("owner" text, "ownerKey" text, "name" text, "value" jsonb, "eventTime" timestamptz, "eventHash" text)
       ON CONFLICT ("tenantId", "owner", "ownerKey", "name") DO UPDATE SET
         "value" = EXCLUDED."value", "eventTime" = EXCLUDED."eventTime", "eventHash" = EXCLUDED."eventHash"
       WHERE ${LATER("f")}
       RETURNING "owner"::text AS "owner", "ownerKey", "name")
     SELECT "owner", "ownerKey", "name" FROM facets`,
    tenantId,
    JSON.stringify(rows.jobs),
    JSON.stringify(rows.datasets),
    JSON.stringify(rows.jobDatasets),
    JSON.stringify(rows.runs),
    JSON.stringify(rows.facets),
  );
  const key = (f: { owner: string; ownerKey: string; name: string }) => JSON.stringify([f.owner, f.ownerKey, f.name]);
  const stored = new Set(written.map(key));
  return rows.facets.filter((f) => stored.has(key(f)));
}
