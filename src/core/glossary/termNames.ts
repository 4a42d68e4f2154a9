/**
 * How business terms are named and matched: "Customer Acquisition Cost", "customer_acquisition_cost"
 * and "customer-acquisition cost" are one name, and a term answers to its name, synonyms and
 * abbreviations alike (CAC ↔ customer acquisition cost).
 */

/** Lower-cased words (letters and digits) joined by one space; underscores and punctuation split words. */
export function normalizeTermName(text: string): string {
  return (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).join(" ");
}

export interface NamedTerm {
  id: string;
  name: string;
  synonyms: readonly string[];
  abbreviations: readonly string[];
}

/** Every normalized name a term answers to, its own name first. */
export function termNames(term: NamedTerm): string[] {
  return [...new Set([term.name, ...term.synonyms, ...term.abbreviations].map(normalizeTermName).filter((name) => name !== ""))];
}

/** Largest number of other names one search expands to (a term with many synonyms stays one cheap search). */
export const MAX_EXPANSIONS = 6;

/**
 * The tenant's terms by every name they answer to. A name two terms share (two meanings of one
 * abbreviation) points at both.
 */
export class TermMatcher<T extends NamedTerm = NamedTerm> {
  private readonly byName = new Map<string, T[]>();

  constructor(readonly terms: readonly T[]) {
    for (const term of terms) {
      for (const name of termNames(term)) {
        const list = this.byName.get(name);
        if (list) list.push(term);
        else this.byName.set(name, [term]);
      }
    }
  }

  /** The terms a text names exactly (after normalization). */
  termsNamed(text: string): T[] {
    return this.byName.get(normalizeTermName(text)) ?? [];
  }

  /**
   * The other names to search for when a query names a term: "ltv" → "lifetime value", "clv", …
   * Only whole-query matches expand, so "cost" does not drag in every term that mentions costs.
   */
  expansions(query: string): string[] {
    const typed = normalizeTermName(query);
    const names = new Set<string>();
    for (const term of this.termsNamed(typed)) for (const name of termNames(term)) if (name !== typed) names.add(name);
    return [...names].slice(0, MAX_EXPANSIONS);
  }
}
