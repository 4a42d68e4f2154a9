import type { CommonTableExpression, Expression, FromItem, QualifiedName, Query, Select, SetExpression } from "./ast.js";
import { isIdentifierCall, readIdentifierCall } from "./identifierCall.js";
import { describeUnnamed } from "./unnamedItem.js";
import { ExpressionText } from "./expressionText.js";
import { CLAUSE_KEYWORDS, JOIN_WORDS, NOT_AN_ALIAS, STATEMENT_WORDS } from "./keywords.js";
import { parseExpression, readName, startsQuery, unquote, type ExpressionContext } from "./parseExpression.js";
import type { SqlToken, TokenStream } from "./tokenStream.js";
import { PLACEHOLDER_PREFIX } from "../jinja/renderTemplate.js";

/** Reports a problem at a token offset of the rendered SQL. */
export type ProblemSink = (code: string, message: string, offset: number) => void;

const SET_OPERATORS = new Set(["UNION", "INTERSECT", "EXCEPT", "MINUS"]);
const PATH_LIKE = /^(?:[a-z][a-z0-9+.-]*:\/\/|\/|@|~\/)|\.(?:csv|tsv|parquet|json|jsonl|ndjson|avro|orc|txt|gz|zst|xlsx)$/i;

export function looksLikePath(text: string): boolean {
  return PATH_LIKE.test(text);
}

/**
 * Recursive descent over SELECT-shaped SQL. Tolerant: a token it does not understand is skipped
 * rather than failing the statement; nesting beyond the budget's depth is skipped unparsed.
 */
export class QueryParser implements ExpressionContext {
  private depth = 0;

  constructor(
    readonly stream: TokenStream,
    private readonly splitBacktickPaths: boolean,
    readonly report: ProblemSink,
  ) {}

  nameParts(token: SqlToken): string[] {
    const name = unquote(token.text);
    if (token.text.startsWith("`") && this.splitBacktickPaths && name.includes(".") && !name.includes("/")) return name.split(".");
    return [name];
  }

  parseNestedQuery(): Query | undefined {
    return this.parseQuery();
  }

  /** `[WITH …] body [ORDER BY …] [LIMIT …]`. */
  parseQuery(ctes: CommonTableExpression[] = []): Query | undefined {
    if (this.depth >= this.stream.budget.maxDepth) {
      this.report("SQL_TOO_DEEP", "Query nesting is too deep to analyse; the nested part was skipped", this.stream.peek()?.start ?? 0);
      this.skipToGroupEnd();
      return undefined;
    }
    this.depth++;
    try {
      const allCtes = [...ctes, ...this.parseWith()];
      const body = this.parseSetExpression();
      const orderBy = this.parseTail();
      return { ctes: allCtes, body, orderBy };
    } finally {
      this.depth--;
    }
  }

  parseWith(): CommonTableExpression[] {
    const ctes: CommonTableExpression[] = [];
    if (!this.stream.acceptWord("WITH")) return ctes;
    this.stream.acceptWord("RECURSIVE");
    do {
      // A macro's output rendered between two CTEs (`), {{ x }} next as (`) is not a CTE name.
      while (this.stream.peek()?.text.startsWith(PLACEHOLDER_PREFIX) && this.stream.peek(1)?.kind === "word") this.stream.next();
      const nameToken = this.stream.peek();
      if (!nameToken || (nameToken.kind !== "word" && nameToken.kind !== "quoted")) break;
      this.stream.next();
      // Spark and Databricks also write `WITH t (SELECT …)`, without AS: that group is the query, not a column list.
      const columns = this.stream.isOp("(") && !startsQuery(this.stream) ? this.readNameList() : undefined;
      this.stream.acceptWord("AS");
      this.stream.acceptWord("NOT");
      this.stream.acceptWord("MATERIALIZED");
      if (!this.stream.acceptOp("(")) {
        this.report("SQL_SYNTAX", `Expected ( after the name of CTE ${unquote(nameToken.text)}`, nameToken.start);
        break;
      }
      const query = this.parseQuery();
      this.skipToGroupEnd();
      const cte: CommonTableExpression = { name: unquote(nameToken.text), query: query ?? emptyQuery(nameToken.start) };
      if (columns) cte.columns = columns;
      ctes.push(cte);
    } while (this.stream.acceptOp(","));
    return ctes;
  }

  private parseSetExpression(): SetExpression {
    let left = this.parsePrimary();
    while (this.stream.peek() && SET_OPERATORS.has(this.stream.peek()!.upper)) {
      this.stream.next();
      this.stream.acceptWord("ALL", "DISTINCT");
      const byName = this.stream.isWord("BY") && this.stream.isWord("NAME", 1);
      if (byName) {
        this.stream.next();
        this.stream.next();
      }
      left = byName ? { kind: "setop", left, right: this.parsePrimary(), byName } : { kind: "setop", left, right: this.parsePrimary() };
    }
    return left;
  }

  private parsePrimary(): SetExpression {
    const stream = this.stream;
    if (stream.isOp("(")) {
      stream.next();
      const query = this.parseQuery();
      this.skipToGroupEnd();
      return query ? { kind: "nested", query } : emptySelect(stream.peek()?.start ?? 0);
    }
    if (stream.isWord("VALUES")) return this.parseValues();
    if (stream.isWord("SELECT")) return this.parseSelect();
    if (stream.isWord("FROM")) return this.parseFromFirst();
    if (stream.isWord("TABLE") && (stream.peek(1)?.kind === "word" || stream.peek(1)?.kind === "quoted")) {
      const select = emptySelect(stream.next()!.start);
      select.items.push({ expression: { mentions: [], subqueries: [], bare: false, star: { except: [] } } });
      this.parseFromItem(select);
      return select;
    }
    const at = stream.peek();
    if (at) this.report("SQL_SYNTAX", `Expected a query, found ${at.text.slice(0, 40)}`, at.start);
    return emptySelect(at?.start ?? 0);
  }

  private parseValues(): SetExpression {
    this.stream.next();
    const rows: Expression[][] = [];
    while (this.stream.isOp("(")) {
      this.stream.next();
      const row: Expression[] = [];
      while (!this.stream.done && !this.stream.isOp(")")) {
        row.push(parseExpression(this.stream, this, false));
        if (!this.stream.acceptOp(",")) break;
      }
      this.skipToGroupEnd();
      rows.push(row);
      if (!this.stream.acceptOp(",")) break;
    }
    return { kind: "values", rows };
  }

  /** DuckDB's `FROM t [SELECT …]`. */
  private parseFromFirst(): Select {
    const select = emptySelect(this.stream.next()!.start);
    this.parseFromList(select);
    if (this.stream.isWord("SELECT")) {
      const rest = this.parseSelect();
      rest.from.unshift(...select.from);
      rest.joinConditions.push(...select.joinConditions);
      return rest;
    }
    select.items.push({ expression: { mentions: [], subqueries: [], bare: false, star: { except: [] } } });
    this.parseClauses(select);
    return select;
  }

  parseSelect(): Select {
    const stream = this.stream;
    const select = emptySelect(stream.next()!.start);
    if (stream.acceptWord("DISTINCT")) {
      if (stream.acceptWord("ON") && stream.isOp("(")) stream.skipGroup();
    } else stream.acceptWord("ALL");
    if (stream.isWord("AS") && (stream.isWord("STRUCT", 1) || stream.isWord("VALUE", 1))) {
      stream.next();
      stream.next();
    }
    if (stream.acceptWord("TOP")) {
      stream.skipItem();
      stream.acceptWord("PERCENT");
    }
    // PL/pgSQL also writes `SELECT INTO v expr FROM …`.
    if (stream.isWord("INTO")) this.readInto(select);
    while (!stream.done) {
      if (stream.isWord("FROM") || stream.isOp(")") || stream.isOp(";")) break;
      const before = stream.position;
      const expression = parseExpression(stream, this);
      const end = stream.position;
      const alias = this.readAlias(false);
      if (stream.position === before) {
        // Nothing read at an item's start: what follows (the FROM too) would be lost without a word.
        const at = stream.peek();
        if (at) this.report("SQL_UNPARSED", `Could not read the select list at \`${at.text.slice(0, 40)}\`; the rest of this SELECT may be missed`, at.start);
        break;
      }
      const text = new ExpressionText(stream.tokens, before, end);
      if (alias !== undefined) select.items.push({ expression, alias, text });
      else if (expression.implicitName !== undefined || expression.star) select.items.push({ expression, text });
      else select.items.push({ expression, text, unnamed: describeUnnamed(stream.tokens, before, stream.position) });
      if (!stream.acceptOp(",")) break;
    }
    if (stream.isWord("INTO")) this.readInto(select);
    if (stream.acceptWord("FROM")) this.parseFromList(select);
    this.parseClauses(select);
    return select;
  }

  private readInto(select: Select): void {
    const stream = this.stream;
    stream.next();
    // MySQL `INTO OUTFILE '…'` writes a file, `INTO @v` / `:v` a variable: neither is a table.
    if (stream.acceptWord("OUTFILE", "DUMPFILE")) stream.next();
    else if (stream.isOp("@") || stream.isOp(":")) {
      while (stream.acceptOp("@") || stream.acceptOp(":")) {
        stream.next();
        if (!stream.acceptOp(",")) break;
      }
    } else {
      stream.acceptWord("TEMP", "TEMPORARY", "UNLOGGED");
      stream.acceptWord("TABLE");
      const into = readTableName(this);
      if (into) select.into = into;
      // `INTO a, b` names variables (PL/SQL, MySQL): only the first is kept, and it is read as a variable there.
      while (stream.acceptOp(",") && readTableName(this)) {
        /* more variables */
      }
    }
  }

  private parseClauses(select: Select): void {
    const stream = this.stream;
    let skipped = false;
    while (!stream.done) {
      const token = stream.peek()!;
      const word = token.upper;
      if (token.kind === "op" && (token.text === ")" || token.text === ";")) return;
      // A statement word or a SELECT here starts the next statement of a batch without `;` (T-SQL).
      if (SET_OPERATORS.has(word) || STATEMENT_WORDS.has(word) || word === "SELECT") return;
      if (word === "WHERE" || word === "PREWHERE") {
        stream.next();
        select.where = mergeExpressions(select.where, parseExpression(stream, this, false));
      } else if (word === "GROUP" && stream.isWord("BY", 1)) {
        stream.next();
        stream.next();
        stream.acceptWord("ALL", "DISTINCT");
        select.groupBy.push(...this.parseExpressionList());
      } else if (word === "HAVING") {
        stream.next();
        select.having = parseExpression(stream, this, false);
      } else if (word === "QUALIFY") {
        stream.next();
        select.qualify = parseExpression(stream, this, false);
      } else if ((word === "ORDER" || word === "SORT" || word === "CLUSTER" || word === "DISTRIBUTE") && stream.isWord("BY", 1)) {
        stream.next();
        stream.next();
        select.orderBy.push(...this.parseExpressionList());
      } else if (word === "WINDOW") {
        stream.next();
        this.skipNamedWindows(select);
      } else if (word === "LIMIT" || word === "OFFSET" || word === "FETCH" || word === "TOP") {
        return;
      } else if (word === "LATERAL" && stream.isWord("VIEW", 1)) {
        this.parseLateralView(select);
        this.parseFromList(select);
      } else if (word === "CONNECT" || word === "START") {
        stream.next();
        stream.acceptWord("BY", "WITH");
        select.where = mergeExpressions(select.where, parseExpression(stream, this, false));
      } else if (word === "FROM" && select.from.length === 0) {
        // The select list stopped early (macro output, unknown syntax): its FROM still names tables.
        if (!skipped) this.report("SQL_UNPARSED", `SELECT: the select list stopped before its end; columns after it are missed, the FROM is read`, token.start);
        stream.next();
        this.parseFromList(select);
      } else {
        if (!skipped) this.report("SQL_UNPARSED", `SELECT: skipped \`${token.text.slice(0, 40)}\` and what follows up to the next clause; columns or tables in it may be missed`, token.start);
        skipped = true;
        if (token.kind === "op" && token.text === "(") stream.skipGroup();
        else stream.next();
      }
    }
  }

  private skipNamedWindows(select: Select): void {
    do {
      this.stream.next();
      this.stream.acceptWord("AS");
      if (this.stream.acceptOp("(")) {
        const spec = parseExpression(this.stream, this, false, true);
        for (const mention of spec.mentions) mention.role = "window";
        select.namedWindows.push(spec);
      }
    } while (this.stream.acceptOp(","));
  }

  private parseExpressionList(): Expression[] {
    const list: Expression[] = [];
    const stream = this.stream;
    while (!stream.done) {
      if (stream.isWord("ROLLUP") || stream.isWord("CUBE") || (stream.isWord("GROUPING") && stream.isWord("SETS", 1))) {
        stream.next();
        stream.acceptWord("SETS");
      }
      const before = stream.position;
      list.push(parseExpression(stream, this, false));
      if (stream.position === before && !stream.isOp(",")) break;
      if (!stream.acceptOp(",")) break;
    }
    return list;
  }

  /** `LIMIT`, `OFFSET`, `FETCH`, and a trailing `ORDER BY` of a set operation. */
  private parseTail(): Expression[] {
    const orderBy: Expression[] = [];
    const stream = this.stream;
    while (!stream.done) {
      if (stream.isWord("ORDER") && stream.isWord("BY", 1)) {
        stream.next();
        stream.next();
        orderBy.push(...this.parseExpressionList());
      } else if (stream.isWord("LIMIT") || stream.isWord("OFFSET") || stream.isWord("FETCH")) {
        stream.next();
        parseExpression(stream, this, false);
        stream.acceptOp(",");
        while (stream.acceptWord("ROWS", "ROW", "ONLY", "FIRST", "NEXT", "BY", "PERCENT", "WITH", "TIES")) {
          /* FETCH FIRST n ROWS ONLY */
        }
        if (stream.peek()?.kind === "number") stream.next();
      } else if (stream.isWord("FOR") && (stream.isWord("UPDATE", 1) || stream.isWord("SHARE", 1))) {
        stream.next();
        stream.next();
      } else return orderBy;
    }
    return orderBy;
  }

  parseFromList(select: Select): void {
    const stream = this.stream;
    this.parseFromItem(select);
    while (!stream.done) {
      if (stream.acceptOp(",")) {
        this.parseFromItem(select);
        continue;
      }
      if (stream.isWord("LATERAL") && stream.isWord("VIEW", 1)) {
        this.parseLateralView(select);
        continue;
      }
      if ((stream.isWord("CROSS") || stream.isWord("OUTER")) && stream.isWord("APPLY", 1)) {
        stream.next();
        stream.next();
        this.parseFromItem(select);
        // T-SQL APPLY is lateral: the applied subquery sees the tables before it.
        const applied = select.from[select.from.length - 1];
        if (applied?.kind === "derived") applied.lateral = true;
        continue;
      }
      const word = stream.peek()?.upper ?? "";
      if (!JOIN_WORDS.has(word) || (word === "ANY" && !this.joinFollows())) return;
      let full = false;
      while (stream.peek() && JOIN_WORDS.has(stream.peek()!.upper) && !stream.isWord("JOIN")) full = stream.next()!.upper === "FULL" || full;
      if (!stream.acceptWord("JOIN", "STRAIGHT_JOIN")) return;
      this.parseFromItem(select);
      if (stream.acceptWord("ON")) select.joinConditions.push(parseExpression(stream, this, false));
      else if (stream.acceptWord("USING") && stream.isOp("(")) {
        const using = this.readNameList();
        select.joinUsing.push(...using);
        if (full) (select.fullJoinUsing ??= []).push(...using);
      }
      else if (stream.acceptWord("MATCH_CONDITION") && stream.isOp("(")) {
        stream.next();
        select.joinConditions.push(parseExpression(stream, this, false));
        this.skipToGroupEnd();
        if (stream.acceptWord("ON")) select.joinConditions.push(parseExpression(stream, this, false));
      }
    }
  }

  /** Hive/Spark `LATERAL VIEW [OUTER] explode(x) t AS a, b`: the names after AS are the generated columns. */
  private parseLateralView(select: Select): void {
    const stream = this.stream;
    stream.next();
    stream.next();
    stream.acceptWord("OUTER");
    this.parseFromItem(select);
    const item = select.from[select.from.length - 1];
    if (!item || item.kind !== "function" || !stream.acceptWord("AS")) return;
    const names: string[] = [];
    do {
      const token = stream.peek();
      if (!token || (token.kind !== "word" && token.kind !== "quoted") || NOT_AN_ALIAS.has(token.upper)) break;
      names.push(unquote(stream.next()!.text));
    } while (stream.acceptOp(","));
    item.columnAliases = names;
  }

  private joinFollows(): boolean {
    for (let ahead = 1; ahead < 4; ahead++) if (this.stream.isWord("JOIN", ahead)) return true;
    return false;
  }

  parseFromItem(select: Select): void {
    const stream = this.stream;
    const lateral = stream.acceptWord("LATERAL");
    const token = stream.peek();
    if (!token) {
      this.report("SQL_UNPARSED", "FROM clause: the statement ends where a table was expected", stream.tokens[stream.position - 1]?.end ?? 0);
      return;
    }
    if (token.kind === "op" && token.text === "(") {
      stream.next();
      if (startsQuery(stream) || stream.isWord("VALUES")) {
        const query = stream.isWord("VALUES") ? { ctes: [], body: this.parseValues(), orderBy: [] } : this.parseQuery();
        this.skipToGroupEnd();
        const item: FromItem = { kind: "derived", query: query ?? emptyQuery(token.start), lateral };
        this.finishItem(item);
        select.from.push(item);
        return;
      }
      // A parenthesized join tree: its items join this select's scope.
      this.parseFromList(select);
      this.skipToGroupEnd();
      const alias = this.readAlias(true);
      if (alias !== undefined) this.report("SQL_UNSUPPORTED", "An alias on a parenthesized join is ignored", token.start);
      return;
    }
    if (token.kind === "string") {
      stream.next();
      const item: FromItem = { kind: "path", path: unquoteString(token.text) };
      this.finishItem(item);
      select.from.push(item);
      return;
    }
    if (token.kind === "op" && token.text === "@") {
      const item: FromItem = { kind: "path", path: this.readStagePath() };
      this.finishItem(item);
      select.from.push(item);
      return;
    }
    if ((token.kind !== "word" && token.kind !== "quoted") || (token.kind === "word" && (CLAUSE_KEYWORDS.has(token.upper) || JOIN_WORDS.has(token.upper)) && token.upper !== "VALUES" && token.upper !== "UNNEST")) {
      this.report("SQL_UNPARSED", `FROM clause: expected a table at \`${token.text.slice(0, 40)}\`; tables after it may be missed`, token.start);
      return;
    }
    if (isIdentifierCall(stream)) {
      const named = readIdentifierCall(stream, this.report);
      const item: FromItem = named ? { kind: "table", name: named } : { kind: "function", arguments: { mentions: [], subqueries: [], bare: false }, paths: [] };
      this.finishItem(item);
      select.from.push(item);
      return;
    }
    const name = readName(stream, this);
    if (stream.isOp("(") && !isTableHint(stream)) {
      const argumentsStart = stream.position;
      stream.next();
      const args = this.parseFunctionArguments();
      const paths = this.pathsBetween(argumentsStart, stream.position);
      const item: FromItem = { kind: "function", arguments: args, paths };
      this.finishItem(item);
      select.from.push(item);
      return;
    }
    const last = name.parts[name.parts.length - 1] ?? "";
    if (name.quoted[name.quoted.length - 1] && (last.includes("/") || last.includes("://"))) {
      const item: FromItem = { kind: "path", path: last };
      this.finishItem(item);
      select.from.push(item);
      return;
    }
    const item: FromItem = { kind: "table", name: { parts: name.parts, quoted: name.quoted, offset: name.offset } };
    this.finishItem(item);
    select.from.push(item);
  }

  private parseFunctionArguments(): Expression {
    const merged: Expression = { mentions: [], subqueries: [], bare: false };
    while (!this.stream.done && !this.stream.isOp(")")) {
      if (this.stream.isWord("TABLE") && (this.stream.peek(1)?.kind === "word" || this.stream.peek(1)?.kind === "quoted")) this.stream.next();
      const before = this.stream.position;
      const part = parseExpression(this.stream, this, false);
      merged.mentions.push(...part.mentions);
      merged.subqueries.push(...part.subqueries);
      if (this.stream.position === before && !this.stream.isOp(",")) this.stream.next();
      this.stream.acceptOp(",");
    }
    this.stream.acceptOp(")");
    return merged;
  }

  private pathsBetween(from: number, to: number): string[] {
    const paths: string[] = [];
    for (let i = from; i < to; i++) {
      const token = this.stream.tokens[i]!;
      if (token.kind === "string" && looksLikePath(unquoteString(token.text))) paths.push(unquoteString(token.text));
    }
    return paths;
  }

  /** `@stage/path/file.csv` is several tokens written without spaces. */
  readStagePath(): string {
    const stream = this.stream;
    const first = stream.next()!;
    let text = first.text;
    let end = first.end;
    while (!stream.done) {
      const token = stream.peek()!;
      if (token.start !== end || (token.kind === "op" && ![".", "/", "~", "%", "-", "="].includes(token.text))) break;
      text += token.text;
      end = token.end;
      stream.next();
    }
    return text;
  }

  /** Time travel, sampling, hints, then `[AS] alias [(columns)]`. */
  private finishItem(item: FromItem): void {
    const stream = this.stream;
    for (;;) {
      if (stream.isWord("FOR") && (stream.isWord("SYSTEM_TIME", 1) || stream.isWord("TIMESTAMP", 1) || stream.isWord("VERSION", 1))) {
        stream.next();
        stream.next();
        stream.acceptWord("AS");
        stream.acceptWord("OF");
        parseExpression(stream, this, false);
      } else if ((stream.isWord("AT") || stream.isWord("BEFORE") || stream.isWord("CHANGES")) && stream.isOp("(", 1)) {
        stream.next();
        stream.skipGroup();
      } else if (stream.isWord("TABLESAMPLE") || stream.isWord("SAMPLE")) {
        stream.next();
        stream.acceptWord("BERNOULLI", "SYSTEM", "BLOCK", "ROW", "RESERVOIR");
        if (stream.isOp("(")) stream.skipGroup();
        else if (stream.peek()?.kind === "number") stream.next();
        stream.acceptWord("PERCENT", "ROWS");
      } else if (stream.isWord("WITH") && stream.isOp("(", 1) && !startsQuery2(stream)) {
        stream.next();
        stream.skipGroup();
      } else if (stream.isWord("WITH") && stream.isWord("OFFSET", 1)) {
        stream.next();
        stream.next();
        this.readAlias(true);
      } else if (stream.isWord("FINAL")) {
        stream.next();
      } else if ((stream.isWord("PIVOT") || stream.isWord("UNPIVOT")) && (stream.isOp("(", 1) || stream.isOp("(", 2))) {
        stream.next();
        stream.acceptWord("INCLUDE", "EXCLUDE");
        stream.acceptWord("NULLS");
        stream.skipGroup();
      } else break;
    }
    // T-SQL's old-style hint without WITH: `FROM t (NOLOCK)`.
    if (isTableHint(stream)) stream.skipGroup();
    let alias = this.readAlias(true);
    if (item.kind !== "path" && alias !== undefined && stream.isOp("(") && !isTableHint(stream)) item.columnAliases = this.readNameList();
    if (item.kind === "function" && stream.isWord("WITH") && (stream.isWord("ORDINALITY", 1) || stream.isWord("OFFSET", 1))) {
      // PostgreSQL/Trino `WITH ORDINALITY AS t(x, n)` names the function's columns; BigQuery `WITH OFFSET AS pos` adds one.
      stream.next();
      const ordinality = stream.next()!.upper === "ORDINALITY";
      const after = this.readAlias(true);
      if (ordinality && after !== undefined) alias = after;
      if (ordinality && stream.isOp("(")) item.columnAliases = this.readNameList();
    }
    // T-SQL table hints after the alias: `FROM t AS x WITH (NOLOCK)`, `FROM t x (NOLOCK)`.
    if (stream.isWord("WITH") && stream.isOp("(", 1) && !startsQuery2(stream)) {
      stream.next();
      stream.skipGroup();
    } else if (isTableHint(stream)) stream.skipGroup();
    if (alias !== undefined) item.alias = alias;
  }

  /** `AS x`, `x`, `"x"`; in FROM position words that start a clause or join are not aliases. */
  readAlias(fromItem: boolean): string | undefined {
    const stream = this.stream;
    if (stream.acceptWord("AS")) {
      const token = stream.peek();
      if (token && (token.kind === "word" || token.kind === "quoted" || token.kind === "string")) {
        stream.next();
        return token.kind === "string" ? unquoteString(token.text) : unquote(token.text);
      }
      return undefined;
    }
    const token = stream.peek();
    if (!token) return undefined;
    if (token.kind === "quoted") {
      stream.next();
      return unquote(token.text);
    }
    if (token.kind === "string" && !fromItem) {
      stream.next();
      return unquoteString(token.text);
    }
    if (token.kind !== "word" || NOT_AN_ALIAS.has(token.upper)) return undefined;
    if (fromItem && (token.upper === "WINDOW" || token.upper === "LIMIT")) return undefined;
    stream.next();
    return token.text;
  }

  /** `(a, "B", c int, …)`: the first name of each comma-separated element. */
  readNameList(): string[] {
    const stream = this.stream;
    const names: string[] = [];
    stream.next();
    let expectName = true;
    let depth = 0;
    while (!stream.done) {
      const token = stream.next()!;
      if (token.kind === "op") {
        if (token.text === "(") depth++;
        else if (token.text === ")") {
          if (depth === 0) return names;
          depth--;
        } else if (token.text === "," && depth === 0) expectName = true;
        continue;
      }
      if (expectName && depth === 0 && (token.kind === "word" || token.kind === "quoted")) {
        const upper = token.upper;
        if (upper === "PRIMARY" || upper === "CONSTRAINT" || upper === "FOREIGN" || upper === "UNIQUE" || upper === "CHECK") {
          expectName = false;
          continue;
        }
        names.push(unquote(token.text));
      }
      expectName = false;
    }
    return names;
  }

  /** After a recovered error inside `( … )`: skips to and past the matching `)`. */
  skipToGroupEnd(): void {
    const stream = this.stream;
    let depth = 0;
    while (!stream.done) {
      const token = stream.peek()!;
      if (token.kind === "op") {
        if (token.text === "(") depth++;
        else if (token.text === ")") {
          stream.next();
          if (depth === 0) return;
          depth--;
          continue;
        } else if (token.text === ";" && depth === 0) return;
      }
      stream.next();
    }
  }
}

const TABLE_HINTS = new Set([
  "NOLOCK", "READUNCOMMITTED", "READCOMMITTED", "READCOMMITTEDLOCK", "REPEATABLEREAD", "SERIALIZABLE", "SNAPSHOT", "HOLDLOCK",
  "UPDLOCK", "XLOCK", "ROWLOCK", "PAGLOCK", "TABLOCK", "TABLOCKX", "NOWAIT", "READPAST", "NOEXPAND", "FORCESEEK", "FORCESCAN", "INDEX",
]);

/** `(NOLOCK)`, `(NOLOCK, INDEX(ix))`: a T-SQL table hint group rather than arguments or column names. */
function isTableHint(stream: TokenStream): boolean {
  return stream.isOp("(") && TABLE_HINTS.has(stream.peek(1)?.upper ?? "") && (stream.isOp(")", 2) || stream.isOp(",", 2) || stream.isOp("(", 2) || stream.isOp("=", 2));
}

function startsQuery2(stream: TokenStream): boolean {
  return stream.isWord("SELECT", 2) || stream.isWord("WITH", 2);
}

/** A table name where a statement expects one (`ALTER TABLE x`, `INSERT INTO x`); undefined when none is there. */
export function readTableName(parser: QueryParser): QualifiedName | undefined {
  const token = parser.stream.peek();
  if (!token || (token.kind !== "word" && token.kind !== "quoted")) return undefined;
  const name = readName(parser.stream, parser);
  return { parts: name.parts, quoted: name.quoted, offset: name.offset };
}

export function unquoteString(text: string): string {
  const quote = text[0];
  if (quote === "$") {
    const tagEnd = text.indexOf("$", 1) + 1;
    return text.slice(tagEnd, text.length - tagEnd);
  }
  if (quote !== "'" && quote !== '"') return text;
  const body = text.slice(1, text.length > 1 && text.endsWith(quote) ? -1 : undefined);
  return body.replaceAll(quote + quote, quote);
}

function mergeExpressions(a: Expression | undefined, b: Expression): Expression {
  if (!a) return b;
  return { mentions: [...a.mentions, ...b.mentions], subqueries: [...a.subqueries, ...b.subqueries], bare: false };
}

export function emptySelect(offset: number): Select {
  return { kind: "select", items: [], from: [], joinConditions: [], joinUsing: [], groupBy: [], orderBy: [], namedWindows: [], offset };
}

export function emptyQuery(offset: number): Query {
  return { ctes: [], body: emptySelect(offset), orderBy: [] };
}
