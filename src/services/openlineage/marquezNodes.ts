/**
 * Tributary's assets as Marquez's datasets and jobs: which asset a node id names, and the data
 * Marquez shows for a set of assets (loaded in a fixed number of queries, whatever their
 * number). OpenLineage's jobs and datasets carry their stored facets; dbt models, seeds,
 * snapshots and sources are datasets named by their relation (core/openlineage/marquezIds.ts)
 * with their columns as fields.
 */
import { AppError } from "../../core/errors.js";
import { DBT_DATASET_KINDS, dbtDatasetName, dbtNamespaceParts, parseNodeId, type MarquezName, type ParsedNodeId } from "../../core/openlineage/marquezIds.js";
import { lineageDatasetData, lineageJobData, marquezDataset, marquezJob, marquezRun, type MarquezRun, type RunSource } from "../../core/openlineage/marquezShapes.js";
import { OPENLINEAGE_PROJECT } from "../../core/openlineage/catalogNames.js";
import { nameKey } from "../../core/openlineage/eventRows.js";
import type { Facets } from "../../core/openlineage/types.js";
import { jsonRows } from "../../db/jsonRows.js";
import type { TenantContext } from "../actor.js";

export interface MarquezAsset extends MarquezName {
  assetId: string;
  type: "DATASET" | "JOB";
  /** OpenLineage's own job or dataset (else a dbt asset). */
  openLineage: boolean;
  kind: string;
  description: string | null;
  tags: string[];
  createdAt: Date;
  updatedAt: Date;
}

type AssetRowJson = [string, string, string, string | null, string | null, string | null, string | null, string[], string, string, string | null, boolean, string | null, string | null, string | null];

/** The Marquez name of each of these assets that is a Marquez node (others are left out). */
export async function marquezAssets(ctx: TenantContext, assetIds: readonly string[]): Promise<Map<string, MarquezAsset>> {
  if (assetIds.length === 0) return new Map();
  // OpenLineage's assets are named by the job or dataset they came from: the unique id joins
  // namespace and name with a colon, and both may hold colons, so they are read back from there.
  const rows = await jsonRows<AssetRowJson>(ctx.db.$queryRawUnsafe(
    `SELECT json_agg(json_build_array(a."id", a."kind", a."name", a."database", a."schema", a."relationName", a."description", a."tags",
       a."firstSeenAt", a."lastChangedAt", p."adapter", p."name" = $3, o."namespace", o."name", o."firstSeenAt"))::text AS "rows"
     -- A join, not \`= ANY(…)\`, which PostgreSQL may test against every asset of the tenant.
     FROM unnest($2::text[]) AS u("id")
     JOIN "Asset" a ON a."tenantId" = $1 AND a."id" = u."id"
     JOIN "Project" p ON p."tenantId" = a."tenantId" AND p."id" = a."projectId"
     LEFT JOIN (
       SELECT 'job:' || "namespace" || ':' || "name" AS "uniqueId", "namespace", "name", "firstSeenAt" FROM "OpenLineageJob" WHERE "tenantId" = $1
       UNION ALL
       SELECT 'dataset:' || "namespace" || ':' || "name", "namespace", "name", "firstSeenAt" FROM "OpenLineageDataset" WHERE "tenantId" = $1
     ) o ON p."name" = $3 AND o."uniqueId" = a."uniqueId"
     WHERE a."removedAt" IS NULL`,
    ctx.tenant.id,
    assetIds,
    OPENLINEAGE_PROJECT,
  ));
  const found = new Map<string, MarquezAsset>();
  for (const [id, kind, name, database, schema, relationName, description, tags, firstSeenAt, lastChangedAt, adapter, isOpenLineage, ownNamespace, ownName, ownFirstSeenAt] of rows) {
    const base = { assetId: id, kind, description, tags, updatedAt: new Date(lastChangedAt) };
    if (ownNamespace !== null && ownName !== null && ownFirstSeenAt !== null && (kind === "JOB" || kind === "DATASET")) {
      found.set(id, { ...base, type: kind, openLineage: true, namespace: ownNamespace, name: ownName, createdAt: new Date(ownFirstSeenAt) });
      continue;
    }
    const dbtName = !isOpenLineage && (DBT_DATASET_KINDS as readonly string[]).includes(kind) ? dbtDatasetName({ database, schema, name, relationName, adapter }) : null;
    if (dbtName) found.set(id, { ...base, type: "DATASET", openLineage: false, ...dbtName, createdAt: new Date(firstSeenAt) });
  }
  return found;
}

/** A node id as a Marquez client sends it, parsed; 400 naming the parameter when it is not one. */
export function requireNodeId(value: string, parameter: string, kinds: readonly ParsedNodeId["kind"][]): ParsedNodeId {
  const parsed = parseNodeId(value);
  if ("error" in parsed) throw new AppError("BAD_USER_INPUT", `${parameter} ${JSON.stringify(value)} ${parsed.error}`, { parameter, in: "query" });
  if (!kinds.includes(parsed.kind)) {
    throw new AppError("BAD_USER_INPUT", `${parameter} must name a ${kinds.join(" or ")} node, got ${parsed.kind}`, { parameter, in: "query" });
  }
  return parsed;
}

/** The asset a Marquez dataset or job name names; 404 when none. */
export async function assetOfName(ctx: TenantContext, type: "DATASET" | "JOB", name: MarquezName): Promise<MarquezAsset> {
  const id = await assetIdOfName(ctx, type, name);
  return (await marquezAssets(ctx, [id])).get(id)!;
}

/** The row id of the asset a Marquez dataset or job name names; 404 when none. */
export async function assetIdOfName(ctx: TenantContext, type: "DATASET" | "JOB", name: MarquezName): Promise<string> {
  const id = await findAssetIdOfName(ctx, type, name);
  if (!id) {
    const what = type === "JOB" ? "job" : "dataset";
    throw new AppError("NOT_FOUND", `No ${what} ${JSON.stringify(name.name)} in namespace ${JSON.stringify(name.namespace)}`, { namespace: name.namespace, name: name.name });
  }
  return id;
}

async function findAssetIdOfName(ctx: TenantContext, type: "DATASET" | "JOB", name: MarquezName): Promise<string | undefined> {
  const uniqueId = `${type === "JOB" ? "job" : "dataset"}:${name.namespace}:${name.name}`;
  const own = await ctx.db.$queryRawUnsafe<{ id: string }[]>(
    `SELECT a."id" FROM "Asset" a JOIN "Project" p ON p."tenantId" = a."tenantId" AND p."id" = a."projectId" AND p."name" = $2
     WHERE a."tenantId" = $1 AND a."uniqueId" = $3 AND a."removedAt" IS NULL`,
    ctx.tenant.id,
    OPENLINEAGE_PROJECT,
    uniqueId,
  );
  if (own[0] || type === "JOB") return own[0]?.id;
  const assets = await marquezAssets(ctx, await dbtAssetIdsOfNamespace(ctx, name.namespace));
  return [...assets.values()].find((asset) => asset.namespace === name.namespace && asset.name === name.name)?.assetId;
}

/** The live dbt datasets a dbt namespace (`<adapter>://<database>`) holds. */
export async function dbtAssetIdsOfNamespace(ctx: TenantContext, namespace: string): Promise<string[]> {
  const parts = dbtNamespaceParts(namespace);
  if (!parts) return [];
  const rows = await ctx.db.$queryRawUnsafe<{ id: string }[]>(
    `SELECT a."id" FROM "Asset" a JOIN "Project" p ON p."tenantId" = a."tenantId" AND p."id" = a."projectId"
     WHERE a."tenantId" = $1 AND a."removedAt" IS NULL AND a."kind"::text = ANY($2::text[]) AND a."database" = $3 AND a."schema" IS NOT NULL
       AND lower(COALESCE(p."adapter", 'dbt')) = $4 AND p."name" <> $5`,
    ctx.tenant.id,
    [...DBT_DATASET_KINDS],
    parts.database,
    parts.adapter,
    OPENLINEAGE_PROJECT,
  );
  return rows.map((row) => row.id);
}

type FacetsByKey = Map<string, Facets>;

/** The stored facets of these jobs' and datasets' keys, by owner and key. */
async function storedFacets(
  ctx: TenantContext,
  owners: { owner: "JOB" | "DATASET"; keys: readonly string[] }[],
  /** Only these facets; all when null. */
  names: readonly string[] | null = null,
): Promise<Map<string, FacetsByKey>> {
  const byOwner = new Map<string, FacetsByKey>(owners.map(({ owner }) => [owner, new Map()]));
  const wanted = owners.flatMap(({ owner, keys }) => keys.map((key) => ({ owner, key })));
  if (wanted.length === 0) return byOwner;
  const rows = await jsonRows<[string, string, string, Record<string, unknown>]>(ctx.db.$queryRawUnsafe(
    `SELECT json_agg(json_build_array(f."owner", f."ownerKey", f."name", f."value"))::text AS "rows"
     FROM jsonb_to_recordset($2::jsonb) AS x("owner" text, "key" text)
     JOIN "OpenLineageFacet" f ON f."tenantId" = $1 AND f."owner" = x."owner"::"OpenLineageFacetOwner" AND f."ownerKey" = x."key"
     WHERE f."value" IS NOT NULL AND ($3::text[] IS NULL OR f."name" = ANY($3::text[]))`,
    ctx.tenant.id,
    JSON.stringify(wanted),
    names,
  ));
  for (const [owner, key, name, value] of rows) {
    const byKey = byOwner.get(owner)!;
    let facets = byKey.get(key);
    if (!facets) byKey.set(key, (facets = {}));
    facets[name] = value;
  }
  return byOwner;
}

type RunRowJson = [string, string, string, string | null, string, string, string | null, string | null, Facets | null];

function runSources(rows: RunRowJson[]): Omit<RunSource, "inputs" | "outputs">[] {
  return rows.map(([runId, jobNamespace, jobName, startedAt, firstEventAt, lastEventAt, endState, endedAt, facets]) => ({
    runId,
    jobNamespace,
    jobName,
    startedAt: startedAt ? new Date(startedAt) : null,
    firstEventAt: new Date(firstEventAt),
    lastEventAt: new Date(lastEventAt),
    endState,
    endedAt: endedAt ? new Date(endedAt) : null,
    facets: facets ?? {},
  }));
}

/** A run's columns and its stored facets (deleted ones left out), by name: read with the run, not in a statement of their own. */
const RUN_COLUMNS = `r."runId", r."jobNamespace", r."jobName", r."startedAt", r."firstEventAt", r."lastEventAt", r."endState", r."endedAt",
  (SELECT json_object_agg(f."name", f."value" ORDER BY f."name") FROM "OpenLineageFacet" f
   WHERE f."tenantId" = r."tenantId" AND f."owner" = 'RUN' AND f."ownerKey" = r."runId" AND f."value" IS NOT NULL)`;

/** Inputs and outputs of each job (by name key). */
async function jobDatasets(ctx: TenantContext, jobs: readonly MarquezName[]): Promise<JobDatasets> {
  const byJob: JobDatasets = new Map();
  for (const job of jobs) byJob.set(nameKey(job.namespace, job.name), { inputs: [], outputs: [] });
  if (jobs.length === 0) return byJob;
  const rows = await jsonRows<[string, string, string, string, string]>(ctx.db.$queryRawUnsafe(
    `SELECT json_agg(json_build_array(jd."jobNamespace", jd."jobName", jd."direction", jd."datasetNamespace", jd."datasetName")
       ORDER BY jd."datasetNamespace", jd."datasetName")::text AS "rows"
     FROM "OpenLineageJobDataset" jd JOIN jsonb_to_recordset($2::jsonb) AS x("namespace" text, "name" text)
       ON jd."jobNamespace" = x."namespace" AND jd."jobName" = x."name"
     WHERE jd."tenantId" = $1`,
    ctx.tenant.id,
    JSON.stringify(jobs.map((j) => ({ namespace: j.namespace, name: j.name }))),
  ));
  for (const [jobNamespace, jobName, direction, namespace, name] of rows) {
    const io = byJob.get(nameKey(jobNamespace, jobName))!;
    (direction === "INPUT" ? io.inputs : io.outputs).push({ namespace, name });
  }
  return byJob;
}

export type JobDatasets = Map<string, { inputs: MarquezName[]; outputs: MarquezName[] }>;

/** Runs as Marquez shows them, with their facets and their job's inputs and outputs (given when known). */
export async function marquezRuns(ctx: TenantContext, rows: RunRowJson[], known?: JobDatasets): Promise<MarquezRun[]> {
  const runs = runSources(rows);
  const jobs = new Map(runs.map((run) => [nameKey(run.jobNamespace, run.jobName), { namespace: run.jobNamespace, name: run.jobName }]));
  const io = known ?? (await jobDatasets(ctx, [...jobs.values()]));
  return runs.map((run) => {
    const { inputs, outputs } = io.get(nameKey(run.jobNamespace, run.jobName)) ?? { inputs: [], outputs: [] };
    return marquezRun({ ...run, inputs, outputs });
  });
}

/** Runs of one job, newest first (by their first event), and their number. */
export async function runsOfJob(ctx: TenantContext, job: MarquezName, page: { limit: number; offset: number }): Promise<{ runs: MarquezRun[]; totalCount: number }> {
  const [rows, count] = await Promise.all([
    jsonRows<RunRowJson>(ctx.db.$queryRawUnsafe(
      `SELECT json_agg(json_build_array(${RUN_COLUMNS}) ORDER BY r."firstEventAt" DESC, r."runId")::text AS "rows" FROM (
         SELECT * FROM "OpenLineageRun" r WHERE r."tenantId" = $1 AND r."jobNamespace" = $2 AND r."jobName" = $3
         ORDER BY r."firstEventAt" DESC, r."runId" LIMIT $4 OFFSET $5) r`,
      ctx.tenant.id,
      job.namespace,
      job.name,
      page.limit,
      page.offset,
    )),
    ctx.db.openLineageRun.count({ where: { jobNamespace: job.namespace, jobName: job.name } }),
  ]);
  return { runs: await marquezRuns(ctx, rows), totalCount: count };
}

export async function runById(ctx: TenantContext, runId: string): Promise<MarquezRun> {
  const rows = await jsonRows<RunRowJson>(ctx.db.$queryRawUnsafe(
    `SELECT json_agg(json_build_array(${RUN_COLUMNS}))::text AS "rows" FROM "OpenLineageRun" r WHERE r."tenantId" = $1 AND r."runId" = $2`,
    ctx.tenant.id,
    runId.toLowerCase(),
  ));
  if (rows.length === 0) throw new AppError("NOT_FOUND", `No run ${JSON.stringify(runId)}`, { runId });
  return (await marquezRuns(ctx, rows))[0]!;
}

export type MarquezNodeData = ReturnType<typeof marquezDataset> | ReturnType<typeof marquezJob> | ReturnType<typeof lineageDatasetData> | ReturnType<typeof lineageJobData>;

/** The facets lineage nodes are built from (core/openlineage/marquezShapes.ts); the others are not shown there. */
const LINEAGE_FACETS = ["schema", "datasetType", "dataSource", "lifecycleStateChange", "documentation", "jobType", "sourceCodeLocation"];

/**
 * Marquez's data of each asset, by asset id: a Dataset or a Job object, or for `lineage` their
 * lighter DatasetData and JobData (no facets), as Marquez's lineage graph holds. `io`: the
 * jobs' inputs and outputs when the caller knows them (a lineage walk reaches all of them).
 */
export async function marquezNodeData(
  ctx: TenantContext,
  assets: readonly MarquezAsset[],
  options: { io?: JobDatasets; lineage?: boolean } = {},
): Promise<Map<string, MarquezNodeData>> {
  const ol = assets.filter((a) => a.openLineage);
  const jobs = ol.filter((a) => a.type === "JOB");
  const datasets = ol.filter((a) => a.type === "DATASET");
  const dbt = assets.filter((a) => !a.openLineage);
  const io = options.io ?? (await jobDatasets(ctx, jobs));
  const [facets, latest, modified, columns] = await Promise.all([
    storedFacets(
      ctx,
      [
        { owner: "JOB", keys: jobs.map((j) => nameKey(j.namespace, j.name)) },
        { owner: "DATASET", keys: datasets.map((d) => nameKey(d.namespace, d.name)) },
      ],
      options.lineage ? LINEAGE_FACETS : null,
    ),
    latestRuns(ctx, jobs, io),
    lastModified(ctx, datasets),
    dbtColumns(ctx, dbt.map((a) => a.assetId)),
  ]);
  const [job, dataset] = options.lineage ? [lineageJobData, lineageDatasetData] : [marquezJob, marquezDataset];
  const data = new Map<string, MarquezNodeData>();
  for (const asset of jobs) {
    const key = nameKey(asset.namespace, asset.name);
    const { inputs, outputs } = io.get(key) ?? { inputs: [], outputs: [] };
    const latestRun = latest.get(key) ?? null;
    data.set(asset.assetId, job({ ...asset, facets: facets.get("JOB")!.get(key) ?? {}, inputs, outputs, latestRun, parentJobName: parentJobName(latestRun) }));
  }
  for (const asset of [...datasets, ...dbt]) {
    const key = nameKey(asset.namespace, asset.name);
    data.set(
      asset.assetId,
      dataset({
        ...asset,
        facets: asset.openLineage ? (facets.get("DATASET")!.get(key) ?? {}) : {},
        columns: columns.get(asset.assetId) ?? [],
        lastModifiedAt: asset.openLineage ? (modified.get(key) ?? null) : null,
      }),
    );
  }
  return data;
}

/** The DAG of an Airflow task, from its latest run's `parent` facet. */
function parentJobName(run: MarquezRun | null): string | null {
  const parent = run?.facets.parent as { job?: { name?: string } } | undefined;
  return parent?.job?.name ?? null;
}

/** Each job's latest run: one index probe per job (tenant, job, first event). */
async function latestRuns(ctx: TenantContext, jobs: readonly MarquezName[], io: JobDatasets): Promise<Map<string, MarquezRun>> {
  if (jobs.length === 0) return new Map();
  const rows = await jsonRows<RunRowJson>(ctx.db.$queryRawUnsafe(
    `SELECT json_agg(json_build_array(${RUN_COLUMNS}))::text AS "rows"
     FROM jsonb_to_recordset($2::jsonb) AS x("namespace" text, "name" text)
     CROSS JOIN LATERAL (SELECT * FROM "OpenLineageRun" r WHERE r."tenantId" = $1 AND r."jobNamespace" = x."namespace" AND r."jobName" = x."name"
       ORDER BY r."firstEventAt" DESC, r."runId" LIMIT 1) r`,
    ctx.tenant.id,
    JSON.stringify(jobs.map((j) => ({ namespace: j.namespace, name: j.name }))),
  ));
  const runs = await marquezRuns(ctx, rows, io);
  return new Map(runs.map((run) => [nameKey(run.jobVersion.namespace, run.jobVersion.name), run]));
}

/** When a COMPLETE run of a job writing each dataset last ended. */
async function lastModified(ctx: TenantContext, datasets: readonly MarquezName[]): Promise<Map<string, Date>> {
  if (datasets.length === 0) return new Map();
  const rows = await jsonRows<[string, string, string]>(ctx.db.$queryRawUnsafe(
    `SELECT json_agg(json_build_array(m."namespace", m."name", m."at"))::text AS "rows" FROM (
       SELECT jd."datasetNamespace" AS "namespace", jd."datasetName" AS "name", max(r."endedAt") AS "at"
       FROM "OpenLineageJobDataset" jd
       JOIN jsonb_to_recordset($2::jsonb) AS x("namespace" text, "name" text) ON jd."datasetNamespace" = x."namespace" AND jd."datasetName" = x."name"
       JOIN "OpenLineageRun" r ON r."tenantId" = jd."tenantId" AND r."jobNamespace" = jd."jobNamespace" AND r."jobName" = jd."jobName" AND r."endState" = 'COMPLETE'
       WHERE jd."tenantId" = $1 AND jd."direction" = 'OUTPUT'
       GROUP BY jd."datasetNamespace", jd."datasetName") m`,
    ctx.tenant.id,
    JSON.stringify(datasets.map((d) => ({ namespace: d.namespace, name: d.name }))),
  ));
  return new Map(rows.map(([namespace, name, at]) => [nameKey(namespace, name), new Date(at)]));
}

async function dbtColumns(ctx: TenantContext, assetIds: readonly string[]) {
  const byAsset = new Map<string, { name: string; dataType: string | null; description: string | null; tags: string[] }[]>();
  if (assetIds.length === 0) return byAsset;
  const rows = await jsonRows<[string, string, string | null, string | null, string[]]>(ctx.db.$queryRawUnsafe(
    `SELECT json_agg(json_build_array("assetId", "name", "dataType", "description", "tags") ORDER BY "assetId", "position" NULLS LAST, "name")::text AS "rows"
     FROM "Column" WHERE "tenantId" = $1 AND "assetId" = ANY($2::text[]) AND "removedAt" IS NULL`,
    ctx.tenant.id,
    assetIds,
  ));
  for (const [assetId, name, dataType, description, tags] of rows) {
    let list = byAsset.get(assetId);
    if (!list) byAsset.set(assetId, (list = []));
    list.push({ name, dataType, description, tags });
  }
  return byAsset;
}
