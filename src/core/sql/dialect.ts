import { z } from "zod";

/** The warehouse dialects the SQL engine knows; `ansi` is the forgiving default. */
export const dialectSchema = z.enum([
  "ansi",
  "snowflake",
  "bigquery",
  "postgres",
  "redshift",
  "databricks",
  "spark",
  "duckdb",
  "trino",
  "athena",
  "tsql",
  "mysql",
  "hive",
  "oracle",
]);
export type Dialect = z.infer<typeof dialectSchema>;

/** Aliases people and dbt adapters use for the same dialect (`adapter_type` values, sqlglot names). */
const DIALECT_ALIASES: Record<string, Dialect> = {
  postgresql: "postgres",
  pg: "postgres",
  sqlserver: "tsql",
  mssql: "tsql",
  fabric: "tsql",
  synapse: "tsql",
  presto: "trino",
  bq: "bigquery",
  sparksql: "spark",
  mariadb: "mysql",
  plsql: "oracle",
  generic: "ansi",
  sql: "ansi",
};

/** Maps a dialect name from a manifest or a command line to a known dialect; unknown names fall back to `ansi`. */
export function parseDialect(name: string | undefined | null): Dialect {
  if (!name) return "ansi";
  const key = name.trim().toLowerCase();
  const known = dialectSchema.safeParse(key);
  if (known.success) return known.data;
  return DIALECT_ALIASES[key] ?? "ansi";
}

/** How a dialect spells literals and comments: all the tokenizer needs to know about it. */
export interface LexicalRules {
  /** `"x"` is a string (BigQuery, MySQL, Spark, Hive), not an identifier. */
  doubleQuotedStrings: boolean;
  /** `\'` escapes a quote inside a string. */
  backslashEscapes: boolean;
  /** `# …` is a line comment (MySQL, BigQuery). */
  hashComments: boolean;
  /** `// …` is a line comment (Snowflake). */
  slashComments: boolean;
  /** `[x]` is a quoted identifier (T-SQL). */
  bracketIdentifiers: boolean;
  /** `#temp` and `##global` are table names (T-SQL temporary tables). */
  hashTableNames: boolean;
  /** Block comments nest (PostgreSQL, DuckDB). */
  nestedBlockComments: boolean;
  /** `'''…'''` and `"""…"""` (BigQuery, Databricks). */
  tripleQuotedStrings: boolean;
}

export function lexicalRules(dialect: Dialect): LexicalRules {
  const stringy = dialect === "bigquery" || dialect === "mysql" || dialect === "spark" || dialect === "databricks" || dialect === "hive";
  return {
    doubleQuotedStrings: stringy,
    backslashEscapes: stringy || dialect === "snowflake" || dialect === "ansi" || dialect === "redshift",
    hashComments: dialect === "mysql" || dialect === "bigquery",
    slashComments: dialect === "snowflake",
    bracketIdentifiers: dialect === "tsql",
    hashTableNames: dialect === "tsql",
    nestedBlockComments: dialect === "postgres" || dialect === "duckdb",
    tripleQuotedStrings: dialect === "bigquery" || dialect === "databricks" || dialect === "spark",
  };
}
