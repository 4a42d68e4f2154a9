/**
 * A tenant's change policy: who must approve breaking changes, when a change request opens,
 * and which policy findings block a post. Stored in the tenant's settings; always parsed with
 * this schema (unknown keys are rejected so a typo never silently weakens the policy).
 */
import { z } from "zod";
import { CHANGE_CATEGORIES } from "./change.js";
import { FINDING_CODES } from "./findingCodes.js";

/** A person named by e-mail; `email:ana@…` (an owner key, as approvers are listed) is read as the e-mail. */
function personEmail() {
  const text = (value: unknown) => (typeof value === "string" ? value.trim().replace(/^email:/i, "").toLowerCase() : value);
  return z.preprocess(text, z.email("expected a person's e-mail address"));
}

export const APPROVAL_MODES = ["ANY_OWNER_PER_MART", "ALL_OWNERS"] as const;

export const approvalPolicySchema = z.strictObject({
  /** ANY_OWNER_PER_MART: `minApprovals` owners of each changed mart; ALL_OWNERS: every one of them. */
  mode: z.enum(APPROVAL_MODES).default("ANY_OWNER_PER_MART"),
  /** Owners of the exposures (dashboards, apps) downstream of a changed mart must approve too. */
  includeDownstreamExposureOwners: z.boolean().default(false),
  /** Approvals needed per group; a group with fewer eligible approvers needs all of them. */
  minApprovals: z.number().int().min(1).max(50).default(1),
  /**
   * People (by e-mail) asked when a changed mart has no owner other than the author, e.g. a
   * platform team's leads; without them such a change is BLOCKED until an owner is assigned.
   */
  fallbackApprovers: z.array(personEmail()).max(50).default([]),
});

export const findingPolicySchema = z.strictObject({
  /** Finding codes that block a post; the others are reported only. */
  blocking: z.array(z.enum(FINDING_CODES)).default([]),
  /** CHANGED_ASSETS: only assets the post adds or modifies can block, so old debt does not stop every post. */
  enforceOn: z.enum(["CHANGED_ASSETS", "ALL_ASSETS"]).default("CHANGED_ASSETS"),
});

const percent = z.number().min(0).max(100);

/**
 * The least share (percent) of documented models, and of documented columns, each layer must
 * keep; a layer below it raises DOCUMENTATION_COVERAGE_BELOW_MINIMUM. Layers not named have no
 * minimum. The field's standard is 95 (STANDARD_DOCUMENTATION_COVERAGE; the demo tenant uses it).
 */
export const documentationCoveragePolicySchema = z.strictObject({
  STAGING: percent.optional(),
  INTERMEDIATE: percent.optional(),
  MART: percent.optional(),
  OTHER: percent.optional(),
});

export const STANDARD_DOCUMENTATION_COVERAGE = 95;

export const changePolicySchema = z.strictObject({
  approvals: approvalPolicySchema.prefault({}),
  /** Breaking changes of a non-mart asset that feeds an exposure need approval like a mart's. */
  gateExposedAssets: z.boolean().default(true),
  /** Which categories of change on a mart (or exposed asset) open a change request. */
  openChangeRequestFor: z.array(z.enum(CHANGE_CATEGORIES)).min(1).default([...CHANGE_CATEGORIES]),
  findings: findingPolicySchema.prefault({}),
  documentationCoverage: documentationCoveragePolicySchema.prefault({}),
});

export type ChangePolicy = z.infer<typeof changePolicySchema>;
export type ChangePolicyInput = z.input<typeof changePolicySchema>;

export const DEFAULT_CHANGE_POLICY: ChangePolicy = changePolicySchema.parse({});
