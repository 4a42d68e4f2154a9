/** In-memory full-text matching over PostgreSQL's lexemes (pure): what search's text tiers rest on. */
import { describe, expect, it } from "vitest";
import { LexemeIndex, parseTsvector, tsqueryLexemes } from "../../../src/core/search/lexemeIndex.js";
import { NameText } from "../../../src/core/search/nameText.js";

// Vectors as PostgreSQL prints them for the search_index migration's expression (name A, description C).
const vectors = [
  "'custom':1A,4C 'customer':1A 'id':2A 'key':5C 'primari':3C", // customer_id: "Primary key of the customer."
  "'acquisit':2A,6C 'cac':4C 'cost':3A,7C 'custom':1A,5C 'customer':1A", // customer_acquisition_cost
  "'acquisit':3C 'amount':1A 'custom':5C,9C,12C 'paid':2C", // amount: "... acquisition ... customer (×3)"
  "'acquisit':3C 'amount':1A 'custom':5C 'paid':2C 'per':7C 'region':8C 'store':9C 'total':10C 'weight':11C 'week':12C", // longer
  null,
];

describe("parseTsvector", () => {
  it("reads lexemes, name weight and description positions, with quotes and backslashes escaped", () => {
    const read: [string, boolean, number][] = [];
    parseTsvector("'o''brien':1A,3C 'a\\\\b':2 'x':4B,5C,6A 'bare'", (lexeme, named, described) => read.push([lexeme, named, described]));
    expect(read).toEqual([
      ["o'brien", true, 1],
      ["a\\b", false, 1],
      ["x", true, 2],
      ["bare", false, 1],
    ]);
  });

  it("reads a tsquery's lexemes in order, a phrase as its parts, an empty query as none", () => {
    expect(tsqueryLexemes("'custom':* & 'acquisit':*")).toEqual(["custom", "acquisit"]);
    expect(tsqueryLexemes("'ab' <-> '12':*")).toEqual(["ab", "12"]);
    expect(tsqueryLexemes("")).toEqual([]);
  });
});

describe("LexemeIndex", () => {
  const index = LexemeIndex.build(vectors);

  it("matches every word as a prefix of some lexeme, all words required", () => {
    expect(index.match(["custom"]).documents).toEqual([0, 1, 2, 3]);
    expect(index.match(["custom", "acqui"]).documents).toEqual([1, 2, 3]);
    expect(index.match(["acqui", "cost"]).documents).toEqual([1]);
    expect(index.match(["customers"]).documents).toEqual([]);
    // All stop words: PostgreSQL's tsquery is empty and matches nothing.
    expect(index.match([]).documents).toEqual([]);
  });

  it("tells name words from description words", () => {
    const found = index.match(["custom", "acquisit"]);
    expect([1, 2, 3].map((d) => [found.inName(d), found.inDescription(d)])).toEqual([
      [true, true],
      [false, true],
      [false, true],
    ]);
    expect(index.match(["amount", "paid"]).inName(2)).toBe(false);
  });

  it("ranks a description that repeats the words above one that says them once, a short one above a long one", () => {
    const found = index.match(["custom", "acquisit"]);
    const [repeated, longer] = [found.descriptionRank(2), found.descriptionRank(3)];
    expect(repeated).toBeGreaterThan(longer);
    expect(longer).toBeGreaterThan(0);
    expect(repeated).toBeLessThan(1);
    const short = LexemeIndex.build(["'acquisit':1C 'custom':2C", vectors[3]!]).match(["custom", "acquisit"]);
    expect(short.descriptionRank(0)).toBeGreaterThan(short.descriptionRank(1));
  });

  it("answers the same from documents reused from an earlier index as from their text", () => {
    const later = LexemeIndex.build([vectors[3]!, { index, document: 1 }, "'new':1A", { index, document: 0 }]);
    const fresh = LexemeIndex.build([vectors[3]!, vectors[1]!, "'new':1A", vectors[0]!]);
    for (const words of [["custom"], ["custom", "acquisit"], ["new"], ["id"], ["cac"]]) {
      const [a, b] = [later.match(words), fresh.match(words)];
      expect(a.documents).toEqual(b.documents);
      expect(a.documents.map((d) => [a.inName(d), a.inDescription(d), a.descriptionRank(d)])).toEqual(b.documents.map((d) => [b.inName(d), b.inDescription(d), b.descriptionRank(d)]));
    }
  });
});

describe("NameText", () => {
  const text = new NameText(["customer_id", "customer_acquisition_cost", "amount", "amount_paid", "Customer"], vectors);
  const scores = (query: string, lexemes: string[]) => {
    const found = new Map<number, number>();
    text.match({ text: query, identifier: query.split(" ").join("_"), lexemes }, (document, score) => found.set(document, score));
    return found;
  };

  it("scores exact names over prefixes over name words over description words", () => {
    const found = scores("customer", ["custom"]);
    expect(Math.floor(found.get(4)!)).toBe(1000); // "Customer", any case
    expect(Math.floor(found.get(0)!)).toBe(500);
    expect(Math.floor(found.get(2)!)).toBe(100);
    const words = scores("acquisition cost", ["acquisit", "cost"]);
    expect(Math.floor(words.get(1)!)).toBe(200);
  });

  it("puts names whose description also has the words, then shorter names, first within a name tier", () => {
    const found = scores("customer", ["custom"]);
    // Both have "customer" in the description (+0.5); the shorter name is closer to what was typed.
    expect(found.get(0)).toBeCloseTo(500 + 0.5 + 1 / 12);
    expect(found.get(1)).toBeCloseTo(500 + 0.5 + 1 / 26);
  });

  it("matches a name prefix even when no word matches (the identifier form too)", () => {
    expect([...scores("amount_p", []).keys()]).toEqual([3]);
    expect([...scores("customer acq", ["custom", "acq"]).entries()].map(([d, s]) => [d, Math.floor(s)])).toEqual([
      [1, 500],
      [2, 100],
      [3, 100],
    ]);
  });
});
