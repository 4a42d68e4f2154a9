/** Stable codes of the policy findings (see policyFindings.ts for the rules behind each). */
export const FINDING_CODES = [
  "PRIMARY_KEY_NOT_FOUND",
  "PRIMARY_KEY_NOT_TESTED",
  "MART_BUSINESS_TEST_MISSING",
  "MART_DESCRIPTION_MISSING",
  "MART_COLUMN_DESCRIPTION_MISSING",
  /** The post defines a business concept differently from a definition the tenant already has (core/definitions). */
  "DEFINITION_CONFLICT",
  /** A layer's documented models or columns fell below the tenant's minimum (policy `documentationCoverage`). */
  "DOCUMENTATION_COVERAGE_BELOW_MINIMUM",
] as const;

export type FindingCode = (typeof FINDING_CODES)[number];
