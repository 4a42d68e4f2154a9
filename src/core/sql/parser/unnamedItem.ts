import type { UnnamedItem } from "./ast.js";
import type { SqlToken } from "./tokenStream.js";

/** Operators that do not make an expression a binary operation in Spark's and DuckDB's rendering. */
const NOT_BINARY = new Set([".", "::", "(", ")", "[", "]", ","]);

/**
 * Describes a select item that has no name of its own, from its tokens `[from, to)`, so each
 * dialect can name it as its warehouse does (see `lineage/outputNames.ts`).
 */
export function describeUnnamed(tokens: SqlToken[], from: number, to: number): UnnamedItem {
  let text = "";
  let upperText = "";
  let canonical = "";
  let depth = 0;
  let topLevelOperator = false;
  for (let i = from; i < to; i++) {
    const token = tokens[i]!;
    const previous = tokens[i - 1];
    const spaced = i > from && token.start > previous!.end;
    text += (spaced ? " " : "") + token.text;
    upperText += (spaced ? " " : "") + (token.kind === "word" ? token.upper : token.text);
    const isCall = token.kind === "word" && tokens[i + 1]?.kind === "op" && tokens[i + 1]!.text === "(" && i + 1 < to;
    if (i > from && !gluedToPrevious(token, previous!)) canonical += " ";
    canonical += isCall ? token.text.toLowerCase() : token.text;
    if (token.kind === "op") {
      if (token.text === "(") depth++;
      else if (token.text === ")") depth--;
      else if (depth === 0 && !NOT_BINARY.has(token.text)) topLevelOperator = true;
    } else if (depth === 0 && token.kind === "word" && (token.upper === "AND" || token.upper === "OR" || token.upper === "LIKE")) topLevelOperator = true;
  }
  const first = tokens[from];
  const item: UnnamedItem = { text, upperText, canonicalText: topLevelOperator ? `(${canonical})` : canonical, isCase: first?.upper === "CASE" };
  const call = callName(tokens, from, to);
  if (call === "cast" || call === "try_cast") {
    const argument = tokens[from + 2];
    if (argument && (argument.kind === "word" || argument.kind === "quoted") && tokens[from + 3]?.upper === "AS") item.castOf = argument.text.replace(/^["`[]|["`\]]$/g, "");
  } else if (call) item.call = call;
  else if (first && first.kind === "word" && tokens[from + 1]?.text === "::" && to - from === 3) item.castOf = first.text;
  return item;
}

/** `f(…)` spanning the whole item: the function's name in lower case. */
function callName(tokens: SqlToken[], from: number, to: number): string | undefined {
  const first = tokens[from];
  if (!first || first.kind !== "word" || tokens[from + 1]?.text !== "(") return undefined;
  let depth = 0;
  for (let i = from + 1; i < to; i++) {
    const text = tokens[i]!.kind === "op" ? tokens[i]!.text : "";
    if (text === "(") depth++;
    else if (text === ")" && --depth === 0) return i === to - 1 || tokens[i + 1]?.upper === "OVER" ? first.text.toLowerCase() : undefined;
  }
  return undefined;
}

function gluedToPrevious(token: SqlToken, previous: SqlToken): boolean {
  if (token.kind === "op" && (token.text === ")" || token.text === "," || token.text === "." || token.text === "]")) return true;
  if (previous.kind === "op" && (previous.text === "(" || previous.text === "." || previous.text === "[")) return true;
  if (token.kind === "op" && token.text === "(" && previous.kind === "word") return true;
  return false;
}
