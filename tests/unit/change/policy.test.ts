import { describe, expect, it } from "vitest";
import { changePolicySchema, DEFAULT_CHANGE_POLICY } from "../../../src/core/change/policy.js";
import { changePolicyOf } from "../../../src/services/changes/changePolicy.js";

describe("changePolicySchema", () => {
  it("defaults to one owner of each changed mart, findings reported but not blocking", () => {
    expect(DEFAULT_CHANGE_POLICY).toEqual({
      approvals: { mode: "ANY_OWNER_PER_MART", includeDownstreamExposureOwners: false, minApprovals: 1, fallbackApprovers: [] },
      gateExposedAssets: true,
      openChangeRequestFor: ["BREAKING", "LOGIC", "QUALITY", "ADDITIVE", "DOCS"],
      findings: { blocking: [], enforceOn: "CHANGED_ASSETS" },
      // No documentation minimum unless the tenant sets one (the demo uses the 95 % standard).
      documentationCoverage: {},
    });
  });

  it("fills the defaults of a partly given nested object", () => {
    const policy = changePolicySchema.parse({ approvals: { mode: "ALL_OWNERS" }, findings: { blocking: ["PRIMARY_KEY_NOT_TESTED"] } });
    expect(policy.approvals).toMatchObject({ mode: "ALL_OWNERS", minApprovals: 1 });
    expect(policy.findings).toEqual({ blocking: ["PRIMARY_KEY_NOT_TESTED"], enforceOn: "CHANGED_ASSETS" });
  });

  it.each([
    [{ approvals: { minApprovals: 0 } }, ["approvals", "minApprovals"]],
    [{ approvals: { mode: "MAJORITY" } }, ["approvals", "mode"]],
    [{ findings: { blocking: ["NO_SUCH_FINDING"] } }, ["findings", "blocking", 0]],
    [{ approval: {} }, []],
  ])("rejects %j with an error at its path", (input, path) => {
    const result = changePolicySchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(path);
  });
});

describe("a stored policy from before fallback approvers were e-mail addresses", () => {
  it("keeps the rest of the policy and drops only the entries that never matched anyone", () => {
    const stored = {
      changePolicy: {
        approvals: { mode: "ALL_OWNERS", fallbackApprovers: ["platform", "email:Lead@Corp.com"] },
        findings: { blocking: ["MART_DESCRIPTION_MISSING"] },
      },
    };
    const policy = changePolicyOf(stored);
    expect(policy.approvals.mode).toBe("ALL_OWNERS");
    expect(policy.approvals.fallbackApprovers).toEqual(["lead@corp.com"]);
    expect(policy.findings.blocking).toEqual(["MART_DESCRIPTION_MISSING"]);
  });
});
