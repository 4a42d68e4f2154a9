/**
 * One classified difference between two catalog snapshots. The action and category strings
 * equal the Prisma enums ChangeAction and ChangeCategory (core/ cannot import Prisma).
 */
import { changeFingerprint } from "./fingerprint.js";
import { REASON_CODES, type ReasonCode } from "./reasonCodes.js";
import { compareText } from "../compareText.js";

export const CHANGE_ACTIONS = ["ADDED", "REMOVED", "MODIFIED"] as const;
export type ChangeAction = (typeof CHANGE_ACTIONS)[number];

export const CHANGE_CATEGORIES = ["BREAKING", "LOGIC", "QUALITY", "ADDITIVE", "DOCS"] as const;
export type ChangeCategory = (typeof CHANGE_CATEGORIES)[number];

export interface ChangeDetails {
  /** What was there; part of the fingerprint, so it never holds branch- or build-specific values. */
  before: unknown;
  /** What is there now; part of the fingerprint for the same reason. */
  after: unknown;
  /** Extra facts for people (upstream edges, rename evidence); not part of the fingerprint. */
  context?: Record<string, unknown>;
}

export interface Change {
  assetUniqueId: string;
  columnName?: string;
  action: ChangeAction;
  category: ChangeCategory;
  reasonCode: ReasonCode;
  message: string;
  details: ChangeDetails;
  fingerprint: string;
}

export interface ChangeInput {
  reasonCode: ReasonCode;
  assetUniqueId: string;
  columnName?: string;
  message: string;
  before: unknown;
  after: unknown;
  context?: Record<string, unknown>;
}

export function createChange(input: ChangeInput): Change {
  const { action, category } = REASON_CODES[input.reasonCode];
  const details: ChangeDetails = { before: input.before ?? null, after: input.after ?? null };
  if (input.context !== undefined) details.context = input.context;
  return {
    assetUniqueId: input.assetUniqueId,
    ...(input.columnName !== undefined ? { columnName: input.columnName } : {}),
    action,
    category,
    reasonCode: input.reasonCode,
    message: input.message,
    details,
    fingerprint: changeFingerprint(input),
  };
}

const CATEGORY_ORDER = new Map<ChangeCategory, number>(CHANGE_CATEGORIES.map((c, i) => [c, i]));

/** Most severe first, then by asset, column and reason, so output never depends on input order. */
export function compareChanges(a: Change, b: Change): number {
  return (
    (CATEGORY_ORDER.get(a.category) ?? 0) - (CATEGORY_ORDER.get(b.category) ?? 0) ||
    compareText(a.assetUniqueId, b.assetUniqueId) ||
    compareText(a.columnName ?? "", b.columnName ?? "") ||
    compareText(a.reasonCode, b.reasonCode) ||
    compareText(a.fingerprint, b.fingerprint)
  );
}
