/** Bounds on lineage answers, so no request can walk or return without limit. */
import { badInput } from "../../core/errors.js";

/** Nodes a lineage or impact walk may reach before it stops and says `truncated`. */
export const MAX_WALK_NODES = 50_000;
/** Column lineage: columns reached before the walk stops and says `truncated`. */
export const MAX_COLUMN_NODES = 5_000;
/** Largest page of lineage nodes or impacted assets (the API's general maximum). */
export const MAX_LINEAGE_PAGE = 500;
export const DEFAULT_LINEAGE_PAGE = 100;

export function pageSize(first: number | null | undefined): number {
  const size = first ?? DEFAULT_LINEAGE_PAGE;
  if (!Number.isInteger(size) || size < 0 || size > MAX_LINEAGE_PAGE) {
    throw badInput(`first must be between 0 and ${MAX_LINEAGE_PAGE}`, { argument: "first", max: MAX_LINEAGE_PAGE });
  }
  return size;
}
