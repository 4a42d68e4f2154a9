import type { Dialect } from "../dialect.js";
import { outputNaming } from "./outputNames.js";
import type { ResolverRules } from "./resolveLineage.js";

/** Select aliases visible to later items of the same list: Snowflake, BigQuery, Databricks and Spark 3.4+, Redshift, DuckDB. */
const LATERAL_ALIASES: ReadonlySet<Dialect> = new Set(["ansi", "snowflake", "bigquery", "databricks", "spark", "redshift", "duckdb"]);
/** …and to WHERE: Snowflake and DuckDB. */
const ALIASES_IN_WHERE: ReadonlySet<Dialect> = new Set(["ansi", "snowflake", "duckdb"]);
/** `col.field` on a struct or record column without a qualifier. */
const STRUCT_FIELDS: ReadonlySet<Dialect> = new Set(["bigquery", "databricks", "spark", "hive", "duckdb", "trino", "athena"]);

const cache = new Map<Dialect, ResolverRules>();

/** How a dialect resolves column names, built once per dialect. */
export function resolverRules(dialect: Dialect): ResolverRules {
  let rules = cache.get(dialect);
  if (!rules) {
    rules = { lateralAliases: LATERAL_ALIASES.has(dialect), aliasesInWhere: ALIASES_IN_WHERE.has(dialect), structFields: STRUCT_FIELDS.has(dialect), nameUnnamed: outputNaming(dialect) };
    cache.set(dialect, rules);
  }
  return rules;
}
