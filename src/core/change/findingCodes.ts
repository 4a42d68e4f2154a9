/** Stable codes of the policy findings (see policyFindings.ts for the rules behind each). */
export const FINDING_CODES = [
  "PRIMARY_KEY_NOT_FOUND",
  "PRIMARY_KEY_NOT_TESTED",
  "MART_BUSINESS_TEST_MISSING",
  "MART_DESCRIPTION_MISSING",
  "MART_COLUMN_DESCRIPTION_MISSING",
] as const;

export type FindingCode = (typeof FINDING_CODES)[number];
