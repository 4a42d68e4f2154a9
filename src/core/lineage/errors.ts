/**
 * Why a lineage question could not be answered. The service layer maps `code` to its API
 * error (UNKNOWN_* to "not found", the rest to BAD_USER_INPUT).
 */
export type LineageErrorCode =
  | "UNKNOWN_ASSET"
  | "UNKNOWN_COLUMN"
  | "INVALID_ARGUMENT"
  | "INVALID_CURSOR"
  | "STALE_CURSOR";

export class LineageQueryError extends Error {
  constructor(
    readonly code: LineageErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "LineageQueryError";
  }
}

export function requireDepth(depth: number | null): number {
  if (depth === null) return Number.POSITIVE_INFINITY;
  if (!Number.isInteger(depth) || depth < 1) {
    throw new LineageQueryError("INVALID_ARGUMENT", `depth must be an integer of at least 1 or null, got ${depth}`);
  }
  return depth;
}

export function requireCount(name: string, value: number | undefined, min: number): number {
  if (value === undefined) return Number.POSITIVE_INFINITY;
  if (!Number.isInteger(value) || value < min) {
    throw new LineageQueryError("INVALID_ARGUMENT", `${name} must be an integer of at least ${min}, got ${value}`);
  }
  return value;
}
