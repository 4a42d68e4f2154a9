/**
 * Every kind of change the diff can report, with its fixed action and category. The codes are
 * stable API: CI output, stored Change rows and approvals refer to them.
 */
import type { ChangeAction, ChangeCategory } from "./change.js";

interface ReasonDefinition {
  action: ChangeAction;
  category: ChangeCategory;
}

export const REASON_CODES = {
  // Breaking: a consumer that reads the relation as it was will fail or read something else.
  ASSET_REMOVED: { action: "REMOVED", category: "BREAKING" },
  RELATION_RENAMED: { action: "MODIFIED", category: "BREAKING" },
  RELATION_DROPPED: { action: "MODIFIED", category: "BREAKING" },
  COLUMN_REMOVED: { action: "REMOVED", category: "BREAKING" },
  COLUMN_TYPE_CHANGED: { action: "MODIFIED", category: "BREAKING" },
  COLUMN_PROBABLY_RENAMED: { action: "MODIFIED", category: "BREAKING" },
  CONTRACT_ENFORCEMENT_DROPPED: { action: "MODIFIED", category: "BREAKING" },
  ACCESS_NARROWED: { action: "MODIFIED", category: "BREAKING" },
  LATEST_VERSION_MOVED: { action: "MODIFIED", category: "BREAKING" },
  // Logic: same shape, different numbers.
  SQL_LOGIC_CHANGED: { action: "MODIFIED", category: "LOGIC" },
  MATERIALIZATION_CHANGED: { action: "MODIFIED", category: "LOGIC" },
  /** A metric's formula, a semantic model's measures or a saved query's query. */
  DEFINITION_CHANGED: { action: "MODIFIED", category: "LOGIC" },
  // Quality: less protection against bad data.
  TEST_REMOVED: { action: "REMOVED", category: "QUALITY" },
  TEST_WEAKENED: { action: "MODIFIED", category: "QUALITY" },
  TEST_CHANGED: { action: "MODIFIED", category: "QUALITY" },
  COLUMN_CONSTRAINT_REMOVED: { action: "MODIFIED", category: "QUALITY" },
  // Additive: nothing a consumer relies on goes away.
  ASSET_ADDED: { action: "ADDED", category: "ADDITIVE" },
  COLUMN_ADDED: { action: "ADDED", category: "ADDITIVE" },
  TEST_ADDED: { action: "ADDED", category: "ADDITIVE" },
  TEST_STRENGTHENED: { action: "MODIFIED", category: "ADDITIVE" },
  COLUMN_CONSTRAINT_ADDED: { action: "MODIFIED", category: "ADDITIVE" },
  CONTRACT_ENFORCEMENT_ADDED: { action: "MODIFIED", category: "ADDITIVE" },
  ACCESS_WIDENED: { action: "MODIFIED", category: "ADDITIVE" },
  // Docs: metadata only.
  DESCRIPTION_CHANGED: { action: "MODIFIED", category: "DOCS" },
  TAGS_CHANGED: { action: "MODIFIED", category: "DOCS" },
  OWNERS_CHANGED: { action: "MODIFIED", category: "DOCS" },
  // An exposure documents a consumer; when it goes, no data goes with it.
  EXPOSURE_REMOVED: { action: "REMOVED", category: "DOCS" },
} as const satisfies Record<string, ReasonDefinition>;

export type ReasonCode = keyof typeof REASON_CODES;
