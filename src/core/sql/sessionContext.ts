import type { Dialect } from "./dialect.js";
import type { QualifiedName, SessionScope } from "./parser/ast.js";

/**
 * The namespace a script's `USE` and `SET search_path` statements set: the database (catalog)
 * and schema that complete the unqualified names of the statements after them.
 */
export interface SessionContext {
  database?: NamePart;
  schema?: NamePart;
}

interface NamePart {
  name: string;
  quoted: boolean;
}

/** Warehouses where a database is a schema (`USE db` sets the schema of two-part names). */
const SCHEMA_IS_DATABASE = new Set<Dialect>(["databricks", "spark", "hive", "mysql"]);
/** Where a bare `USE x` names a database, not a schema. */
const USE_NAMES_DATABASE = new Set<Dialect>(["snowflake", "tsql", "duckdb"]);
/** The schema a session lands in when only the database (catalog) is chosen. */
const DEFAULT_SCHEMA: Partial<Record<Dialect, string>> = { snowflake: "PUBLIC", tsql: "dbo", duckdb: "main", databricks: "default" };

/** The context after one `USE …` / `SET search_path …`. */
export function applySessionStatement(context: SessionContext, dialect: Dialect, scope: SessionScope, name: QualifiedName | undefined): SessionContext {
  if (!name) return scope === "SEARCH_PATH" ? { ...(context.database ? { database: context.database } : {}) } : context;
  const parts = name.parts.map((part, i) => ({ name: part, quoted: name.quoted[i] ?? false }));
  if (parts.length >= 2) return { database: parts[parts.length - 2]!, schema: parts[parts.length - 1]! };
  const only = parts[0]!;
  if (namesDatabase(dialect, scope)) {
    const schema = DEFAULT_SCHEMA[dialect];
    return { database: only, ...(schema ? { schema: { name: schema, quoted: false } } : {}) };
  }
  return { ...(context.database ? { database: context.database } : {}), schema: only };
}

function namesDatabase(dialect: Dialect, scope: SessionScope): boolean {
  if (scope === "CATALOG") return true;
  if (scope === "DATABASE") return !SCHEMA_IS_DATABASE.has(dialect);
  return scope === "DEFAULT" && USE_NAMES_DATABASE.has(dialect);
}

/** `orders` → `db.s.orders`, `s.orders` → `db.s.orders`; names with all their parts are kept. */
export function qualifyName(name: QualifiedName, context: SessionContext): QualifiedName {
  const prefix: NamePart[] = [];
  if (name.parts.length === 1 && context.schema) {
    if (context.database) prefix.push(context.database);
    prefix.push(context.schema);
  } else if (name.parts.length === 2 && context.database) prefix.push(context.database);
  if (prefix.length === 0) return name;
  return { parts: [...prefix.map((p) => p.name), ...name.parts], quoted: [...prefix.map((p) => p.quoted), ...name.quoted], offset: name.offset };
}
