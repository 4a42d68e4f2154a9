import type { ColumnSource, ColumnTransform } from "../analysis.js";
import type { ColumnMention, Expression, FromItem, QualifiedName, Query, Select, SetExpression, StarModifiers, Statement } from "../parser/ast.js";
import type { ExpressionText } from "../parser/expressionText.js";
import { compose, composeAll, uniqueEdges } from "./edges.js";
import type { OutputNaming } from "./outputNames.js";
import { PLACEHOLDER_PREFIX } from "../jinja/renderTemplate.js";

/** What a base relation resolves to: its name in the analysis and, when known, its columns. */
export interface TableBinding {
  table: string;
  columns?: string[];
}

export interface LineageHost {
  /** A relation name in FROM that is not a CTE; undefined when it is not a table (`{{ this }}`, a templated name). */
  bindTable(name: QualifiedName): TableBinding | undefined;
  bindPath(path: string): void;
  /** A part of the statement that could not be resolved (no silent miss), at an offset of the rendered SQL. */
  report(code: string, message: string, offset: number): void;
  /** A procedural variable, parameter or loop record in scope (an unqualified name no table in scope has is not a column). */
  isVariable?(name: string): boolean;
}

/** How the dialect resolves names (from each warehouse's documentation). */
export interface ResolverRules {
  /** A select item may use an alias defined before it in the same list (Snowflake, BigQuery, Databricks, Redshift, DuckDB). */
  lateralAliases: boolean;
  /** WHERE may use a select alias (Snowflake, DuckDB). */
  aliasesInWhere: boolean;
  /** `a.b` where `a` names nothing in scope reads field `b` of column `a` (BigQuery, Spark, Trino, DuckDB structs). */
  structFields: boolean;
  nameUnnamed: OutputNaming;
}

export interface OutputColumn {
  /** Undefined for an unnamed expression (`select a + 1 from t`). */
  name?: string;
  edges: ColumnSource[];
  /** The select-list expression that computes it (a copy through CTEs and subqueries keeps the original's). */
  expression?: ExpressionText;
}

/** A resolved relation: its output columns in order, and the columns that shape all of its rows. */
export interface Relation {
  columns: OutputColumn[];
  rowEdges: ColumnSource[];
  /** Base tables whose columns pass through a `*` that could not be expanded. */
  starTables: string[];
}

/** The parts of a write statement its column lineage is computed from. */
export type WriteParts = Pick<Extract<Statement, { kind: "write" }>, "reads" | "expressions" | "ctes" | "assignments" | "rowConditions" | "copiesAllColumns">;

/** A write's target as written (`parts`, `alias`) and as bound (its name in the analysis, its columns when known). */
export interface TargetBinding {
  parts: string[];
  alias?: string;
  binding: TableBinding;
}

type ScopeItem =
  | { alias: string; names: string[]; kind: "base"; binding: TableBinding }
  | { alias: string; names: string[]; kind: "derived"; relation: Relation; opaque?: ColumnSource[] };

interface Scope {
  items: ScopeItem[];
  ctes: Map<string, Relation>;
  parent?: Scope;
  /** Output columns of the select being resolved, for lateral aliases and `GROUP BY alias`. */
  outputs?: OutputColumn[];
  /** Whether unqualified names may resolve to `outputs` in the clause being resolved. */
  lateral?: boolean;
  /** `JOIN … USING (k)` columns (lower case) and whether a FULL join merged them. */
  using?: Map<string, boolean>;
}

const lower = (s: string): string => s.toLowerCase();

/**
 * dbt inlines an ephemeral model into its consumers' compiled SQL as a CTE named
 * `__dbt__cte__<model>`. That model is a node of its own, so a read of the CTE is a read of a
 * relation (the ephemeral model), not of the tables the ephemeral model reads in turn.
 */
export const EPHEMERAL_CTE_PREFIX = "__dbt__cte__";
const isInlinedEphemeral = (name: string): boolean => lower(name).startsWith(EPHEMERAL_CTE_PREFIX);

/**
 * Walks a parsed query bottom-up and computes, for every output column, the base-table columns
 * it depends on with their transform kinds. Base tables met on the way are reported to the host.
 */
export class LineageResolver {
  /** Problems already reported for this statement, so each is said once. */
  private readonly reported = new Set<string>();

  constructor(
    private readonly host: LineageHost,
    private readonly rules: ResolverRules,
  ) {}

  private reportOnce(code: string, key: string, message: string, offset: number): void {
    if (this.reported.has(`${code}\u0000${key}`)) return;
    this.reported.add(`${code}\u0000${key}`);
    this.host.report(code, message, offset);
  }

  resolveQuery(query: Query, outer?: Scope): Relation {
    const ctes = new Map<string, Relation>();
    const cteScope: Scope = { items: [], ctes, ...(outer ? { parent: outer } : {}) };
    for (const cte of query.ctes) {
      if (isInlinedEphemeral(cte.name)) continue;
      // A recursive CTE reads itself: its name is a CTE, not a table, inside its own body.
      ctes.set(lower(cte.name), { columns: [], rowEdges: [], starTables: [] });
      const relation = this.resolveQuery(cte.query, cteScope);
      ctes.set(lower(cte.name), cte.columns ? renameColumns(relation, cte.columns) : relation);
    }
    const relation = this.resolveSet(query.body, cteScope);
    if (query.orderBy.length === 0) return relation;
    const sortEdges = query.orderBy.flatMap((expression) => this.sortByOutput(expression, relation));
    return { ...relation, rowEdges: uniqueEdges([...relation.rowEdges, ...sortEdges]) };
  }

  /**
   * A write's reads outside its query (MERGE USING, UPDATE FROM, DELETE USING) and the lineage of
   * the columns it assigns (UPDATE SET, MERGE's UPDATE SET and INSERT VALUES). The target is in
   * scope so its alias resolves, but its own columns are not its upstream and are left out.
   */
  resolveWrite(write: WriteParts, target?: TargetBinding): Relation {
    const scope = this.scopeWithCtes(write.ctes);
    const local: Scope = { items: [], ctes: new Map(), parent: scope };
    if (target) {
      const alias = lower(target.alias ?? target.parts[target.parts.length - 1] ?? "");
      local.items.push({ alias, names: [alias, ...target.parts.map(lower)], kind: "base", binding: target.binding });
    }
    for (const item of write.reads) this.addFromItem(item, local, scope);
    for (const expression of write.expressions) this.resolveExpression(expression, local, "FILTER");
    const upstream = (edges: ColumnSource[]): ColumnSource[] => (target ? edges.filter((edge) => edge.table !== target.binding.table) : edges);
    const rowEdges: ColumnSource[] = [];
    for (const item of local.items) if (item.kind === "derived") rowEdges.push(...item.relation.rowEdges);
    for (const condition of write.rowConditions) rowEdges.push(...this.resolveExpression(condition.expression, local, condition.kind));
    const columns = new Map<string, OutputColumn>();
    if (write.copiesAllColumns) for (const column of this.sourceColumns(local, target)) columns.set(lower(column.name!), column);
    for (const { column, value } of write.assignments) {
      const edges = upstream(this.resolveExpression(value, local, value.bare ? "DIRECT" : "TRANSFORMED"));
      const existing = columns.get(lower(column));
      if (existing) existing.edges = uniqueEdges([...existing.edges, ...edges]);
      else columns.set(lower(column), { name: column, edges });
    }
    return { columns: [...columns.values()], rowEdges: uniqueEdges(upstream(rowEdges)), starTables: [] };
  }

  /** MERGE's `SET *` / `INSERT *`: the source's named columns, copied; a source of unknown columns is reported. */
  private sourceColumns(local: Scope, target: TargetBinding | undefined): OutputColumn[] {
    const columns: OutputColumn[] = [];
    for (const item of local.items) {
      if (item.kind === "base" && item.binding.table === target?.binding.table) continue;
      const names = knownColumns(item);
      if (!names) {
        const table = item.kind === "base" ? item.binding.table : item.alias;
        this.reportOnce("SQL_STAR_UNEXPANDED", table, `MERGE … SET * / INSERT *: the columns of ${table} are unknown, so no column lineage is given for them (pass them in schema)`, 0);
        continue;
      }
      const spelled = item.kind === "base" ? item.binding.columns! : item.relation.columns.flatMap((c) => (c.name === undefined ? [] : [c.name]));
      for (const name of spelled) columns.push({ name, edges: this.columnOf(item, name) });
    }
    return columns;
  }

  scopeWithCtes(ctes: Query["ctes"]): Scope {
    const map = new Map<string, Relation>();
    const scope: Scope = { items: [], ctes: map };
    for (const cte of ctes) {
      if (isInlinedEphemeral(cte.name)) continue;
      // `WITH RECURSIVE r AS (… FROM r …) INSERT …`: r is a CTE inside its own body too, never a table.
      map.set(lower(cte.name), { columns: [], rowEdges: [], starTables: [] });
      const relation = this.resolveQuery(cte.query, scope);
      map.set(lower(cte.name), cte.columns ? renameColumns(relation, cte.columns) : relation);
    }
    return scope;
  }

  private resolveSet(body: SetExpression, scope: Scope): Relation {
    switch (body.kind) {
      case "select":
        return this.resolveSelect(body, scope);
      case "nested":
        return this.resolveQuery(body.query, scope);
      case "values":
        // Literals add nothing; a subquery in a row (`VALUES ((SELECT max(id) FROM t), 1)`) feeds its column.
        return {
          columns: (body.rows[0] ?? []).map((_, i) => ({
            edges: uniqueEdges(body.rows.flatMap((row) => (row[i] ? this.resolveExpression(row[i]!, scope, row[i]!.bare ? "DIRECT" : "TRANSFORMED") : []))),
          })),
          rowEdges: [],
          starTables: [],
        };
      case "setop": {
        const left = this.resolveSet(body.left, scope);
        const right = this.resolveSet(body.right, scope);
        const columns = body.byName ? unionByName(left, right) : left.columns.map((column, i) => ({ ...column, edges: uniqueEdges([...column.edges, ...(right.columns[i]?.edges ?? [])]) }));
        const widthsKnown = left.starTables.length === 0 && right.starTables.length === 0 && left.columns.length > 0 && right.columns.length > 0;
        if (!body.byName && widthsKnown && left.columns.length !== right.columns.length) {
          this.host.report(
            "SQL_SET_COLUMN_MISMATCH",
            `Set operation: the branches have ${left.columns.length} and ${right.columns.length} columns; they are matched by position and the extra ones dropped`,
            firstOffset(body.right) ?? firstOffset(body.left) ?? 0,
          );
        }
        return {
          columns,
          rowEdges: uniqueEdges([...left.rowEdges, ...right.rowEdges]),
          starTables: [...new Set([...left.starTables, ...right.starTables])],
        };
      }
    }
  }

  private resolveSelect(select: Select, outer: Scope): Relation {
    const scope: Scope = { items: [], ctes: new Map(), parent: outer, outputs: [], lateral: this.rules.lateralAliases };
    if (select.joinUsing.length > 0) {
      const full = new Set((select.fullJoinUsing ?? []).map(lower));
      scope.using = new Map(select.joinUsing.map((column) => [lower(column), full.has(lower(column))]));
    }
    for (const item of select.from) this.addFromItem(item, scope, outer);
    const rowEdges: ColumnSource[] = [];
    for (const item of scope.items) if (item.kind === "derived") rowEdges.push(...item.relation.rowEdges);

    const columns = scope.outputs!;
    const starTables: string[] = [];
    let unnamedIndex = 0;
    for (const selectItem of select.items) {
      const expression = selectItem.expression;
      if (expression.star) {
        const expanded = this.expandStar(expression.star, scope);
        columns.push(...expanded.columns);
        starTables.push(...expanded.starTables);
        continue;
      }
      const name = selectItem.alias ?? expression.implicitName ?? (selectItem.unnamed && this.rules.nameUnnamed(selectItem.unnamed, columns.length, unnamedIndex++));
      const edges = this.resolveExpression(expression, scope, expression.bare ? "DIRECT" : "TRANSFORMED");
      const formula = (expression.bare ? this.copiedExpression(expression.mentions[0]!, scope) : undefined) ?? selectItem.text;
      const column: OutputColumn = name === undefined ? { edges } : { name, edges };
      if (formula !== undefined) column.expression = formula;
      columns.push(column);
    }

    scope.lateral = false;
    for (const condition of select.joinConditions) rowEdges.push(...this.resolveExpression(condition, scope, "JOIN"));
    for (const column of select.joinUsing) rowEdges.push(...this.usingEdges(column, scope));
    scope.lateral = this.rules.aliasesInWhere;
    if (select.where) rowEdges.push(...this.resolveExpression(select.where, scope, "FILTER"));
    scope.lateral = true;
    for (const filter of [select.having, select.qualify]) if (filter) rowEdges.push(...this.resolveExpression(filter, scope, "FILTER"));
    for (const group of select.groupBy) rowEdges.push(...this.byOutputOrInput(group, scope, columns, "GROUP_BY"));
    for (const order of select.orderBy) rowEdges.push(...this.byOutputOrInput(order, scope, columns, "SORT"));
    for (const window of select.namedWindows) rowEdges.push(...this.resolveExpression(window, scope, "WINDOW"));
    return { columns, rowEdges: uniqueEdges(rowEdges), starTables: [...new Set(starTables)] };
  }

  private addFromItem(item: FromItem, scope: Scope, outer: Scope): void {
    switch (item.kind) {
      case "table": {
        const parts = item.name.parts;
        const cte = parts.length === 1 ? findCte(outer, lower(parts[0]!)) ?? findCte(scope, lower(parts[0]!)) : undefined;
        const alias = lower(item.alias ?? parts[parts.length - 1] ?? "");
        if (cte) {
          const relation = item.columnAliases ? renameColumns(cte, item.columnAliases) : cte;
          scope.items.push({ alias, names: [alias], kind: "derived", relation });
          return;
        }
        const binding = this.host.bindTable(item.name);
        if (!binding) {
          // Not a table (`{{ this }}`, a templated name): its columns resolve to nothing.
          scope.items.push({ alias, names: [alias], kind: "derived", relation: { columns: [], rowEdges: [], starTables: [] }, opaque: [] });
          return;
        }
        scope.items.push({ alias, names: [alias, ...parts.map(lower)], kind: "base", binding });
        return;
      }
      case "derived": {
        const relation = this.resolveQuery(item.query, item.lateral ? scope : outer);
        const alias = lower(item.alias ?? "");
        scope.items.push({ alias, names: [alias], kind: "derived", relation: item.columnAliases ? renameColumns(relation, item.columnAliases) : relation });
        return;
      }
      case "function": {
        // UNNEST(x), FLATTEN(input => x), explode(x): every column of the result comes from the arguments.
        const edges = this.resolveExpression(item.arguments, scope, "TRANSFORMED");
        for (const path of item.paths) this.host.bindPath(path);
        const alias = lower(item.alias ?? "");
        // Without column names, the alias names the single generated column too (BigQuery `UNNEST(x) AS e`, PostgreSQL `unnest(x) AS t`).
        const names = item.columnAliases ?? (item.alias === undefined ? [] : [item.alias]);
        const columns = names.map((name) => ({ name, edges }));
        scope.items.push({ alias, names: [alias, ...names.map(lower)], kind: "derived", relation: { columns, rowEdges: [], starTables: [] }, opaque: edges });
        return;
      }
      case "path": {
        this.host.bindPath(item.path);
        const alias = lower(item.alias ?? item.path);
        scope.items.push({ alias, names: [alias], kind: "base", binding: { table: item.path } });
        return;
      }
    }
  }

  /** Edges of an expression's mentions and subqueries, as seen from an output of kind `kind`. */
  private resolveExpression(expression: Expression, scope: Scope, kind: ColumnTransform): ColumnSource[] {
    const edges: ColumnSource[] = [];
    for (const mention of expression.mentions) {
      const roleKind: ColumnTransform = mention.role === "aggregate" ? "AGGREGATED" : mention.role === "window" ? "WINDOW" : kind;
      const outerKind = kind === "DIRECT" || kind === "TRANSFORMED" ? roleKind : compose(kind, roleKind === "WINDOW" ? "DIRECT" : roleKind);
      edges.push(...composeAll(this.resolveMention(mention, scope), outerKind));
    }
    for (const subquery of expression.subqueries) {
      const relation = this.resolveQuery(subquery, scope);
      const subKind: ColumnTransform = kind === "DIRECT" ? "TRANSFORMED" : kind;
      for (const column of relation.columns) edges.push(...composeAll(column.edges, subKind));
      edges.push(...relation.rowEdges);
    }
    return uniqueEdges(edges);
  }

  /**
   * `alias.col` and `schema.table.col` are looked up through the enclosing scopes first (a
   * correlated subquery names the outer alias); only then is `a.b` read as struct access on an
   * unqualified column `a` (BigQuery `rec.field`).
   */
  private resolveMention(mention: ColumnMention, scope: Scope): ColumnSource[] {
    const parts = mention.name.parts;
    if (parts.length >= 2) {
      for (let current: Scope | undefined = scope; current; current = current.parent) {
        const found = this.resolveQualified(parts, current);
        if (found) return found;
      }
      if (!this.rules.structFields && !parts.some((part) => part.includes(PLACEHOLDER_PREFIX))) {
        const qualifier = parts.slice(0, -1).join(".");
        this.reportOnce("SQL_UNKNOWN_QUALIFIER", qualifier, `Column ${parts.join(".")}: no table or alias ${qualifier} is in scope; read as field ${parts[parts.length - 1]} of a column ${parts[0]}`, mention.name.offset);
      }
    }
    if (this.host.isVariable?.(parts[0]!) && !this.knownAnywhere(parts[0]!, scope)) return [];
    let ambiguous: ScopeItem[] | undefined;
    for (let current: Scope | undefined = scope; current; current = current.parent) {
      const found = this.resolveUnqualified(parts[0]!, current);
      if (Array.isArray(found)) return found;
      if (found) ambiguous ??= found.candidates;
    }
    if (ambiguous) {
      const tables = ambiguous.map((item) => (item.kind === "base" ? item.binding.table : item.alias || "a subquery")).join(", ");
      this.reportOnce("SQL_AMBIGUOUS_COLUMN", lower(parts[0]!), `Column ${parts[0]} is not attributed: it may come from any of ${tables}, whose columns are unknown (pass them in schema, or qualify it)`, mention.name.offset);
    }
    return [];
  }

  private knownAnywhere(column: string, scope: Scope): boolean {
    for (let current: Scope | undefined = scope; current; current = current.parent) {
      if (current.items.some((item) => knownColumns(item)?.has(lower(column)))) return true;
    }
    return false;
  }

  private resolveQualified(parts: string[], scope: Scope): ColumnSource[] | undefined {
    const qualifier = parts.slice(0, -1).map(lower);
    const byQualifier = scope.items.find((item) => matchesQualifier(item, qualifier));
    if (byQualifier) return this.columnOf(byQualifier, parts[parts.length - 1]!);
    const byFirst = scope.items.find((item) => item.alias === lower(parts[0]!));
    if (byFirst) return this.columnOf(byFirst, parts[1]!);
    return undefined;
  }

  /** Edges of an unqualified name in one scope; `candidates` when several tables of unknown columns could hold it. */
  private resolveUnqualified(column: string, scope: Scope): ColumnSource[] | { candidates: ScopeItem[] } | undefined {
    const key = lower(column);
    const merged = scope.using?.get(key);
    if (merged !== undefined) return this.usingColumn(key, merged, scope);
    const items = scope.items;
    const having = items.find((item) => knownColumns(item)?.has(key));
    if (having) return this.columnOf(having, column);
    if (scope.lateral) {
      const lateral = scope.outputs?.find((output) => output.name !== undefined && lower(output.name) === key);
      if (lateral) return lateral.edges;
    }
    if (items.length === 1) return this.columnOf(items[0]!, column);
    const unknown = items.filter((item) => knownColumns(item) === undefined);
    if (unknown.length === 1) return this.columnOf(unknown[0]!, column);
    return unknown.length > 1 ? { candidates: unknown } : undefined;
  }

  /** `JOIN … USING (k)`: `k` is one merged column, the left side's value (either side's after a FULL join). */
  private usingColumn(key: string, full: boolean, scope: Scope): ColumnSource[] {
    const holders = scope.items.filter((item) => knownColumns(item)?.has(key) ?? true);
    if (holders.length === 0) return [];
    if (!full) return this.columnOf(holders[0]!, key);
    return composeAll(holders.flatMap((item) => this.columnOf(item, key)), "TRANSFORMED");
  }

  /** A bare column copied from a CTE or subquery: the expression that computed it there. */
  private copiedExpression(mention: ColumnMention, scope: Scope): ExpressionText | undefined {
    const parts = mention.name.parts;
    const column = lower(parts[parts.length - 1]!);
    const qualifier = parts.slice(0, -1).map(lower);
    const item =
      qualifier.length > 0
        ? scope.items.find((candidate) => matchesQualifier(candidate, qualifier))
        : (scope.items.find((candidate) => knownColumns(candidate)?.has(column)) ?? (scope.items.length === 1 ? scope.items[0] : undefined));
    if (item?.kind !== "derived") return undefined;
    return item.relation.columns.find((c) => c.name !== undefined && lower(c.name) === column)?.expression;
  }

  private columnOf(item: ScopeItem, column: string): ColumnSource[] {
    if (item.kind === "base") {
      const spelled = item.binding.columns?.find((c) => lower(c) === lower(column)) ?? column;
      return [{ table: item.binding.table, column: spelled, transform: "DIRECT" }];
    }
    const output = item.relation.columns.find((c) => c.name !== undefined && lower(c.name) === lower(column));
    if (output) return output.edges;
    if (item.opaque) return item.opaque;
    if (item.relation.starTables.length === 1) return [{ table: item.relation.starTables[0]!, column, transform: "DIRECT" }];
    return [];
  }

  private expandStar(star: StarModifiers, scope: Scope): { columns: OutputColumn[]; starTables: string[] } {
    const qualifier = star.qualifier?.parts.map(lower);
    const items = qualifier ? scope.items.filter((item) => matchesQualifier(item, qualifier)) : scope.items;
    const excluded = new Set(star.except.map(lower));
    const renamed = new Map((star.rename ?? []).map((r) => [lower(r.from), r.to]));
    const replaced = new Map((star.replace ?? []).map((r) => [lower(r.column), r.expression]));
    const columns: OutputColumn[] = [];
    const starTables: string[] = [];
    // `SELECT *` over `JOIN … USING (k)` lists each merged column once, first.
    const merged = !qualifier && scope.using ? [...scope.using].filter(([key]) => items.some((item) => knownColumns(item)?.has(key))) : [];
    for (const [key, full] of merged) if (!excluded.has(key)) columns.push(this.starColumn(key, this.usingColumn(key, full, scope), renamed, replaced, scope));
    const skipped = new Set([...excluded, ...merged.map(([key]) => key)]);
    for (const item of items) {
      if (item.kind === "base") {
        if (item.binding.columns) {
          for (const name of item.binding.columns) {
            if (!skipped.has(lower(name))) columns.push(this.starColumn(name, [{ table: item.binding.table, column: name, transform: "DIRECT" }], renamed, replaced, scope));
          }
        } else starTables.push(item.binding.table);
        continue;
      }
      for (const column of item.relation.columns) {
        if (column.name === undefined) columns.push(column);
        else if (!skipped.has(lower(column.name))) columns.push(this.starColumn(column.name, column.edges, renamed, replaced, scope));
      }
      starTables.push(...item.relation.starTables);
    }
    return { columns, starTables };
  }

  /** One column of an expanded `*`, renamed (`RENAME`) or recomputed (`REPLACE`) when the star says so. */
  private starColumn(name: string, edges: ColumnSource[], renamed: Map<string, string>, replaced: Map<string, Expression>, scope: Scope): OutputColumn {
    const replacement = replaced.get(lower(name));
    const resolved = replacement ? this.resolveExpression(replacement, scope, replacement.bare ? "DIRECT" : "TRANSFORMED") : edges;
    return { name: renamed.get(lower(name)) ?? name, edges: resolved };
  }

  private usingEdges(column: string, scope: Scope): ColumnSource[] {
    return scope.items.flatMap((item) => composeAll(this.columnOf(item, column), "JOIN"));
  }

  /** `GROUP BY 1`, `ORDER BY total`: an ordinal or an output alias stands for that output's columns. */
  private byOutputOrInput(expression: Expression, scope: Scope, outputs: OutputColumn[], kind: ColumnTransform): ColumnSource[] {
    if (expression.ordinal !== undefined) return composeAll(outputs[expression.ordinal - 1]?.edges ?? [], kind);
    if (expression.bare && expression.mentions[0]!.name.parts.length === 1) {
      const name = lower(expression.mentions[0]!.name.parts[0]!);
      const fromInput = this.resolveUnqualifiedStrict(name, scope);
      if (!fromInput) {
        const output = outputs.find((o) => o.name !== undefined && lower(o.name) === name);
        if (output) return composeAll(output.edges, kind);
      }
    }
    return this.resolveExpression(expression, scope, kind);
  }

  private resolveUnqualifiedStrict(name: string, scope: Scope): boolean {
    return scope.items.some((item) => knownColumns(item)?.has(name));
  }

  private sortByOutput(expression: Expression, relation: Relation): ColumnSource[] {
    if (expression.ordinal !== undefined) return composeAll(relation.columns[expression.ordinal - 1]?.edges ?? [], "SORT");
    const edges: ColumnSource[] = [];
    for (const mention of expression.mentions) {
      const name = lower(mention.name.parts[mention.name.parts.length - 1]!);
      const output = relation.columns.find((c) => c.name !== undefined && lower(c.name) === name);
      if (output) edges.push(...composeAll(output.edges, "SORT"));
    }
    return edges;
  }
}

function findCte(scope: Scope | undefined, name: string): Relation | undefined {
  for (let current = scope; current; current = current.parent) {
    const found = current.ctes.get(name);
    if (found) return found;
  }
  return undefined;
}

function matchesQualifier(item: ScopeItem, qualifier: string[]): boolean {
  if (qualifier.length === 1) return item.alias === qualifier[0];
  if (item.kind !== "base") return false;
  // `schema.table.col` against a table written `db.schema.table`: compare from the right.
  const names = item.names.slice(1);
  if (qualifier.length > names.length) return false;
  return qualifier.every((part, i) => part === names[names.length - qualifier.length + i]);
}

function knownColumns(item: ScopeItem): Set<string> | undefined {
  if (item.kind === "base") return item.binding.columns ? new Set(item.binding.columns.map(lower)) : undefined;
  if (item.opaque && item.relation.columns.length === 0) return undefined;
  if (item.relation.starTables.length > 0) return undefined;
  return new Set(item.relation.columns.flatMap((c) => (c.name === undefined ? [] : [lower(c.name)])));
}

function renameColumns(relation: Relation, names: string[]): Relation {
  return { ...relation, columns: relation.columns.map((column, i) => (names[i] === undefined ? column : { ...column, name: names[i]! })) };
}

/** `UNION [ALL] BY NAME`: columns are matched by name; a name only one side has is kept. */
function unionByName(left: Relation, right: Relation): OutputColumn[] {
  const columns = left.columns.map((column) => ({ ...column }));
  for (const column of right.columns) {
    const match = column.name === undefined ? undefined : columns.find((c) => c.name !== undefined && lower(c.name) === lower(column.name!));
    if (match) match.edges = uniqueEdges([...match.edges, ...column.edges]);
    else columns.push(column);
  }
  return columns;
}

/** Where a set operation's branch starts, for diagnostics. */
function firstOffset(body: SetExpression): number | undefined {
  switch (body.kind) {
    case "select":
      return body.offset;
    case "nested":
      return firstOffset(body.query.body);
    case "setop":
      return firstOffset(body.left);
    case "values":
      return undefined;
  }
}
