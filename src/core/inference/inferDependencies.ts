/**
 * What a model's SQL says it depends on, in catalog terms: the upstream assets it reads, its
 * column lineage between catalog columns, and where the SQL and the manifest disagree.
 */
import type { Diagnostic } from "../diagnostic.js";
import { nodeId, type SnapshotAsset } from "../manifest/index.js";
import { analyzeSql, EPHEMERAL_CTE_PREFIX, refName, sourceName, type ColumnSource, type ColumnTransform, type Dialect, type SqlAnalysis, type TableRef } from "../sql/index.js";
import type { RelationResolver } from "./relationResolver.js";
import { foldedRelationKey, foldRelationName } from "./relationNames.js";
import { semanticModelSql } from "./semanticSql.js";

export interface InferredColumnEdge {
  fromUniqueId: string;
  /**
   * Only in `mesh`: the other project's relation, folded by the adapter's case rules, when the SQL
   * names it by no ref (`fromUniqueId` is "" then).
   */
  fromRelation?: string;
  fromColumn: string;
  toColumn: string;
  transform: ColumnTransform;
}

/**
 * An upstream column that shapes which rows the model has (a filter, join, grouping, sort or
 * window column): it reaches every column of the model, with this transform.
 */
export interface InferredRowDependency {
  fromUniqueId: string;
  /** As InferredColumnEdge's. */
  fromRelation?: string;
  fromColumn: string;
  transform: ColumnTransform;
}

export interface InferredDependencies {
  upstream: string[];
  /**
   * Column edges between catalog columns. Those that only restate a row dependency are left out
   * when `rowDependencies` carries them.
   */
  columnEdges: InferredColumnEdge[];
  /**
   * Given once for the model instead of once per column (a model with 15 columns and 5 filter or
   * join columns: 5 instead of 75). Empty when one of the model's columns is not an output the
   * SQL names: then only per-column edges say exactly which columns the rows reach.
   */
  rowDependencies: InferredRowDependency[];
  /**
   * The same two for columns of another project's model, by the column name the SQL uses: that
   * project's columns are not in this manifest, so they are matched by name when the tenant's
   * lineage is built, whichever project was posted first. The model is a dbt Mesh parent
   * (`fromUniqueId`), or a relation (`fromRelation`) that compiled SQL names where a Mesh ref
   * was, or that a source of this project reads without listing its columns. A `select *`
   * of such a model is one edge from column "*" to column "*": each column of the model comes
   * from the parent's column of its name.
   */
  mesh: { columnEdges: InferredColumnEdge[]; rowDependencies: InferredRowDependency[] };
  diagnostics: Diagnostic[];
}

export interface InferenceContext {
  resolver: RelationResolver;
  dialect: Dialect;
  /** uniqueId → asset, for parents' columns */
  assets: Map<string, SnapshotAsset>;
  /** uniqueIds the manifest declares as this model's parents */
  declaredParents: Set<string>;
  /** Its declared parents in other projects (dbt Mesh refs, `model.other_project.orders`). */
  meshParents?: ReadonlySet<string>;
}

/**
 * Models and snapshots written in SQL, and semantic models (as the SQL they stand for,
 * semanticSql.ts); Python models and the rest have nothing to parse.
 */
export function hasAnalysableSql(asset: SnapshotAsset): boolean {
  if (asset.kind === "SEMANTIC_MODEL") return semanticModelSql(asset) !== null;
  return (asset.kind === "MODEL" || asset.kind === "SNAPSHOT") && (asset.language ?? "sql") === "sql" && !!(asset.rawSql ?? asset.compiledSql);
}

/**
 * The SQL dbt ran when the manifest has it: relations that `var()` or a macro produce are
 * resolved there, and Jinja branches dbt did not render are gone. The raw SQL only when nothing
 * was compiled.
 */
export function analysedSql(asset: SnapshotAsset): string {
  return asset.compiledSql ?? asset.rawSql ?? semanticModelSql(asset) ?? "";
}

/** The model's SQL analysed with its declared parents' columns, so `*` can be expanded. */
export function analyseModelSql(asset: SnapshotAsset, context: Omit<InferenceContext, "resolver">, sql = analysedSql(asset)): SqlAnalysis {
  return analyzeSql({ sql, dialect: context.dialect, schema: parentSchema(context), timeBudgetMs: 1_000 });
}

/** `analysis`: the model's SQL already analysed against the same parents' columns (inferMissingColumns). */
export function inferDependencies(asset: SnapshotAsset, context: InferenceContext, analysis: SqlAnalysis = analyseModelSql(asset, context)): InferredDependencies {
  const sql = analysedSql(asset);
  const diagnostics: Diagnostic[] = analysis.diagnostics.map((d) => ({ ...d, uniqueId: asset.uniqueId }));
  const upstream = new Map<string, TableRef>();
  const meshTables = new Map<string, MeshTable>();
  for (const table of analysis.sources) {
    const meshParent = meshParentOf(table, context.meshParents);
    if (meshParent) {
      meshTables.set(table.name, { fromUniqueId: meshParent });
      continue;
    }
    const found = context.resolver.resolve(table, context.declaredParents);
    if (!found) {
      if (table.ref || table.source) diagnostics.push(unresolvedCall(asset, table));
      // Compiled SQL names a Mesh parent by its relation: which parent is known once its project is posted.
      const relation = context.meshParents?.size ? plainRelationKey(table, context.dialect) : null;
      if (relation) meshTables.set(table.name, { fromUniqueId: "", fromRelation: relation });
      continue;
    }
    const unlisted = found.kind === "SOURCE" && found.columns.length === 0 ? foldedRelationKey(found, context.dialect) : null;
    if (unlisted) meshTables.set(table.name, { fromUniqueId: "", fromRelation: unlisted });
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
  for (const found of context.resolver.expressionRelationsIn(sql)) {
    if (!upstream.has(found.uniqueId)) upstream.set(found.uniqueId, { name: found.relationName!, parts: [], line: 1, column: 1 });
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
  return { upstream: [...upstream.keys()], ...columnLineage(asset, analysis, upstream, meshTables, context), diagnostics };
}

/** Where a table of the SQL is another project's model (InferredDependencies.mesh). */
type MeshTable = Pick<InferredColumnEdge, "fromUniqueId" | "fromRelation">;

/** A plain `database.schema.identifier` of the SQL as the adapter compares it; null for a shorter name. */
function plainRelationKey(table: TableRef, dialect: Dialect): string | null {
  if (table.ref || table.source || table.parts.length !== 3) return null;
  return foldRelationName(table, dialect).join(".");
}

/** The other project's model a `ref('other_project', 'orders')` names, when the manifest declares it. */
function meshParentOf(table: TableRef, meshParents: ReadonlySet<string> | undefined): string | undefined {
  if (!table.ref?.package || !meshParents?.size) return undefined;
  const uniqueId = nodeId(table.ref.package, { name: table.ref.name, ...(table.ref.version === undefined ? {} : { version: table.ref.version }) });
  return meshParents.has(uniqueId) ? uniqueId : undefined;
}

/** Parents' known columns, keyed the way the SQL names them, so `*` can be expanded. */
function parentSchema(context: Omit<InferenceContext, "resolver">): Record<string, Record<string, string>> {
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
      schema[EPHEMERAL_CTE_PREFIX + parent.name] = columns;
    }
    if (parent.relationName) schema[parent.relationName.replace(/["`]/g, "")] = columns;
  }
  return schema;
}

/**
 * The model's column lineage between catalog columns. The SQL's row sources are part of every
 * output's sources; when every column of the model is such an output, they are returned once
 * as row dependencies and left out of the per-column edges, which then say the same thing.
 */
function columnLineage(
  asset: SnapshotAsset,
  analysis: Pick<SqlAnalysis, "columnLineage" | "rowLineage">,
  upstream: Map<string, TableRef>,
  meshTables: ReadonlyMap<string, MeshTable>,
  context: InferenceContext,
): Pick<InferredDependencies, "columnEdges" | "rowDependencies" | "mesh"> {
  const ownColumns = new Map(asset.columns.map((c) => [c.name.toLowerCase(), c.name]));
  const tableToAsset = new Map([...upstream].map(([uniqueId, table]) => [table.name, uniqueId]));
  /** A mesh parent's column is named as the SQL names it; `mesh` says which list it goes to. */
  const catalogColumn = (source: ColumnSource): (MeshTable & { fromColumn: string; mesh: boolean }) | undefined => {
    const meshParent = meshTables.get(source.table);
    if (meshParent) return source.column === "*" ? undefined : { ...meshParent, fromColumn: source.column, mesh: true };
    const fromUniqueId = tableToAsset.get(source.table);
    const parentColumns = fromUniqueId ? context.assets.get(fromUniqueId)?.columns : undefined;
    const fromColumn = parentColumns?.find((c) => c.name.toLowerCase() === source.column.toLowerCase())?.name;
    return fromUniqueId && fromColumn ? { fromUniqueId, fromColumn, mesh: false } : undefined;
  };

  const outputs = new Set(analysis.columnLineage.flatMap(({ target }) => ownColumns.get(target.toLowerCase()) ?? []));
  const perModel = asset.columns.length > 0 && outputs.size === asset.columns.length;
  const rowSources = new Set(perModel ? analysis.rowLineage.map(sourceKey) : []);

  const rowDependencies = new Map<string, InferredRowDependency & { mesh: boolean }>();
  for (const source of perModel ? analysis.rowLineage : []) {
    const from = catalogColumn(source);
    if (from) rowDependencies.set(edgeKey(from, "", source.transform), { ...from, transform: source.transform });
  }
  const edges = new Map<string, InferredColumnEdge & { mesh: boolean }>();
  for (const { target, sources } of analysis.columnLineage) {
    if (target === "*") {
      for (const source of sources) starOfMeshParent(source, meshTables, edges);
      continue;
    }
    const toColumn = ownColumns.get(target.toLowerCase());
    if (!toColumn) continue;
    for (const source of sources) {
      if (rowSources.has(sourceKey(source))) continue;
      const from = catalogColumn(source);
      if (!from) continue;
      edges.set(edgeKey(from, toColumn, source.transform), { ...from, toColumn, transform: source.transform });
    }
  }
  const [local, mesh] = [false, true].map((wanted) => ({
    columnEdges: [...edges.values()].filter((edge) => edge.mesh === wanted).map(({ mesh: _, ...edge }) => edge),
    rowDependencies: [...rowDependencies.values()].filter((row) => row.mesh === wanted).map(({ mesh: _, ...row }) => row),
  }));
  return { ...local!, mesh: mesh! };
}

function edgeKey(from: MeshTable & { fromColumn: string }, toColumn: string, transform: ColumnTransform): string {
  return [from.fromUniqueId, from.fromRelation ?? "", from.fromColumn, toColumn, transform].join("\u0000");
}

/**
 * A `*` the SQL engine could not expand, of another project's model: each column of the model
 * comes from the parent's column of its name, matched when the tenant's lineage is built. (A
 * star of this project's asset was expanded with its columns, or has none to give.)
 */
function starOfMeshParent(source: ColumnSource, meshTables: ReadonlyMap<string, MeshTable>, edges: Map<string, InferredColumnEdge & { mesh: boolean }>): void {
  const parent = meshTables.get(source.table);
  if (!parent || source.column !== "*" || source.transform !== "DIRECT") return;
  const from = { ...parent, fromColumn: "*" };
  edges.set(edgeKey(from, "*", "DIRECT"), { ...from, toColumn: "*", transform: "DIRECT", mesh: true });
}

/** The identity the SQL engine dedupes sources by (edges.ts uniqueEdges). */
function sourceKey(source: ColumnSource): string {
  return `${source.table}\u0000${source.column.toLowerCase()}\u0000${source.transform}`;
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
