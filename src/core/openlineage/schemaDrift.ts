/**
 * Schema drift: how the columns a producer observed (an OpenLineage `schema` facet) differ from
 * those dbt declares for the same relation. Names compare case-insensitively, as warehouses fold
 * unquoted identifiers; types compare by meaning (`int4` is `integer`), and an unknown type on
 * either side is no evidence of a retype (core/change/dataType.ts).
 */
import { dataTypeChanged } from "../change/dataType.js";
import { sha256Hex } from "../canonicalJson.js";

export type SchemaDriftChange = "MISSING" | "ADDED" | "RETYPED";

export interface SchemaDriftDifference {
  column: string;
  /** MISSING: declared in dbt, not observed; ADDED: observed, not declared; RETYPED: both, types differ. */
  change: SchemaDriftChange;
  declaredType: string | null;
  observedType: string | null;
}

interface TypedColumn {
  name: string;
  dataType: string | null;
}

/** Differences in declared order, then added columns in observed order. */
export function schemaDrift(declared: readonly TypedColumn[], observed: readonly TypedColumn[]): SchemaDriftDifference[] {
  const seen = new Map(observed.map((c) => [c.name.toLowerCase(), c]));
  const known = new Set(declared.map((c) => c.name.toLowerCase()));
  const differences: SchemaDriftDifference[] = [];
  for (const column of declared) {
    const match = seen.get(column.name.toLowerCase());
    if (!match) differences.push({ column: column.name, change: "MISSING", declaredType: column.dataType, observedType: null });
    else if (dataTypeChanged(column.dataType, match.dataType)) {
      differences.push({ column: column.name, change: "RETYPED", declaredType: column.dataType, observedType: match.dataType });
    }
  }
  for (const column of observed) {
    if (!known.has(column.name.toLowerCase())) differences.push({ column: column.name, change: "ADDED", declaredType: null, observedType: column.dataType });
  }
  return differences;
}

/** The same differences give the same fingerprint: a drift is announced once. */
export function driftFingerprint(differences: readonly SchemaDriftDifference[]): string {
  return sha256Hex(JSON.stringify(differences.map((d) => [d.column.toLowerCase(), d.change, d.declaredType, d.observedType]))).slice(0, 16);
}
