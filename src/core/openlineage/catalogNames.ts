/**
 * How OpenLineage's names become catalog assets: a dataset and a job each become one asset of
 * the tenant's `@openlineage` project, whose unique id is Marquez's node id
 * (`dataset:<namespace>:<name>`, `job:<namespace>:<name>`). A dataset in a warehouse namespace
 * (OpenLineage's naming: `postgres://host:port` with `database.schema.table`, `snowflake://…`)
 * also names its relation, so that it is merged with the dbt model that builds it or the source
 * that reads it, as the warehouse compares identifiers (datasetIdentity.ts).
 */

/** The project that holds OpenLineage's assets: `@` cannot start a dbt project name. */
export const OPENLINEAGE_PROJECT = "@openlineage";

/** Namespace schemes that name warehouse relations, and the adapter whose case rules apply. */
const WAREHOUSE_SCHEMES: Readonly<Record<string, string>> = {
  postgres: "postgres",
  postgresql: "postgres",
  redshift: "redshift",
  snowflake: "snowflake",
  bigquery: "bigquery",
  databricks: "databricks",
  trino: "trino",
  mysql: "mysql",
  duckdb: "duckdb",
  sqlserver: "sqlserver",
  mssql: "sqlserver",
  oracle: "oracle",
  athena: "athena",
  spark: "spark",
  hive: "spark",
};

export interface DatasetRelation {
  adapter: string;
  database: string;
  schema: string;
  identifier: string;
}

export const datasetUniqueId = (namespace: string, name: string) => `dataset:${namespace}:${name}`;
export const jobUniqueId = (namespace: string, name: string) => `job:${namespace}:${name}`;

/** The relation a dataset names, when its namespace is a warehouse's and its name has three parts. */
export function datasetRelation(namespace: string, name: string): DatasetRelation | null {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(namespace)?.[1]?.toLowerCase();
  const adapter = scheme ? WAREHOUSE_SCHEMES[scheme] : undefined;
  if (!adapter) return null;
  const parts = name.split(".");
  if (parts.length !== 3 || parts.some((part) => part.length === 0)) return null;
  return { adapter, database: parts[0]!, schema: parts[1]!, identifier: parts[2]! };
}
