/**
 * Turns what a person typed into the pieces the search SQL needs. Only letters and digits
 * survive into tsquery text, so no input can break the query syntax.
 */
import { badInput } from "../../core/errors.js";

export const MAX_QUERY_LENGTH = 200;
const MAX_WORDS = 8;

export interface ParsedQuery {
  /** Lower-cased, trimmed text. */
  text: string;
  /** Words in order (letters and digits; underscores and punctuation split words). */
  words: string[];
  /** The words joined as an identifier: "customer acquisition" → "customer_acquisition". */
  identifier: string;
  /** Every word as a prefix, all required: "customer:* & acquisition:*". */
  tsquery: string;
}

export function parseSearchQuery(input: string): ParsedQuery {
  const text = input.trim().toLowerCase();
  if (text.length > MAX_QUERY_LENGTH) {
    throw badInput(`query must be at most ${MAX_QUERY_LENGTH} characters`, { argument: "query", max: MAX_QUERY_LENGTH });
  }
  const words = (text.match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, MAX_WORDS);
  if (words.length === 0) throw badInput("query must contain a letter or a digit", { argument: "query" });
  return {
    text,
    words,
    identifier: words.join("_"),
    tsquery: words.map((word) => `${word}:*`).join(" & "),
  };
}

/** Escapes LIKE wildcards so a typed % or _ matches itself. */
export function likePrefix(text: string): string {
  return `${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
