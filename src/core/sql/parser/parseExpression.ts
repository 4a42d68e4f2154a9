import type { ColumnMention, Expression, QualifiedName, Query, RefRole, StarModifiers } from "./ast.js";
import {
  AGGREGATE_FUNCTIONS,
  CLAUSE_KEYWORD_FUNCTIONS,
  CLAUSE_KEYWORDS,
  DATE_PART_FUNCTIONS,
  DATE_PARTS,
  EXPRESSION_KEYWORDS,
  FRAME_KEYWORDS,
  INFIX_KEYWORDS,
  STATEMENT_WORDS,
} from "./keywords.js";
import type { SqlToken, TokenStream } from "./tokenStream.js";
import { PLACEHOLDER_PREFIX } from "../jinja/renderTemplate.js";

/** Keywords that stand for a value rather than joining two. */
const OPERAND_KEYWORDS = new Set(["NULL", "TRUE", "FALSE", "UNKNOWN", "CURRENT_DATE", "CURRENT_TIMESTAMP", "CURRENT_TIME", "LOCALTIME", "LOCALTIMESTAMP", "CURRENT_USER", "SESSION_USER", "SYSDATE", "SYSTIMESTAMP", "DEFAULT"]);

export interface ExpressionContext {
  /** Parses a `(SELECT …)` / `(WITH …)` at the stream's position, just after its `(`. */
  parseNestedQuery(): Query | undefined;
  /** Splits a quoted token into name parts (BigQuery `` `p.d.t` `` is three parts). */
  nameParts(token: SqlToken): string[];
}

interface OpenGroup {
  /** Upper-case name of the function this paren belongs to; empty for a plain group. */
  fn: string;
  role: RefRole;
  /** Inside `OVER (…)`: frame words are not columns. */
  window: boolean;
  /** Arguments seen so far at this level, for `datediff(day, …)`. */
  argumentIndex: number;
}

/**
 * Reads one expression up to a clause keyword, a `,` or a `)` at depth 0, or an alias, and
 * summarizes it: which columns it mentions and in what role (plain value, inside an aggregate,
 * in a window specification). Never fails: unknown syntax is skipped token by token.
 */
export function parseExpression(stream: TokenStream, context: ExpressionContext, allowAlias = true, windowSpec = false): Expression {
  const mentions: ColumnMention[] = [];
  const subqueries: Query[] = [];
  // A named window's `(PARTITION BY …)` is read as if it followed OVER, up to its closing paren.
  const groups: OpenGroup[] = windowSpec ? [{ fn: "OVER", role: "window", window: true, argumentIndex: 0 }] : [];
  let expectOperand = true;
  let operandCount = 0;
  let operatorCount = 0;
  let caseDepth = 0;
  let star: Expression["star"];
  let lastName: string | undefined;
  let ordinal: number | undefined;

  const role = (): RefRole => groups[groups.length - 1]?.role ?? "value";
  const operand = (): void => {
    expectOperand = false;
    operandCount++;
  };

  while (!stream.done) {
    const token = stream.peek()!;
    const depth = groups.length;
    if (token.kind === "op") {
      const text = token.text;
      if (text === "(" || text === "[") {
        stream.next();
        if (text === "(" && (stream.isWord("SELECT") || stream.isWord("WITH") || (stream.isOp("(") && startsQuery(stream)))) {
          const query = context.parseNestedQuery();
          if (query) subqueries.push(query);
          stream.acceptOp(")");
          operand();
          continue;
        }
        groups.push({ fn: "", role: role(), window: groups[groups.length - 1]?.window ?? false, argumentIndex: 0 });
        expectOperand = true;
        continue;
      }
      if (text === ")" || text === "]") {
        if (depth === 0) break;
        stream.next();
        groups.pop();
        if (windowSpec && groups.length === 0) break;
        operand();
        continue;
      }
      if (text === "," && depth === 0) break;
      if (text === ";") break;
      stream.next();
      if (text === ",") {
        groups[depth - 1]!.argumentIndex++;
        expectOperand = true;
      } else if (text === "*" && expectOperand) {
        if (depth === 0) star = { except: [] };
        operand();
      } else if (text === "::") {
        operatorCount++;
        skipTypeName(stream);
      } else if (text === ":" && !expectOperand) {
        operatorCount++;
        skipPath(stream);
      } else if (text === "@" || (text === ":" && expectOperand) || text === "?" || text === "$") {
        if (stream.peek()?.kind === "word") stream.next();
        operand();
      } else if (text === "=>" || text === "->") {
        expectOperand = true;
      } else {
        operatorCount++;
        expectOperand = true;
      }
      continue;
    }
    if (token.kind === "word") {
      const upper = token.upper;
      const isCall = expectOperand && CLAUSE_KEYWORD_FUNCTIONS.has(upper) && stream.isOp("(", 1);
      if (depth === 0 && caseDepth === 0 && !isCall && (CLAUSE_KEYWORDS.has(upper) || upper === "WHEN" || upper === "THEN" || upper === "ELSE" || upper === "END")) {
        if (!(upper === "FROM" && isDistinctFrom(stream))) break;
      }
      if (depth > 0 && upper === "AS") {
        stream.next();
        skipCastType(stream);
        continue;
      }
      if (!expectOperand && !INFIX_KEYWORDS.has(upper) && caseDepth === 0 && depth === 0) {
        if (allowAlias || STATEMENT_WORDS.has(upper)) break; // an implicit alias, or the next statement of a batch, follows
      }
      if (upper === "CASE") {
        caseDepth++;
        stream.next();
        operatorCount++;
        expectOperand = true;
        continue;
      }
      if (upper === "END" && caseDepth > 0) {
        caseDepth--;
        stream.next();
        operand();
        continue;
      }
      if (upper === "INTERVAL") {
        stream.next();
        skipInterval(stream);
        operatorCount++;
        operand();
        continue;
      }
      if (upper === "OVER") {
        stream.next();
        operatorCount++;
        if (stream.isOp("(")) {
          stream.next();
          groups.push({ fn: "OVER", role: "window", window: true, argumentIndex: 0 });
          expectOperand = true;
        } else if (stream.peek()?.kind === "word") stream.next();
        continue;
      }
      if (upper === "WITHIN" && stream.isWord("GROUP", 1)) {
        stream.next();
        stream.next();
        if (stream.isOp("(")) {
          stream.next();
          groups.push({ fn: "WITHIN", role: "aggregate", window: false, argumentIndex: 0 });
          expectOperand = true;
        }
        continue;
      }
      if (upper === "FILTER" && stream.isOp("(", 1)) {
        stream.next();
        stream.next();
        groups.push({ fn: "FILTER", role: "aggregate", window: false, argumentIndex: 0 });
        expectOperand = true;
        continue;
      }
    }
    if (token.kind === "quoted" && !expectOperand && depth === 0 && caseDepth === 0 && allowAlias) break;
    if (token.kind === "word" && token.upper === "NULLS" && (stream.isWord("FIRST", 1) || stream.isWord("LAST", 1))) {
      stream.next();
      stream.next();
      continue;
    }
    if (token.kind === "word" && (EXPRESSION_KEYWORDS.has(token.upper) || (depth > 0 && CLAUSE_KEYWORDS.has(token.upper) && !stream.isOp("(", 1)))) {
      // `IN (…)`, `EXISTS (…)`, `count(DISTINCT x)`, `extract(year FROM d)`: keywords, never columns or calls.
      stream.next();
      if (OPERAND_KEYWORDS.has(token.upper)) operand();
      else {
        operatorCount++;
        expectOperand = true;
      }
      continue;
    }
    if (token.kind === "word" || token.kind === "quoted") {
      const group = groups[groups.length - 1];
      const name = readName(stream, context);
      if (stream.isOp("=>")) continue; // a named argument, `flatten(input => x)`
      if (name.star) {
        if (depth === 0) star = { qualifier: { parts: name.parts, quoted: name.quoted, offset: name.offset }, except: [] };
        operand();
        continue;
      }
      if (stream.isOp("(")) {
        stream.next();
        if (stream.isWord("SELECT") || stream.isWord("WITH")) {
          // `ARRAY(SELECT …)`, `EXISTS(SELECT …)`, `ANY(SELECT …)`: a subquery as the argument.
          const query = context.parseNestedQuery();
          if (query) subqueries.push(query);
          while (!stream.done && !stream.isOp(")")) stream.next();
          stream.acceptOp(")");
          operatorCount++;
          operand();
          continue;
        }
        const fn = name.upperLast;
        const isAggregate = AGGREGATE_FUNCTIONS.has(fn) && name.parts.length === 1;
        groups.push({ fn, role: isAggregate ? "aggregate" : role() === "window" ? "window" : role(), window: false, argumentIndex: 0 });
        operatorCount++;
        expectOperand = true;
        continue;
      }
      if (token.kind === "word" && name.parts.length === 1 && isNotAColumn(name.upperLast, stream, group)) {
        if (upper(name) === "NOT" || INFIX_KEYWORDS.has(upper(name)) || upper(name) === "DISTINCT" || upper(name) === "ALL") {
          operatorCount++;
          expectOperand = true;
        } else operand();
        continue;
      }
      if (name.parts.some((p) => p.startsWith(PLACEHOLDER_PREFIX))) {
        operatorCount++;
        operand();
        continue;
      }
      mentions.push({ name: { parts: name.parts, quoted: name.quoted, offset: name.offset }, role: role() });
      lastName = name.parts[name.parts.length - 1];
      operand();
      continue;
    }
    stream.next();
    if (token.kind === "number" && depth === 0 && operandCount === 0 && /^\d+$/.test(token.text)) ordinal = Number(token.text);
    operand();
  }

  const expression: Expression = { mentions, subqueries, bare: mentions.length === 1 && operandCount === 1 && operatorCount === 0 && subqueries.length === 0 };
  if (star) {
    expression.star = star;
    readStarModifiers(stream, context, expression.star);
  }
  if (ordinal !== undefined && operandCount === 1 && operatorCount === 0) expression.ordinal = ordinal;
  if (expression.bare && lastName !== undefined) expression.implicitName = lastName;
  return expression;
}

function upper(name: { upperLast: string }): string {
  return name.upperLast;
}

interface ReadName {
  parts: string[];
  quoted: boolean[];
  offset: number;
  upperLast: string;
  star: boolean;
}

/** Reads `a`, `a.b.c`, `"A"."b"`, `` `p.d.t` ``, and `t.*` (then `star` is set and parts are the qualifier). */
export function readName(stream: TokenStream, context: ExpressionContext): ReadName {
  const first = stream.next()!;
  const parts: string[] = [];
  const quoted: boolean[] = [];
  let upperLast = "";
  const add = (token: SqlToken): void => {
    if (token.kind === "quoted") {
      for (const part of context.nameParts(token)) {
        parts.push(part);
        quoted.push(true);
      }
      upperLast = "";
    } else {
      parts.push(token.text);
      quoted.push(false);
      upperLast = token.upper;
    }
  };
  add(first);
  while (stream.isOp(".")) {
    const after = stream.peek(1);
    if (after?.kind === "op" && after.text === "*") {
      stream.next();
      stream.next();
      return { parts, quoted, offset: first.start, upperLast, star: true };
    }
    if (after?.kind !== "word" && after?.kind !== "quoted") break;
    stream.next();
    add(stream.next()!);
  }
  return { parts, quoted, offset: first.start, upperLast, star: false };
}

function isNotAColumn(upperWord: string, stream: TokenStream, group: OpenGroup | undefined): boolean {
  if (EXPRESSION_KEYWORDS.has(upperWord)) return true;
  if (group?.window && FRAME_KEYWORDS.has(upperWord)) return true;
  // `date '2020-01-01'`, `timestamp '…'`: a type name before a literal.
  if (stream.peek()?.kind === "string") return true;
  if (group && DATE_PARTS.has(upperWord) && DATE_PART_FUNCTIONS.has(group.fn)) return true;
  return false;
}

/** `a IS [NOT] DISTINCT FROM b`: this FROM is an operator. */
function isDistinctFrom(stream: TokenStream): boolean {
  const before = stream.tokens[stream.position - 1];
  return before?.upper === "DISTINCT";
}

/** Looks past at most a few parentheses, so deep nesting costs linear time, not quadratic. */
export function startsQuery(stream: TokenStream): boolean {
  let ahead = 0;
  while (stream.isOp("(", ahead) && ahead < 16) ahead++;
  return stream.isWord("SELECT", ahead) || stream.isWord("WITH", ahead);
}

/** After `::`: `int`, `varchar(10)`, `decimal(10, 2)[]`, `timestamp with time zone`. */
function skipTypeName(stream: TokenStream): void {
  if (stream.peek()?.kind === "word" || stream.peek()?.kind === "quoted") stream.next();
  while (stream.isWord("WITH") || stream.isWord("WITHOUT") || stream.isWord("TIME") || stream.isWord("ZONE") || stream.isWord("VARYING") || stream.isWord("PRECISION")) {
    if (stream.isWord("WITH") && !stream.isWord("TIME", 1)) break;
    stream.next();
  }
  if (stream.isOp("(")) stream.skipGroup();
  while (stream.isOp("[") && stream.isOp("]", 1)) {
    stream.next();
    stream.next();
  }
}

/** Inside `CAST(x AS type)` or `struct(a AS x)`: skips to the next `,` or `)` of this group. */
function skipCastType(stream: TokenStream): void {
  while (!stream.done) {
    if (stream.isOp(",") || stream.isOp(")")) return;
    if (stream.isOp("(") || stream.isOp("<")) {
      if (stream.isOp("(")) stream.skipGroup();
      else skipAngle(stream);
      continue;
    }
    stream.next();
  }
}

function skipAngle(stream: TokenStream): void {
  let depth = 0;
  while (!stream.done) {
    const token = stream.next()!;
    if (token.text === "<") depth++;
    else if (token.text === ">") {
      depth--;
      if (depth <= 0) return;
    } else if (token.text === ">>") {
      depth -= 2;
      if (depth <= 0) return;
    } else if (token.text === ")" || token.text === ";") return;
  }
}

/** Snowflake semi-structured access: `col:a.b[0]::string`. */
function skipPath(stream: TokenStream): void {
  // One element after `:` or `.`; a word after an element (`v:amount AS x`, `v:a amount`) is not part of the path.
  let expectElement = true;
  while (!stream.done) {
    const token = stream.peek()!;
    if (expectElement && (token.kind === "word" || token.kind === "quoted" || token.kind === "number")) {
      stream.next();
      expectElement = false;
      continue;
    }
    if (token.kind === "op" && token.text === ".") {
      stream.next();
      expectElement = true;
      continue;
    }
    if (token.kind === "op" && token.text === "[") {
      stream.skipGroup();
      expectElement = false;
      continue;
    }
    return;
  }
}

/** `INTERVAL '1' DAY`, `INTERVAL 3 MONTH`, `INTERVAL '1 day'`. */
function skipInterval(stream: TokenStream): void {
  const value = stream.peek();
  if (value?.kind === "string" || value?.kind === "number") stream.next();
  else if (value?.kind === "op" && value.text === "-" && stream.peek(1)?.kind === "number") {
    stream.next();
    stream.next();
  } else return;
  if (stream.peek()?.kind === "word" && DATE_PARTS.has(stream.peek()!.upper)) stream.next();
  if (stream.isWord("TO") && stream.peek(1)?.kind === "word") {
    stream.next();
    stream.next();
  }
}

/** `* EXCEPT (a, b)`, `* EXCLUDE a`, `* REPLACE (expr AS a, …)`, `* RENAME (a AS b, …)`, `* ILIKE '…'`. */
function readStarModifiers(stream: TokenStream, context: ExpressionContext, star: StarModifiers): void {
  while (stream.isWord("EXCEPT") || stream.isWord("EXCLUDE") || stream.isWord("REPLACE") || stream.isWord("RENAME") || stream.isWord("ILIKE")) {
    const kind = stream.next()!.upper;
    const grouped = stream.acceptOp("(");
    do {
      const token = stream.peek();
      if (!token || token.kind === "op") break;
      if (kind === "ILIKE") stream.next();
      else if (kind === "REPLACE") {
        const expression = parseExpression(stream, context, false);
        if (stream.acceptWord("AS") && isNameToken(stream.peek())) (star.replace ??= []).push({ column: unquote(stream.next()!.text), expression });
      } else if (isNameToken(token)) {
        const from = unquote(stream.next()!.text);
        if (kind !== "RENAME") star.except.push(from);
        else if (stream.acceptWord("AS") && isNameToken(stream.peek())) (star.rename ??= []).push({ from, to: unquote(stream.next()!.text) });
      } else stream.next();
    } while (grouped && stream.acceptOp(","));
    if (grouped) skipToClose(stream);
  }
}

const isNameToken = (token: SqlToken | undefined): boolean => token?.kind === "word" || token?.kind === "quoted";

/** Past the `)` that closes a group whose `(` was read. */
function skipToClose(stream: TokenStream): void {
  let depth = 0;
  while (!stream.done) {
    const token = stream.next()!;
    if (token.kind !== "op") continue;
    if (token.text === "(") depth++;
    else if (token.text === ")" && depth-- === 0) return;
  }
}

export function unquote(text: string): string {
  const first = text[0];
  if (first === '"' || first === "`") return text.slice(1, text.endsWith(first) ? -1 : undefined).replaceAll(first + first, first);
  if (first === "[") return text.slice(1, text.endsWith("]") ? -1 : undefined);
  return text;
}

export type { QualifiedName };
