import type { Dialect } from "../dialect.js";
import type { SqlToken } from "./tokenStream.js";

/**
 * Statement boundaries of a script: every `;` token (strings and comments are already single
 * tokens); T-SQL's `GO` and Oracle's `/` when they stand alone on their line (client batch
 * separators, not SQL). A `;` is never valid inside parentheses, so splitting there too keeps an
 * unbalanced `(` in one statement from swallowing the statements after it. Procedural blocks are
 * not kept whole: each piece of a `BEGIN … END` body is read as a statement of its own, which is
 * what table lineage needs.
 */
export function splitStatements(tokens: SqlToken[], text: string, dialect: Dialect): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  const goSeparates = dialect === "tsql" || dialect === "ansi";
  const slashSeparates = dialect === "oracle" || dialect === "ansi";
  let start = 0;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    let separator = token.kind === "op" && token.text === ";";
    let skip = 0;
    if (!separator && goSeparates && token.upper === "GO" && aloneOnLine(tokens, i, text, 1)) {
      separator = true;
      // `GO 5` repeats the batch; the count is part of the separator.
      if (tokens[i + 1]?.kind === "number" && !newlineBetween(text, token.end, tokens[i + 1]!.start)) skip = 1;
    } else if (!separator && slashSeparates && token.kind === "op" && token.text === "/" && aloneOnLine(tokens, i, text, 0)) separator = true;
    if (separator) {
      if (i > start) ranges.push([start, i]);
      i += skip;
      start = i + 1;
    }
  }
  if (tokens.length > start) ranges.push([start, tokens.length]);
  return ranges;
}

/** The token starts its line, and the next token (after `extra` tokens on the same line) is on a later line. */
function aloneOnLine(tokens: SqlToken[], i: number, text: string, extra: number): boolean {
  const token = tokens[i]!;
  const before = tokens[i - 1];
  if (before && !newlineBetween(text, before.end, token.start)) return false;
  let last = token;
  for (let k = 1; k <= extra; k++) {
    const next = tokens[i + k];
    if (next && next.kind === "number" && !newlineBetween(text, last.end, next.start)) last = next;
  }
  const after = tokens[tokens.indexOf(last, i) + 1];
  return !after || newlineBetween(text, last.end, after.start);
}

function newlineBetween(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (text.charCodeAt(i) === 10) return true;
  return false;
}

const DELIMITER_LINE = /^[ \t]*delimiter[ \t]+(\S+)[ \t]*$/gim;

/**
 * The MySQL client's `DELIMITER //` changes the statement terminator until the next `DELIMITER`
 * line; the server never sees these lines. They become blanks, and each custom delimiter becomes a
 * `;` padded to the same length, so every offset of the script stays where it was.
 */
export function rewriteClientDelimiters(text: string): string {
  if (!/delimiter/i.test(text)) return text;
  const lines = [...text.matchAll(DELIMITER_LINE)];
  if (lines.length === 0) return text;
  let out = "";
  let at = 0;
  for (let k = 0; k < lines.length; k++) {
    const line = lines[k]!;
    const delimiter = line[1]!;
    const lineStart = line.index;
    const lineEnd = lineStart + line[0].length;
    out += text.slice(at, lineStart) + " ".repeat(line[0].length);
    const regionEnd = k + 1 < lines.length ? lines[k + 1]!.index : text.length;
    const region = text.slice(lineEnd, regionEnd);
    out += delimiter === ";" ? region : region.split(delimiter).join(";" + " ".repeat(delimiter.length - 1));
    at = regionEnd;
  }
  return out + text.slice(at);
}
