import type { Assignment, CommonTableExpression, Expression, FromItem, QualifiedName, Query, Statement } from "./ast.js";
import { isIdentifierCall, readIdentifierCall } from "./identifierCall.js";
import { JOIN_WORDS, STATEMENT_WORDS } from "./keywords.js";
import { parseMove } from "./parseMoveStatement.js";
import { readLiteral } from "./parseProcedural.js";
import { isSearchPathSet, parseSearchPath, parseUse } from "./parseSessionStatement.js";
import { parseExpression, readName, startsQuery, unquote } from "./parseExpression.js";
import { emptySelect, looksLikePath, readTableName, unquoteString, type QueryParser } from "./parseQuery.js";
import type { TokenStream } from "./tokenStream.js";

type WriteStatement = Extract<Statement, { kind: "write" }>;

const CREATE_MODIFIERS = new Set([
  "OR", "REPLACE", "TEMP", "TEMPORARY", "TRANSIENT", "VOLATILE", "GLOBAL", "LOCAL", "SECURE", "MATERIALIZED", "RECURSIVE",
  "EXTERNAL", "UNLOGGED", "MULTISET", "SET", "DYNAMIC", "ICEBERG", "HYBRID", "STREAMING", "LIVE", "ALTER", "FORCE", "NOFORCE",
  "PRIVATE", "SNAPSHOT", "EVENT", "IF", "NOT", "EXISTS",
]);

/** Reads one statement; the parser's stream is bounded to it. */
export function parseStatement(parser: QueryParser): Statement {
  const stream = parser.stream;
  const first = stream.peek();
  if (!first) return { kind: "other", queries: [], paths: [] };
  if (first.upper === "WITH" && !stream.isOp("(", 1)) {
    const start = stream.position;
    const ctes = parser.parseWith();
    if (stream.isWord("INSERT") || stream.isWord("MERGE") || stream.isWord("UPDATE") || stream.isWord("DELETE")) {
      return parseWrite(parser, ctes);
    }
    stream.position = start;
  }
  if (startsQuery(stream) || first.upper === "VALUES" || first.upper === "FROM" || (first.upper === "TABLE" && stream.peek(1))) {
    const query = parser.parseQuery();
    if (query?.body.kind === "select" && query.body.into) return { ...newWrite("SELECT", []), target: query.body.into, query };
    return query ? { kind: "query", query } : { kind: "other", queries: [], paths: [] };
  }
  if (["INSERT", "CREATE", "MERGE", "UPDATE", "DELETE", "COPY", "REPLACE", "UPSERT", "UNLOAD"].includes(first.upper)) return parseWrite(parser, []);
  if (first.upper === "ALTER" || first.upper === "RENAME") {
    const start = stream.position;
    const move = parseMove(parser);
    if (move) return move;
    stream.position = start;
  }
  if (first.upper === "USE") {
    const start = stream.position;
    const use = parseUse(parser);
    if (use) return use;
    stream.position = start;
  }
  if (isSearchPathSet(parser)) return parseSearchPath(parser);
  return scanOther(parser);
}

function newWrite(verb: string, ctes: CommonTableExpression[]): WriteStatement {
  return { kind: "write", verb, ctes, reads: [], expressions: [], paths: [], definesEmptyTable: false, assignments: [], rowConditions: [], staticPartitionColumns: [] };
}

function parseWrite(parser: QueryParser, ctes: CommonTableExpression[]): Statement {
  const verb = parser.stream.peek()!.upper;
  const write = newWrite(verb, ctes);
  switch (verb) {
    case "INSERT":
    case "REPLACE":
    case "UPSERT":
      return parseInsert(parser, write);
    case "CREATE":
      return parseCreate(parser, write);
    case "MERGE":
      return parseMerge(parser, write);
    case "UPDATE":
      return parseUpdate(parser, write);
    case "DELETE":
      return parseDelete(parser, write);
    case "UNLOAD":
      return parseUnload(parser, write);
    default:
      return parseCopy(parser, write);
  }
}

/** `IDENTIFIER('db.s.t')` (Snowflake, Databricks) names a table through a string. */
function readTargetOrIdentifier(parser: QueryParser): QualifiedName | undefined {
  return isIdentifierCall(parser.stream) ? readIdentifierCall(parser.stream, parser.report) : readTableName(parser);
}

function parseInsert(parser: QueryParser, write: WriteStatement): Statement {
  const stream = parser.stream;
  stream.next();
  stream.acceptWord("OR");
  stream.acceptWord("REPLACE", "IGNORE", "ROLLBACK", "ABORT", "FAIL");
  if ((stream.isWord("ALL") || stream.isWord("FIRST")) && (stream.isWord("INTO", 1) || stream.isWord("WHEN", 1))) return parseMultiTableInsert(parser, write);
  stream.acceptWord("ALL", "FIRST");
  skipTop(stream);
  // Snowflake `INSERT OVERWRITE INTO t`, Hive `INSERT OVERWRITE TABLE t`.
  stream.acceptWord("INTO", "OVERWRITE");
  stream.acceptWord("INTO");
  if (stream.isOp("@") && (stream.peek(1)?.kind === "word" || stream.peek(1)?.kind === "quoted")) {
    // T-SQL `INSERT INTO @t SELECT …` fills a table variable, not a table: the query's reads still count.
    stream.next();
    stream.next();
    readInsertTail(parser, write);
    return write;
  }
  if (stream.acceptWord("DIRECTORY") || stream.acceptWord("LOCAL")) {
    // A directory is a location, not a table: its path is kept, and storage options up to the query are skipped.
    stream.acceptWord("DIRECTORY");
    if (stream.peek()?.kind === "string") write.paths.push(unquoteString(stream.next()!.text));
    while (!stream.done && !startsQuery(stream) && !stream.isWord("SELECT") && !stream.isWord("WITH") && !stream.isWord("FROM")) {
      stream.skipItem();
    }
    const query = parser.parseQuery();
    if (query) write.query = query;
    return write;
  }
  stream.acceptWord("TABLE");
  const target = readTargetOrIdentifier(parser);
  if (target) write.target = target;
  readInsertTail(parser, write);
  return write;
}

function readInsertTail(parser: QueryParser, write: WriteStatement): void {
  const stream = parser.stream;
  while (!stream.done) {
    if (stream.isWord("PARTITION") && stream.isOp("(", 1)) {
      stream.next();
      write.staticPartitionColumns.push(...readStaticPartition(parser));
    } else if (stream.isOp("(") && !startsQuery(stream)) {
      write.columns = parser.readNameList();
    } else if (stream.isWord("BY") && stream.isWord("NAME", 1)) {
      stream.next();
      stream.next();
    } else if (stream.isWord("WITH") && stream.isOp("(", 1) && !stream.isWord("SELECT", 2) && !stream.isWord("WITH", 2)) {
      skipTableHints(stream);
    } else if (stream.acceptWord("IF", "NOT", "EXISTS", "AS", "OVERWRITE", "INTO", "TABLE")) {
      // Hive/Spark decorations between the target and the query.
    } else break;
  }
  if (stream.acceptWord("DEFAULT")) return;
  if (stream.isWord("EXEC") || stream.isWord("EXECUTE")) {
    // T-SQL `INSERT INTO t EXEC p`: the rows come from a procedure; the EXEC is read as a statement of its own.
    parser.report("SQL_PROCEDURE_ROWS", "INSERT … EXEC: the inserted rows come from a procedure whose reads are not in this SQL", stream.peek()!.start);
    return;
  }
  const query = parser.parseQuery(write.ctes);
  if (query) write.query = query;
  trailingExpressions(parser, write);
}

/**
 * Snowflake and Oracle `INSERT ALL|FIRST [WHEN c THEN] INTO a [(cols)] [VALUES (…)] … [ELSE INTO b] SELECT …`:
 * every INTO table is a target of the query (the first keeps the column lineage).
 */
function parseMultiTableInsert(parser: QueryParser, write: WriteStatement): Statement {
  const stream = parser.stream;
  stream.next();
  const targets: QualifiedName[] = [];
  while (!stream.done && !stream.isWord("SELECT") && !stream.isWord("WITH") && !startsQuery(stream)) {
    const before = stream.position;
    if (stream.acceptWord("INTO")) {
      const target = readTargetOrIdentifier(parser);
      if (target) targets.push(target);
      if (stream.isOp("(") && targets.length === 1) write.columns = parser.readNameList();
      else if (stream.isOp("(")) stream.skipGroup();
      if (stream.acceptWord("VALUES") && stream.isOp("(")) stream.skipGroup();
    } else if (stream.acceptWord("WHEN")) write.expressions.push(parseExpression(stream, parser, false));
    else stream.acceptWord("THEN", "ELSE");
    if (stream.position === before) stream.next();
  }
  if (targets[0]) write.target = targets[0];
  if (targets.length > 1) write.extraTargets = targets.slice(1);
  const query = parser.parseQuery(write.ctes);
  if (query) write.query = query;
  return write;
}

/** `PARTITION (dt = '2024-01-01', region)`: the names given a value (`dt`); dynamic ones come from the query. */
function readStaticPartition(parser: QueryParser): string[] {
  const stream = parser.stream;
  const names: string[] = [];
  stream.next();
  while (!stream.done && !stream.isOp(")")) {
    const token = stream.next()!;
    if ((token.kind === "word" || token.kind === "quoted") && stream.isOp("=")) names.push(unquote(token.text));
    else if (token.kind === "op" && token.text === "(") {
      stream.position--;
      stream.skipGroup();
    }
  }
  stream.acceptOp(")");
  return names;
}

function parseCreate(parser: QueryParser, write: WriteStatement): Statement {
  const stream = parser.stream;
  stream.next();
  while (stream.peek() && CREATE_MODIFIERS.has(stream.peek()!.upper)) stream.next();
  const kind = stream.peek()?.upper ?? "";
  if (kind !== "TABLE" && kind !== "VIEW") return scanOther(parser);
  stream.next();
  while (stream.acceptWord("IF", "NOT", "EXISTS")) {
    /* IF NOT EXISTS */
  }
  const target = readTargetOrIdentifier(parser);
  if (target) write.target = target;
  let columnList: string[] | undefined;
  while (!stream.done) {
    if (stream.isOp("(") && stream.isWord("LIKE", 1)) {
      // PostgreSQL and Redshift `CREATE TABLE t (LIKE s …)`.
      stream.next();
      stream.next();
      const source = readTableName(parser);
      if (source) write.copiesFrom = source;
      parser.skipToGroupEnd();
      break;
    }
    if (stream.isOp("(") && columnList === undefined && !startsQuery(stream)) {
      columnList = parser.readNameList();
      continue;
    }
    if (stream.isWord("LIKE") || stream.isWord("CLONE")) {
      stream.next();
      stream.acceptWord("SHALLOW", "DEEP");
      const source = readTableName(parser);
      if (source) write.copiesFrom = source;
      break;
    }
    if (stream.isWord("AS") && (stream.isWord("VALUES", 1) || stream.isWord("SELECT", 1) || stream.isWord("WITH", 1) || stream.isOp("(", 1))) {
      stream.next();
      break;
    }
    if (startsQuery(stream) || stream.isWord("SELECT") || stream.isWord("WITH")) break;
    const token = stream.next()!;
    if (token.kind === "string" && looksLikePath(unquoteString(token.text))) write.paths.push(unquoteString(token.text));
    if (token.kind === "op" && token.text === "(") {
      stream.position--;
      stream.skipGroup();
    }
  }
  if (!stream.done && (startsQuery(stream) || stream.isWord("SELECT") || stream.isWord("WITH") || stream.isWord("VALUES"))) {
    const query = parser.parseQuery();
    if (query) write.query = query;
  } else if (columnList !== undefined && write.copiesFrom === undefined) {
    write.definesEmptyTable = true;
  }
  if (columnList !== undefined) write.columns = columnList;
  return write;
}

/** `MERGE INTO t USING s ON … WHEN [NOT] MATCHED [AND …] THEN UPDATE SET … | INSERT (…) VALUES (…) | DELETE`. */
function parseMerge(parser: QueryParser, write: WriteStatement): Statement {
  const stream = parser.stream;
  stream.next();
  stream.acceptWord("INTO");
  const target = readTargetOrIdentifier(parser);
  if (target) write.target = target;
  skipTableHints(stream);
  const holder = emptySelect(0);
  const targetAlias = parser.readAlias(true);
  if (stream.acceptWord("USING")) parser.parseFromItem(holder);
  write.reads.push(...holder.from);
  if (targetAlias !== undefined && write.target) write.targetAlias = targetAlias;
  while (!stream.done) {
    if (stream.acceptWord("ON")) write.rowConditions.push({ expression: parseExpression(stream, parser, false), kind: "JOIN" });
    else if (stream.acceptWord("AND")) write.rowConditions.push({ expression: parseExpression(stream, parser, false), kind: "FILTER" });
    else if (stream.isWord("UPDATE") && stream.isWord("SET", 1)) {
      stream.next();
      stream.next();
      if (stream.acceptOp("*")) write.copiesAllColumns = true;
      else write.assignments.push(...readAssignments(parser));
    } else if (stream.acceptWord("INSERT")) {
      if (stream.acceptOp("*")) write.copiesAllColumns = true;
      else readMergeInsert(parser, write);
    }
    else if (!stream.acceptWord("WHEN", "NOT", "MATCHED", "BY", "SOURCE", "TARGET", "THEN", "DELETE")) {
      if (startsNestedStatement(stream)) break;
      const before = stream.position;
      write.expressions.push(parseExpression(stream, parser, false));
      if (stream.position === before) stream.next();
    }
  }
  return write;
}

/** `INSERT (a, b) VALUES (s.a, s.b)`: each value is assigned to the column at its position. */
function readMergeInsert(parser: QueryParser, write: WriteStatement): void {
  const stream = parser.stream;
  const columns = stream.isOp("(") ? parser.readNameList() : [];
  if (!stream.acceptWord("VALUES") || !stream.isOp("(")) return;
  stream.next();
  for (let i = 0; !stream.done; i++) {
    const value = parseExpression(stream, parser, false);
    const column = columns[i];
    if (column !== undefined) write.assignments.push({ column, value });
    else write.expressions.push(value);
    if (!stream.acceptOp(",")) break;
  }
  parser.skipToGroupEnd();
}

/** `a = x, t.b = y + 1` up to the clause after it; a tuple assignment `(a, b) = (…)` is read as an expression. */
function readAssignments(parser: QueryParser): Assignment[] {
  const stream = parser.stream;
  const assignments: Assignment[] = [];
  do {
    const token = stream.peek();
    if (!token || (token.kind !== "word" && token.kind !== "quoted")) break;
    const name = readName(stream, parser);
    if (!stream.acceptOp("=")) break;
    assignments.push({ column: name.parts[name.parts.length - 1]!, value: parseExpression(stream, parser, false) });
  } while (stream.acceptOp(","));
  return assignments;
}

/**
 * `UPDATE t [AS x] [JOIN …] SET … [FROM …] [WHERE …]`. MySQL puts the joined tables before SET
 * (`UPDATE a JOIN b ON … SET …`, `UPDATE a, b SET …`): the first is the target, the others are read.
 */
function parseUpdate(parser: QueryParser, write: WriteStatement): Statement {
  const stream = parser.stream;
  stream.next();
  skipTop(stream);
  const start = stream.position;
  const target = readTargetOrIdentifier(parser);
  if (target) write.target = target;
  skipTableHints(stream);
  const alias = parser.readAlias(true);
  if (alias !== undefined) write.targetAlias = alias;
  skipTableHints(stream);
  const holder = emptySelect(0);
  if (target && !isIdentifierCall(parser.stream) && (stream.isOp(",") || JOIN_WORDS.has(stream.peek()?.upper ?? ""))) {
    stream.position = start;
    parser.parseFromList(holder);
    const first = holder.from.shift();
    if (first?.kind === "table") {
      write.target = first.name;
      if (first.alias !== undefined) write.targetAlias = first.alias;
    }
    write.rowConditions.push(...holder.joinConditions.map((expression) => ({ expression, kind: "JOIN" as const })));
    holder.joinConditions = [];
  }
  while (!stream.done) {
    if (stream.acceptWord("SET")) write.assignments.push(...readAssignments(parser));
    else if (stream.acceptWord("FROM")) parser.parseFromList(holder);
    else if (stream.acceptWord("WHERE")) write.rowConditions.push({ expression: parseExpression(stream, parser, false), kind: "FILTER" });
    else if (startsNestedStatement(stream)) break;
    else {
      const before = stream.position;
      write.expressions.push(parseExpression(stream, parser, false));
      if (stream.position === before) stream.next();
    }
  }
  write.reads.push(...holder.from);
  write.rowConditions.push(...holder.joinConditions.map((expression) => ({ expression, kind: "JOIN" as const })));
  adoptTargetFromReads(write);
  return write;
}

/**
 * T-SQL `UPDATE o … FROM dbo.orders o JOIN …` and MySQL `DELETE o FROM orders o JOIN …` name the
 * target by an alias of the FROM list: the target is that table. A FROM item that repeats the
 * target without an alias of its own is the target too, not a read.
 */
function adoptTargetFromReads(write: WriteStatement): void {
  const target = write.target;
  if (!target) return;
  const same = (a: string[], b: string[]): boolean => a.length === b.length && a.every((part, i) => part.toLowerCase() === b[i]!.toLowerCase());
  const byAlias = (item: FromItem): boolean => target.parts.length === 1 && item.kind === "table" && item.alias?.toLowerCase() === target.parts[0]!.toLowerCase();
  const byName = (item: FromItem): boolean => item.kind === "table" && (item.alias === undefined || item.alias.toLowerCase() === write.targetAlias?.toLowerCase()) && same(item.name.parts, target.parts);
  const index = write.reads.findIndex((item) => byAlias(item) || byName(item));
  if (index < 0) return;
  const item = write.reads[index]!;
  if (item.kind !== "table") return;
  write.reads.splice(index, 1);
  write.target = item.name;
  if (item.alias !== undefined) write.targetAlias = item.alias;
}

/** T-SQL `DELETE TOP (10) …`, `UPDATE TOP (10) …`, `INSERT TOP (10) INTO …`. */
function skipTop(stream: TokenStream): void {
  if (!stream.isWord("TOP") || !stream.isOp("(", 1)) return;
  stream.next();
  stream.skipGroup();
  stream.acceptWord("PERCENT");
}

/** T-SQL table hints after a written table: `WITH (TABLOCK)`, `WITH (HOLDLOCK)`. */
function skipTableHints(stream: TokenStream): void {
  if (stream.isWord("WITH") && stream.isOp("(", 1) && !stream.isWord("SELECT", 2) && !stream.isWord("WITH", 2)) {
    stream.next();
    stream.skipGroup();
  }
}

function parseDelete(parser: QueryParser, write: WriteStatement): Statement {
  const stream = parser.stream;
  stream.next();
  skipTop(stream);
  stream.acceptWord("FROM");
  const target = readTargetOrIdentifier(parser);
  if (target) write.target = target;
  skipTableHints(stream);
  const alias = parser.readAlias(true);
  if (alias !== undefined) write.targetAlias = alias;
  skipTableHints(stream);
  const holder = emptySelect(0);
  if (stream.acceptWord("USING") || stream.acceptWord("FROM")) parser.parseFromList(holder);
  write.reads.push(...holder.from);
  write.expressions.push(...holder.joinConditions);
  adoptTargetFromReads(write);
  trailingExpressions(parser, write);
  return write;
}

/** Redshift `UNLOAD ('select …') TO 's3://…'` (the query is a string) and Athena `UNLOAD (SELECT …) TO '…'`. */
function parseUnload(parser: QueryParser, write: WriteStatement): Statement {
  const stream = parser.stream;
  stream.next();
  if (stream.isOp("(") && stream.peek(1)?.kind === "string") {
    stream.next();
    const literal = readLiteral(stream);
    if (literal) write.embeddedSql = literal;
    parser.skipToGroupEnd();
  } else if (stream.isOp("(") && startsQuery(stream)) {
    stream.next();
    const query = parser.parseQuery();
    parser.skipToGroupEnd();
    if (query) write.query = query;
  }
  if (stream.acceptWord("TO") && stream.peek()?.kind === "string") write.paths.push(unquoteString(stream.next()!.text));
  while (!stream.done) stream.next();
  return write;
}

/** `COPY INTO t FROM @stage`, `COPY INTO @stage FROM (SELECT …)`, `COPY t FROM 'file'`, `COPY (SELECT …) TO 'file'`. */
function parseCopy(parser: QueryParser, write: WriteStatement): Statement {
  const stream = parser.stream;
  stream.next();
  stream.acceptWord("INTO");
  if (stream.isOp("@")) write.paths.push(parser.readStagePath());
  else if (stream.peek()?.kind === "string") write.paths.push(unquoteString(stream.next()!.text));
  else if (stream.isOp("(") && startsQuery(stream)) {
    stream.next();
    const query = parser.parseQuery();
    parser.skipToGroupEnd();
    if (query) write.query = query;
  } else {
    const target = readTableName(parser);
    if (target) write.target = target;
    if (stream.isOp("(")) write.columns = parser.readNameList();
  }
  while (!stream.done) {
    if (stream.acceptWord("FROM", "TO")) {
      if (stream.isOp("@")) write.paths.push(parser.readStagePath());
      else if (stream.peek()?.kind === "string") write.paths.push(unquoteString(stream.next()!.text));
      else if (stream.isOp("(")) {
        stream.next();
        const query = parser.parseQuery();
        parser.skipToGroupEnd();
        if (query) write.query = query;
      } else {
        const holder = emptySelect(0);
        parser.parseFromItem(holder);
        write.reads.push(...holder.from);
      }
    } else {
      const token = stream.next()!;
      if (token.kind === "op" && token.text === "(") {
        stream.position--;
        stream.skipGroup();
      }
    }
  }
  return write;
}

/** The rest of a write statement: conditions and assignments, whose subqueries are read. */
function trailingExpressions(parser: QueryParser, write: WriteStatement): void {
  const stream = parser.stream;
  while (!stream.done && !startsNestedStatement(stream)) {
    const before = stream.position;
    const expression: Expression = parseExpression(stream, parser, false);
    write.expressions.push(expression);
    if (stream.position === before) stream.next();
  }
}

/**
 * A statement we do not model: any query inside it is still read, and path literals are kept. It
 * ends where another statement starts (`SET NOCOUNT ON` then `INSERT …` in a T-SQL batch without
 * `;`, the `BEGIN … END` body of a trigger), except inside GRANT/REVOKE, which name statement kinds.
 */
function scanOther(parser: QueryParser): Statement {
  const stream = parser.stream;
  const queries: Query[] = [];
  const paths: string[] = [];
  const namesStatementKinds = stream.isWord("GRANT") || stream.isWord("REVOKE") || stream.isWord("DENY");
  let depth = 0;
  const start = stream.position;
  while (!stream.done) {
    if (depth === 0 && stream.position > start && !namesStatementKinds && (startsNestedStatement(stream) || startsNestedSelect(stream))) break;
    if (stream.isOp("(")) depth++;
    else if (stream.isOp(")")) depth = Math.max(0, depth - 1);
    if (stream.isWord("SELECT") || (stream.isWord("WITH") && (stream.peek(1)?.kind === "word" || stream.peek(1)?.kind === "quoted"))) {
      const before = stream.position;
      const query = parser.parseQuery();
      if (query) queries.push(query);
      if (stream.position === before) stream.next();
      continue;
    }
    const token = stream.next()!;
    if (token.kind === "string" && looksLikePath(unquoteString(token.text))) paths.push(unquoteString(token.text));
  }
  return { kind: "other", queries, paths };
}


// `ON` may end a statement (`SET NOCOUNT ON`), so `ON DELETE CASCADE | SET NULL | NO ACTION | RESTRICT` is told by what follows.
const NOT_AFTER = new Set(["AFTER", "BEFORE", "OF", "FOR", "INSTEAD", "EACH", "KEY", "DO", "THEN", "MATCHED", ",", "(", "=", "."]);
const NOT_BEFORE = new Set(["ON", "TO", "EXISTS", "NOT", "COLUMN", "CONSTRAINT", "PARTITION", "CASCADE", "SET", "NO", "RESTRICT", "AS", ",", ")", "(", "=", "."]);

/** `DROP TABLE #t` then `SELECT a INTO #t FROM …` in a T-SQL batch: the SELECT is a statement of its own (it may write). */
function startsNestedSelect(stream: TokenStream): boolean {
  const before = stream.tokens[stream.position - 1];
  return stream.isWord("SELECT") && (!before || !NOT_AFTER.has(before.upper || before.text));
}

/** A statement word inside an unmodelled statement that starts a statement rather than naming an event (`AFTER INSERT ON t`, `ON DELETE CASCADE`). */
function startsNestedStatement(stream: TokenStream): boolean {
  const token = stream.peek()!;
  if (token.kind !== "word" || !STATEMENT_WORDS.has(token.upper)) return false;
  const before = stream.tokens[stream.position - 1];
  const after = stream.peek(1);
  if (before && NOT_AFTER.has(before.upper || before.text)) return false;
  // PostgreSQL `ON CONFLICT … DO UPDATE | DO NOTHING`, rules' `DO INSTEAD`.
  if (token.upper === "DO" && (after?.upper === "UPDATE" || after?.upper === "NOTHING" || after?.upper === "INSTEAD" || after?.upper === "ALSO")) return false;
  return !after || !NOT_BEFORE.has(after.upper || after.text);
}
