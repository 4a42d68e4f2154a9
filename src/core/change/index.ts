/** The change process's pure API: diff → scope → approvers → approval state → verdict, plus policies. */
export { CHANGE_ACTIONS, CHANGE_CATEGORIES, type Change, type ChangeAction, type ChangeCategory, type ChangeDetails } from "./change.js";
export { REASON_CODES, type ReasonCode } from "./reasonCodes.js";
export { changeFingerprint } from "./fingerprint.js";
export { diffSnapshots, type DiffOptions } from "./diffSnapshots.js";
export { detectEnvironmentRelocation, type EnvironmentRelocation } from "./environmentRelocation.js";
export { assetLayers, changeRequestScope, type ChangeRequestScope, type ChangeRequestScopeInput } from "./changeRequestScope.js";
export {
  APPROVAL_MODES,
  changePolicySchema,
  DEFAULT_CHANGE_POLICY,
  type ChangePolicy,
  type ChangePolicyInput,
  STANDARD_DOCUMENTATION_COVERAGE,
} from "./policy.js";
export {
  requiredApprovers,
  type ApproverGroup,
  type ApproverGroupReason,
  type DownstreamExposure,
  type RequiredApproversInput,
} from "./approvers.js";
export { approvalState, type ApprovalRecord, type ApprovalState, type MissingApproval } from "./approvalState.js";
export { decideVerdict, FAILING_VERDICTS, VERDICTS, type Verdict, type VerdictInput, type VerdictKind } from "./verdict.js";
export { summarizeChanges, type ChangeSummary } from "./summary.js";
export { FINDING_CODES, type FindingCode } from "./findingCodes.js";
export { evaluatePolicies, type PolicyEvaluationOptions, type PolicyFinding } from "./policyFindings.js";
export { findPrimaryKey, type PrimaryKey } from "./primaryKey.js";
export { coverageByLayer, coverageChange, type LayerCoverage, type LayerCoverageChange } from "./coverage.js";
