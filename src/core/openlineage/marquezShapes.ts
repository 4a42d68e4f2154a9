/**
 * Marquez's JSON shapes (its spec/openapi.yml: Namespace, Dataset, Job, Run, LineageGraph),
 * built from what Tributary stores. Tributary keeps no dataset or job versions, so `version`
 * fields are null; a run's input and output versions are its job's inputs and outputs.
 */
import type { ColumnTransform } from "../lineage/types.js";
import type { Facets } from "./types.js";
import type { MarquezName } from "./marquezIds.js";
import { runDurationMs, runState } from "./runState.js";
import { OPENLINEAGE_TRANSFORMATIONS } from "./transformations.js";
import { compareText } from "../compareText.js";

export type MarquezRunState = "NEW" | "RUNNING" | "COMPLETED" | "FAILED" | "ABORTED";

const RUN_STATES: Readonly<Record<ReturnType<typeof runState>, MarquezRunState>> = {
  RUNNING: "RUNNING",
  COMPLETE: "COMPLETED",
  FAIL: "FAILED",
  ABORT: "ABORTED",
};

export const marquezRunState = (run: { endState: string | null }): MarquezRunState => RUN_STATES[runState(run)];

const iso = (date: Date | null | undefined): string | null => (date ? date.toISOString() : null);

export interface MarquezNamespace {
  name: string;
  createdAt: string;
  updatedAt: string;
  ownerName: string;
  description: string | null;
  isHidden: false;
}

export function marquezNamespace(row: { name: string; createdAt: Date; updatedAt: Date; source: "OPENLINEAGE" | "DBT" }): MarquezNamespace {
  return {
    name: row.name,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    // Marquez's default owner for namespaces created by events.
    ownerName: "anonymous",
    description: row.source === "DBT" ? "dbt relations of this adapter and database" : null,
    isHidden: false,
  };
}

export interface DatasetSource extends MarquezName {
  createdAt: Date;
  updatedAt: Date;
  description: string | null;
  /** Stored facets (deleted ones left out); dbt assets have none. */
  facets: Facets;
  /** Columns when there is no schema facet (dbt's). */
  columns: { name: string; dataType: string | null; description: string | null; tags: string[] }[];
  tags: string[];
  /** End of the latest COMPLETE run of a job writing it. */
  lastModifiedAt: Date | null;
}

interface SchemaField {
  name: string;
  type?: string;
  description?: string;
}

export function marquezDataset(source: DatasetSource) {
  const schema = source.facets.schema as { fields?: SchemaField[] } | undefined;
  const fields = schema?.fields
    ? schema.fields.map((f) => ({ name: f.name, type: f.type ?? null, tags: [] as string[], description: f.description ?? null }))
    : source.columns.map((c) => ({ name: c.name, type: c.dataType, tags: c.tags, description: c.description }));
  const datasetType = (source.facets.datasetType as { datasetType?: string } | undefined)?.datasetType;
  const dataSource = source.facets.dataSource as { name?: string } | undefined;
  const lifecycle = source.facets.lifecycleStateChange as { lifecycleStateChange?: string } | undefined;
  return {
    id: { namespace: source.namespace, name: source.name },
    type: datasetType?.toUpperCase() === "STREAM" ? "STREAM" : "DB_TABLE",
    name: source.name,
    physicalName: source.name,
    createdAt: source.createdAt.toISOString(),
    updatedAt: source.updatedAt.toISOString(),
    namespace: source.namespace,
    sourceName: dataSource?.name ?? source.namespace,
    fields,
    tags: source.tags,
    lastModifiedAt: iso(source.lastModifiedAt),
    lastLifecycleState: lifecycle?.lifecycleStateChange ?? null,
    description: source.description ?? (source.facets.documentation as { description?: string } | undefined)?.description ?? null,
    facets: source.facets,
    currentVersion: null,
    columnLineage: null,
    deleted: false,
  };
}

/**
 * A dataset as a node of Marquez's lineage graph (its DatasetData): no facets or versions, which
 * Marquez leaves out of lineage answers too.
 */
export function lineageDatasetData(source: DatasetSource) {
  const { facets: _facets, currentVersion: _version, columnLineage: _columnLineage, deleted: _deleted, ...data } = marquezDataset(source);
  return data;
}

export interface RunSource {
  runId: string;
  jobNamespace: string;
  jobName: string;
  startedAt: Date | null;
  firstEventAt: Date;
  lastEventAt: Date;
  endState: string | null;
  endedAt: Date | null;
  facets: Facets;
  inputs: MarquezName[];
  outputs: MarquezName[];
}

export function marquezRun(run: RunSource) {
  const nominal = run.facets.nominalTime as { nominalStartTime?: string; nominalEndTime?: string } | undefined;
  const versionOf = (name: MarquezName) => ({ namespace: name.namespace, name: name.name, version: null });
  return {
    id: run.runId,
    createdAt: run.firstEventAt.toISOString(),
    updatedAt: run.lastEventAt.toISOString(),
    nominalStartTime: nominal?.nominalStartTime ?? null,
    nominalEndTime: nominal?.nominalEndTime ?? null,
    state: marquezRunState(run),
    startedAt: iso(run.startedAt),
    endedAt: iso(run.endedAt),
    durationMs: runDurationMs(run),
    args: {},
    jobVersion: { namespace: run.jobNamespace, name: run.jobName, version: null },
    inputVersions: run.inputs.map(versionOf),
    outputVersions: run.outputs.map(versionOf),
    context: {},
    facets: run.facets,
  };
}

export type MarquezRun = ReturnType<typeof marquezRun>;

export interface JobSource extends MarquezName {
  createdAt: Date;
  updatedAt: Date;
  description: string | null;
  facets: Facets;
  inputs: MarquezName[];
  outputs: MarquezName[];
  latestRun: MarquezRun | null;
  parentJobName: string | null;
}

export function marquezJob(job: JobSource) {
  const jobType = job.facets.jobType as { processingType?: string } | undefined;
  const location = job.facets.sourceCodeLocation as { url?: string } | undefined;
  return {
    id: { namespace: job.namespace, name: job.name },
    type: jobType?.processingType?.toUpperCase() === "STREAMING" ? "STREAM" : "BATCH",
    name: job.name,
    simpleName: job.parentJobName && job.name.startsWith(`${job.parentJobName}.`) ? job.name.slice(job.parentJobName.length + 1) : job.name,
    parentJobName: job.parentJobName,
    createdAt: job.createdAt.toISOString(),
    updatedAt: job.updatedAt.toISOString(),
    namespace: job.namespace,
    inputs: job.inputs,
    outputs: job.outputs,
    location: location?.url ?? null,
    description: job.description ?? (job.facets.documentation as { description?: string } | undefined)?.description ?? null,
    latestRun: job.latestRun,
    facets: job.facets,
    currentVersion: null,
  };
}

/** A job as a node of Marquez's lineage graph (its JobData): no facets or versions. */
export function lineageJobData(job: JobSource) {
  const { facets: _facets, currentVersion: _version, ...data } = marquezJob(job);
  return { ...data, context: {} };
}

export interface GraphEdge {
  origin: string;
  destination: string;
}

export interface GraphNode<T> {
  id: string;
  type: string;
  data: T | null;
  inEdges: GraphEdge[];
  outEdges: GraphEdge[];
}

/**
 * Marquez's `{graph: [...]}`: every node with the edges among the nodes given, in and out, each
 * edge from upstream (`origin`) to downstream (`destination`). Sorted by id, as Marquez sorts.
 */
export function lineageGraph<T>(nodes: readonly { id: string; type: string; data: T | null }[], edges: readonly GraphEdge[]): { graph: GraphNode<T>[] } {
  const byId = new Map<string, GraphNode<T>>(nodes.map((node) => [node.id, { ...node, inEdges: [], outEdges: [] }]));
  for (const edge of [...edges].sort((a, b) => compareText(a.origin, b.origin) || compareText(a.destination, b.destination))) {
    const from = byId.get(edge.origin);
    const to = byId.get(edge.destination);
    if (!from || !to) continue;
    from.outEdges.push(edge);
    to.inEdges.push(edge);
  }
  return { graph: [...byId.values()].sort((a, b) => compareText(a.id, b.id)) };
}

/**
 * A column edge's transform in OpenLineage's terms (columnLineage facet 1-2-0): DIRECT
 * identity/transformation/aggregation feed the value, INDIRECT ones decide which rows exist.
 */

export function columnTransformation(transform: ColumnTransform): { type: "DIRECT" | "INDIRECT"; subtype: string; description: string; masking: boolean } {
  return { ...OPENLINEAGE_TRANSFORMATIONS[transform], description: "", masking: false };
}
