/**
 * Text matching and scoring of named documents (assets, column definitions) in memory: the
 * tiers search.ts documents, from the documents' names and full-text lexemes.
 *
 * Matches: every query word among the lexemes (`word:* & …`), or the lower-cased name starting
 * with the typed text or its identifier form. Scores, highest tier first:
 *  - 1000 + s: the name is the text or the identifier;
 *  - 500 + s: the name starts with either;
 *  - 200 + s: every word is among the name's lexemes;
 *  - 100 + r: every word is among the lexemes, some only in the description;
 * where s = 0.5 when every word is also in the description (it defines the term) + 1 / (1 +
 * the name's length) (shorter names first), and r in [0, 1) is the description's BM25 rank
 * (lexemeIndex.ts).
 */
import { compareText } from "../compareText.js";
import { LexemeIndex, prefixRange, type ReusedDocument } from "./lexemeIndex.js";

export interface TextQuery {
  /** Lower-cased, trimmed text. */
  text: string;
  /** The words joined as an identifier ("customer_acquisition"). */
  identifier: string;
  /** The query words' lexemes as PostgreSQL's `to_tsquery('english', …)` stems them. */
  lexemes: readonly string[];
}

export class NameText {
  private readonly lowerNames: string[];
  /** Documents in lower-cased name order (code units, as `COLLATE "C"` compares). */
  private readonly byName: Int32Array;
  private readonly lexemes: LexemeIndex;

  constructor(
    private readonly names: readonly string[],
    vectors: readonly (string | null | ReusedDocument)[],
  ) {
    this.lowerNames = names.map((name) => name.toLowerCase());
    this.byName = Int32Array.from(names.keys()).sort((a, b) => compareText(this.lowerNames[a]!, this.lowerNames[b]!));
    this.lexemes = LexemeIndex.build(vectors);
  }

  get byteSize(): number {
    let bytes = this.byName.byteLength + this.lexemes.byteSize;
    // A name already in lower case is the same string, not a copy.
    this.lowerNames.forEach((lower, i) => (bytes += lower === this.names[i] ? 8 : 48 + 2 * lower.length));
    return bytes;
  }

  /** Document `document`'s lexemes, for a later NameText of the same text (LexemeIndex.build). */
  reuse(document: number): ReusedDocument {
    return { index: this.lexemes, document };
  }

  /** Every matching document with its score. */
  match(q: TextQuery, each: (document: number, score: number) => void): void {
    const found = this.lexemes.match(q.lexemes);
    const shorter = (document: number) => 0.5 * Number(found.inDescription(document)) + 1 / (1 + codePoints(this.lowerNames[document]!));
    const named = new Set<number>();
    for (const prefix of new Set([q.text, q.identifier])) {
      const [from, to] = prefixRange(this.byName.length, (i) => this.lowerNames[this.byName[i]!]!, prefix);
      for (let i = from; i < to; i++) named.add(this.byName[i]!);
    }
    for (const document of named) {
      const name = this.lowerNames[document]!;
      each(document, (name === q.text || name === q.identifier ? 1000 : 500) + shorter(document));
    }
    for (const document of found.documents) {
      if (named.has(document)) continue;
      each(document, found.inName(document) ? 200 + shorter(document) : 100 + found.descriptionRank(document));
    }
  }
}

/** Characters as PostgreSQL's length() counts them (a surrogate pair is one). */
function codePoints(text: string): number {
  let n = text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xdc00 && c <= 0xdfff) n--;
  }
  return n;
}
