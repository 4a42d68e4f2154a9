/**
 * An inverted index of documents' full-text lexemes, held in memory so a search does not visit
 * every matching row in the database: a broad term ("customer acquisition") matches tens of
 * thousands of column definitions, and the GIN index holds no ids, so PostgreSQL read and scored
 * each of them per query (docs/benchmarks.md, "Search on varied descriptions").
 *
 * The lexemes are PostgreSQL's own (the stored `searchVector`, as `to_tsvector` made it), and
 * queries are stemmed by PostgreSQL too (`to_tsquery('english', …)`), so stems and stop words
 * are the database's. Matching follows `to_tsquery` semantics for `word:* & word:*`: a query word
 * is a prefix, a range of the sorted lexemes; an AND keeps the documents every word reached.
 * Weight A lexemes are the name's, the others the description's (search_index migration).
 *
 * Postings are CSR arrays (offsets per lexeme into one Int32Array of document numbers), about 5
 * bytes per distinct lexeme of a document.
 */
import { compareText } from "../compareText.js";

/** BM25's usual constants: term frequency saturates (k1) and long descriptions weigh less (b). */
const K1 = 1.2;
const B = 0.75;
const MAX_COUNT = 255;

export interface LexemeMatch {
  /** Documents with every query word among their lexemes (any weight), ascending. */
  documents: number[];
  /** Every query word is among the document's name lexemes (weight A). */
  inName(document: number): boolean;
  /** Every query word is among the document's description lexemes. */
  inDescription(document: number): boolean;
  /**
   * How much the description is about the query words, in [0, 1): BM25 over the occurrences of
   * the matched lexemes in the description (term frequency, saturating, normalized by the
   * description's length against the average).
   */
  descriptionRank(document: number): number;
}

/** Document `document` of an earlier index. */
export interface ReusedDocument {
  index: LexemeIndex;
  document: number;
}

export class LexemeIndex {
  private constructor(
    /** Distinct lexemes in code-unit order. */
    private readonly lexemes: string[],
    private readonly nameOffsets: Int32Array,
    private readonly nameDocuments: Int32Array,
    private readonly textOffsets: Int32Array,
    private readonly textDocuments: Int32Array,
    /** Occurrences of the lexeme in the document's description (capped at 255). */
    private readonly textCounts: Uint8Array,
    /** Lexeme occurrences per document's description. */
    private readonly textLengths: Uint16Array,
    private readonly averageTextLength: number,
  ) {}

  get documentCount(): number {
    return this.textLengths.length;
  }

  get byteSize(): number {
    let bytes = this.nameOffsets.byteLength + this.nameDocuments.byteLength + this.textOffsets.byteLength + this.textDocuments.byteLength;
    bytes += this.textCounts.byteLength + this.textLengths.byteLength;
    for (const lexeme of this.lexemes) bytes += 40 + 2 * lexeme.length;
    return bytes;
  }

  /**
   * Document i from `documents[i]`: its tsvector as PostgreSQL prints it (`'custom':3A,8C
   * 'id':2A`), null for none, or a document of an earlier index whose text is the same (column
   * definitions are named by their content, so a kept definition's lexemes are reused, not
   * fetched and read again after every post).
   */
  static build(documents: readonly (string | null | ReusedDocument)[]): LexemeIndex {
    const ids = new Map<string, number>();
    const idOf = (lexeme: string) => {
      let id = ids.get(lexeme);
      // A copy: a slice of a document's vector text would keep the whole text alive.
      if (id === undefined) ids.set(JSON.parse(JSON.stringify(lexeme)) as string, (id = ids.size));
      return id;
    };
    // Postings as parallel growable arrays (lexeme id, document, count); matching needs no order.
    const name = new Postings();
    const text = new Postings();
    const textLengths = new Uint16Array(documents.length);
    const reused = new Map<LexemeIndex, Int32Array>();
    documents.forEach((source, document) => {
      if (source === null) return;
      if (typeof source !== "string") {
        let documentOf = reused.get(source.index);
        if (!documentOf) reused.set(source.index, (documentOf = new Int32Array(source.index.documentCount).fill(-1)));
        documentOf[source.document] = document;
        textLengths[document] = source.index.textLengths[source.document]!;
        return;
      }
      let length = 0;
      parseTsvector(source, (lexeme, named, described) => {
        const id = idOf(lexeme);
        if (named) name.push(id, document, 1);
        if (described > 0) text.push(id, document, described);
        length += described;
      });
      textLengths[document] = Math.min(length, 0xffff);
    });
    for (const [earlier, documentOf] of reused) earlier.copyPostings(documentOf, idOf, name, text);
    let totalLength = 0;
    for (const length of textLengths) totalLength += length;
    const lexemes = [...ids.keys()].sort(compareText);
    const rank = new Int32Array(ids.size);
    lexemes.forEach((lexeme, i) => (rank[ids.get(lexeme)!] = i));
    const names = name.byLexeme(rank, lexemes.length);
    const texts = text.byLexeme(rank, lexemes.length);
    const average = documents.length === 0 ? 1 : Math.max(1, totalLength / documents.length);
    return new LexemeIndex(lexemes, names.offsets, names.documents, texts.offsets, texts.documents, texts.counts, textLengths, average);
  }

  /** This index's postings of the documents `documentOf` maps (-1: dropped), renumbered. */
  private copyPostings(documentOf: Int32Array, idOf: (lexeme: string) => number, name: Postings, text: Postings): void {
    this.lexemes.forEach((lexeme, l) => {
      let id = -1;
      for (let p = this.nameOffsets[l]!; p < this.nameOffsets[l + 1]!; p++) {
        const document = documentOf[this.nameDocuments[p]!]!;
        if (document >= 0) name.push(id < 0 ? (id = idOf(lexeme)) : id, document, 1);
      }
      for (let p = this.textOffsets[l]!; p < this.textOffsets[l + 1]!; p++) {
        const document = documentOf[this.textDocuments[p]!]!;
        if (document >= 0) text.push(id < 0 ? (id = idOf(lexeme)) : id, document, this.textCounts[p]!);
      }
    });
  }

  /** The documents matching every prefix (an empty query, all stop words, matches nothing). */
  match(prefixes: readonly string[]): LexemeMatch {
    const words = prefixes.length;
    // How many of the words so far each document has reached, in the name, the description, either.
    const nameMark = new Uint8Array(this.documentCount);
    const textMark = new Uint8Array(this.documentCount);
    const anyMark = new Uint8Array(this.documentCount);
    const occurrences = new Uint16Array(this.documentCount);
    prefixes.forEach((prefix, word) => {
      const [from, to] = prefixRange(this.lexemes.length, (i) => this.lexemes[i]!, prefix);
      for (let lexeme = from; lexeme < to; lexeme++) {
        for (let p = this.nameOffsets[lexeme]!; p < this.nameOffsets[lexeme + 1]!; p++) {
          const document = this.nameDocuments[p]!;
          if (nameMark[document] === word) nameMark[document] = word + 1;
          if (anyMark[document] === word) anyMark[document] = word + 1;
        }
        for (let p = this.textOffsets[lexeme]!; p < this.textOffsets[lexeme + 1]!; p++) {
          const document = this.textDocuments[p]!;
          if (textMark[document] === word) textMark[document] = word + 1;
          occurrences[document] = Math.min(0xffff, occurrences[document]! + this.textCounts[p]!);
          if (anyMark[document] === word) anyMark[document] = word + 1;
        }
      }
    });
    // In document order by a scan of the marks: sorting the tens of thousands a broad word reaches cost more.
    const documents: number[] = [];
    if (words > 0) for (let document = 0; document < anyMark.length; document++) if (anyMark[document] === words) documents.push(document);
    return {
      documents,
      inName: (document) => words > 0 && nameMark[document] === words,
      inDescription: (document) => words > 0 && textMark[document] === words,
      descriptionRank: (document) => {
        const tf = occurrences[document]!;
        return tf / (tf + K1 * (1 - B + (B * this.textLengths[document]!) / this.averageTextLength));
      },
    };
  }
}

/** The items starting with `prefix` among `count` sorted ones (`at(i)` the i-th): [from, to). */
export function prefixRange(count: number, at: (i: number) => string, prefix: string): [number, number] {
  const from = firstWhere(count, (i) => at(i) >= prefix);
  const to = firstWhere(count, (i) => at(i) > prefix && !at(i).startsWith(prefix));
  return [from, Math.max(from, to)];
}

/** The first index for which `after` holds (it holds for every later one). */
function firstWhere(count: number, after: (i: number) => boolean): number {
  let [lo, hi] = [0, count];
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (after(mid)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

class Postings {
  private lexemes = new Int32Array(1024);
  private documents = new Int32Array(1024);
  private counts = new Uint8Array(1024);
  private size = 0;

  push(lexeme: number, document: number, count: number): void {
    if (this.size === this.lexemes.length) {
      this.lexemes = grow(this.lexemes, new Int32Array(this.size * 2));
      this.documents = grow(this.documents, new Int32Array(this.size * 2));
      this.counts = grow(this.counts, new Uint8Array(this.size * 2));
    }
    this.lexemes[this.size] = lexeme;
    this.documents[this.size] = document;
    this.counts[this.size] = Math.min(count, MAX_COUNT);
    this.size++;
  }

  /** CSR by lexeme rank (a counting sort). */
  byLexeme(rank: Int32Array, lexemeCount: number): { offsets: Int32Array; documents: Int32Array; counts: Uint8Array } {
    const offsets = new Int32Array(lexemeCount + 1);
    for (let i = 0; i < this.size; i++) offsets[rank[this.lexemes[i]!]! + 1]! += 1;
    for (let i = 0; i < lexemeCount; i++) offsets[i + 1]! += offsets[i]!;
    const next = offsets.slice(0, lexemeCount);
    const documents = new Int32Array(this.size);
    const counts = new Uint8Array(this.size);
    for (let i = 0; i < this.size; i++) {
      const at = next[rank[this.lexemes[i]!]!]!++;
      documents[at] = this.documents[i]!;
      counts[at] = this.counts[i]!;
    }
    return { offsets, documents, counts };
  }
}

function grow<T extends Int32Array | Uint8Array>(from: T, to: T): T {
  to.set(from);
  return to;
}

/**
 * Reads PostgreSQL's text form of a tsvector: `'lexeme':1A,4C 'other':2` (a quote in a lexeme
 * doubled, a backslash escaped). Calls back with each lexeme, whether it has a weight A
 * position (the name), and how many other positions it has (the description).
 */
export function parseTsvector(text: string, each: (lexeme: string, named: boolean, described: number) => void): void {
  let i = 0;
  const n = text.length;
  while (i < n) {
    if (text.charCodeAt(i) !== 39 /* ' */) {
      i++;
      continue;
    }
    let lexeme = "";
    let start = ++i;
    for (;;) {
      const c = text.charCodeAt(i);
      if (i >= n) break;
      if (c === 92 /* \ */) {
        lexeme += text.slice(start, i);
        start = ++i;
        i++;
      } else if (c === 39) {
        lexeme += text.slice(start, i);
        if (text.charCodeAt(i + 1) === 39) {
          start = ++i;
          i++;
        } else break;
      } else i++;
    }
    i++; // closing quote
    let named = false;
    let described = 0;
    if (text.charCodeAt(i) === 58 /* : */) {
      i++;
      for (;;) {
        while (i < n && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) i++;
        if (text.charCodeAt(i) === 65 /* A */) {
          named = true;
          i++;
        } else {
          if (text.charCodeAt(i) >= 66 && text.charCodeAt(i) <= 68) i++;
          described++;
        }
        if (text.charCodeAt(i) !== 44 /* , */) break;
        i++;
      }
    } else described = 1; // a stripped vector: no positions, counted once
    each(lexeme, named, described);
  }
}

/**
 * The lexemes of PostgreSQL's text form of a `to_tsquery` (`'custom':* & 'acquisit':*`), in
 * order. A word the parser splits in parts (a phrase, `'a' <-> 'b'`) gives each part, matched
 * as an AND of them: a superset of the phrase.
 */
export function tsqueryLexemes(text: string): string[] {
  const lexemes: string[] = [];
  // Without the prefix and weight marks, operators are text between quoted lexemes, which the
  // tsvector reader skips.
  parseTsvector(text.replace(/:[*A-D]+/g, ""), (lexeme) => lexemes.push(lexeme));
  return lexemes;
}
