/**
 * Splits a dbt model into Jinja constructs and the text between them, the way Jinja itself does:
 * Jinja is lexed before SQL exists, so a `{{ }}` inside a SQL comment or string is still Jinja.
 * One left-to-right pass; an unterminated construct runs to the end of the input.
 */

export type TemplateSegment =
  | { kind: "text"; start: number; end: number }
  | JinjaTag
  | { kind: "comment"; start: number; end: number; terminated: boolean }
  | { kind: "raw"; start: number; end: number; contentStart: number; contentEnd: number; terminated: boolean };

/** `{{ expression }}` or `{% statement %}`; `body` is the text between the delimiters and their whitespace-control marks. */
export interface JinjaTag {
  kind: "expression" | "statement";
  start: number;
  end: number;
  bodyStart: number;
  bodyEnd: number;
  /** `{{-` / `{%-`: strips whitespace before the tag. */
  trimBefore: boolean;
  /** `-}}` / `-%}`: strips whitespace after the tag. */
  trimAfter: boolean;
  terminated: boolean;
}

const OPEN_BRACE = 123; // {
const CLOSE_BRACE = 125; // }
const PERCENT = 37;
const HASH = 35;
const MINUS = 45;
const PLUS = 43;

const RAW_OPEN = /\{%[-+]?\s*raw\s*[-+]?%\}/y;
const RAW_CLOSE = /\{%[-+]?\s*endraw\s*[-+]?%\}/g;

export function lexTemplate(source: string): TemplateSegment[] {
  const segments: TemplateSegment[] = [];
  let textStart = 0;
  let i = 0;
  const n = source.length;
  const flushText = (end: number): void => {
    if (end > textStart) segments.push({ kind: "text", start: textStart, end });
  };
  while (i < n - 1) {
    if (source.charCodeAt(i) !== OPEN_BRACE) {
      i++;
      continue;
    }
    const next = source.charCodeAt(i + 1);
    if (next !== OPEN_BRACE && next !== PERCENT && next !== HASH) {
      i++;
      continue;
    }
    flushText(i);
    const segment =
      next === HASH ? lexComment(source, i) : next === PERCENT ? (lexRaw(source, i) ?? lexTag(source, i, "statement")) : lexTag(source, i, "expression");
    segments.push(segment);
    i = segment.end;
    textStart = i;
  }
  flushText(n);
  return segments;
}

function lexComment(source: string, start: number): TemplateSegment {
  const close = source.indexOf("#}", start + 2);
  if (close < 0) return { kind: "comment", start, end: source.length, terminated: false };
  return { kind: "comment", start, end: close + 2, terminated: true };
}

function lexRaw(source: string, start: number): TemplateSegment | undefined {
  RAW_OPEN.lastIndex = start;
  if (!RAW_OPEN.test(source)) return undefined;
  const contentStart = RAW_OPEN.lastIndex;
  RAW_CLOSE.lastIndex = contentStart;
  const close = RAW_CLOSE.exec(source);
  if (!close) return { kind: "raw", start, end: source.length, contentStart, contentEnd: source.length, terminated: false };
  return { kind: "raw", start, end: RAW_CLOSE.lastIndex, contentStart, contentEnd: close.index, terminated: true };
}

/**
 * Finds the closing delimiter outside Jinja string literals and outside open brackets (Jinja's
 * own lexer ignores `}}` while a `{` is open, so `{{ {'a': {'b': 1}} }}` is one expression).
 * If brackets never balance, the first closing delimiter seen wins, keeping the pass linear.
 */
function lexTag(source: string, start: number, kind: "expression" | "statement"): JinjaTag {
  const closer = kind === "expression" ? CLOSE_BRACE : PERCENT;
  const n = source.length;
  let bodyStart = start + 2;
  const trimBefore = source.charCodeAt(bodyStart) === MINUS;
  if (trimBefore || source.charCodeAt(bodyStart) === PLUS) bodyStart++;
  let depth = 0;
  let firstClose = -1;
  let i = bodyStart;
  while (i < n) {
    const c = source.charCodeAt(i);
    if (c === 39 || c === 34) {
      i = skipJinjaString(source, i, c);
      continue;
    }
    if (c === closer && source.charCodeAt(i + 1) === CLOSE_BRACE) {
      if (depth <= 0) return finishTag(source, kind, start, bodyStart, i, trimBefore);
      if (firstClose < 0) firstClose = i;
    }
    if (c === 40 || c === 91 || c === OPEN_BRACE) depth++;
    else if (c === 41 || c === 93 || c === CLOSE_BRACE) depth--;
    i++;
  }
  if (firstClose >= 0) return finishTag(source, kind, start, bodyStart, firstClose, trimBefore);
  return { kind, start, end: n, bodyStart, bodyEnd: n, trimBefore, trimAfter: false, terminated: false };
}

function finishTag(
  source: string,
  kind: "expression" | "statement",
  start: number,
  bodyStart: number,
  closeAt: number,
  trimBefore: boolean,
): JinjaTag {
  let bodyEnd = closeAt;
  const mark = source.charCodeAt(closeAt - 1);
  const trimAfter = mark === MINUS && closeAt - 1 >= bodyStart;
  if ((trimAfter || mark === PLUS) && closeAt - 1 >= bodyStart) bodyEnd--;
  return { kind, start, end: closeAt + 2, bodyStart, bodyEnd, trimBefore, trimAfter, terminated: true };
}

/** Returns the index after the closing quote, or the end of input when unterminated. */
export function skipJinjaString(source: string, start: number, quote: number): number {
  const n = source.length;
  let i = start + 1;
  while (i < n) {
    const c = source.charCodeAt(i);
    if (c === 92) {
      i += 2;
      continue;
    }
    if (c === quote) return i + 1;
    i++;
  }
  return n;
}
