import { isIdentifierChar, isWhitespace } from "../lexer/tokenize.js";
import { skipJinjaString } from "./templateLexer.js";

/** A token of a Jinja expression or statement body; offsets index the whole template. */
export interface JinjaToken {
  kind: "name" | "string" | "number" | "punct";
  start: number;
  end: number;
  /** Names and punctuation as written; strings unquoted and unescaped. */
  value: string;
}

export function tokenizeJinja(source: string, start: number, end: number): JinjaToken[] {
  const tokens: JinjaToken[] = [];
  let i = start;
  while (i < end) {
    const c = source.charCodeAt(i);
    if (isWhitespace(c)) {
      i++;
      continue;
    }
    if (c === 39 || c === 34) {
      const close = Math.min(skipJinjaString(source, i, c), end);
      tokens.push({ kind: "string", start: i, end: close, value: unescapeJinjaString(source.slice(i + 1, close - 1)) });
      i = close;
    } else if (c >= 48 && c <= 57) {
      let j = i + 1;
      while (j < end && (isIdentifierChar(source.charCodeAt(j)) || source.charCodeAt(j) === 46)) j++;
      tokens.push({ kind: "number", start: i, end: j, value: source.slice(i, j) });
      i = j;
    } else if (isIdentifierChar(c)) {
      let j = i + 1;
      while (j < end && isIdentifierChar(source.charCodeAt(j))) j++;
      tokens.push({ kind: "name", start: i, end: j, value: source.slice(i, j) });
      i = j;
    } else {
      tokens.push({ kind: "punct", start: i, end: i + 1, value: source[i] ?? "" });
      i++;
    }
  }
  return tokens;
}

function unescapeJinjaString(body: string): string {
  if (!body.includes("\\")) return body;
  return body.replace(/\\(.)/gs, (_, ch: string) => (ch === "n" ? "\n" : ch === "t" ? "\t" : ch));
}
