import type { LexicalRules } from "../dialect.js";

/**
 * A tolerant SQL tokenizer: every input, however broken, becomes a token list in one linear pass.
 * Unterminated strings, quoted identifiers and comments run to the end of the input and are flagged.
 */

export type TokenKind =
  /** Unquoted identifier or keyword. */
  | "word"
  /** `"x"`, `` `x` ``, `[x]`. */
  | "quoted"
  | "string"
  | "number"
  | "op"
  | "comment";

export interface Token {
  kind: TokenKind;
  start: number;
  end: number;
  /** Set on strings, quoted identifiers and comments that reach the end of input unclosed. */
  unterminated?: true;
}

const MULTI_CHAR_OPERATORS = [
  "->>", "#>>", "<=>", "::", "<=", ">=", "<>", "!=", "||", "=>", "->", ":=", "**", "<<", ">>", "#>", "@>", "<@", "&&", "==", "!~",
  "~*", "^=",
];
const OPERATORS_BY_FIRST_CHAR = new Map<number, string[]>();
for (const op of MULTI_CHAR_OPERATORS) {
  const first = op.charCodeAt(0);
  const list = OPERATORS_BY_FIRST_CHAR.get(first) ?? [];
  list.push(op);
  OPERATORS_BY_FIRST_CHAR.set(first, list);
}

export function isWhitespace(c: number): boolean {
  return c <= 32 || c === 0xa0 || c === 0xfeff || c === 0x2028 || c === 0x2029 || c === 0x3000;
}

/** Letters, digits, `_`, `$` and every non-ASCII character except whitespace: names in many scripts are legal SQL. */
export function isIdentifierChar(c: number): boolean {
  return (
    (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 36 || (c >= 128 && !isWhitespace(c))
  );
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

export function tokenize(text: string, rules: LexicalRules): Token[] {
  const tokens: Token[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (isWhitespace(c)) {
      i++;
      continue;
    }
    const start = i;
    const next = i + 1 < n ? text.charCodeAt(i + 1) : 0;
    if ((c === 45 && next === 45) || (c === 35 && rules.hashComments && next !== 62) || (c === 47 && next === 47 && rules.slashComments)) {
      i = lineEnd(text, i);
      tokens.push({ kind: "comment", start, end: i });
    } else if (c === 47 && next === 42) {
      const end = blockCommentEnd(text, i, rules.nestedBlockComments);
      tokens.push(end < 0 ? { kind: "comment", start, end: n, unterminated: true } : { kind: "comment", start, end });
      i = end < 0 ? n : end;
    } else if (c === 39 || (c === 34 && rules.doubleQuotedStrings)) {
      i = pushQuoted(tokens, text, i, c, "string", rules);
    } else if (c === 34 || c === 96) {
      i = pushQuoted(tokens, text, i, c, "quoted", rules);
    } else if (c === 91 && rules.bracketIdentifiers) {
      const close = text.indexOf("]", i + 1);
      i = close < 0 ? n : close + 1;
      tokens.push(close < 0 ? { kind: "quoted", start, end: n, unterminated: true } : { kind: "quoted", start, end: i });
    } else if (c === 36 && (next === 36 || isDollarTagStart(text, i))) {
      i = pushDollarQuoted(tokens, text, i);
    } else if (isDigit(c) || (c === 46 && isDigit(next) && !followsName(tokens, text, start))) {
      i = numberEnd(text, i);
      tokens.push({ kind: "number", start, end: i });
    } else if (isIdentifierChar(c) || (c === 35 && rules.hashTableNames && isTempNameStart(text, i + 1))) {
      i++;
      if (c === 35 && text.charCodeAt(i) === 35) i++;
      while (i < n && isIdentifierChar(text.charCodeAt(i))) i++;
      tokens.push({ kind: "word", start, end: i });
    } else {
      i += operatorLength(text, i, c);
      tokens.push({ kind: "op", start, end: i });
    }
  }
  return tokens;
}

function lineEnd(text: string, from: number): number {
  const newline = text.indexOf("\n", from);
  return newline < 0 ? text.length : newline;
}

/** Returns the index after the closing `*\/`, or -1 when the comment is never closed. */
function blockCommentEnd(text: string, from: number, nested: boolean): number {
  if (!nested) {
    const close = text.indexOf("*/", from + 2);
    return close < 0 ? -1 : close + 2;
  }
  let depth = 0;
  const n = text.length;
  for (let i = from; i < n - 1; i++) {
    const c = text.charCodeAt(i);
    const d = text.charCodeAt(i + 1);
    if (c === 47 && d === 42) {
      depth++;
      i++;
    } else if (c === 42 && d === 47) {
      depth--;
      i++;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}

function pushQuoted(tokens: Token[], text: string, start: number, quote: number, kind: "string" | "quoted", rules: LexicalRules): number {
  const n = text.length;
  if (rules.tripleQuotedStrings && kind === "string" && text.charCodeAt(start + 1) === quote && text.charCodeAt(start + 2) === quote) {
    const delimiter = text.slice(start, start + 3);
    const close = text.indexOf(delimiter, start + 3);
    const end = close < 0 ? n : close + 3;
    tokens.push(close < 0 ? { kind, start, end, unterminated: true } : { kind, start, end });
    return end;
  }
  const backslash = rules.backslashEscapes && kind === "string";
  let i = start + 1;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 92 && backslash) {
      i += 2;
      continue;
    }
    if (c === quote) {
      if (text.charCodeAt(i + 1) === quote) {
        i += 2;
        continue;
      }
      tokens.push({ kind, start, end: i + 1 });
      return i + 1;
    }
    i++;
  }
  tokens.push({ kind, start, end: n, unterminated: true });
  return n;
}

function isDollarTagStart(text: string, at: number): boolean {
  let i = at + 1;
  const first = text.charCodeAt(i);
  if (!(first === 95 || (first >= 65 && first <= 90) || (first >= 97 && first <= 122))) return false;
  while (i < text.length && i - at < 64) {
    const c = text.charCodeAt(i);
    if (c === 36) return true;
    if (!(c === 95 || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || isDigit(c))) return false;
    i++;
  }
  return false;
}

function pushDollarQuoted(tokens: Token[], text: string, start: number): number {
  const tagEnd = text.indexOf("$", start + 1) + 1;
  const tag = text.slice(start, tagEnd);
  const close = text.indexOf(tag, tagEnd);
  if (close < 0) {
    tokens.push({ kind: "string", start, end: text.length, unterminated: true });
    return text.length;
  }
  const end = close + tag.length;
  tokens.push({ kind: "string", start, end });
  return end;
}

/** `t.1` after a name is a qualified part, not a decimal. */
function followsName(tokens: Token[], text: string, at: number): boolean {
  const last = tokens[tokens.length - 1];
  return last !== undefined && last.end === at && (last.kind === "word" || last.kind === "quoted") && text.charCodeAt(at - 1) !== 46;
}

function numberEnd(text: string, from: number): number {
  const n = text.length;
  let i = from;
  if (text.charCodeAt(i) === 48 && (text.charCodeAt(i + 1) | 32) === 120) {
    i += 2;
    while (i < n && isIdentifierChar(text.charCodeAt(i))) i++;
    return i;
  }
  while (i < n && isDigit(text.charCodeAt(i))) i++;
  if (text.charCodeAt(i) === 46 && text.charCodeAt(i + 1) !== 46) {
    i++;
    while (i < n && isDigit(text.charCodeAt(i))) i++;
  }
  const e = text.charCodeAt(i) | 32;
  if (e === 101) {
    const sign = text.charCodeAt(i + 1);
    const digitAt = sign === 43 || sign === 45 ? i + 2 : i + 1;
    if (isDigit(text.charCodeAt(digitAt))) {
      i = digitAt;
      while (i < n && isDigit(text.charCodeAt(i))) i++;
    }
  }
  // Trailing letters belong to the number (`1d`, `10L`, `3days`) so they never become a separate name.
  while (i < n && isIdentifierChar(text.charCodeAt(i))) i++;
  return i;
}

function operatorLength(text: string, at: number, c: number): number {
  const candidates = OPERATORS_BY_FIRST_CHAR.get(c);
  if (candidates) {
    for (const op of candidates) if (text.startsWith(op, at)) return op.length;
  }
  return 1;
}

/** After `#`: another `#` (a global temporary table) or the first character of the name. */
function isTempNameStart(text: string, at: number): boolean {
  const c = text.charCodeAt(at);
  return c === 35 ? isIdentifierChar(text.charCodeAt(at + 1)) : isIdentifierChar(c) && !isDigit(c);
}
