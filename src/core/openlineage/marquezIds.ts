/**
 * Marquez's node ids and the names Tributary's assets have in Marquez's reads.
 *
 * - An OpenLineage job or dataset keeps its own namespace and name: its asset's unique id is
 *   already Marquez's node id (`job:<namespace>:<name>`, `dataset:<namespace>:<name>`).
 * - A dbt model, seed, snapshot or source is a dataset named after its relation: namespace
 *   `<adapter>://<database>` (the project's adapter, `dbt` when unknown), name
 *   `<schema>.<identifier>`, as Marquez's own examples name tables (`food_delivery`,
 *   `public.delivery_7_days`). The warehouse's host is not in a manifest, so this cannot be
 *   OpenLineage's `postgres://host:port`; a dbt model and an OpenLineage dataset of the same
 *   relation are linked in lineage (crossProjectLinks), each under its own name.
 * - A column is `datasetField:<namespace>:<name>:<field>`.
 *
 * Namespaces hold colons (`postgres://host:5432`), so an id is split as Marquez splits it: at
 * the colons that start neither `//` nor a port number.
 */
import { assetRelationParts } from "../inference/relationNames.js";

export type MarquezNodeKind = "DATASET" | "JOB" | "DATASET_FIELD";

export interface MarquezName {
  namespace: string;
  name: string;
}

export interface ParsedNodeId extends MarquezName {
  kind: MarquezNodeKind;
  /** DATASET_FIELD only. */
  field: string | null;
}

const PREFIXES: Readonly<Record<string, MarquezNodeKind>> = { dataset: "DATASET", job: "JOB", datasetField: "DATASET_FIELD" };

export const marquezNodeId = (kind: "DATASET" | "JOB", name: MarquezName): string => `${kind === "JOB" ? "job" : "dataset"}:${name.namespace}:${name.name}`;
export const datasetFieldNodeId = (dataset: MarquezName, field: string): string => `datasetField:${dataset.namespace}:${dataset.name}:${field}`;

/** The separators of an id: colons not followed by `//` (a URI scheme) or a digit (a port). */
const SEPARATOR = /:(?!\/\/|\d)/g;

/** Marquez's node id split into its parts; null when it is not one (the message says why). */
export function parseNodeId(value: string): ParsedNodeId | { error: string } {
  const separators = [...value.matchAll(SEPARATOR)].map((match) => match.index);
  const kind = PREFIXES[value.slice(0, separators[0] ?? 0)];
  if (!kind) return { error: "must start with dataset:, job: or datasetField:" };
  const parts = kind === "DATASET_FIELD" ? 4 : 3;
  if (separators.length < parts - 1) return { error: `must have ${parts} parts separated by ':'` };
  // The namespace ends at the second separator; a field is after the last one, so a name may hold colons.
  const namespaceEnd = separators[1]!;
  const nameEnd = kind === "DATASET_FIELD" ? separators.at(-1)! : value.length;
  const namespace = value.slice(separators[0]! + 1, namespaceEnd);
  const name = value.slice(namespaceEnd + 1, nameEnd);
  const field = kind === "DATASET_FIELD" ? value.slice(nameEnd + 1) : null;
  if (!namespace || !name || field === "") return { error: "has an empty namespace, name or field" };
  return { kind, namespace, name, field };
}

/** Asset kinds that are datasets in Marquez's reads besides OpenLineage's own. */
export const DBT_DATASET_KINDS = ["MODEL", "SEED", "SNAPSHOT", "SOURCE"] as const;

export interface DbtRelationAsset {
  relationName: string | null;
  database: string | null;
  schema: string | null;
  name: string;
  /** The project's adapter. */
  adapter: string | null;
}

/**
 * The Marquez name of a dbt asset's relation (its identifier is the relation's last part: a
 * model's alias); null when it names no database and schema.
 */
export function dbtDatasetName(asset: DbtRelationAsset): MarquezName | null {
  // An expression (`read_csv('…', header=true)`) names no relation.
  if (!asset.database || !asset.schema || asset.relationName?.includes("(")) return null;
  const identifier = assetRelationParts(asset).parts.at(-1) ?? asset.name;
  return { namespace: dbtNamespace(asset.adapter, asset.database), name: `${asset.schema}.${identifier}` };
}

export function dbtNamespace(adapter: string | null, database: string): string {
  return `${(adapter ?? "dbt").toLowerCase()}://${database}`;
}

/** The adapter and database a dbt namespace names, to find its assets; null for any other namespace. */
export function dbtNamespaceParts(namespace: string): { adapter: string; database: string } | null {
  const match = /^([a-z][a-z0-9+.-]*):\/\/(.+)$/.exec(namespace);
  return match ? { adapter: match[1]!, database: match[2]! } : null;
}
