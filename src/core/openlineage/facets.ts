/**
 * What the catalog takes from OpenLineage facets, read from their stored values (the latest by
 * event time, core/openlineage/eventRows.ts). The spec's schemas have already validated them;
 * these readers still parse with zod, because a stored value may predate a schema version and
 * the fold must never fail on a facet: an unreadable facet reads as absent.
 *
 * - `schema` → the dataset's observed columns (missing keeps, an empty `fields` clears: #3401);
 * - `columnLineage` → column edges and dataset-wide (row) dependencies, with each transformation
 *   mapped to ours, in the current shape and in Spark's legacy one;
 * - `ownership` → owners; `dataQualityAssertions` → test results; `errorMessage` → a message.
 */
import { z } from "zod";
import type { ColumnTransform } from "../lineage/types.js";
import { nameKey, type NameRow } from "./eventRows.js";
import { OPENLINEAGE_TRANSFORMATIONS } from "./transformations.js";

const text = z.string().nullish();

const schemaFacet = z.looseObject({
  fields: z.array(z.looseObject({ name: z.string().min(1), type: text, description: text })).optional(),
});

export interface ObservedColumn {
  name: string;
  dataType: string | null;
  description: string | null;
  /** 1-based, in the facet's order. */
  position: number;
}

/**
 * The columns a `schema` facet lists; null when the facet is deleted or unreadable (the
 * caller then clears, as for an empty list). A name listed twice keeps its first place.
 */
export function observedColumns(value: unknown): ObservedColumn[] | null {
  const parsed = schemaFacet.safeParse(value);
  if (!parsed.success) return null;
  const seen = new Set<string>();
  const columns: ObservedColumn[] = [];
  for (const field of parsed.data.fields ?? []) {
    if (seen.has(field.name)) continue;
    seen.add(field.name);
    columns.push({ name: field.name, dataType: field.type?.trim() || null, description: field.description?.trim() || null, position: columns.length + 1 });
  }
  return columns;
}

const transformation = z.looseObject({ type: z.string(), subtype: text, masking: z.boolean().nullish() });
const inputField = z.looseObject({
  namespace: z.string(),
  name: z.string(),
  field: z.string().min(1),
  transformations: z.array(transformation).nullish(),
});
const columnLineageFacet = z.looseObject({
  fields: z
    .record(
      z.string(),
      z.looseObject({
        inputFields: z.array(inputField).default([]),
        // Spark's legacy shape (facet 1-0-x): one description and type for all the field's inputs.
        transformationDescription: text,
        transformationType: text,
      }),
    )
    .default({}),
  dataset: z.array(inputField).nullish(),
});

export interface InputColumn {
  namespace: string;
  name: string;
  field: string;
}

export interface DeclaredColumnEdge {
  from: InputColumn;
  /** The output dataset's column. */
  to: string;
  transform: ColumnTransform;
  masking: boolean;
}

export interface DeclaredRowDependency {
  from: InputColumn;
  transform: ColumnTransform;
  masking: boolean;
}

export interface DeclaredColumnLineage {
  edges: DeclaredColumnEdge[];
  /** Inputs that shape every row of the output (the facet's `dataset` list). */
  rows: DeclaredRowDependency[];
}

/** OpenLineage's subtypes as our kinds, per type: the inverse of what we hand out (transformations.ts). */
function subtypesOf(type: "DIRECT" | "INDIRECT"): Readonly<Record<string, ColumnTransform>> {
  const entries = Object.entries(OPENLINEAGE_TRANSFORMATIONS) as [ColumnTransform, { type: string; subtype: string }][];
  return Object.fromEntries(entries.filter(([, theirs]) => theirs.type === type).map(([ours, theirs]) => [theirs.subtype, ours]));
}
const DIRECT_SUBTYPES = subtypesOf("DIRECT");
const INDIRECT_SUBTYPES = subtypesOf("INDIRECT");

/**
 * OpenLineage's transformation (type and subtype) as our kind. A DIRECT one of no known subtype
 * feeds the value somehow (TRANSFORMED); an INDIRECT one of no known subtype decides rows (FILTER).
 */
export function transformOf(type: string, subtype: string | null | undefined): ColumnTransform {
  const sub = subtype?.trim().toUpperCase() ?? "";
  if (type.trim().toUpperCase() === "INDIRECT") return INDIRECT_SUBTYPES[sub] ?? "FILTER";
  return DIRECT_SUBTYPES[sub] ?? "TRANSFORMED";
}

/** The legacy shape's `transformationType` (`IDENTITY`, `AGGREGATION`, often empty) as our kind. */
function legacyTransform(type: string | null | undefined): ColumnTransform {
  return DIRECT_SUBTYPES[type?.trim().toUpperCase() ?? ""] ?? "TRANSFORMED";
}

/**
 * The edges a `columnLineage` facet declares, each input dataset named as `resolve` says (see
 * resolveInputDataset). One edge per input column, output column and kind; masked if any
 * transformation of that kind says so. Null when unreadable.
 */
export function declaredColumnLineage(value: unknown, resolve: (namespace: string, name: string) => NameRow): DeclaredColumnLineage | null {
  const parsed = columnLineageFacet.safeParse(value);
  if (!parsed.success) return null;
  const edges = new Map<string, DeclaredColumnEdge>();
  const rows = new Map<string, DeclaredRowDependency>();
  const inputOf = (field: z.infer<typeof inputField>): InputColumn => ({ ...resolve(field.namespace, field.name), field: field.field });
  const kinds = (field: z.infer<typeof inputField>, legacyType: string | null | undefined) =>
    field.transformations && field.transformations.length > 0
      ? field.transformations.map((t) => ({ transform: transformOf(t.type, t.subtype), masking: t.masking === true }))
      : [{ transform: legacyTransform(legacyType), masking: false }];
  const add = <T extends { masking: boolean }>(into: Map<string, T>, key: string, item: T) => {
    const known = into.get(key);
    if (known) known.masking ||= item.masking;
    else into.set(key, item);
  };
  for (const [to, output] of Object.entries(parsed.data.fields)) {
    for (const field of output.inputFields) {
      const from = inputOf(field);
      for (const { transform, masking } of kinds(field, output.transformationType)) {
        add(edges, JSON.stringify([from.namespace, from.name, from.field, to, transform]), { from, to, transform, masking });
      }
    }
  }
  for (const field of parsed.data.dataset ?? []) {
    const from = inputOf(field);
    for (const { transform, masking } of kinds(field, null)) {
      add(rows, JSON.stringify([from.namespace, from.name, from.field, transform]), { from, transform, masking });
    }
  }
  return { edges: [...edges.values()], rows: [...rows.values()] };
}

/**
 * The dataset an input field (or a table of a `sql` facet) names, among the job's inputs. Some
 * producers name it without the database prefix the job's `inputs` use (`analytics.customers`
 * for `warehouse.analytics.customers`, OpenLineage #1665): such a name is read as the one input
 * of the same namespace whose name ends with it, part by part, compared case-insensitively.
 * Kept as given when it is an input already, or when no input or several inputs match.
 */
export function resolveInputDataset(namespace: string, name: string, inputs: readonly NameRow[]): NameRow {
  const exact = inputs.find((input) => input.namespace === namespace && input.name === name);
  if (exact) return exact;
  const suffix = `.${name.toLowerCase()}`;
  const matches = inputs.filter((input) => input.namespace === namespace && input.name.toLowerCase().endsWith(suffix));
  if (matches.length === 1) return matches[0]!;
  return { namespace, name };
}

/** The same, for a name written without a namespace (a table of a `sql` facet). */
export function resolveTableName(name: string, inputs: readonly NameRow[]): NameRow | null {
  const lower = name.toLowerCase();
  const suffix = `.${lower}`;
  const matches = inputs.filter((input) => input.name.toLowerCase() === lower || input.name.toLowerCase().endsWith(suffix));
  const distinct = new Map(matches.map((m) => [nameKey(m.namespace, m.name), m]));
  return distinct.size === 1 ? [...distinct.values()][0]! : null;
}

const ownershipFacet = z.looseObject({ owners: z.array(z.looseObject({ name: z.string().min(1), type: text })).default([]) });

/**
 * The owners an `ownership` facet names. OpenLineage's convention is `user:<email or name>` and
 * `team:<name>`; a bare name holding `@` is an e-mail. Null when unreadable.
 */
export function facetOwners(value: unknown): ({ email: string } | { name: string })[] | null {
  const parsed = ownershipFacet.safeParse(value);
  if (!parsed.success) return null;
  return parsed.data.owners.flatMap(({ name }) => {
    const bare = name.replace(/^(user|team|group):/i, "").trim();
    if (bare === "") return [];
    return [bare.includes("@") ? { email: bare } : { name: bare }];
  });
}

const assertionsFacet = z.looseObject({
  assertions: z.array(z.looseObject({ assertion: z.string().min(1), success: z.boolean(), column: text })).default([]),
});

export interface AssertionResult {
  assertion: string;
  column: string | null;
  success: boolean;
}

/** The assertions of a `dataQualityAssertions` input facet; the last of a repeated one wins. */
export function assertionResults(value: unknown): AssertionResult[] {
  const parsed = assertionsFacet.safeParse(value);
  if (!parsed.success) return [];
  const byName = new Map<string, AssertionResult>();
  for (const a of parsed.data.assertions) byName.set(JSON.stringify([a.assertion, a.column ?? null]), { assertion: a.assertion, column: a.column ?? null, success: a.success });
  return [...byName.values()];
}

/** The message of an `errorMessage` run facet. */
export function errorMessageOf(value: unknown): string | null {
  const message = (value as { message?: unknown } | null)?.message;
  return typeof message === "string" && message.trim() !== "" ? message : null;
}
