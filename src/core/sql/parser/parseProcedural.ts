import type { Dialect } from "../dialect.js";
import type { EmbeddedSql, Expression, QualifiedName, Query } from "./ast.js";
import { STATEMENT_WORDS } from "./keywords.js";
import { parseExpression } from "./parseExpression.js";
import { readTableName, unquoteString, type QueryParser } from "./parseQuery.js";
import type { SqlToken, TokenStream } from "./tokenStream.js";

/**
 * Procedural SQL: stored procedure and function headers, scripting control flow (BEGIN … END,
 * IF … THEN, LOOP, WHILE, FOR … IN, DECLARE, EXCEPTION handlers) and dynamic SQL. None of it reads
 * or writes tables itself; what matters is where the statements inside start, the queries in its
 * conditions and declarations, and bodies written as strings (`AS $$ … $$`, `EXECUTE IMMEDIATE '…'`),
 * which the analysis reads as scripts of their own.
 */

export interface ProceduralStep {
  /** Conditions and declarations: their subqueries are read (`IF EXISTS (SELECT …)`, `DEFAULT (SELECT …)`). */
  expressions: Expression[];
  queries: Query[];
  /** Names declared here (variables, parameters, loop records): never columns of a table. */
  variables: string[];
  /** A body or a dynamic statement given as a literal: analysed as a script. */
  body?: EmbeddedSql;
  /** A routine body in a language other than SQL, which is not analysed. */
  foreignLanguage?: { language: string; offset: number };
  /** `EXECUTE IMMEDIATE v`, `EXEC (@sql)`: SQL built at run time, at this offset. */
  dynamicAt?: number;
  /** A routine, block or declaration starts here: `SELECT … INTO x` assigns variables from now on. */
  opensBody: boolean;
  /** `CREATE TRIGGER … ON t`: the table whose changed rows the body reads (T-SQL's `inserted`/`deleted`). */
  triggerTable?: QualifiedName;
}

const ROUTINE_KINDS = new Set(["PROCEDURE", "PROC", "FUNCTION", "TASK", "TRIGGER"]);
const ROUTINE_MODIFIERS = new Set(["OR", "REPLACE", "ALTER", "TEMP", "TEMPORARY", "SECURE", "AGGREGATE", "EDITIONABLE", "NONEDITIONABLE", "TABLE"]);
const SQL_LANGUAGES = new Set(["sql", "plpgsql", "plsql", "tsql"]);
const END_SUFFIXES = ["IF", "LOOP", "WHILE", "FOR", "REPEAT", "CASE", "TRY", "CATCH"];
const BEGIN_SUFFIXES = ["TRY", "CATCH", "TRANSACTION", "TRAN", "WORK", "ATOMIC", "DISTRIBUTED"];
const TRANSACTION_WORDS = ["TRANSACTION", "TRAN", "WORK"];
/** Words that start the statements of a body after a routine header. */
const BODY_STARTS = new Set(["BEGIN", "RETURN", "DECLARE", "IF", "SELECT", "WITH", "INSERT", "UPDATE", "DELETE", "MERGE"]);
/** Words that start a statement in a script, beyond STATEMENT_WORDS. */
const OTHER_STATEMENT_STARTS = new Set(["SELECT", "WITH", "SET", "USE", "ELSE", "EXCEPTION", "WHEN", "GRANT", "REVOKE", "OPEN", "CLOSE", "FETCH", "DEALLOCATE", "RAISE", "PERFORM", "BREAK", "CONTINUE", "VALUES"]);

/** The token at the stream's position starts a statement of a script (T-SQL batches need no `;`). */
export function startsStatement(stream: TokenStream): boolean {
  const upper = stream.peek()?.upper ?? "";
  return STATEMENT_WORDS.has(upper) || OTHER_STATEMENT_STARTS.has(upper);
}

/** Reads one procedural construct at the stream's position; undefined when a plain statement starts there. */
export function readProcedural(parser: QueryParser, dialect: Dialect): ProceduralStep | undefined {
  const stream = parser.stream;
  const token = stream.peek();
  if (!token || token.kind !== "word") return undefined;
  const step: ProceduralStep = { expressions: [], queries: [], variables: [], opensBody: false };
  switch (token.upper) {
    case "BEGIN": {
      stream.next();
      const transaction = TRANSACTION_WORDS.some((word) => stream.isWord(word));
      while (stream.acceptWord(...BEGIN_SUFFIXES)) {
        /* BEGIN TRY, BEGIN DISTRIBUTED TRANSACTION, BEGIN ATOMIC */
      }
      // PostgreSQL's `BEGIN;` opens a transaction, not a block.
      step.opensBody = !transaction && !stream.done;
      return step;
    }
    case "END":
      stream.next();
      stream.acceptWord(...END_SUFFIXES);
      skipLabel(stream, dialect);
      return step;
    case "ELSE":
    case "LOOP":
    case "REPEAT":
    case "EXCEPTION":
      stream.next();
      return step;
    case "IF":
    case "ELSEIF":
    case "ELSIF":
    case "WHILE":
    case "UNTIL":
    case "WHEN":
      stream.next();
      step.expressions.push(parseExpression(stream, parser, false));
      stream.acceptWord("THEN", "DO", "LOOP");
      return step;
    case "CASE":
      // A CASE statement (`CASE x WHEN 1 THEN <statements> … END CASE`); its WHEN arms are read like IF's.
      stream.next();
      if (!stream.isWord("WHEN")) step.expressions.push(parseExpression(stream, parser, false));
      return step;
    case "DO":
      stream.next();
      if (stream.peek()?.kind === "string" || stream.isWord("LANGUAGE")) readRoutineTail(stream, step, true);
      return step;
    case "FOR":
      return readFor(parser, step);
    case "COMMIT":
    case "ROLLBACK":
      stream.next();
      stream.acceptWord(...TRANSACTION_WORDS);
      skipLabel(stream, dialect);
      return step;
    case "LEAVE":
    case "ITERATE":
    case "BREAK":
    case "CONTINUE":
      stream.next();
      skipLabel(stream, dialect);
      return step;
    case "RETURN":
      stream.next();
      // `RETURN QUERY SELECT …` (PL/pgSQL), `RETURN SELECT …` (Databricks): the query that follows is the result.
      if (stream.acceptWord("QUERY") || stream.done || startsQueryHere(stream)) return step;
      if (!startsStatement(stream)) step.expressions.push(parseExpression(stream, parser, false));
      return step;
    case "PRINT":
      stream.next();
      step.expressions.push(parseExpression(stream, parser, false));
      return step;
    case "DECLARE":
    case "LET":
      stream.next();
      readDeclaration(parser, step);
      return step;
    case "EXECUTE":
    case "EXEC":
      return readExecute(parser, step, dialect);
    case "CREATE":
      return readRoutineHeader(parser, step);
    default:
      // A label: `fill: LOOP`, `outer: BEGIN`.
      if (stream.isOp(":", 1) && ["LOOP", "WHILE", "REPEAT", "FOR", "BEGIN"].includes(stream.peek(2)?.upper ?? "")) {
        stream.next();
        stream.next();
        return step;
      }
      return undefined;
  }
}

/** `END LOOP fill`, `END load_sales` (PL/SQL, MySQL, PL/pgSQL); T-SQL has no labels there. */
function skipLabel(stream: TokenStream, dialect: Dialect): void {
  const token = stream.peek();
  if (dialect === "tsql" || !token || (token.kind !== "word" && token.kind !== "quoted")) return;
  if (token.kind === "word" && (startsStatement(stream) || stream.isOp(".", 1) || stream.isOp("(", 1))) return;
  stream.next();
}

/** `FOR r IN (SELECT …) DO`, `FOR r IN SELECT … LOOP`, `FOR r IN cursor LOOP`, `FOR i IN 1..10 LOOP`. */
function readFor(parser: QueryParser, step: ProceduralStep): ProceduralStep | undefined {
  const stream = parser.stream;
  const record = stream.peek(1);
  if (!record || (record.kind !== "word" && record.kind !== "quoted") || !stream.isWord("IN", 2)) return undefined;
  stream.next();
  stream.next();
  stream.next();
  step.variables.push(record.text);
  stream.acceptWord("REVERSE");
  while (!stream.done && !stream.isWord("DO") && !stream.isWord("LOOP")) readQueryOrExpression(parser, step);
  stream.acceptWord("DO", "LOOP");
  return step;
}

/**
 * `DECLARE x INT64 DEFAULT (SELECT …)`, `DECLARE @n int = (SELECT …)`, `DECLARE c CURSOR FOR SELECT …`,
 * `LET n := (SELECT …)`, or a bare `DECLARE` opening a declaration section. It ends at the next
 * statement (a T-SQL batch needs no `;`).
 */
function readDeclaration(parser: QueryParser, step: ProceduralStep): void {
  const stream = parser.stream;
  step.opensBody = true;
  const name = stream.peek();
  if (name && (name.kind === "word" || name.kind === "quoted") && !startsStatement(stream)) {
    step.variables.push(stream.next()!.text);
    while (stream.isOp(",") && (stream.peek(1)?.kind === "word" || stream.peek(1)?.kind === "quoted")) {
      stream.next();
      step.variables.push(stream.next()!.text);
    }
  }
  while (!stream.done && (startsQueryHere(stream) || stream.isWord("VALUES") || !startsStatement(stream))) readQueryOrExpression(parser, step);
}

function startsQueryHere(stream: TokenStream): boolean {
  return stream.isWord("SELECT") || stream.isWord("WITH");
}

/** A query (`SELECT …`, `WITH …`) or an expression at the stream's position, into the step; always moves on. */
function readQueryOrExpression(parser: QueryParser, step: ProceduralStep): void {
  const stream = parser.stream;
  const before = stream.position;
  if (startsQueryHere(stream)) {
    const query = parser.parseQuery();
    if (query) step.queries.push(query);
  } else step.expressions.push(parseExpression(stream, parser, false));
  if (stream.position === before) stream.next();
}

/**
 * `EXECUTE IMMEDIATE '…'` (Snowflake, BigQuery, Oracle), `EXECUTE '…'` (PL/pgSQL), `EXEC ('…')` and
 * `EXEC sp_executesql N'…'` (T-SQL): a literal is analysed; anything else is built at run time.
 * `EXEC dbo.proc @a = 1` calls a procedure, whose lineage is that of its own definition.
 */
function readExecute(parser: QueryParser, step: ProceduralStep, dialect: Dialect): ProceduralStep {
  const stream = parser.stream;
  const start = stream.next()!;
  const immediate = stream.acceptWord("IMMEDIATE");
  if (!immediate && (stream.isWord("FUNCTION") || stream.isWord("PROCEDURE") || stream.isWord("TASK") || stream.isWord("ALERT") || stream.isWord("NOTEBOOK") || stream.isWord("AS"))) {
    skipArguments(stream);
    return step;
  }
  const procedureCall = dialect === "tsql" || dialect === "ansi";
  if (!immediate && procedureCall && (stream.peek()?.kind === "word" || stream.peek()?.kind === "quoted") && !isNationalString(stream)) {
    const name = readTableName(parser);
    const last = name?.parts[name.parts.length - 1]?.toLowerCase();
    if (last !== "sp_executesql") {
      skipArguments(stream);
      return step;
    }
  }
  const grouped = stream.acceptOp("(");
  const literal = readLiteral(stream);
  if (literal && (stream.done || stream.isOp(")") || stream.isOp(",") || stream.isWord("USING") || stream.isWord("INTO") || startsStatement(stream))) step.body = literal;
  else step.dynamicAt = start.start;
  if (grouped) parser.skipToGroupEnd();
  skipArguments(stream);
  return step;
}

function isNationalString(stream: TokenStream): boolean {
  return stream.isWord("N") && stream.peek(1)?.kind === "string" && stream.peek(1)!.start === stream.peek()!.end;
}

/** A string literal (`'…'`, `N'…'`, `$$…$$`, `"…"`, BigQuery `r"""…"""`) as SQL text with its offset. */
export function readLiteral(stream: TokenStream): EmbeddedSql | undefined {
  const prefix = stream.peek();
  if (prefix?.kind === "word" && prefix.text.length <= 2 && /^[nrb]+$/i.test(prefix.text) && stream.peek(1)?.kind === "string" && stream.peek(1)!.start === prefix.end) stream.next();
  const token = stream.peek();
  if (token?.kind !== "string") return undefined;
  stream.next();
  return stringBody(token);
}

function stringBody(token: SqlToken): EmbeddedSql {
  const text = token.text;
  if (text.startsWith("$")) {
    const tag = text.indexOf("$", 1) + 1;
    return { text: unquoteString(text), offset: token.start + tag };
  }
  if (text.length >= 6 && (text.startsWith("'''") || text.startsWith('"""'))) return { text: text.slice(3, -3), offset: token.start + 3 };
  return { text: unquoteString(text), offset: token.start + 1 };
}

/** The arguments of a call or the `USING …` of a dynamic statement, up to the next statement. */
function skipArguments(stream: TokenStream): void {
  while (!stream.done && !startsStatement(stream)) {
    stream.skipItem();
  }
}

/**
 * `CREATE [OR REPLACE | OR ALTER] PROCEDURE | FUNCTION | TASK name (params) … AS|IS body`: the
 * header is skipped; a string body is returned to be analysed (when its LANGUAGE is SQL); any
 * other body is the statements that follow, read like top-level ones. A task's body is one statement.
 */
function readRoutineHeader(parser: QueryParser, step: ProceduralStep): ProceduralStep | undefined {
  const stream = parser.stream;
  const start = stream.position;
  stream.next();
  let kind: string | undefined;
  for (let guard = 0; !stream.done && guard < 16; guard++) {
    const upper = stream.peek()!.upper;
    if (ROUTINE_KINDS.has(upper)) {
      kind = upper;
      stream.next();
      break;
    }
    if (upper === "DEFINER") {
      // MySQL `CREATE DEFINER = user@host PROCEDURE`.
      stream.next();
      while (!stream.done && !ROUTINE_KINDS.has(stream.peek()!.upper) && stream.position - start < 12) stream.next();
      continue;
    }
    if (!ROUTINE_MODIFIERS.has(upper) || (upper === "TABLE" && !stream.isWord("FUNCTION", 1))) break;
    stream.next();
  }
  if (!kind) {
    stream.position = start;
    return undefined;
  }
  while (stream.acceptWord("IF", "NOT", "EXISTS")) {
    /* IF NOT EXISTS */
  }
  readTableName(parser);
  if (kind === "TRIGGER") return readTriggerHeader(parser, step);
  if (kind === "TASK") {
    while (!stream.done && !stream.acceptWord("AS")) {
      stream.skipItem();
    }
    return step;
  }
  if (stream.isOp("(")) readParameters(stream, step);
  readRoutineTail(stream, step, false);
  // A body given as a string is analysed on its own; otherwise the body's statements follow here.
  step.opensBody = step.body === undefined && step.foreignLanguage === undefined;
  return step;
}

/**
 * `… ON t {AFTER | FOR | INSTEAD OF} INSERT, UPDATE AS <body>` (T-SQL) or
 * `… {BEFORE | AFTER} INSERT ON t FOR EACH ROW <body>` (MySQL, Oracle, PostgreSQL's `EXECUTE FUNCTION f()`).
 */
function readTriggerHeader(parser: QueryParser, step: ProceduralStep): ProceduralStep {
  const stream = parser.stream;
  step.opensBody = true;
  while (!stream.done) {
    if (stream.acceptWord("ON")) {
      if (stream.isWord("DATABASE") || stream.isWord("ALL")) continue;
      const table = readTableName(parser);
      if (table) step.triggerTable = table;
      continue;
    }
    if (stream.acceptWord("AS")) return step;
    if (stream.isWord("FOR") && stream.isWord("EACH", 1)) {
      stream.next();
      stream.next();
      stream.acceptWord("ROW", "STATEMENT");
      return step;
    }
    if (stream.isWord("BEGIN") || stream.isWord("EXECUTE")) return step;
    stream.skipItem();
  }
  return step;
}

/** `(IN a INT, OUT b TEXT, c DATE DEFAULT …)`: the parameter names. */
function readParameters(stream: TokenStream, step: ProceduralStep): void {
  stream.next();
  let depth = 0;
  let expectName = true;
  while (!stream.done) {
    const token = stream.next()!;
    if (token.kind === "op") {
      if (token.text === "(") depth++;
      else if (token.text === ")") {
        if (depth === 0) return;
        depth--;
      } else if (token.text === "," && depth === 0) expectName = true;
      continue;
    }
    if (!expectName || depth > 0) continue;
    if (token.upper === "IN" || token.upper === "OUT" || token.upper === "INOUT" || token.upper === "VARIADIC") continue;
    if (token.kind === "word" || token.kind === "quoted") step.variables.push(token.text);
    expectName = false;
  }
}

/**
 * Routine options up to the body: `RETURNS …`, `LANGUAGE x`, `EXECUTE AS …`, then `AS '…'` or the
 * body's first statement. PostgreSQL may name the language after a string body; `DO` takes the string directly.
 */
function readRoutineTail(stream: TokenStream, step: ProceduralStep, stringBodyNow: boolean): void {
  let language: string | undefined;
  let body: EmbeddedSql | undefined;
  let bodyAt = 0;
  while (!stream.done) {
    const token = stream.peek()!;
    if (token.upper === "LANGUAGE") {
      stream.next();
      const name = stream.next();
      if (name) language = unquoteString(name.text).toLowerCase();
      continue;
    }
    if (token.upper === "EXECUTE" && stream.isWord("AS", 1)) {
      stream.next();
      stream.next();
      stream.next();
      continue;
    }
    if (token.kind === "string" && body === undefined && stringBodyNow) {
      bodyAt = token.start;
      body = readLiteral(stream);
      continue;
    }
    if (token.upper === "AS" || token.upper === "IS") {
      stream.next();
      if (body === undefined && (stream.peek()?.kind === "string" || stream.peek(1)?.kind === "string")) {
        const at = stream.position;
        bodyAt = stream.peek()!.start;
        body = readLiteral(stream);
        if (body) continue;
        stream.position = at;
      }
      if (body === undefined) return;
      continue;
    }
    if (body === undefined && BODY_STARTS.has(token.upper)) return;
    stream.skipItem();
  }
  if (!body) return;
  if (language !== undefined && !SQL_LANGUAGES.has(language)) step.foreignLanguage = { language, offset: bodyAt };
  else step.body = body;
}
