import { lexicalRules } from "./dialect.js";
import { lexTemplate, skipJinjaString, type TemplateSegment } from "./jinja/templateLexer.js";
import { tokenize, isIdentifierChar, isWhitespace, type Token } from "./lexer/tokenize.js";

/**
 * A canonical form of a model's SQL for telling whether two versions differ in substance.
 *
 * Ignored: whitespace, SQL comments, Jinja comments, and the letter case of keywords and
 * unquoted identifiers. Kept as written: string literals, quoted identifiers, and every Jinja
 * expression or tag, including those inside SQL comments (`-- depends_on: {{ ref('x') }}` is a
 * dependency for dbt). Jinja is case-sensitive, so its case is kept; only its whitespace is
 * canonicalized. Never throws; linear in the input length.
 */
export function normalizeSql(sql: string): string {
  try {
    return normalizeTemplate(String(sql));
  } catch {
    // Unreachable by design; a comparison key must never break the caller, so fall back to raw text.
    return String(sql);
  }
}

/**
 * Jinja constructs are swapped for one private-use character each so that the SQL tokenizer
 * sees where they sit (in code, in a comment, in a string, glued to a name), then swapped back.
 */
const SENTINEL = "\uE000";
const SENTINEL_CODE = 0xe000;

function normalizeTemplate(source: string): string {
  const segments = lexTemplate(source);
  const jinja: string[] = [];
  let masked = "";
  for (const segment of segments) {
    if (segment.kind === "text") {
      masked += source.slice(segment.start, segment.end).replaceAll(SENTINEL, "\uFFFD");
    } else if (segment.kind === "comment") {
      masked += " ";
    } else {
      jinja.push(canonicalJinja(source, segment));
      masked += SENTINEL;
    }
  }
  return joinTokens(tokenize(masked, lexicalRules("ansi")), masked, jinja);
}

function joinTokens(tokens: Token[], masked: string, jinja: string[]): string {
  const out: string[] = [];
  let jinjaIndex = 0;
  let previousWordLike: boolean | undefined;
  const takeJinja = (): string => jinja[jinjaIndex++] ?? "";
  // A space goes between two names or literals (they would merge) and between two operators
  // (`- -1` must not become the comment `--1`), never beside one operator.
  const emit = (piece: string, wordLike: boolean): void => {
    if (piece === "") return;
    if (previousWordLike === wordLike) out.push(" ");
    out.push(piece);
    previousWordLike = wordLike;
  };
  for (const token of tokens) {
    const text = masked.slice(token.start, token.end);
    switch (token.kind) {
      case "comment":
        // dbt renders Jinja inside SQL comments too, so their refs stay; the prose goes.
        for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === SENTINEL_CODE) emit(takeJinja(), true);
        break;
      case "word":
        emit(restoreJinja(text, takeJinja, (part) => part.toLowerCase()), true);
        break;
      case "op":
        emit(text, false);
        break;
      default:
        emit(restoreJinja(text, takeJinja, (part) => part), true);
    }
  }
  return out.join("");
}

function restoreJinja(text: string, takeJinja: () => string, mapText: (part: string) => string): string {
  if (!text.includes(SENTINEL)) return mapText(text);
  return text
    .split(SENTINEL)
    .map((part, index) => (index === 0 ? mapText(part) : takeJinja() + mapText(part)))
    .join("");
}

/** `{{ref( 'a' )}}` and `{{ ref('a') }}` are the same; whitespace-control marks are kept as written. */
function canonicalJinja(source: string, segment: Exclude<TemplateSegment, { kind: "text" | "comment" }>): string {
  if (segment.kind === "raw") return source.slice(segment.start, segment.end);
  const [open, close] = segment.kind === "expression" ? ["{{", "}}"] : ["{%", "%}"];
  const before = segment.trimBefore ? "-" : source.charCodeAt(segment.start + 2) === 43 ? "+" : "";
  const after = segment.trimAfter ? "-" : segment.terminated && source.charCodeAt(segment.bodyEnd) === 43 ? "+" : "";
  const body = canonicalJinjaBody(source, segment.bodyStart, segment.bodyEnd);
  return `${open}${before} ${body} ${after}${segment.terminated ? close : ""}`;
}

/** Jinja tokens joined with a space only where two names or literals would otherwise merge. */
function canonicalJinjaBody(source: string, start: number, end: number): string {
  let out = "";
  let previousWordLike = false;
  let i = start;
  while (i < end) {
    const c = source.charCodeAt(i);
    if (isWhitespace(c)) {
      i++;
      continue;
    }
    let tokenEnd: number;
    let wordLike = true;
    if (c === 39 || c === 34) tokenEnd = Math.min(skipJinjaString(source, i, c), end);
    else if (isIdentifierChar(c)) {
      tokenEnd = i + 1;
      while (tokenEnd < end && isIdentifierChar(source.charCodeAt(tokenEnd))) tokenEnd++;
    } else {
      tokenEnd = i + 1;
      wordLike = false;
    }
    if (out !== "" && wordLike && previousWordLike) out += " ";
    out += source.slice(i, tokenEnd);
    previousWordLike = wordLike;
    i = tokenEnd;
  }
  return out;
}
