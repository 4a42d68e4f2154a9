import type { CommonTableExpression, Expression, QualifiedName, Query, Statement } from "./ast.js";
import { isIdentifierCall, readIdentifierCall } from "./identifierCall.js";
import { isSearchPathSet, parseSearchPath, parseUse } from "./parseSessionStatement.js";
import { parseExpression, readName, startsQuery } from "./parseExpression.js";
import { emptySelect, looksLikePath, unquoteString, type QueryParser } from "./parseQuery.js";

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
    return query ? { kind: "query", query } : { kind: "other", queries: [], paths: [] };
  }
  if (["INSERT", "CREATE", "MERGE", "UPDATE", "DELETE", "COPY", "REPLACE", "UPSERT"].includes(first.upper)) return parseWrite(parser, []);
  if (first.upper === "USE") {
    const start = stream.position;
    const use = parseUse(parser);
    if (use) return use;
    stream.position = start;
  }
  if (isSearchPathSet(parser)) return parseSearchPath(parser);
  return scanOther(parser);
}

function parseWrite(parser: QueryParser, ctes: CommonTableExpression[]): Statement {
  const verb = parser.stream.peek()!.upper;
  const write: WriteStatement = { kind: "write", verb, ctes, reads: [], expressions: [], paths: [], definesEmptyTable: false };
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
    default:
      return parseCopy(parser, write);
  }
}

function readTarget(parser: QueryParser): QualifiedName | undefined {
  const token = parser.stream.peek();
  if (!token || (token.kind !== "word" && token.kind !== "quoted")) return undefined;
  const name = readName(parser.stream, parser);
  return { parts: name.parts, quoted: name.quoted, offset: name.offset };
}

/** `IDENTIFIER('db.s.t')` (Snowflake, Databricks) names a table through a string. */
function readTargetOrIdentifier(parser: QueryParser): QualifiedName | undefined {
  return isIdentifierCall(parser.stream) ? readIdentifierCall(parser.stream, parser.report) : readTarget(parser);
}

function parseInsert(parser: QueryParser, write: WriteStatement): Statement {
  const stream = parser.stream;
  stream.next();
  stream.acceptWord("OR");
  stream.acceptWord("REPLACE", "IGNORE", "ROLLBACK", "ABORT", "FAIL");
  stream.acceptWord("ALL", "FIRST");
  stream.acceptWord("INTO", "OVERWRITE");
  if (stream.acceptWord("DIRECTORY") || stream.acceptWord("LOCAL")) {
    stream.acceptWord("DIRECTORY");
    if (stream.peek()?.kind === "string") write.paths.push(unquoteString(stream.next()!.text));
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
      stream.skipGroup();
    } else if (stream.isOp("(") && !startsQuery(stream)) {
      write.columns = parser.readNameList();
    } else if (stream.isWord("BY") && stream.isWord("NAME", 1)) {
      stream.next();
      stream.next();
    } else if (stream.acceptWord("IF", "NOT", "EXISTS", "AS", "OVERWRITE", "INTO", "TABLE")) {
      // Hive/Spark decorations between the target and the query.
    } else break;
  }
  if (stream.acceptWord("DEFAULT")) return;
  const query = parser.parseQuery(write.ctes);
  if (query) write.query = query;
  trailingExpressions(parser, write);
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
    if (stream.isOp("(") && columnList === undefined && !startsQuery(stream)) {
      columnList = parser.readNameList();
      continue;
    }
    if (stream.isWord("LIKE") || stream.isWord("CLONE")) {
      stream.next();
      const source = readTarget(parser);
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

function parseMerge(parser: QueryParser, write: WriteStatement): Statement {
  const stream = parser.stream;
  stream.next();
  stream.acceptWord("INTO");
  const target = readTargetOrIdentifier(parser);
  if (target) write.target = target;
  const holder = emptySelect(0);
  const targetAlias = parser.readAlias(true);
  if (stream.acceptWord("USING")) parser.parseFromItem(holder);
  write.reads.push(...holder.from);
  if (targetAlias !== undefined && write.target) write.targetAlias = targetAlias;
  trailingExpressions(parser, write);
  return write;
}

function parseUpdate(parser: QueryParser, write: WriteStatement): Statement {
  const stream = parser.stream;
  stream.next();
  const target = readTargetOrIdentifier(parser);
  if (target) write.target = target;
  const alias = parser.readAlias(true);
  if (alias !== undefined) write.targetAlias = alias;
  const holder = emptySelect(0);
  while (!stream.done) {
    if (stream.acceptWord("FROM")) parser.parseFromList(holder);
    else {
      const before = stream.position;
      write.expressions.push(parseExpression(stream, parser, false));
      if (stream.position === before) stream.next();
    }
  }
  write.reads.push(...holder.from);
  write.expressions.push(...holder.joinConditions);
  return write;
}

function parseDelete(parser: QueryParser, write: WriteStatement): Statement {
  const stream = parser.stream;
  stream.next();
  stream.acceptWord("FROM");
  const target = readTargetOrIdentifier(parser);
  if (target) write.target = target;
  const alias = parser.readAlias(true);
  if (alias !== undefined) write.targetAlias = alias;
  const holder = emptySelect(0);
  if (stream.acceptWord("USING") || stream.acceptWord("FROM")) parser.parseFromList(holder);
  write.reads.push(...holder.from);
  write.expressions.push(...holder.joinConditions);
  trailingExpressions(parser, write);
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
    const target = readTarget(parser);
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
  while (!stream.done) {
    const before = stream.position;
    const expression: Expression = parseExpression(stream, parser, false);
    write.expressions.push(expression);
    if (stream.position === before) stream.next();
  }
}

/** A statement we do not model: any query inside it is still read, and path literals are kept. */
function scanOther(parser: QueryParser): Statement {
  const stream = parser.stream;
  const queries: Query[] = [];
  const paths: string[] = [];
  while (!stream.done) {
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

