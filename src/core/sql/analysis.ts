import type { Diagnostic } from "../diagnostic.js";

/**
 * What the SQL engine returns for one model. Every type of the engine's output is declared here,
 * once; inputs are zod schemas in `input.ts`.
 */

/** The kinds of the Prisma enum `ColumnTransform` the engine finds, spelled the same (the enum adds CONDITIONAL, from OpenLineage). */
export const COLUMN_TRANSFORMS = ["DIRECT", "TRANSFORMED", "AGGREGATED", "FILTER", "JOIN", "GROUP_BY", "SORT", "WINDOW"] as const;
export type ColumnTransform = (typeof COLUMN_TRANSFORMS)[number];

/** `{{ ref('pkg', 'name', v=2) }}` with its arguments as written. */
export interface DbtRef {
  name: string;
  package?: string;
  version?: string;
}

/** `{{ source('source_name', 'table') }}`. */
export interface DbtSource {
  source: string;
  table: string;
}

export interface Position {
  /** 1-based, in the original (un-rendered) text. */
  line: number;
  column: number;
}

/**
 * A relation the SQL reads or writes. `name` is the dotted name as written with quotes removed
 * (`analytics.public.orders`), or for a Jinja call its canonical spelling (`ref('orders')`,
 * `source('jira', 'issue')`), which is also the structured `ref`/`source` field.
 */
export interface TableRef extends Position {
  name: string;
  /** The name's parts (`["analytics", "public", "orders"]`); empty for Jinja calls. */
  parts: string[];
  /** Per part: was it quoted (case-sensitive where the warehouse folds unquoted names)? */
  quoted?: boolean[];
  ref?: DbtRef;
  source?: DbtSource;
}

export interface ColumnSource {
  /** A `TableRef.name`. */
  table: string;
  column: string;
  transform: ColumnTransform;
}

export interface ColumnLineage {
  /** Output column name as written (quotes removed). */
  target: string;
  sources: ColumnSource[];
  /** The SQL expression that computes the column, normalized (see parser `expressionText`), when the select list names it. */
  expression?: string;
}

export interface JinjaRefCall extends DbtRef, Position {}
export interface JinjaSourceCall extends DbtSource, Position {}
/** A `ref(...)`/`source(...)` whose arguments are not literals, e.g. `ref(var('x'))`. */
export interface UnresolvedCall extends Position {
  expression: string;
}

export interface JinjaDependencies {
  refs: JinjaRefCall[];
  sources: JinjaSourceCall[];
  unresolved: UnresolvedCall[];
}

export interface SqlAnalysis {
  /** Upstream relations: Jinja refs and sources, and plain tables read by the SQL. */
  sources: TableRef[];
  /** Relations written by DML/DDL (INSERT, CREATE … AS, MERGE, UPDATE, DELETE …). */
  targets: TableRef[];
  /** Tables both created and read inside one script: neither upstream nor a final output. */
  intermediates: TableRef[];
  /** File paths, URLs and stages (`s3://…`, `@stage/path`) read or written. */
  paths: string[];
  columnLineage: ColumnLineage[];
  /**
   * The columns that shape every row of the output (filters, joins, grouping, sorting): the
   * same sources each named entry of `columnLineage` lists too, given once, so a consumer can
   * store them once per model instead of once per output column.
   */
  rowLineage: ColumnSource[];
  jinja: JinjaDependencies;
  diagnostics: Diagnostic[];
}
