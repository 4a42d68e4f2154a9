/**
 * The answer CI gates on.
 *
 * PROPOSE (pull-request build; the catalog is not touched):
 *   REJECTED            an eligible approver rejected the change request;
 *   BLOCKED             a blocking policy finding;
 *   NO_APPROVAL_NEEDED  no change needs approval;
 *   APPROVED            every approver group has its approvals;
 *   BLOCKED             a change nobody may approve (no owner but the author, no fallback
 *                       approver): it says which assets and what to configure;
 *   APPROVAL_REQUIRED   otherwise, with who is still missing (always someone who can approve).
 * APPLY (main after merge):
 *   APPLIED             every change needing approval is covered by an approved fingerprint
 *                       and no policy finding blocks;
 *   BLOCKED             otherwise, with the uncovered changes and blocking findings; the
 *                       catalog keeps what is in production.
 */
import type { ApprovalState, MissingApproval } from "./approvalState.js";
import type { Change } from "./change.js";
import type { PolicyFinding } from "./policyFindings.js";
import { ownerKeyLabel } from "../manifest/owners.js";

export const VERDICTS = ["APPLIED", "NO_APPROVAL_NEEDED", "APPROVAL_REQUIRED", "APPROVED", "REJECTED", "BLOCKED"] as const;
export type VerdictKind = (typeof VERDICTS)[number];

export type VerdictInput =
  | {
      mode: "PROPOSE";
      changesNeedingApproval: readonly Change[];
      approval: ApprovalState;
      findings: readonly PolicyFinding[];
    }
  | {
      mode: "APPLY";
      changesNeedingApproval: readonly Change[];
      /** Fingerprints of approved change requests of the project. */
      approvedFingerprints: ReadonlySet<string>;
      findings: readonly PolicyFinding[];
    };

export interface Verdict {
  verdict: VerdictKind;
  /** One sentence for people: why this verdict. */
  reason: string;
  missingApprovals: MissingApproval[];
  rejectedBy: string[];
  uncoveredChanges: Change[];
  blockingFindings: PolicyFinding[];
}

/** Exit code semantics for `tributary push`: these verdicts fail the build. */
export const FAILING_VERDICTS: ReadonlySet<VerdictKind> = new Set(["APPROVAL_REQUIRED", "REJECTED", "BLOCKED"]);

export function decideVerdict(input: VerdictInput): Verdict {
  const blockingFindings = input.findings.filter((f) => f.blocking);
  const empty = { missingApprovals: [], rejectedBy: [], uncoveredChanges: [], blockingFindings };
  return input.mode === "APPLY" ? decideApply(input, empty) : decidePropose(input, empty);
}

type VerdictBase = Omit<Verdict, "verdict" | "reason">;

function decideApply(input: Extract<VerdictInput, { mode: "APPLY" }>, base: VerdictBase): Verdict {
  const uncovered = input.changesNeedingApproval.filter((c) => !input.approvedFingerprints.has(c.fingerprint));
  if (uncovered.length === 0 && base.blockingFindings.length === 0) {
    const covered = input.changesNeedingApproval.length;
    return {
      ...base,
      verdict: "APPLIED",
      reason: covered === 0 ? "Applied: nothing needed approval." : `Applied: all ${covered} breaking change${plural(covered)} were approved.`,
    };
  }
  const reasons = [
    ...(uncovered.length > 0 ? [`${uncovered.length} breaking change${plural(uncovered.length)} not approved by any change request`] : []),
    ...(base.blockingFindings.length > 0 ? [`${base.blockingFindings.length} blocking policy finding${plural(base.blockingFindings.length)}`] : []),
  ];
  return { ...base, verdict: "BLOCKED", reason: `Blocked: ${reasons.join(" and ")}; the catalog was not changed.`, uncoveredChanges: uncovered };
}

function decidePropose(input: Extract<VerdictInput, { mode: "PROPOSE" }>, base: VerdictBase): Verdict {
  const { approval } = input;
  if (approval.status === "REJECTED") {
    return { ...base, verdict: "REJECTED", reason: `Rejected by ${people(approval.rejectedBy)}.`, rejectedBy: approval.rejectedBy };
  }
  if (base.blockingFindings.length > 0) {
    const count = base.blockingFindings.length;
    return { ...base, verdict: "BLOCKED", reason: `Blocked by ${count} policy finding${plural(count)}.` };
  }
  const needing = input.changesNeedingApproval.length;
  if (needing === 0) return { ...base, verdict: "NO_APPROVAL_NEEDED", reason: "No breaking change needs approval." };
  if (approval.status === "SATISFIED") {
    return { ...base, verdict: "APPROVED", reason: `Approved by ${people(approval.approvedBy)}.` };
  }
  const unapprovable = approval.missing.filter((m) => !m.satisfiable).map((m) => m.assetUniqueId);
  if (unapprovable.length > 0) {
    return {
      ...base,
      verdict: "BLOCKED",
      reason:
        `Blocked: nobody may approve the breaking changes to ${unapprovable.join(", ")}: ${unapprovable.length === 1 ? "it has" : "they have"} no owner other than the change's author. ` +
        "Assign an owner (setAssetOwners or the manifest's owners) or name fallback approvers in the change policy (approvals.fallbackApprovers), then post again.",
      missingApprovals: approval.missing,
    };
  }
  const waiting = [...new Set(approval.missing.flatMap((m) => m.waitingFor))].sort();
  return {
    ...base,
    verdict: "APPROVAL_REQUIRED",
    reason: `${needing} breaking change${plural(needing)} need${needing === 1 ? "s" : ""} approval: waiting for ${people(waiting)}.`,
    missingApprovals: approval.missing,
  };
}

function people(ownerKeys: readonly string[]): string {
  return ownerKeys.map(ownerKeyLabel).join(", ");
}

function plural(count: number): string {
  return count === 1 ? "" : "s";
}
