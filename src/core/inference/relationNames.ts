/**
 * How a warehouse compares relation names, so that a name in compiled SQL
 * (`analytics.core.orders`, `"ANALYTICS"."CORE"."ORDERS"`, `` `proj`.`ds`.`tbl` ``) finds the
 * asset whose relation the manifest records, and only that one:
 *
 * - Snowflake folds unquoted names to upper case; quoted names are exact.
 * - PostgreSQL folds unquoted names to lower case; quoted names are exact.
 * - Redshift folds every name to lower case, quoted or not (its default,
 *   `enable_case_sensitive_identifier` off).
 * - BigQuery compares dataset and table names exactly, quoted or not; project ids are lower case.
 * - DuckDB, Databricks/Spark, Trino, Athena, Hive, MySQL, SQL Server and unknown adapters compare
 *   names without regard to case.
 */
import type { Dialect } from "../sql/index.js";

/** A relation name as parts, each with whether it was quoted. */
export interface NameParts {
  parts: readonly string[];
  quoted?: readonly boolean[] | undefined;
}

/** The comparable spelling of each part; `db.schema.table` roles are counted from the right. */
export function foldRelationName(name: NameParts, dialect: Dialect): string[] {
  const count = name.parts.length;
  return name.parts.map((part, index) => foldPart(part, name.quoted?.[index] ?? false, dialect, count - 1 - index));
}

/** `fromRight`: 0 for the identifier, 1 for the schema (dataset), 2 for the database (project). */
function foldPart(part: string, quoted: boolean, dialect: Dialect, fromRight: number): string {
  switch (dialect) {
    case "snowflake":
      return quoted ? part : part.toUpperCase();
    case "postgres":
      return quoted ? part : part.toLowerCase();
    case "bigquery":
      return fromRight >= 2 ? part.toLowerCase() : part;
    default:
      return part.toLowerCase();
  }
}

/** `"db"."schema"."table"`, `` `proj.ds.tbl` `` or `db.schema.table` → its parts, each marked quoted or not. */
export function splitRelationName(relation: string): NameParts {
  const parts: string[] = [];
  const quoted: boolean[] = [];
  const pattern = /"((?:[^"]|"")*)"|`([^`]*)`|\[([^\]]*)\]|([^."`[\]\s]+)/g;
  for (const match of relation.matchAll(pattern)) {
    const text = match[1]?.replace(/""/g, '"') ?? match[2] ?? match[3] ?? match[4] ?? "";
    for (const part of match[2] !== undefined ? text.split(".") : [text]) {
      if (part.length === 0) continue;
      parts.push(part);
      quoted.push(match[4] === undefined);
    }
  }
  return { parts, quoted };
}

/** The relation an asset builds or reads, as parts: its recorded relation name, else database, schema and name. */
export function assetRelationParts(asset: { relationName: string | null; database: string | null; schema: string | null; name: string }): NameParts {
  const fromRelation = asset.relationName ? splitRelationName(asset.relationName) : { parts: [] };
  return fromRelation.parts.length > 0 ? fromRelation : { parts: [asset.database, asset.schema, asset.name].filter((p): p is string => !!p) };
}

/**
 * `database.schema.identifier` as the warehouse compares it; null when the asset does not name all
 * three (a partial name could match relations of different databases) or names an expression.
 */
export function foldedRelationKey(asset: { relationName: string | null; database: string | null; schema: string | null; name: string }, dialect: Dialect): string | null {
  if (asset.relationName?.includes("(")) return null;
  const name = assetRelationParts(asset);
  return name.parts.length === 3 ? foldRelationName(name, dialect).join(".") : null;
}
