import type { Diagnostic } from "../diagnostic.js";
import type { ColumnLineage, ColumnSource, JinjaDependencies, SqlAnalysis, TableRef } from "./analysis.js";
import { lexicalRules, parseDialect, type Dialect } from "./dialect.js";
import type { SqlAnalysisInput } from "./input.js";
import { jinjaDependencies } from "./jinja/jinjaDependencies.js";
import { PLACEHOLDER_PREFIX, renderTemplate, type RenderedTemplate } from "./jinja/renderTemplate.js";
import { tokenize, type Token } from "./lexer/tokenize.js";
import { uniqueEdges } from "./lineage/edges.js";
import { resolverRules } from "./lineage/dialectRules.js";
import { LineageResolver, type Relation, type TableBinding } from "./lineage/resolveLineage.js";
import type { EmbeddedSql, QualifiedName, Statement } from "./parser/ast.js";
import { Budget, BudgetExceeded } from "./parser/budget.js";
import { QueryParser } from "./parser/parseQuery.js";
import { readProcedural, startsStatement, type ProceduralStep } from "./parser/parseProcedural.js";
import { parseStatement } from "./parser/parseStatement.js";
import { rewriteClientDelimiters, splitStatements } from "./parser/splitStatements.js";
import { significantTokens, TokenStream, type SqlToken } from "./parser/tokenStream.js";
import { applySessionStatement, qualifyName, type SessionContext } from "./sessionContext.js";
import { refName, SchemaLookup, sourceName } from "./tableNames.js";
import { LineIndex } from "./text/lineIndex.js";

const DEFAULT_TIME_BUDGET_MS = 2000;
/** Bodies inside bodies (`EXECUTE IMMEDIATE` in a procedure) are read this deep. */
const MAX_BODY_DEPTH = 4;
/** Where `SELECT … INTO t` creates a table (outside procedural bodies); elsewhere it assigns variables. */
const SELECT_INTO_CREATES_TABLE = new Set<Dialect>(["tsql", "postgres", "redshift", "ansi"]);
const DEPENDS_ON_COMMENT = /^--\s*depends_on:\s*([^\s]+)\s*$/;
/** Real models are far smaller; beyond this the SQL is cut (Jinja dependencies are still read in full). */
const MAX_PARSED_SQL_LENGTH = 2_000_000;

/**
 * Analyses one model's SQL (dbt-flavoured or plain): its Jinja refs and sources, the relations it
 * reads and writes, and column lineage. Never throws; problems become diagnostics with positions
 * in the original text, and whatever was recovered before a problem is still returned.
 */
export function analyzeSql(input: SqlAnalysisInput): SqlAnalysis {
  const run = new AnalysisRun(input);
  try {
    run.execute();
  } catch (error) {
    if (error instanceof BudgetExceeded) run.diagnose("SQL_TIME_BUDGET", "error", `Analysis stopped after ${run.timeBudgetMs} ms; the result is partial`);
    else run.diagnose("SQL_INTERNAL_ERROR", "error", `Analysis failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  return run.result();
}

interface StatementTables {
  reads: TableRef[];
  targets: TableRef[];
}

class AnalysisRun {
  readonly timeBudgetMs: number;
  private readonly sql: string;
  private readonly dialect: Dialect;
  private readonly lines: LineIndex;
  private readonly schema: SchemaLookup;
  private readonly diagnostics: Diagnostic[] = [];
  private jinja: JinjaDependencies = { refs: [], sources: [], unresolved: [] };
  private readonly statements: StatementTables[] = [];
  private readonly paths = new Set<string>();
  private columnLineage: ColumnLineage[] = [];
  private rowLineage: ColumnSource[] = [];
  private rendered: RenderedTemplate | undefined;
  private current: StatementTables = { reads: [], targets: [] };
  private session: SessionContext = {};
  /** Columns of tables and views the script itself creates, by lower-case name: later statements read them. */
  private readonly scriptColumns = new Map<string, string[]>();
  /** 1-based number of the statement being analysed, for messages. */
  private statementNumber = 0;
  /** Inside a procedure, function or scripting block: `SELECT … INTO x` assigns a variable (except in T-SQL). */
  private inBody = false;
  private bodyDepth = 0;
  /** Variables, parameters and loop records declared so far (lower case): never columns. */
  private readonly variables = new Set<string>();
  /** In a T-SQL trigger body, `inserted` and `deleted` are the changed rows of this table. */
  private triggerTable: QualifiedName | undefined;

  constructor(input: SqlAnalysisInput) {
    this.sql = typeof input?.sql === "string" ? input.sql : String(input?.sql ?? "");
    this.dialect = parseDialect(input?.dialect);
    this.timeBudgetMs = input?.timeBudgetMs ?? DEFAULT_TIME_BUDGET_MS;
    this.lines = new LineIndex(this.sql);
    this.schema = new SchemaLookup(input?.schema, input?.defaultDatabase, input?.defaultSchema);
  }

  execute(): void {
    const budget = new Budget(this.timeBudgetMs);
    const rendered = renderTemplate(this.sql);
    this.rendered = rendered;
    this.collectJinja(rendered);
    let text = rendered.sql;
    if (text.length > MAX_PARSED_SQL_LENGTH) {
      this.diagnose("SQL_TOO_LARGE", "warning", `Only the first ${MAX_PARSED_SQL_LENGTH} characters of SQL were parsed`);
      text = text.slice(0, MAX_PARSED_SQL_LENGTH);
    }
    if (this.dialect === "mysql" || this.dialect === "ansi") text = rewriteClientDelimiters(text);
    const rawTokens = tokenize(text, lexicalRules(this.dialect));
    for (const token of rawTokens) {
      if (token.unterminated) this.diagnoseAt("SQL_UNTERMINATED", "warning", `Unterminated ${token.kind === "comment" ? "comment" : token.kind === "quoted" ? "quoted identifier" : "string"}`, token.start);
    }
    this.collectDependsOnComments(text, rawTokens);
    const tokens = significantTokens(text, rawTokens);
    this.analyzeScript(tokens, splitStatements(tokens, text, this.dialect), budget);
  }

  private analyzeScript(tokens: SqlToken[], ranges: Array<[number, number]>, budget: Budget): void {
    for (const [start, end] of ranges) {
      this.startStatement();
      this.analyzeStatement(tokens, start, end, budget);
    }
  }

  /**
   * One `;`-delimited piece of the script. It may hold several statements: T-SQL batches need no
   * `;`, a `USE db` ends where its name does, and procedural words (`BEGIN`, `IF … THEN`, `END IF`,
   * a procedure's header) come before or between the statements of a body.
   */
  private analyzeStatement(tokens: SqlToken[], start: number, end: number, budget: Budget): void {
    const stream = new TokenStream(tokens, budget, end);
    stream.position = start;
    // Warnings name their statement: a script's reader must find which one was only partly understood.
    const warn = (code: string, message: string, offset: number): void => this.diagnoseAt(code, "warning", `Statement ${this.statementNumber}: ${message}`, offset);
    const parser = new QueryParser(stream, this.dialect === "bigquery" || this.dialect === "ansi", warn);
    const resolver = new LineageResolver(
      {
        bindTable: (name) => this.bindTable(name),
        bindPath: (path) => this.paths.add(path),
        report: warn,
        isVariable: (name) => this.variables.has(name.toLowerCase()),
      },
      resolverRules(this.dialect),
    );
    let first = true;
    let separate = false;
    while (!stream.done) {
      const before = stream.position;
      const step = readProcedural(parser, this.dialect);
      if (step) {
        this.applyProcedural(step, resolver, budget);
        separate = true;
        first = false;
        if (stream.position === before) stream.next();
        continue;
      }
      // A `USE db` ends where its name does, and T-SQL batches need no `;`: what follows is a statement of its own.
      const primary = first || separate || startsStatement(stream);
      // A later statement of the piece: what it reads comes after what the ones before it wrote.
      if (!first) this.startStatement();
      if (!primary) warn("SQL_UNPARSED", "Could not read this part of the statement; queries inside it are still analysed", tokens[before]!.start);
      const statement = parseStatement(parser);
      const verb = tokens[before]!.upper;
      // A statement that is macro output (`{{ union_relations(…) }}`) depends on what its Jinja calls name.
      if (statement.kind === "other" && stream.position > before && !NO_DATA_STATEMENTS.has(verb) && !tokens[before]!.text.startsWith(PLACEHOLDER_PREFIX)) {
        const kind = verb === "CREATE" ? tokens.slice(before, before + 5).filter((t) => t.kind === "word" && !["OR", "REPLACE", "TEMP", "TEMPORARY"].includes(t.upper)).slice(0, 2).map((t) => t.upper).join(" ") : verb || tokens[before]!.text.slice(0, 40);
        warn("SQL_UNSUPPORTED_STATEMENT", `${kind} statements are not modelled: only the queries inside it were analysed`, tokens[before]!.start);
      }
      this.resolveStatement(statement, resolver, primary, budget);
      separate = statement.kind === "session";
      first = false;
      if (stream.position === before) stream.next();
    }
  }

  /** Statement tables (and the number warnings give) of the next statement of the script. */
  private startStatement(): void {
    this.current = { reads: [], targets: [] };
    this.statements.push(this.current);
    this.statementNumber++;
  }

  private applyProcedural(step: ProceduralStep, resolver: LineageResolver, budget: Budget): void {
    for (const name of step.variables) this.variables.add(name.toLowerCase());
    if (step.triggerTable) this.triggerTable = step.triggerTable;
    if (step.opensBody) this.inBody = true;
    for (const expression of step.expressions) for (const query of expression.subqueries) resolver.resolveQuery(query);
    for (const query of step.queries) resolver.resolveQuery(query);
    if (step.foreignLanguage) {
      this.diagnoseAt("SQL_PROCEDURE_NOT_SQL", "info", `A LANGUAGE ${step.foreignLanguage.language} body is not SQL: the statements it runs are not analysed`, step.foreignLanguage.offset);
    }
    if (step.dynamicAt !== undefined) {
      this.diagnoseAt("SQL_DYNAMIC_SQL", "warning", "SQL built at run time (EXECUTE of a variable or an expression) cannot be analysed; the tables it reads and writes are unknown", step.dynamicAt);
    }
    if (step.body) this.analyzeBody(step.body, budget);
  }

  /** A body written as a string (`AS $$ … $$`, `EXECUTE IMMEDIATE '…'`): a script whose statements count like top-level ones. */
  private analyzeBody(body: EmbeddedSql, budget: Budget): void {
    if (this.bodyDepth >= MAX_BODY_DEPTH) {
      this.diagnoseAt("SQL_TOO_DEEP", "warning", "SQL nested in SQL strings too deeply; this body was not analysed", body.offset);
      return;
    }
    const raw = significantTokens(body.text, tokenize(body.text, lexicalRules(this.dialect)));
    const ranges = splitStatements(raw, body.text, this.dialect);
    const tokens = shifted(raw, body.offset);
    const inBody = this.inBody;
    this.bodyDepth++;
    this.inBody = true;
    this.analyzeScript(tokens, ranges, budget);
    this.bodyDepth--;
    this.inBody = inBody;
    // The rest of the statement around the body (PostgreSQL's `LANGUAGE …` after it) comes after the body's statements.
    this.current = { reads: [], targets: [] };
    this.statements.push(this.current);
  }

  private resolveStatement(statement: Statement, resolver: LineageResolver, primary: boolean, budget: Budget): void {
    if (statement.kind === "query") {
      const relation = resolver.resolveQuery(statement.query);
      if (primary) this.setLineage(relation);
      return;
    }
    if (statement.kind === "session") {
      if (statement.name?.parts.some((part) => part.includes(PLACEHOLDER_PREFIX))) {
        this.diagnoseAt("SQL_DYNAMIC_RELATION", "info", "USE names a namespace built by Jinja; later unqualified names are left as written", statement.name.offset);
        this.session = {};
      } else this.session = applySessionStatement(this.session, this.dialect, statement.scope, statement.name);
      return;
    }
    if (statement.kind === "other") {
      for (const query of statement.queries) resolver.resolveQuery(query);
      for (const path of statement.paths) this.paths.add(path);
      return;
    }
    if (statement.kind === "write" && statement.verb === "SELECT" && this.selectIntoAssignsVariables()) {
      // `SELECT … INTO v FROM t` in a body (or in a dialect without SELECT INTO tables) reads t and writes no table.
      if (statement.query) resolver.resolveQuery(statement.query);
      return;
    }
    if (statement.kind === "move") {
      for (const name of statement.reads) this.bindTable(name);
      for (const name of statement.writes) this.bindTarget(name);
      return;
    }
    for (const path of statement.paths) this.paths.add(path);
    const target = statement.target ? this.bindTarget(statement.target) : undefined;
    for (const extra of statement.extraTargets ?? []) this.bindTarget(extra);
    const copied = statement.copiesFrom ? this.bindTable(statement.copiesFrom) : undefined;
    if (statement.embeddedSql) this.analyzeEmbeddedSql(statement.embeddedSql, budget);
    const targetAlias = statement.targetAlias === undefined ? {} : { alias: statement.targetAlias };
    const assigned = resolver.resolveWrite(statement, target && { parts: statement.target!.parts, ...targetAlias, binding: target });
    if (primary && (statement.assignments.length > 0 || statement.copiesAllColumns)) this.setLineage(assigned);
    if (statement.query) {
      const relation = resolver.resolveQuery(statement.query, resolver.scopeWithCtes(statement.ctes));
      const names = statement.columns ?? (statement.verb === "INSERT" ? insertColumnsByPosition(target, statement.staticPartitionColumns) : undefined);
      const named = names ? { ...relation, columns: relation.columns.map((c, i) => ({ ...c, name: names[i] ?? c.name })) } : relation;
      if (primary && QUERY_LINEAGE_VERBS.has(statement.verb)) this.setLineage(named);
      if (target && CREATING_VERBS.has(statement.verb)) this.rememberColumns(target.table, named);
    } else if (target && statement.definesEmptyTable && statement.columns) {
      this.scriptColumns.set(target.table.toLowerCase(), statement.columns);
    } else if (target && copied?.columns) {
      this.scriptColumns.set(target.table.toLowerCase(), copied.columns);
    }
  }

  /** A table or view the script creates from a query: its columns, when every one is named and none hides behind `*`. */
  private rememberColumns(table: string, relation: Relation): void {
    if (relation.starTables.length > 0 || relation.columns.some((c) => c.name === undefined)) return;
    this.scriptColumns.set(table.toLowerCase(), relation.columns.map((c) => c.name!));
  }

  private selectIntoAssignsVariables(): boolean {
    return !SELECT_INTO_CREATES_TABLE.has(this.dialect) || (this.inBody && this.dialect !== "tsql");
  }

  /** A written table, with its columns when the schema knows them (an INSERT without a column list fills them by position). */
  private bindTarget(name: QualifiedName): TableBinding | undefined {
    const table = this.bindName(name);
    if (!table) return undefined;
    this.current.targets.push(table);
    return this.withColumns(table, name);
  }

  /** Redshift `UNLOAD ('select …')`: the string is analysed as a statement of the script; its columns go to a file, not a table. */
  private analyzeEmbeddedSql(embedded: EmbeddedSql, budget: Budget): void {
    const tokens = shifted(significantTokens(embedded.text, tokenize(embedded.text, lexicalRules(this.dialect))), embedded.offset);
    const lineage = { columns: this.columnLineage, rows: this.rowLineage };
    this.analyzeStatement(tokens, 0, tokens.length, budget);
    this.columnLineage = lineage.columns;
    this.rowLineage = lineage.rows;
  }

  private setLineage(relation: Relation): void {
    this.columnLineage = toColumnLineage(relation);
    this.rowLineage = uniqueEdges(relation.rowEdges);
    for (const table of relation.starTables) {
      this.diagnose("SQL_STAR_UNEXPANDED", "warning", `Statement ${this.statementNumber}: the columns of ${table} are unknown, so its * stays unexpanded in the column lineage (pass them in schema)`);
    }
  }

  /** Compiled dbt SQL keeps `-- depends_on: "db"."s"."t"` lines: dependencies dbt counts that no query reads. */
  private collectDependsOnComments(text: string, tokens: Token[]): void {
    const declared: StatementTables = { reads: [], targets: [] };
    for (const token of tokens) {
      if (token.kind !== "comment") continue;
      const match = DEPENDS_ON_COMMENT.exec(text.slice(token.start, token.end));
      if (!match || match[1]!.includes(PLACEHOLDER_PREFIX)) continue;
      const matches = [...match[1]!.matchAll(/"([^"]*)"|`([^`]*)`|([^."`]+)/g)];
      const parts = matches.map((m) => m[1] ?? m[2] ?? m[3]!);
      const quoted = matches.map((m) => m[3] === undefined);
      declared.reads.push({ name: parts.join("."), parts, quoted, ...this.positionOf(token.start) });
    }
    if (declared.reads.length > 0) this.statements.push(declared);
  }

  private bindTable(name: QualifiedName): TableBinding | undefined {
    const table = this.bindName(name);
    if (!table) return undefined;
    this.current.reads.push(table);
    return this.withColumns(table, name);
  }

  private withColumns(table: TableRef, name: QualifiedName): TableBinding {
    const declared = this.scriptColumns.get(table.name.toLowerCase());
    if (declared) return { table: table.name, columns: declared };
    const candidates = table.parts.length > 0 ? [table.parts] : [];
    if (table.parts.length > name.parts.length) candidates.push(name.parts);
    if (table.ref) candidates.unshift([table.name], [table.ref.name]);
    if (table.source) candidates.unshift([table.name], [table.source.source, table.source.table]);
    const columns = this.schema.columns(candidates);
    return columns ? { table: table.name, columns } : { table: table.name };
  }

  /** A parsed name as a TableRef; Jinja placeholders map back to their call, templated names are not tables. */
  private bindName(written: QualifiedName): TableRef | undefined {
    const name = this.triggerPseudoTable(written) ?? written;
    const position = this.positionOf(written.offset);
    const placeholder = name.parts.length === 1 ? this.rendered?.placeholders.get(name.parts[0]!) : undefined;
    if (placeholder?.kind === "ref") return { name: refName(placeholder.ref), parts: [], ref: placeholder.ref, ...position };
    if (placeholder?.kind === "source") return { name: sourceName(placeholder.source), parts: [], source: placeholder.source, ...position };
    if (placeholder?.kind === "this") return undefined;
    if (name.parts.some((part) => part.includes(PLACEHOLDER_PREFIX)) || name.parts.length === 0) {
      this.diagnoseAt("SQL_DYNAMIC_RELATION", "info", "A relation name is built by Jinja and cannot be resolved from the SQL alone", name.offset);
      return undefined;
    }
    const qualified = qualifyName(name, this.session);
    return { name: qualified.parts.join("."), parts: qualified.parts, quoted: qualified.quoted, ...position };
  }

  private triggerPseudoTable(name: QualifiedName): QualifiedName | undefined {
    if (!this.triggerTable || this.dialect !== "tsql" || name.parts.length !== 1 || name.quoted[0]) return undefined;
    const part = name.parts[0]!.toLowerCase();
    return part === "inserted" || part === "deleted" ? { ...this.triggerTable, offset: name.offset } : undefined;
  }

  private collectJinja(rendered: RenderedTemplate): void {
    const { jinja, diagnostics } = jinjaDependencies(this.sql, rendered, this.lines);
    this.jinja = jinja;
    this.diagnostics.push(...diagnostics);
  }

  private positionOf(renderedOffset: number): { line: number; column: number } {
    const offset = this.rendered ? this.rendered.toTemplateOffset(renderedOffset) : renderedOffset;
    return this.lines.position(offset);
  }

  diagnose(code: string, severity: Diagnostic["severity"], message: string): void {
    this.diagnostics.push({ code, severity, message });
  }

  private diagnoseAt(code: string, severity: Diagnostic["severity"], message: string, renderedOffset: number): void {
    this.diagnostics.push({ code, severity, message, ...this.positionOf(renderedOffset) });
  }

  result(): SqlAnalysis {
    const { sources, targets, intermediates } = classifyTables(this.statements);
    const jinjaTables: TableRef[] = [
      ...this.jinja.refs.map(({ line, column, ...ref }) => ({ name: refName(ref), parts: [], ref, line, column })),
      ...this.jinja.sources.map(({ line, column, ...source }) => ({ name: sourceName(source), parts: [], source, line, column })),
    ];
    const intermediateNames = new Set(intermediates.map((t) => t.name.toLowerCase()));
    return {
      sources: uniqueTables([...sources, ...jinjaTables.filter((t) => !intermediateNames.has(t.name.toLowerCase()))]),
      targets,
      intermediates,
      paths: [...this.paths],
      columnLineage: this.columnLineage,
      rowLineage: this.rowLineage,
      jinja: this.jinja,
      diagnostics: this.diagnostics,
    };
  }
}

/** Tokens of SQL written in a string, moved to where the string sits in the rendered SQL. */
function shifted(tokens: SqlToken[], offset: number): SqlToken[] {
  return tokens.map((token) => ({ ...token, start: token.start + offset, end: token.end + offset }));
}

/** Statements that move no data between tables: reading nothing from them is the right answer. */
const NO_DATA_STATEMENTS = new Set([
  "GRANT", "REVOKE", "DROP", "TRUNCATE", "SET", "UNSET", "BEGIN", "START", "COMMIT", "ROLLBACK", "END", "SAVEPOINT", "RELEASE", "ANALYZE",
  "VACUUM", "OPTIMIZE", "COMMENT", "SHOW", "DESCRIBE", "DESC", "EXPLAIN", "LIST", "LS", "PUT", "GET", "REMOVE", "RM", "CALL", "EXECUTE",
  "DECLARE", "PRINT", "RAISE", "RETURN", "LOCK", "UNLOCK", "REFRESH", "MSCK", "CACHE", "UNCACHE", "CLEAR", "ADD", "RESET", "GO",
  "DEALLOCATE", "PREPARE", "LOAD", "FLUSH", "KILL", "ALTER", "DISCARD", "CHECKPOINT", "CLUSTER", "REINDEX", "NOTIFY", "LISTEN",
]);

/** Writes whose query's columns are the written table's columns (an UNLOAD's or COPY's go to files). */
const QUERY_LINEAGE_VERBS = new Set(["INSERT", "CREATE", "REPLACE", "SELECT"]);
/** Writes that create their target from their query (`CREATE … AS`, `SELECT … INTO`): later statements know its columns. */
const CREATING_VERBS = new Set(["CREATE", "SELECT"]);

/** `INSERT INTO t SELECT …` without a column list fills t's columns in order, except those a static `PARTITION (dt = …)` sets. */
function insertColumnsByPosition(target: TableBinding | undefined, staticPartition: string[]): string[] | undefined {
  if (!target?.columns) return undefined;
  const fixed = new Set(staticPartition.map((c) => c.toLowerCase()));
  return target.columns.filter((column) => !fixed.has(column.toLowerCase()));
}

/** A table written by one statement and read by a later one is an intermediate of the script. */
function classifyTables(statements: StatementTables[]): { sources: TableRef[]; targets: TableRef[]; intermediates: TableRef[] } {
  const written = new Map<string, TableRef>();
  const intermediates = new Map<string, TableRef>();
  const sources: TableRef[] = [];
  for (const statement of statements) {
    for (const read of statement.reads) {
      const key = read.name.toLowerCase();
      const writer = written.get(key);
      if (writer) intermediates.set(key, writer);
      else sources.push(read);
    }
    for (const target of statement.targets) written.set(target.name.toLowerCase(), target);
  }
  const targets = [...written.entries()].filter(([key]) => !intermediates.has(key)).map(([, table]) => table);
  return { sources: uniqueTables(sources), targets, intermediates: [...intermediates.values()] };
}

function uniqueTables(tables: TableRef[]): TableRef[] {
  const seen = new Map<string, TableRef>();
  for (const table of tables) {
    const key = table.name.toLowerCase();
    if (!seen.has(key)) seen.set(key, table);
  }
  return [...seen.values()];
}

function toColumnLineage(relation: Relation): ColumnLineage[] {
  const lineage: ColumnLineage[] = [];
  for (const column of relation.columns) {
    if (column.name === undefined) continue;
    const sources = uniqueEdges([...column.edges, ...relation.rowEdges]);
    const formula = column.expression;
    // A getter, so that the formula is rendered only for a caller that reads it.
    if (formula === undefined) lineage.push({ target: column.name, sources });
    else
      lineage.push({
        target: column.name,
        sources,
        get expression() {
          return formula.value;
        },
      });
  }
  for (const table of relation.starTables) {
    lineage.push({ target: "*", sources: uniqueEdges([{ table, column: "*", transform: "DIRECT" }, ...relation.rowEdges]) });
  }
  return lineage;
}
