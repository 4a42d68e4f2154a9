/**
 * A dbt project's lineage as OpenLineage events (`tributary export openlineage`), for any other
 * OpenLineage consumer (Marquez, DataHub, OpenMetadata, another Tributary):
 *
 * - a DatasetEvent per relation (model, seed, snapshot, source) with its `schema`,
 *   `documentation` and `ownership` facets;
 * - a JobEvent per model and snapshot (what builds a relation) and per exposure (what reads
 *   them), its inputs the relations it reads and its output its own relation, which carries the
 *   `columnLineage` facet, with the documentation and owners of the job.
 *
 * Datasets are named as OpenLineage names warehouse tables: namespace `<adapter>://<…>` and name
 * `database.schema.table`, so a consumer that also takes the warehouse's own events (Spark,
 * Airflow, dbt-ol) can match them. Every event has the same event time (the project's last
 * applied post), so the same catalog exports the same events, and a consumer that keeps events
 * by content (Tributary) takes a second export as duplicates.
 */
import { assetRelationParts } from "../inference/relationNames.js";
import { pushTo } from "../listMap.js";
import type { LinkableAsset } from "../lineage/crossProjectLinks.js";
import type { ColumnTransform } from "../lineage/types.js";
import type { AssetKind } from "../manifest/snapshot.js";
import type { DatasetRef, Facets, OpenLineageEvent } from "./types.js";
import { OPENLINEAGE_TRANSFORMATIONS } from "./transformations.js";
import { compareText } from "../compareText.js";

export interface ExportColumn {
  name: string;
  dataType: string | null;
  description: string | null;
}

export interface ExportOwner {
  name: string | null;
  email: string | null;
  handle: string | null;
}

/** A relation or exposure of the project, named as cross-project links name it. */
export interface ExportAsset extends Omit<LinkableAsset, "projectId" | "adapter"> {
  description: string | null;
  /** In position order. */
  columns: ExportColumn[];
  owners: ExportOwner[];
}

export interface ExportColumnEdge {
  fromAssetId: string;
  fromColumn: string;
  toAssetId: string;
  toColumn: string;
  transform: ColumnTransform;
}

export interface ProjectLineage {
  assets: ExportAsset[];
  /** Asset lineage: upstream → downstream. */
  edges: { fromId: string; toId: string }[];
  columnEdges: ExportColumnEdge[];
}

export interface ExportNaming {
  /** Namespace of the datasets, e.g. `postgres://warehouse:5432`. */
  datasetNamespace: string;
  /** Namespace of the jobs, e.g. the project's name. */
  jobNamespace: string;
  eventTime: string;
  producer: string;
}

const SPEC = "https://openlineage.io/spec";
const JOB_EVENT = `${SPEC}/2-0-2/OpenLineage.json#/$defs/JobEvent`;
const DATASET_EVENT = `${SPEC}/2-0-2/OpenLineage.json#/$defs/DatasetEvent`;
const FACET_SCHEMAS = {
  schema: `${SPEC}/facets/1-2-0/SchemaDatasetFacet.json#/$defs/SchemaDatasetFacet`,
  columnLineage: `${SPEC}/facets/1-2-0/ColumnLineageDatasetFacet.json#/$defs/ColumnLineageDatasetFacet`,
  datasetDocumentation: `${SPEC}/facets/1-1-0/DocumentationDatasetFacet.json#/$defs/DocumentationDatasetFacet`,
  datasetOwnership: `${SPEC}/facets/1-0-1/OwnershipDatasetFacet.json#/$defs/OwnershipDatasetFacet`,
  jobDocumentation: `${SPEC}/facets/1-1-0/DocumentationJobFacet.json#/$defs/DocumentationJobFacet`,
  jobOwnership: `${SPEC}/facets/1-0-1/OwnershipJobFacet.json#/$defs/OwnershipJobFacet`,
  jobType: `${SPEC}/facets/2-0-3/JobTypeJobFacet.json#/$defs/JobTypeJobFacet`,
} as const;


const RELATIONS = new Set<AssetKind>(["MODEL", "SEED", "SNAPSHOT", "SOURCE"]);
const BUILDERS = new Set<AssetKind>(["MODEL", "SNAPSHOT"]);

/**
 * The relation's name as OpenLineage writes it: `database.schema.table`, unquoted. A relation
 * given as an expression (a DuckDB source's `read_csv(…)`) is named by its database, schema and
 * name instead.
 */
export function exportedDatasetName(asset: Pick<ExportAsset, "relationName" | "database" | "schema" | "name">): string {
  const expression = asset.relationName?.includes("(") ?? false;
  return assetRelationParts(expression ? { ...asset, relationName: null } : asset).parts.join(".");
}

/** Events sorted by kind (datasets first), then name: the same catalog exports the same lines. */
export function exportOpenLineageEvents(lineage: ProjectLineage, naming: ExportNaming): OpenLineageEvent[] {
  const byId = new Map(lineage.assets.map((asset) => [asset.id, asset]));
  const datasetOf = (asset: ExportAsset): DatasetRef => ({ namespace: naming.datasetNamespace, name: exportedDatasetName(asset) });
  const facet = (schemaURL: string, body: Record<string, unknown>) => ({ _producer: naming.producer, _schemaURL: schemaURL, ...body });
  const base = { eventTime: naming.eventTime, producer: naming.producer };

  const datasetEvents: OpenLineageEvent[] = lineage.assets
    .filter((asset) => RELATIONS.has(asset.kind))
    .map((asset) => {
      const facets: Facets = {};
      // No columns known: no schema facet, since an empty one tells a consumer to clear its schema.
      if (asset.columns.length > 0) facets.schema = facet(FACET_SCHEMAS.schema, { fields: asset.columns.map(schemaField) });
      if (asset.description) facets.documentation = facet(FACET_SCHEMAS.datasetDocumentation, { description: asset.description });
      if (asset.owners.length > 0) facets.ownership = facet(FACET_SCHEMAS.datasetOwnership, { owners: asset.owners.map((o) => ({ name: ownerName(o) })) });
      return { ...base, schemaURL: DATASET_EVENT, dataset: { ...datasetOf(asset), facets } };
    });

  const upstreamOf = new Map<string, ExportAsset[]>();
  for (const { fromId, toId } of lineage.edges) {
    const from = byId.get(fromId);
    if (from && RELATIONS.has(from.kind)) pushTo(upstreamOf, toId, from);
  }
  const columnEdgesTo = new Map<string, ExportColumnEdge[]>();
  for (const edge of lineage.columnEdges) {
    if (RELATIONS.has(byId.get(edge.fromAssetId)?.kind ?? "EXPOSURE")) pushTo(columnEdgesTo, edge.toAssetId, edge);
  }

  const jobEvents: OpenLineageEvent[] = lineage.assets
    .filter((asset) => BUILDERS.has(asset.kind) || (asset.kind === "EXPOSURE" && upstreamOf.has(asset.id)))
    .map((asset) => {
      const facets: Facets = {
        jobType: facet(FACET_SCHEMAS.jobType, { processingType: "BATCH", integration: "DBT", jobType: asset.kind }),
      };
      if (asset.description) facets.documentation = facet(FACET_SCHEMAS.jobDocumentation, { description: asset.description });
      if (asset.owners.length > 0) facets.ownership = facet(FACET_SCHEMAS.jobOwnership, { owners: asset.owners.map((o) => ({ name: ownerName(o) })) });
      const inputs = uniqueBy((upstreamOf.get(asset.id) ?? []).map(datasetOf), (d) => d.name);
      const outputs: DatasetRef[] = [];
      if (BUILDERS.has(asset.kind)) {
        const fields = columnLineageFields(columnEdgesTo.get(asset.id) ?? [], (id) => datasetOf(byId.get(id)!));
        outputs.push({ ...datasetOf(asset), ...(Object.keys(fields).length > 0 ? { facets: { columnLineage: facet(FACET_SCHEMAS.columnLineage, { fields }) } } : {}) });
      }
      return { ...base, schemaURL: JOB_EVENT, job: { namespace: naming.jobNamespace, name: asset.uniqueId, facets }, inputs, outputs };
    });

  const key = (event: OpenLineageEvent) => event.dataset?.name ?? event.job!.name;
  return [...datasetEvents.sort(byKey(key)), ...jobEvents.sort(byKey(key))];
}

function schemaField(column: ExportColumn): Record<string, unknown> {
  return { name: column.name, ...(column.dataType ? { type: column.dataType } : {}), ...(column.description ? { description: column.description } : {}) };
}

/** Each output column's input fields, one per upstream column, with every transform between them. */
function columnLineageFields(edges: readonly ExportColumnEdge[], datasetOf: (assetId: string) => DatasetRef): Record<string, { inputFields: Record<string, unknown>[] }> {
  const byOutput = new Map<string, Map<string, { dataset: DatasetRef; field: string; transforms: Set<ColumnTransform> }>>();
  for (const edge of edges) {
    const inputs = byOutput.get(edge.toColumn) ?? new Map();
    byOutput.set(edge.toColumn, inputs);
    const key = JSON.stringify([edge.fromAssetId, edge.fromColumn]);
    const input = inputs.get(key) ?? { dataset: datasetOf(edge.fromAssetId), field: edge.fromColumn, transforms: new Set<ColumnTransform>() };
    input.transforms.add(edge.transform);
    inputs.set(key, input);
  }
  const fields: Record<string, { inputFields: Record<string, unknown>[] }> = {};
  for (const [column, inputs] of [...byOutput].sort(([a], [b]) => compareText(a, b))) {
    fields[column] = {
      inputFields: [...inputs.values()]
        .sort((a, b) => compareText(a.dataset.name, b.dataset.name) || compareText(a.field, b.field))
        .map((input) => ({
          namespace: input.dataset.namespace,
          name: input.dataset.name,
          field: input.field,
          transformations: [...input.transforms].sort().map((t) => OPENLINEAGE_TRANSFORMATIONS[t]),
        })),
    };
  }
  return fields;
}

/** As manifests write owners (`Name <email>`, `@handle`, a name), which readers parse back. */
function ownerName(owner: ExportOwner): string {
  if (owner.email) return owner.name ? `${owner.name} <${owner.email}>` : owner.email;
  if (owner.handle) return owner.handle.startsWith("@") ? owner.handle : `@${owner.handle}`;
  return owner.name ?? "";
}

function uniqueBy<T>(items: readonly T[], key: (item: T) => string): T[] {
  return [...new Map(items.map((item) => [key(item), item])).values()].sort((a, b) => compareText(key(a), key(b)));
}

const byKey = <T>(key: (item: T) => string) => (a: T, b: T) => compareText(key(a), key(b));
