import { describe, expect, it } from "vitest";
import type { ApprovalState } from "../../../src/core/change/approvalState.js";
import { createChange, type Change } from "../../../src/core/change/change.js";
import type { PolicyFinding } from "../../../src/core/change/policyFindings.js";
import { summarizeChanges } from "../../../src/core/change/summary.js";
import { decideVerdict, FAILING_VERDICTS } from "../../../src/core/change/verdict.js";

const breaking = createChange({
  reasonCode: "COLUMN_REMOVED",
  assetUniqueId: "model.shop.orders",
  columnName: "status",
  message: "Column status was removed from model orders.",
  before: { dataType: "varchar" },
  after: null,
});
const otherBreaking = createChange({ reasonCode: "ASSET_REMOVED", assetUniqueId: "model.shop.customers", message: "Model customers was removed.", before: null, after: null });
const docs = createChange({ reasonCode: "DESCRIPTION_CHANGED", assetUniqueId: "model.shop.orders", message: "The description of model orders was changed.", before: null, after: null });
const finding = (blocking: boolean): PolicyFinding => ({
  code: "PRIMARY_KEY_NOT_TESTED",
  severity: blocking ? "error" : "warning",
  blocking,
  assetUniqueId: "model.shop.stg_orders",
  message: "untested key",
});

const pending: ApprovalState = {
  status: "PENDING",
  approvedBy: [],
  missing: [{ groupId: "asset:model.shop.orders", assetUniqueId: "model.shop.orders", needed: 1, approved: 0, waitingFor: ["email:ana@shop.test", "handle:bo"], satisfiable: true }],
};

function propose(changes: Change[], approval: ApprovalState, findings: PolicyFinding[] = []) {
  return decideVerdict({ mode: "PROPOSE", changesNeedingApproval: changes, approval, findings });
}

describe("decideVerdict for a proposal", () => {
  it("needs no approval without breaking mart changes", () => {
    expect(propose([], { status: "SATISFIED", approvedBy: [] }).verdict).toBe("NO_APPROVAL_NEEDED");
  });

  it("requires approval and says from whom", () => {
    const verdict = propose([breaking], pending);
    expect(verdict.verdict).toBe("APPROVAL_REQUIRED");
    expect(verdict.reason).toBe("1 breaking change needs approval: waiting for ana@shop.test, @bo.");
    expect(verdict.missingApprovals).toEqual(pending.status === "PENDING" ? pending.missing : []);
  });

  it("is blocked, naming the asset and what to configure, when nobody may approve a change", () => {
    const nobody: ApprovalState = {
      status: "PENDING",
      approvedBy: [],
      missing: [
        { groupId: "asset:model.shop.customers", assetUniqueId: "model.shop.customers", needed: 1, approved: 0, waitingFor: [], satisfiable: false },
        ...(pending.status === "PENDING" ? pending.missing : []),
      ],
    };
    const verdict = propose([breaking], nobody);
    expect(verdict).toMatchObject({ verdict: "BLOCKED", missingApprovals: nobody.status === "PENDING" ? nobody.missing : [] });
    expect(verdict.reason).toMatch(/^Blocked: nobody may approve the breaking changes to model\.shop\.customers: .*approvals\.fallbackApprovers/);
  });

  it("is approved once the approvals are in", () => {
    expect(propose([breaking], { status: "SATISFIED", approvedBy: ["ana"] })).toMatchObject({ verdict: "APPROVED", reason: "Approved by ana." });
  });

  it("is rejected when an approver rejected, before anything else", () => {
    expect(propose([breaking], { status: "REJECTED", rejectedBy: ["bo"] }, [finding(true)])).toMatchObject({ verdict: "REJECTED", rejectedBy: ["bo"] });
  });

  it("is blocked by a blocking finding, and not by a reported one", () => {
    expect(propose([], { status: "SATISFIED", approvedBy: [] }, [finding(true)]).verdict).toBe("BLOCKED");
    expect(propose([], { status: "SATISFIED", approvedBy: [] }, [finding(false)]).verdict).toBe("NO_APPROVAL_NEEDED");
  });
});

describe("decideVerdict for an apply", () => {
  const apply = (approved: string[], findings: PolicyFinding[] = []) =>
    decideVerdict({ mode: "APPLY", changesNeedingApproval: [breaking, otherBreaking], approvedFingerprints: new Set(approved), findings });

  it("applies when every breaking mart change's fingerprint was approved", () => {
    expect(apply([breaking.fingerprint, otherBreaking.fingerprint])).toMatchObject({ verdict: "APPLIED", uncoveredChanges: [] });
  });

  it("blocks with the changes no approval covers", () => {
    const verdict = apply([breaking.fingerprint]);
    expect(verdict.verdict).toBe("BLOCKED");
    expect(verdict.uncoveredChanges).toEqual([otherBreaking]);
    expect(verdict.reason).toMatch(/1 breaking change not approved/);
  });

  it("blocks on a blocking finding even when everything was approved", () => {
    const verdict = apply([breaking.fingerprint, otherBreaking.fingerprint], [finding(true)]);
    expect(verdict).toMatchObject({ verdict: "BLOCKED", uncoveredChanges: [], blockingFindings: [finding(true)] });
  });

  it("applies when nothing needs approval", () => {
    expect(decideVerdict({ mode: "APPLY", changesNeedingApproval: [], approvedFingerprints: new Set(), findings: [] }).verdict).toBe("APPLIED");
  });

  it("fails the CI build only for APPROVAL_REQUIRED, REJECTED and BLOCKED", () => {
    expect([...FAILING_VERDICTS].sort()).toEqual(["APPROVAL_REQUIRED", "BLOCKED", "REJECTED"]);
  });
});

describe("summarizeChanges", () => {
  it("counts per category and action and lists the most severe first", () => {
    const summary = summarizeChanges([docs, breaking, otherBreaking], 2);
    expect(summary.headline).toBe("3 changes: 2 breaking, 1 docs");
    expect(summary.byCategory).toEqual({ BREAKING: 2, LOGIC: 0, QUALITY: 0, ADDITIVE: 0, DOCS: 1 });
    expect(summary.byAction).toEqual({ ADDED: 0, REMOVED: 2, MODIFIED: 1 });
    expect(summary.lines).toEqual([
      "BREAKING ASSET_REMOVED: Model customers was removed.",
      "BREAKING COLUMN_REMOVED: Column status was removed from model orders.",
    ]);
    expect(summary.omitted).toBe(1);
  });

  it("says so when there are no changes", () => {
    expect(summarizeChanges([])).toMatchObject({ total: 0, headline: "No changes.", lines: [] });
  });
});
