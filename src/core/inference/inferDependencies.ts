/**
 * What a model's SQL says it depends on, in catalog terms: the upstream assets it reads, its
 * column lineage between catalog columns, and where the SQL and the manifest disagree.
 */
import type { Diagnostic } from "../diagnostic.js";
import type { SnapshotAsset } from "../manifest/index.js";
import { analyzeSql, refName, sourceName, type ColumnTransform, type Dialect, type TableRef } from "../sql/index.js";
import type { RelationResolver } from "./relationResolver.js";

export interface InferredColumnEdge {
  fromUniqueId: string;
  fromColumn: string;
  toColumn: string;
  transform: ColumnTransform;
}

export interface InferredDependencies {
  upstream: string[];
  columnEdges: InferredColumnEdge[];
  diagnostics: Diagnostic[];
}

export interface InferenceContext {
  resolver: RelationResolver;
  dialect: Dialect;
  /** uniqueId → asset, for parents' columns */
  assets: Map<string, SnapshotAsset>;
  /** uniqueIds the manifest declares as this model's parents */
  declaredParents: Set<string>;
}

/** Models and snapshots written in SQL; Python models and the rest have nothing to parse. */
export function hasAnalysableSql(asset: SnapshotAsset): boolean {
  return (asset.kind === "MODEL" || asset.kind === "SNAPSHOT") && (asset.language ?? "sql") === "sql" && !!(asset.rawSql ?? asset.compiledSql);
}

export function inferDependencies(asset: SnapshotAsset, context: InferenceContext): InferredDependencies {
  const sql = asset.rawSql ?? asset.compiledSql ?? "";
  const analysis = analyzeSql({ sql, dialect: context.dialect, schema: parentSchema(context), timeBudgetMs: 1_000 });
  const diagnostics: Diagnostic[] = analysis.diagnostics.map((d) => ({ ...d, uniqueId: asset.uniqueId }));
  const upstream = new Map<string, TableRef>();
  for (const table of analysis.sources) {
    const found = context.resolver.resolve(table);
    if (!found) {
      if (table.ref || table.source) diagnostics.push(unresolvedCall(asset, table));
      continue;
    }
    if (found.uniqueId === asset.uniqueId) continue;
    if (!table.ref && !table.source && found.kind !== "SOURCE" && !context.declaredParents.has(found.uniqueId)) {
      diagnostics.push({
        code: "HARDCODED_RELATION",
        severity: "warning",
        uniqueId: asset.uniqueId,
        line: table.line,
        column: table.column,
        message: `${asset.name} reads ${table.name} by its table name instead of {{ ref('${found.name}') }}: dbt will not order or track that dependency`,
      });
    }
    upstream.set(found.uniqueId, table);
  }
  for (const call of analysis.jinja.unresolved) {
    diagnostics.push({
      code: "UNRESOLVED_REF",
      severity: "warning",
      uniqueId: asset.uniqueId,
      line: call.line,
      column: call.column,
      message: `${call.expression} is not a literal, so the dependency it names cannot be read from the SQL`,
    });
  }
  for (const parent of context.declaredParents) {
    const kind = context.assets.get(parent)?.kind;
    if (!upstream.has(parent) && (kind === "MODEL" || kind === "SOURCE" || kind === "SEED" || kind === "SNAPSHOT")) {
      diagnostics.push({
        code: "DECLARED_NOT_IN_SQL",
        severity: "info",
        uniqueId: asset.uniqueId,
        message: `the manifest declares ${parent} as a parent of ${asset.name}, but its SQL never names it (a ref inside a macro or a var?)`,
      });
    }
  }
  for (const found of upstream.keys()) {
    if (!context.declaredParents.has(found)) {
      diagnostics.push({
        code: "INFERRED_NOT_DECLARED",
        severity: "warning",
        uniqueId: asset.uniqueId,
        message: `the SQL of ${asset.name} reads ${found}, which the manifest does not declare as a parent`,
      });
    }
  }
  return { upstream: [...upstream.keys()], columnEdges: columnEdges(asset, analysis.columnLineage, upstream, context), diagnostics };
}

/** Parents' known columns, keyed the way the SQL names them, so `*` can be expanded. */
function parentSchema(context: InferenceContext): Record<string, Record<string, string>> {
  const schema: Record<string, Record<string, string>> = {};
  for (const uniqueId of context.declaredParents) {
    const parent = context.assets.get(uniqueId);
    if (!parent || parent.columns.length === 0) continue;
    const columns = Object.fromEntries(parent.columns.map((c) => [c.name, c.dataType ?? "unknown"]));
    if (parent.kind === "SOURCE") {
      const [, , source, ...table] = parent.uniqueId.split(".");
      if (source) schema[sourceName({ source, table: table.join(".") })] = columns;
    } else {
      schema[refName({ name: parent.name })] = columns;
    }
    if (parent.relationName) schema[parent.relationName.replace(/["`]/g, "")] = columns;
  }
  return schema;
}

function columnEdges(
  asset: SnapshotAsset,
  lineage: ReturnType<typeof analyzeSql>["columnLineage"],
  upstream: Map<string, TableRef>,
  context: InferenceContext,
): InferredColumnEdge[] {
  const ownColumns = new Map(asset.columns.map((c) => [c.name.toLowerCase(), c.name]));
  const tableToAsset = new Map([...upstream].map(([uniqueId, table]) => [table.name, uniqueId]));
  const edges = new Map<string, InferredColumnEdge>();
  for (const { target, sources } of lineage) {
    const toColumn = ownColumns.get(target.toLowerCase());
    if (!toColumn) continue;
    for (const source of sources) {
      const fromUniqueId = tableToAsset.get(source.table);
      const parentColumns = fromUniqueId ? context.assets.get(fromUniqueId)?.columns : undefined;
      const fromColumn = parentColumns?.find((c) => c.name.toLowerCase() === source.column.toLowerCase())?.name;
      if (!fromUniqueId || !fromColumn) continue;
      const edge = { fromUniqueId, fromColumn, toColumn, transform: source.transform };
      edges.set(`${fromUniqueId}\u0000${fromColumn}\u0000${toColumn}\u0000${source.transform}`, edge);
    }
  }
  return [...edges.values()];
}

function unresolvedCall(asset: SnapshotAsset, table: TableRef): Diagnostic {
  return {
    code: "UNKNOWN_RELATION",
    severity: "warning",
    uniqueId: asset.uniqueId,
    line: table.line,
    column: table.column,
    message: `${asset.name} calls ${table.name}, which names no asset of this manifest`,
  };
}
