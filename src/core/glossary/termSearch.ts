/**
 * Search over the glossary itself (a tenant has hundreds of terms, not millions: matched in
 * memory). Scores use search's tiers: a name, synonym or abbreviation typed exactly (1001, above
 * any asset of that exact name: the term is what the words mean), a prefix of one (501), every
 * word starting a word of the definition (101).
 */
import { normalizeTermName, termNames, type NamedTerm } from "./termNames.js";

export interface SearchableTerm extends NamedTerm {
  definition?: string;
}

export function matchTerms(terms: readonly SearchableTerm[], query: string): { termId: string; name: string; score: number }[] {
  const typed = normalizeTermName(query);
  if (typed === "") return [];
  const words = typed.split(" ");
  const found: { termId: string; name: string; score: number }[] = [];
  for (const term of terms) {
    const names = termNames(term);
    let score = 0;
    if (names.includes(typed)) score = 1001;
    else if (names.some((name) => name.startsWith(typed))) score = 501;
    else {
      const definitionWords = normalizeTermName(term.definition ?? "").split(" ");
      if (words.every((word) => definitionWords.some((w) => w.startsWith(word)))) score = 101;
    }
    if (score > 0) found.push({ termId: term.id, name: term.name, score });
  }
  return found;
}
