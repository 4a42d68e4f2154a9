/**
 * Conflicting definitions: one business concept defined more than once, differently.
 *
 * Definitions share a concept when they are linked to the same glossary term, when their names
 * are one of a term's names (name, synonym, abbreviation: a column `cac` and a column
 * `customer_acquisition_cost` both mean the term "customer acquisition cost"), or, with no term,
 * when their normalized names are equal. A concept is in conflict when its definitions differ in
 * formula (expression, aggregation, upstream columns, filters, grain) or in description.
 *
 * A metric and the column it aggregates may share a concept (the metric `revenue` sums the
 * column `orders.amount`, linked to the term Revenue): the column is what the metric is built
 * from, not a rival definition, so it does not take part in the metric's concept.
 */
import { normalizeTermName, type TermMatcher } from "../glossary/termNames.js";
import type { BusinessDefinition } from "./definition.js";
import { relationName, type Formula } from "./formula.js";
import { compareText } from "../compareText.js";

export const DEFINITION_ASPECTS = ["FORMULA", "AGGREGATION", "UPSTREAM", "FILTERS", "GRAIN", "DESCRIPTION"] as const;
export type DefinitionAspect = (typeof DEFINITION_ASPECTS)[number];

export interface Concept {
  /** `term:<id>` for a glossary term, else `name:<normalized name>`. */
  key: string;
  name: string;
  termId: string | null;
}

export interface DefinitionConflict {
  concept: Concept;
  /** In key order. */
  definitions: BusinessDefinition[];
  /** The aspects in which not all definitions agree, in DEFINITION_ASPECTS order. */
  differences: DefinitionAspect[];
  /** One definition is canonical and every other one an alias or deprecated. */
  resolved: boolean;
}

/** The concepts a definition belongs to. */
export function conceptsOf(definition: { name: string; linkedTerms: readonly string[] }, terms: TermMatcher): Concept[] {
  const concepts = new Map<string, Concept>();
  for (const name of [...definition.linkedTerms, definition.name]) {
    for (const term of terms.termsNamed(name)) concepts.set(`term:${term.id}`, { key: `term:${term.id}`, name: term.name, termId: term.id });
  }
  if (concepts.size === 0) {
    const name = normalizeTermName(definition.name);
    if (name !== "") concepts.set(`name:${name}`, { key: `name:${name}`, name, termId: null });
  }
  return [...concepts.values()];
}

export function findConflicts(definitions: readonly BusinessDefinition[], terms: TermMatcher): DefinitionConflict[] {
  const groups = new Map<string, { concept: Concept; members: Map<string, BusinessDefinition> }>();
  for (const definition of definitions) {
    for (const concept of conceptsOf(definition, terms)) {
      let group = groups.get(concept.key);
      if (!group) groups.set(concept.key, (group = { concept, members: new Map() }));
      group.members.set(definition.key, definition);
    }
  }
  const conflicts: DefinitionConflict[] = [];
  for (const { concept, members } of groups.values()) {
    const list = withoutMetricInputs([...members.values()]).sort((a, b) => compareText(a.key, b.key));
    if (list.length < 2) continue;
    const differences = differencesOf(list);
    if (differences.length === 0) continue;
    conflicts.push({ concept, definitions: list, differences, resolved: isResolved(list) });
  }
  return conflicts.sort((a, b) => compareText(a.concept.name, b.concept.name) || compareText(a.concept.key, b.concept.key));
}

/** The definitions but the columns that a metric among them (of the same project) aggregates. */
function withoutMetricInputs(definitions: BusinessDefinition[]): BusinessDefinition[] {
  const read = new Set(
    definitions.filter((d) => d.assetKind === "METRIC" && d.columnName === null).flatMap((d) => d.formula.upstream.map((column) => `${d.project}\u0000${column}`)),
  );
  if (read.size === 0) return definitions;
  return definitions.filter((d) => d.columnName === null || !read.has(`${d.project}\u0000${relationName(d.assetName)}.${d.columnName.toLowerCase()}`));
}

/** The aspects in which the definitions do not all agree. Missing descriptions disagree with nothing. */
export function differencesOf(definitions: readonly BusinessDefinition[]): DefinitionAspect[] {
  const differs = (value: (f: Formula) => unknown) => new Set(definitions.map((d) => JSON.stringify(value(d.formula)))).size > 1;
  const aspects: DefinitionAspect[] = [];
  if (differs((f) => f.expression)) aspects.push("FORMULA");
  if (differs((f) => f.aggregations)) aspects.push("AGGREGATION");
  if (differs((f) => f.upstream)) aspects.push("UPSTREAM");
  if (differs((f) => f.filters)) aspects.push("FILTERS");
  if (differs((f) => f.grain)) aspects.push("GRAIN");
  const descriptions = new Set(definitions.map((d) => normalizedDescription(d.description)).filter((d) => d !== ""));
  if (descriptions.size > 1) aspects.push("DESCRIPTION");
  return aspects;
}

/**
 * The conflicts of `after` that `before` did not have: a concept newly in conflict, or one that
 * gained a definition unlike every definition it had (a third way to compute the same number).
 */
export function newConflicts(before: readonly DefinitionConflict[], after: readonly DefinitionConflict[]): DefinitionConflict[] {
  const known = new Map(before.map((c) => [c.concept.key, new Set(c.definitions.map(signature))]));
  return after.filter((conflict) => {
    const signatures = known.get(conflict.concept.key);
    return !signatures || conflict.definitions.some((d) => !signatures.has(signature(d)));
  });
}

function signature(definition: BusinessDefinition): string {
  return JSON.stringify([definition.formula, normalizedDescription(definition.description)]);
}

function isResolved(definitions: readonly BusinessDefinition[]): boolean {
  const canonical = definitions.filter((d) => d.status === "CANONICAL");
  return canonical.length === 1 && definitions.every((d) => d.status !== null);
}

function normalizedDescription(text: string | null): string {
  return (text ?? "").toLowerCase().replace(/[\s.]+/g, " ").trim();
}
