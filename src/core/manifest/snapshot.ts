/**
 * The one normalized catalog snapshot every input format (dbt manifest v4–v12, native
 * manifest, SQL folder) is turned into. Everything downstream (storage, diff, lineage)
 * works on this shape only.
 *
 * The enum values equal the Prisma enums of the same names (a test keeps them in step);
 * they are restated here because core/ must not import Prisma.
 */
import type { Diagnostic } from "../diagnostic.js";
import type { AssetDefinition } from "./semantic/definition.js";

/** DATASET and JOB are OpenLineage's (services/openlineage/foldIntoCatalog.ts), never in a manifest. */
export const ASSET_KINDS = ["MODEL", "SOURCE", "SEED", "SNAPSHOT", "EXPOSURE", "METRIC", "SEMANTIC_MODEL", "SAVED_QUERY", "DATASET", "JOB"] as const;
export type AssetKind = (typeof ASSET_KINDS)[number];

export const LAYERS = ["STAGING", "INTERMEDIATE", "MART", "OTHER"] as const;
export type Layer = (typeof LAYERS)[number];

export const RUN_STATUSES = ["PASS", "FAIL", "WARN", "ERROR", "SKIPPED", "SUCCESS"] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export type ManifestFormat = "DBT" | "NATIVE";

export interface SnapshotOwner {
  name: string | null;
  email: string | null;
  handle: string | null;
}

export interface SnapshotColumn {
  name: string;
  dataType: string | null;
  description: string | null;
  /** 1-based order in the warehouse relation (catalog.json), else in the YAML. */
  position: number | null;
  tags: string[];
  meta: Record<string, unknown>;
  constraints: unknown[];
  /** Read from the model's SQL: neither the manifest nor catalog.json listed the model's columns. */
  inferred?: true;
}

export interface SnapshotAsset {
  uniqueId: string;
  name: string;
  kind: AssetKind;
  /** null for sources, seeds and snapshots. */
  layer: Layer | null;
  packageName: string | null;
  database: string | null;
  schema: string | null;
  relationName: string | null;
  materialization: string | null;
  description: string | null;
  rawSql: string | null;
  compiledSql: string | null;
  language: string | null;
  filePath: string | null;
  checksum: string | null;
  tags: string[];
  meta: Record<string, unknown>;
  contractEnforced: boolean;
  access: string | null;
  version: string | null;
  latestVersion: string | null;
  groupName: string | null;
  /** Exposure type (dashboard, notebook, …) or metric type. */
  subtype: string | null;
  url: string | null;
  owners: SnapshotOwner[];
  columns: SnapshotColumn[];
  /**
   * What a metric, semantic model, saved query or exposure means (formula, measures, query,
   * maturity); absent for the other kinds and when it could not be read.
   */
  definition?: AssetDefinition;
}

/** A dbt group (dbt ≥ 1.5): the owner of the resources in it; assets name theirs (groupName). */
export interface SnapshotGroup {
  name: string;
  owner: SnapshotOwner | null;
  description: string | null;
}

export interface SnapshotTest {
  uniqueId: string;
  name: string;
  /** unique, not_null, accepted_values, relationships, a package test's name, or `singular`. */
  testType: string;
  namespace: string | null;
  /** The asset the test belongs to (dbt's attached_node, derived before v9). */
  attachedUniqueId: string | null;
  columnName: string | null;
  severity: string | null;
  kwargs: Record<string, unknown>;
  dependsOn: string[];
}

/** A dependency the manifest declares: `from` is upstream of `to`. */
export interface SnapshotEdge {
  from: string;
  to: string;
}

export interface SnapshotRunResult {
  uniqueId: string;
  status: RunStatus;
  executionTime: number | null;
  failures: number | null;
  /** From the adapter's response (`rows_affected`), when it reports one. */
  rowsAffected?: number | null;
  message: string | null;
  completedAt: string | null;
}

export interface CatalogSnapshot {
  format: ManifestFormat;
  projectName: string | null;
  adapter: string | null;
  schemaVersion: string | null;
  assets: SnapshotAsset[];
  tests: SnapshotTest[];
  edges: SnapshotEdge[];
  /**
   * dbt Mesh: declared parents that are models of another project (`from` is that project's
   * unique id, e.g. `model.other_project.orders`), resolved against the tenant's other projects
   * when its lineage graph is built. Absent for formats without cross-project refs.
   */
  meshEdges?: SnapshotEdge[];
  /** dbt groups; absent for formats without them. */
  groups?: SnapshotGroup[];
  runResults: SnapshotRunResult[];
  diagnostics: Diagnostic[];
}
