/**
 * A business definition: one asset, or one column of an asset, that says what a business concept
 * is — its formula, its description, who owns it, where it lives. Any asset kind can feed one:
 * a mart's computed column today, a metric (built from its measures and filters) the same way,
 * so conflicts and certification work on all of them alike.
 */
import type { Formula } from "./formula.js";

export const DEFINITION_STATUSES = ["CANONICAL", "ALIAS", "DEPRECATED"] as const;
export type DefinitionStatus = (typeof DEFINITION_STATUSES)[number];

export interface BusinessDefinition {
  /** Project, asset unique id and column: the same in a posted snapshot and in the stored catalog. */
  key: string;
  project: string;
  assetUniqueId: string;
  assetName: string;
  assetKind: string;
  /** The column that defines it; null when the asset itself does (a metric). */
  columnName: string | null;
  /** What the definition calls the concept: the column's name, else the asset's. */
  name: string;
  formula: Formula;
  /** A metric's formula in plain terms, as its definition reads (core/metrics/formula.ts); null for a column. */
  summary: string | null;
  description: string | null;
  /** Owner keys (e-mail, else handle or name), sorted. */
  owners: string[];
  /** Glossary terms the manifest or a person linked it to, by any of their names. */
  linkedTerms: string[];
  /** What an owner decided about it, if anything. */
  status: DefinitionStatus | null;
}

export function definitionKey(project: string, assetUniqueId: string, columnName: string | null): string {
  return `${project}/${assetUniqueId}#${columnName ?? ""}`;
}
