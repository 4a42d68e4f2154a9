import type { Dialect } from "../dialect.js";
import type { UnnamedItem } from "../parser/ast.js";

/** The name a warehouse gives an output with no alias that is not a bare column; undefined when it gives none. */
export type OutputNaming = (item: UnnamedItem, position: number, unnamedIndex: number) => string | undefined;

/**
 * Per dialect, from each warehouse's documentation (docs/sql-lineage.md lists them): `position`
 * is the output's 0-based index, `unnamedIndex` its index among the unnamed outputs.
 */
export function outputNaming(dialect: Dialect): OutputNaming {
  switch (dialect) {
    case "snowflake":
      return (item) => item.upperText;
    case "bigquery":
      return (_item, _position, unnamedIndex) => `f${unnamedIndex}_`;
    case "postgres":
    case "redshift":
      return (item) => item.castOf ?? item.call ?? (item.isCase ? "case" : "?column?");
    case "trino":
    case "athena":
      return (_item, position) => `_col${position}`;
    case "hive":
      return (_item, position) => `_c${position}`;
    case "mysql":
      return (item) => item.text;
    case "spark":
    case "databricks":
    case "duckdb":
      return (item) => item.canonicalText;
    default:
      // T-SQL leaves such a column without a name; ANSI says the name is implementation-dependent.
      return () => undefined;
  }
}
