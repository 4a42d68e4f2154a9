/**
 * The shapes the tolerant parser recovers: enough of a query to know which relations it reads
 * and which columns feed which outputs, nothing more. Expressions are not trees but summaries
 * (the columns they mention and in what role), which is all lineage needs.
 */
import type { ExpressionText } from "./expressionText.js";

/** A string literal holding SQL, with the offset of its first character in the rendered SQL. */
export interface EmbeddedSql {
  text: string;
  offset: number;
}

/** A dotted name with quotes removed; `offset` is where it starts in the rendered SQL. */
export interface QualifiedName {
  parts: string[];
  /** Per part: was it quoted (and so case-sensitive)? */
  quoted: boolean[];
  offset: number;
}

/** Where a column mention sits inside its expression. */
export type RefRole = "value" | "aggregate" | "window";

export interface ColumnMention {
  name: QualifiedName;
  role: RefRole;
}

export interface Expression {
  mentions: ColumnMention[];
  subqueries: Query[];
  /** The expression is one column mention and nothing else (a direct copy). */
  bare: boolean;
  /** A positional reference (`GROUP BY 1`). */
  ordinal?: number;
  /** `*` or `t.*` (select lists only), with its modifiers. */
  star?: StarModifiers;
  /** When the expression is a single name, its last part (`a.b` → `b`): the implicit output name. */
  implicitName?: string;
}

/** `* EXCLUDE/EXCEPT (…)`, `* REPLACE (expr AS c)`, `* RENAME (a AS b)` (Snowflake, BigQuery, Databricks, DuckDB). */
export interface StarModifiers {
  qualifier?: QualifiedName;
  except: string[];
  replace?: Array<{ column: string; expression: Expression }>;
  rename?: Array<{ from: string; to: string }>;
}

/** What the warehouse may name an output that has no alias and is not a bare column (`a + 1`, `count(*)`). */
export interface UnnamedItem {
  /** Its tokens as written, separated by one space where the SQL had any. */
  text: string;
  /** Its tokens as written with unquoted words in upper case (Snowflake's folding). */
  upperText: string;
  /** Spark's and DuckDB's rendering: function names in lower case, a top-level operator in parentheses. */
  canonicalText: string;
  /** The function it is a call of, in lower case (`upper(x)` → `upper`). */
  call?: string;
  /** The column a cast is of (`cast(a as int)`, `a::int` → `a`). */
  castOf?: string;
  isCase: boolean;
}

export interface SelectItem {
  expression: Expression;
  alias?: string;
  /** Set when the item has neither an alias nor a name of its own. */
  unnamed?: UnnamedItem;
  /** The expression's tokens as written, unquoted words lower-cased, one space apart: a comparable formula. */
  text?: ExpressionText;
}

export type FromItem =
  | { kind: "table"; name: QualifiedName; alias?: string; columnAliases?: string[] }
  | { kind: "derived"; query: Query; alias?: string; columnAliases?: string[]; lateral: boolean }
  /** `UNNEST(x)`, `FLATTEN(input => x)`, `read_parquet('…')`, `TABLE(…)`, `LATERAL VIEW explode(x)`. */
  | { kind: "function"; arguments: Expression; paths: string[]; alias?: string; columnAliases?: string[] }
  | { kind: "path"; path: string; alias?: string };

export interface Select {
  kind: "select";
  items: SelectItem[];
  from: FromItem[];
  joinConditions: Expression[];
  /** `JOIN … USING (a, b)` column names. */
  joinUsing: string[];
  /** Those of them joined by a FULL join: the merged column is either side's value. */
  fullJoinUsing?: string[];
  where?: Expression;
  groupBy: Expression[];
  having?: Expression;
  qualify?: Expression;
  orderBy: Expression[];
  /** `WINDOW w AS (PARTITION BY …)`: their columns shape every windowed output. */
  namedWindows: Expression[];
  /** `SELECT … INTO new_table FROM …` (T-SQL, PostgreSQL): the table the select creates. */
  into?: QualifiedName;
  offset: number;
}

/** `SET c = value` of UPDATE and MERGE, and MERGE's `INSERT (c) VALUES (value)`: `column` is the target's. */
export interface Assignment {
  column: string;
  value: Expression;
}

/** A condition of a write that decides which rows are written: MERGE's `ON` (JOIN), WHERE and `WHEN … AND` (FILTER). */
export interface RowCondition {
  expression: Expression;
  kind: "JOIN" | "FILTER";
}

export type SetExpression =
  | Select
  /** `byName`: `UNION [ALL] BY NAME` matches columns by name instead of position. */
  | { kind: "setop"; left: SetExpression; right: SetExpression; byName?: boolean }
  | { kind: "nested"; query: Query }
  | { kind: "values"; rows: Expression[][] };

export interface CommonTableExpression {
  name: string;
  columns?: string[];
  query: Query;
}

export interface Query {
  ctes: CommonTableExpression[];
  body: SetExpression;
  orderBy: Expression[];
}

/** What a `USE` names: `DEFAULT` is a bare `USE x`, whose meaning depends on the dialect. */
export type SessionScope = "DEFAULT" | "DATABASE" | "SCHEMA" | "CATALOG" | "NAMESPACE" | "SEARCH_PATH";

export type Statement =
  | { kind: "query"; query: Query }
  | {
      kind: "write";
      /** INSERT, CREATE TABLE/VIEW … AS, MERGE, UPDATE, DELETE, COPY. */
      verb: string;
      /** `WITH … INSERT/MERGE/UPDATE/DELETE`: names visible to the whole statement. */
      ctes: CommonTableExpression[];
      target?: QualifiedName;
      /** `MERGE INTO t AS x`, `UPDATE t x`: the target's alias inside the statement. */
      targetAlias?: string;
      /** Column names given for the target (`INSERT INTO t (a, b)`, `CREATE VIEW v (a, b)`). */
      columns?: string[];
      query?: Query;
      /** Relations read other than through `query` (MERGE USING, UPDATE FROM, DELETE USING). */
      reads: FromItem[];
      expressions: Expression[];
      paths: string[];
      /** A CREATE TABLE with a column list and no query defines an empty table. */
      definesEmptyTable: boolean;
      /** `CREATE TABLE x LIKE y` / `CLONE y`. */
      copiesFrom?: QualifiedName;
      /** Snowflake/Oracle `INSERT ALL|FIRST INTO a … INTO b … SELECT …`: the tables after the first. */
      extraTargets?: QualifiedName[];
      /** UPDATE/MERGE assignments, in order: the column lineage of the write. */
      assignments: Assignment[];
      /** MERGE's `UPDATE SET *` / `INSERT *` (Databricks): every source column to the target column of its name. */
      copiesAllColumns?: boolean;
      rowConditions: RowCondition[];
      /** `PARTITION (dt = '…')`: columns given a constant, which the query does not supply. */
      staticPartitionColumns: string[];
      /** Redshift `UNLOAD ('select …')`: a query written as a string. */
      embeddedSql?: EmbeddedSql;
    }
  /** `ALTER TABLE a RENAME TO b`, `SWAP WITH`, `EXCHANGE PARTITION`: data moves between existing tables. */
  | { kind: "move"; reads: QualifiedName[]; writes: QualifiedName[] }
  /** `USE …`, `SET search_path …`: the namespace of later statements' unqualified names; no name resets it. */
  | { kind: "session"; scope: SessionScope; name?: QualifiedName }
  /** A statement of a kind we do not model; any queries inside it are still analysed. */
  | { kind: "other"; queries: Query[]; paths: string[] };
