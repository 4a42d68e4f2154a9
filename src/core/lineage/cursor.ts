/**
 * Opaque page cursors: the position after which the next page starts, plus the fingerprint of
 * the graph and of the query it belongs to. A cursor from another query is invalid; one from
 * before the graph changed is stale (positions may have shifted, so continuing could skip or
 * repeat nodes). Both are refused rather than answered wrongly.
 */
import { LineageQueryError } from "./errors.js";
import { Fingerprint } from "./fingerprint.js";

const PREFIX = "lin1";

export interface CursorScope {
  /** Fingerprint of the graph the positions refer to. */
  graph: string;
  /** Fingerprint of the query whose ordering the positions refer to. */
  query: string;
}

export function queryFingerprint(parts: readonly (string | number | null | undefined)[]): string {
  const hash = new Fingerprint();
  for (const part of parts) hash.addString(part === null || part === undefined ? "\u0000" : String(part));
  return hash.hex();
}

export function encodeCursor(scope: CursorScope, position: number): string {
  return Buffer.from(`${PREFIX}:${scope.graph}:${scope.query}:${position}`, "utf8").toString("base64url");
}

/** The position the cursor stands at; the next page starts right after it. */
export function decodeCursor(cursor: string, scope: CursorScope): number {
  const [prefix, graph, query, position, ...rest] = Buffer.from(cursor, "base64url").toString("utf8").split(":");
  const offset = Number(position);
  if (prefix !== PREFIX || rest.length > 0 || !Number.isInteger(offset) || offset < 0 || query !== scope.query) {
    throw new LineageQueryError("INVALID_CURSOR", "the cursor does not belong to this query");
  }
  if (graph !== scope.graph) {
    throw new LineageQueryError("STALE_CURSOR", "the lineage graph changed since this cursor was issued; start again without `after`");
  }
  return offset;
}
