/**
 * Messages between bench/ingest.ts (the orchestrator) and bench/support/ingestWorker.ts (one
 * child process per backend and input group, so a crash, an out-of-memory or a timeout loses
 * only that group, and each group's peak RSS is its own).
 */

export type Backend = "pglite" | "postgres";

/**
 * What one worker runs: the fixtures, one synthetic manifest, or one synthetic dbt project
 * folder (bench/generate/dbtProjectFolder.ts) read as `tributary push --models` reads it.
 */
export type WorkerInputs = { kind: "fixtures" } | { kind: "synthetic"; models: number } | { kind: "folder"; models: number };

export interface WorkerSpec {
  backend: Backend;
  /** postgres:// URL of a fresh, empty database the orchestrator created (and drops). */
  url?: string;
  inputs: WorkerInputs;
  /** Only the first post and the second tenant's (no unchanged or changed re-posts). */
  firstOnly?: boolean;
}

/**
 * first: the first post into a freshly migrated database; secondTenant: the same post into a
 * second tenant of that database right after (the tables already hold the first tenant's rows).
 */
export type StepName = "first" | "secondTenant" | "unchanged" | "changed";

export interface StepResult {
  input: string;
  models: number;
  step: StepName;
  status: string;
  seconds: number;
  /** Rows written (assets + columns + tests + declared/inferred/column-lineage edges); 0 when UNCHANGED. */
  rowsWritten: number;
  /** Rows the post holds (assets + columns + tests + edges): what an unchanged re-post checks. */
  rowsInInput: number;
  peakRssMb: number;
  peakHeapMb: number;
  /** The result's `counts.written`, for the record. */
  written: Record<string, number>;
  /** Time inside the post's transaction (the rest is validation, parsing, checksum, SQL analysis). */
  transactionSeconds: number;
  /** Sum over all DB operations inside the transaction (overlapping calls counted twice). */
  operationsSeconds: number;
  /** The slowest DB operations inside the transaction. */
  operations: Operation[];
  /** Models whose SQL the changed step edited. */
  editedModels?: number;
}

/** Calls of one Prisma operation (`column.createMany`, `$executeRaw`…) inside a post's transaction. */
export interface Operation {
  name: string;
  calls: number;
  ms: number;
}

/** Where an unchanged re-post spends its time, each piece timed on its own. */
export interface Breakdown {
  input: string;
  models: number;
  manifestMb: number;
  jsonParseMs: number;
  parseManifestMs: number;
  checksumMs: number;
  /** A second unchanged ingestManifest call, timed whole. */
  ingestMs: number;
  /** Time inside `ctx.db.$transaction` during that call (lock, project upsert, version lookup, audit). */
  dbMs: number;
}

export type WorkerMessage =
  | { type: "setup"; seconds: number }
  /** A folder input: writing it (not timed as the push) and reading it as the CLI does. */
  | { type: "folder"; input: string; files: number; readSeconds: number; readPeakRssMb: number; manifestMb: number }
  | { type: "warning"; message: string }
  | { type: "step-start"; input: string; step: StepName }
  | { type: "step"; result: StepResult }
  | { type: "breakdown"; result: Breakdown }
  | { type: "error"; input: string; step: string; message: string }
  | { type: "done"; maxRssMb: number };
