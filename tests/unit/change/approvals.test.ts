import { describe, expect, it } from "vitest";
import { approvalState, type ApprovalRecord } from "../../../src/core/change/approvalState.js";
import { requiredApprovers, type RequiredApproversInput } from "../../../src/core/change/approvers.js";
import { createChange, type Change } from "../../../src/core/change/change.js";
import { changePolicySchema, type ChangePolicyInput } from "../../../src/core/change/policy.js";

function removed(assetUniqueId: string): Change {
  return createChange({ reasonCode: "ASSET_REMOVED", assetUniqueId, message: "gone", before: null, after: null });
}

const orders = "model.shop.orders";
const customers = "model.shop.customers";

function approvers(policy: ChangePolicyInput, overrides: Partial<RequiredApproversInput> = {}) {
  return requiredApprovers({
    changes: [removed(orders), removed(customers), removed(orders)],
    ownersByAsset: new Map([
      [orders, ["ana", "bo"]],
      [customers, ["cy"]],
    ]),
    downstreamExposures: new Map([
      [orders, [{ uniqueId: "exposure.shop.revenue", ownerKeys: ["dee"] }, { uniqueId: "exposure.shop.nobody", ownerKeys: [] }]],
      [customers, [{ uniqueId: "exposure.shop.revenue", ownerKeys: ["dee"] }]],
    ]),
    authorOwnerKey: null,
    policy: changePolicySchema.parse(policy),
    ...overrides,
  });
}

const approve = (ownerKey: string): ApprovalRecord => ({ ownerKey, decision: "APPROVED" });
const reject = (ownerKey: string): ApprovalRecord => ({ ownerKey, decision: "REJECTED" });

describe("requiredApprovers", () => {
  it("asks one owner of each changed mart by default", () => {
    expect(approvers({}).map((g) => [g.id, g.candidates, g.needed])).toEqual([
      [`asset:${customers}`, ["cy"], 1],
      [`asset:${orders}`, ["ana", "bo"], 1],
    ]);
  });

  it("asks every owner under ALL_OWNERS", () => {
    expect(approvers({ approvals: { mode: "ALL_OWNERS" } }).map((g) => g.needed)).toEqual([1, 2]);
  });

  it("asks for N approvals per mart, or all eligible owners when there are fewer", () => {
    expect(approvers({ approvals: { minApprovals: 2 } }).map((g) => g.needed)).toEqual([1, 2]);
  });

  it("never lets the author approve their own change", () => {
    const groups = approvers({}, { authorOwnerKey: "ana" });
    expect(groups.find((g) => g.assetUniqueId === orders)?.candidates).toEqual(["bo"]);
  });

  it("adds each downstream exposure once when the policy includes exposure owners, skipping unowned ones", () => {
    const groups = approvers({ approvals: { includeDownstreamExposureOwners: true } });
    expect(groups.filter((g) => g.reason === "DOWNSTREAM_EXPOSURE_OWNER").map((g) => [g.id, g.candidates])).toEqual([
      ["exposure:exposure.shop.revenue", ["dee"]],
    ]);
  });

  it("falls back to the policy's fallback approvers when a mart has no other owner, else is unsatisfiable", () => {
    const onlyAuthor = { ownersByAsset: new Map([[orders, ["email:ana@shop.test"]]]), authorOwnerKey: "email:ana@shop.test", changes: [removed(orders)] };
    const [fallback] = approvers({ approvals: { fallbackApprovers: ["Platform@Shop.test", "email:ana@shop.test"] } }, onlyAuthor);
    expect(fallback).toMatchObject({ reason: "FALLBACK_APPROVER", candidates: ["email:platform@shop.test"], satisfiable: true });
    const [stuck] = approvers({}, onlyAuthor);
    expect(stuck).toMatchObject({ candidates: [], satisfiable: false });
    expect(approvalState([stuck!], [approve("email:ana@shop.test")])).toMatchObject({ status: "PENDING", missing: [{ satisfiable: false, waitingFor: [] }] });
  });
});

describe("approvalState", () => {
  const groups = approvers({});

  it("is pending with who is missing until each group has its approvals", () => {
    expect(approvalState(groups, [approve("bo")])).toEqual({
      status: "PENDING",
      approvedBy: ["bo"],
      missing: [{ groupId: `asset:${customers}`, assetUniqueId: customers, needed: 1, approved: 0, waitingFor: ["cy"], satisfiable: true }],
    });
  });

  it("is satisfied when every group is", () => {
    expect(approvalState(groups, [approve("bo"), approve("cy")])).toEqual({ status: "SATISFIED", approvedBy: ["bo", "cy"] });
  });

  it("is rejected by one eligible rejection, and an owner's latest decision counts", () => {
    expect(approvalState(groups, [approve("bo"), approve("cy"), reject("ana")])).toEqual({ status: "REJECTED", rejectedBy: ["ana"] });
    expect(approvalState(groups, [reject("ana"), approve("ana"), approve("cy")]).status).toBe("SATISFIED");
  });

  it("ignores decisions of people who are not eligible, such as the author", () => {
    const withAuthor = approvers({}, { authorOwnerKey: "ana" });
    expect(approvalState(withAuthor, [approve("ana"), reject("mallory"), approve("cy")]).status).toBe("PENDING");
  });

  it("is satisfied when nothing needs approval", () => {
    expect(approvalState([], [])).toEqual({ status: "SATISFIED", approvedBy: [] });
  });
});
