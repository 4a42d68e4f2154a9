/**
 * The reads Marquez's clients make (its web UI, `marquez-python`, the lineage CLIs), answered in
 * Marquez's JSON shapes from Tributary's catalog: namespaces, the datasets and jobs of one,
 * a job's runs, one run, and the lineage and column lineage graphs. READER role or above.
 * Paging is Marquez's: `limit` and `offset`, with `totalCount`.
 */
import { AppError } from "../../core/errors.js";
import { COLUMN_TRANSFORMS, traverseColumns, type ColumnTransform } from "../../core/lineage/index.js";
import { datasetFieldNodeId, dbtNamespace, DBT_DATASET_KINDS, marquezNodeId, type MarquezName } from "../../core/openlineage/marquezIds.js";
import { marquezNamespace, lineageGraph, columnTransformation, type GraphEdge } from "../../core/openlineage/marquezShapes.js";
import { walkMarquezGraph } from "../../core/openlineage/marquezWalk.js";
import { OPENLINEAGE_PROJECT } from "../../core/openlineage/catalogNames.js";
import { jsonRows } from "../../db/jsonRows.js";
import type { TenantContext } from "../actor.js";
import { answer } from "../lineage/errors.js";
import { MAX_COLUMN_NODES } from "../lineage/limits.js";
import { assetGraph, columnGraph } from "../lineage/tenantGraphs.js";
import { assertRole } from "../tokens.js";
import { nameKey } from "../../core/openlineage/eventRows.js";
import { assetIdOfName, assetOfName, dbtAssetIdsOfNamespace, marquezAssets, marquezNodeData, requireNodeId, runById, runsOfJob, type JobDatasets, type MarquezAsset } from "./marquezNodes.js";
import { compareText } from "../../core/compareText.js";

export interface Page {
  limit: number;
  offset: number;
}

/** Nodes one lineage answer may hold: ~1 MB of JSON per thousand nodes with their facets. */
export const MAX_MARQUEZ_NODES = 20_000;

const MARQUEZ_KINDS = new Set<string>([...DBT_DATASET_KINDS, "DATASET", "JOB"]);

export interface NamespaceRow {
  name: string;
  createdAt: Date;
  updatedAt: Date;
  /** OPENLINEAGE: named by events; DBT: a dbt adapter and database (core/openlineage/marquezIds.ts). */
  source: "OPENLINEAGE" | "DBT";
}

export async function listNamespaces(ctx: TenantContext, page: Page) {
  const all = await namespaceRows(ctx);
  return { namespaces: all.slice(page.offset, page.offset + page.limit).map(marquezNamespace), totalCount: all.length };
}

/** Every namespace of the tenant, by name. */
export async function namespaceRows(ctx: TenantContext): Promise<NamespaceRow[]> {
  assertRole(ctx, "READER");
  const [openLineage, dbt] = await Promise.all([
    jsonRows<[string, string, string]>(ctx.db.$queryRawUnsafe(
      `SELECT json_agg(json_build_array(n."namespace", n."createdAt", n."updatedAt"))::text AS "rows" FROM (
         SELECT "namespace", min("firstSeenAt") AS "createdAt", max("firstSeenAt") AS "updatedAt" FROM (
           SELECT "namespace", "firstSeenAt" FROM "OpenLineageJob" WHERE "tenantId" = $1
           UNION ALL SELECT "namespace", "firstSeenAt" FROM "OpenLineageDataset" WHERE "tenantId" = $1) x
         GROUP BY "namespace") n`,
      ctx.tenant.id,
    )),
    jsonRows<[string | null, string, string, string]>(ctx.db.$queryRawUnsafe(
      `SELECT json_agg(json_build_array(n."adapter", n."database", n."createdAt", n."updatedAt"))::text AS "rows" FROM (
         SELECT p."adapter", a."database", min(a."firstSeenAt") AS "createdAt", max(a."lastChangedAt") AS "updatedAt"
         FROM "Asset" a JOIN "Project" p ON p."tenantId" = a."tenantId" AND p."id" = a."projectId"
         WHERE a."tenantId" = $1 AND a."removedAt" IS NULL AND a."kind"::text = ANY($2::text[]) AND a."database" IS NOT NULL AND a."schema" IS NOT NULL AND p."name" <> $3
         GROUP BY p."adapter", a."database") n`,
      ctx.tenant.id,
      [...DBT_DATASET_KINDS],
      OPENLINEAGE_PROJECT,
    )),
  ]);
  const byName = new Map<string, NamespaceRow>();
  for (const [name, createdAt, updatedAt] of openLineage) byName.set(name, { name, createdAt: new Date(createdAt), updatedAt: new Date(updatedAt), source: "OPENLINEAGE" });
  for (const [adapter, database, createdAt, updatedAt] of dbt) {
    const name = dbtNamespace(adapter, database);
    const known = byName.get(name);
    const row = { name, createdAt: new Date(createdAt), updatedAt: new Date(updatedAt), source: "DBT" as const };
    // Two adapters' spellings can meet in one namespace; it spans both.
    byName.set(name, known ? { ...known, createdAt: min(known.createdAt, row.createdAt), updatedAt: max(known.updatedAt, row.updatedAt) } : row);
  }
  return [...byName.values()].sort((a, b) => compareText(a.name, b.name));
}

/** The datasets of a namespace: OpenLineage's, and the dbt relations a dbt namespace names. */
export async function listDatasets(ctx: TenantContext, namespace: string, page: Page) {
  const named = await datasetsOfNamespace(ctx, namespace);
  return { datasets: await pageOfNodes(ctx, named, page), totalCount: named.length };
}

/** A namespace's datasets, by name. */
export async function datasetsOfNamespace(ctx: TenantContext, namespace: string): Promise<MarquezAsset[]> {
  assertRole(ctx, "READER");
  const ids = [...(await ownAssetIds(ctx, "dataset", namespace)), ...(await dbtAssetIdsOfNamespace(ctx, namespace))];
  return byName([...(await marquezAssets(ctx, ids)).values()].filter((asset) => asset.type === "DATASET" && asset.namespace === namespace));
}

export async function listJobs(ctx: TenantContext, namespace: string, page: Page) {
  const named = await jobsOfNamespace(ctx, namespace);
  return { jobs: await pageOfNodes(ctx, named, page), totalCount: named.length };
}

/** A namespace's jobs, by name. */
export async function jobsOfNamespace(ctx: TenantContext, namespace: string): Promise<MarquezAsset[]> {
  assertRole(ctx, "READER");
  return byName([...(await marquezAssets(ctx, await ownAssetIds(ctx, "job", namespace))).values()]);
}

/** The live assets of a namespace's OpenLineage jobs or datasets (named as core/openlineage/catalogNames.ts names them). */
async function ownAssetIds(ctx: TenantContext, kind: "job" | "dataset", namespace: string): Promise<string[]> {
  const table = kind === "job" ? "OpenLineageJob" : "OpenLineageDataset";
  const rows = await ctx.db.$queryRawUnsafe<{ id: string }[]>(
    `SELECT a."id" FROM "${table}" o
     JOIN "Project" p ON p."tenantId" = o."tenantId" AND p."name" = $3
     JOIN "Asset" a ON a."tenantId" = o."tenantId" AND a."projectId" = p."id" AND a."uniqueId" = '${kind}:' || o."namespace" || ':' || o."name" AND a."removedAt" IS NULL
     WHERE o."tenantId" = $1 AND o."namespace" = $2`,
    ctx.tenant.id,
    namespace,
    OPENLINEAGE_PROJECT,
  );
  return rows.map((row) => row.id);
}

const byName = (assets: MarquezAsset[]) => assets.sort((a, b) => compareText(a.name, b.name) || compareText(a.assetId, b.assetId));

async function pageOfNodes(ctx: TenantContext, assets: MarquezAsset[], page: Page) {
  const shown = assets.slice(page.offset, page.offset + page.limit);
  const data = await marquezNodeData(ctx, shown);
  return shown.map((asset) => data.get(asset.assetId)!);
}

export async function getDataset(ctx: TenantContext, name: MarquezName) {
  assertRole(ctx, "READER");
  const asset = await assetOfName(ctx, "DATASET", name);
  return (await marquezNodeData(ctx, [asset])).get(asset.assetId)!;
}

export async function getJob(ctx: TenantContext, name: MarquezName) {
  assertRole(ctx, "READER");
  const asset = await assetOfName(ctx, "JOB", name);
  return (await marquezNodeData(ctx, [asset])).get(asset.assetId)!;
}

export async function listJobRuns(ctx: TenantContext, job: MarquezName, page: Page) {
  assertRole(ctx, "READER");
  await assetOfName(ctx, "JOB", job);
  return runsOfJob(ctx, job, page);
}

export async function getRun(ctx: TenantContext, runId: string) {
  assertRole(ctx, "READER");
  return runById(ctx, runId);
}

/** `GET /lineage?nodeId=&depth=`: the graph of datasets and jobs around a node. */
export async function marquezLineage(ctx: TenantContext, query: { nodeId: string; depth: number }) {
  assertRole(ctx, "READER");
  const parsed = requireNodeId(query.nodeId, "nodeId", ["DATASET", "JOB"]);
  const start = await assetIdOfName(ctx, parsed.kind === "JOB" ? "JOB" : "DATASET", parsed);
  const graph = await assetGraph(ctx);
  const walk = answer(() => walkMarquezGraph(graph, { start, depth: query.depth, isNode: (kind) => MARQUEZ_KINDS.has(kind), maxNodes: MAX_MARQUEZ_NODES }));
  const assets = await marquezAssets(ctx, walk.nodes);
  // A job's inputs and outputs are its neighbours, all of which the walk reached.
  const io: JobDatasets = new Map();
  const ioOf = (job: MarquezAsset) => {
    const key = nameKey(job.namespace, job.name);
    let known = io.get(key);
    if (!known) io.set(key, (known = { inputs: [], outputs: [] }));
    return known;
  };
  for (const asset of assets.values()) if (asset.openLineage && asset.type === "JOB") ioOf(asset);
  for (const { from, to } of walk.edges) {
    const [source, target] = [assets.get(from), assets.get(to)];
    if (!source?.openLineage || !target?.openLineage) continue;
    if (target.type === "JOB" && source.type === "DATASET") ioOf(target).inputs.push({ namespace: source.namespace, name: source.name });
    if (source.type === "JOB" && target.type === "DATASET") ioOf(source).outputs.push({ namespace: target.namespace, name: target.name });
  }
  for (const { inputs, outputs } of io.values()) for (const list of [inputs, outputs]) list.sort((a, b) => compareText(a.namespace, b.namespace) || compareText(a.name, b.name));
  const data = await marquezNodeData(ctx, [...assets.values()], { io, lineage: true });
  const idOf = (assetId: string) => {
    const asset = assets.get(assetId);
    return asset ? marquezNodeId(asset.type, asset) : null;
  };
  const nodes = [...assets.values()].map((asset) => ({ id: marquezNodeId(asset.type, asset), type: asset.type, data: data.get(asset.assetId) ?? null }));
  const edges = walk.edges.flatMap((edge): GraphEdge[] => {
    const origin = idOf(edge.from);
    const destination = idOf(edge.to);
    return origin && destination ? [{ origin, destination }] : [];
  });
  // Not in Marquez's shape, which has no limit: true when the node cap left nodes out.
  return { ...lineageGraph(nodes, edges), truncated: walk.truncated };
}

/**
 * `GET /column-lineage?nodeId=&depth=&withDownstream=`: the columns upstream of a dataset's
 * columns (or one column's), and downstream too when asked, from Tributary's column lineage.
 */
export async function marquezColumnLineage(ctx: TenantContext, query: { nodeId: string; depth: number; withDownstream: boolean }) {
  assertRole(ctx, "READER");
  const parsed = requireNodeId(query.nodeId, "nodeId", ["DATASET", "DATASET_FIELD"]);
  const start = await assetOfName(ctx, "DATASET", parsed);
  const columns = await ctx.db.column.findMany({ where: { assetId: start.assetId, removedAt: null }, select: { name: true }, orderBy: { name: "asc" } });
  const field = parsed.field;
  const starts = field === null ? columns.map((c) => c.name) : [columns.find((c) => c.name === field)?.name ?? columns.find((c) => c.name.toLowerCase() === field.toLowerCase())?.name];
  if (starts.length === 0 || starts[0] === undefined) {
    throw new AppError("NOT_FOUND", field === null ? `Dataset ${query.nodeId} has no fields` : `Dataset ${parsed.namespace}:${parsed.name} has no field ${JSON.stringify(field)}`, { nodeId: query.nodeId });
  }
  const index = await columnGraph(ctx);
  const reached = new Map<string, { assetId: string; column: string }>();
  const edges = new Map<string, { from: string; to: string; transform: ColumnTransform }>();
  for (const column of starts as string[]) {
    const result = answer(() =>
      traverseColumns(index, { assetId: start.assetId, column, direction: query.withDownstream ? "BOTH" : "UPSTREAM", depth: query.depth, maxNodes: MAX_COLUMN_NODES }),
    );
    for (const ref of [result.start, ...result.nodes]) reached.set(ref.columnId, { assetId: ref.assetId, column: ref.column });
    for (const edge of result.edges) edges.set(`${edge.from}\u0000${edge.to}\u0000${edge.transform}`, edge);
    if (reached.size > MAX_COLUMN_NODES) break;
  }
  const [assets, types] = await Promise.all([
    marquezAssets(ctx, [...new Set([...reached.values()].map((r) => r.assetId))]),
    ctx.db.column.findMany({ where: { id: { in: [...reached.keys()] } }, select: { id: true, dataType: true } }),
  ]);
  const typeOf = new Map(types.map((t) => [t.id, t.dataType]));
  const fieldOf = (columnId: string) => {
    const ref = reached.get(columnId);
    const asset = ref ? assets.get(ref.assetId) : undefined;
    return ref && asset ? { namespace: asset.namespace, dataset: asset.name, field: ref.column } : null;
  };
  // One input field per upstream column, with every way it reaches the downstream one.
  const inputs = new Map<string, Map<string, ReturnType<typeof inputField>>>();
  const graphEdges: GraphEdge[] = [];
  const ordered = [...edges.values()].sort((a, b) => COLUMN_TRANSFORMS.indexOf(a.transform) - COLUMN_TRANSFORMS.indexOf(b.transform));
  for (const edge of ordered) {
    const from = fieldOf(edge.from);
    const to = fieldOf(edge.to);
    if (!from || !to) continue;
    const origin = datasetFieldNodeId({ namespace: from.namespace, name: from.dataset }, from.field);
    const destination = datasetFieldNodeId({ namespace: to.namespace, name: to.dataset }, to.field);
    let list = inputs.get(destination);
    if (!list) inputs.set(destination, (list = new Map()));
    const known = list.get(origin);
    if (known) known.transformations.push(columnTransformation(edge.transform));
    else {
      list.set(origin, inputField(from, edge.transform));
      graphEdges.push({ origin, destination });
    }
  }
  const nodes = [...reached.keys()].flatMap((columnId) => {
    const field = fieldOf(columnId);
    if (!field) return [];
    const id = datasetFieldNodeId({ namespace: field.namespace, name: field.dataset }, field.field);
    const inputFields = [...(inputs.get(id)?.values() ?? [])];
    const single = new Set(inputFields.map((i) => i.transformationType)).size === 1 ? inputFields[0]! : null;
    return [{
      id,
      type: "DATASET_FIELD",
      data: {
        ...field,
        datasetVersion: null,
        fieldType: typeOf.get(columnId) ?? null,
        transformationDescription: single?.transformationDescription ?? null,
        transformationType: single?.transformationType ?? null,
        inputFields,
      },
    }];
  });
  return lineageGraph(nodes, graphEdges);
}

function inputField(from: { namespace: string; dataset: string; field: string }, transform: ColumnTransform) {
  const transformation = columnTransformation(transform);
  return {
    ...from,
    datasetVersion: null,
    transformationDescription: null,
    transformationType: transformation.subtype,
    transformations: [transformation],
  };
}

const min = (a: Date, b: Date) => (a < b ? a : b);
const max = (a: Date, b: Date) => (a > b ? a : b);

/** An asset's OpenLineage runs (a job's; none for other assets), newest first. */
export async function openLineageRunsOfAsset(ctx: TenantContext, assetId: string, page: Page) {
  assertRole(ctx, "READER");
  const asset = (await marquezAssets(ctx, [assetId])).get(assetId);
  if (!asset || asset.type !== "JOB" || !asset.openLineage) return { runs: [], totalCount: 0 };
  return runsOfJob(ctx, asset, page);
}
