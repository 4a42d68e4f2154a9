/**
 * An asset's freshness at a moment: FRESH while its data is younger than the SLA, LATE past it,
 * STALE past the stale threshold, UNKNOWN without an SLA or without any load seen. `since` is
 * when that state began as far as the data says (the load, or the load plus the threshold), so
 * it does not depend on when the evaluator happened to look.
 */
import type { FreshnessSla } from "./sla.js";

export const FRESHNESS_STATES = ["FRESH", "LATE", "STALE", "UNKNOWN"] as const;
export type FreshnessStateName = (typeof FRESHNESS_STATES)[number];

export interface FreshnessVerdict {
  state: FreshnessStateName;
  /** When this state began; null when unknown (the caller keeps the stored one). */
  since: Date | null;
  /** When the state changes next if no data arrives; null when it cannot change by time alone. */
  nextChangeAt: Date | null;
}

const MINUTE = 60_000;

export function evaluateFreshness(lastLoadedAt: Date | null, sla: FreshnessSla | null, now: Date): FreshnessVerdict {
  if (sla === null || lastLoadedAt === null) return { state: "UNKNOWN", since: null, nextChangeAt: null };
  const loaded = lastLoadedAt.getTime();
  const lateAt = loaded + sla.lateAfterMinutes * MINUTE;
  const staleAt = loaded + sla.staleAfterMinutes * MINUTE;
  const at = now.getTime();
  if (at < lateAt) return { state: "FRESH", since: lastLoadedAt, nextChangeAt: new Date(lateAt) };
  if (at < staleAt) return { state: "LATE", since: new Date(lateAt), nextChangeAt: new Date(staleAt) };
  return { state: "STALE", since: new Date(staleAt), nextChangeAt: null };
}

/** A breach is any state past the SLA. */
export function isBreach(state: FreshnessStateName): boolean {
  return state === "LATE" || state === "STALE";
}
