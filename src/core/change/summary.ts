/** A short account of a post's changes for CI logs and notifications: counts, then the top lines. */
import { CHANGE_ACTIONS, CHANGE_CATEGORIES, compareChanges, type Change, type ChangeAction, type ChangeCategory } from "./change.js";

export interface ChangeSummary {
  total: number;
  byCategory: Record<ChangeCategory, number>;
  byAction: Record<ChangeAction, number>;
  /** Most severe first: `BREAKING COLUMN_REMOVED: Column status was removed from model orders.` */
  lines: string[];
  /** How many changes the lines leave out. */
  omitted: number;
  /** `3 changes: 1 breaking, 2 additive`, or `No changes.` */
  headline: string;
}

export function summarizeChanges(changes: readonly Change[], maxLines = 20): ChangeSummary {
  const byCategory = Object.fromEntries(CHANGE_CATEGORIES.map((c) => [c, 0])) as Record<ChangeCategory, number>;
  const byAction = Object.fromEntries(CHANGE_ACTIONS.map((a) => [a, 0])) as Record<ChangeAction, number>;
  for (const change of changes) {
    byCategory[change.category] += 1;
    byAction[change.action] += 1;
  }
  const shown = [...changes].sort(compareChanges).slice(0, Math.max(0, maxLines));
  const parts = CHANGE_CATEGORIES.filter((c) => byCategory[c] > 0).map((c) => `${byCategory[c]} ${c.toLowerCase()}`);
  return {
    total: changes.length,
    byCategory,
    byAction,
    lines: shown.map((c) => `${c.category} ${c.reasonCode}: ${c.message}`),
    omitted: changes.length - shown.length,
    headline: changes.length === 0 ? "No changes." : `${changes.length} change${changes.length === 1 ? "" : "s"}: ${parts.join(", ")}`,
  };
}
