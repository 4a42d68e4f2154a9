/**
 * Where a change request stands, given the required approver groups and the decisions owners
 * have recorded (oldest first). An owner's latest decision counts; decisions of people who are
 * not eligible for any group (including the author) are ignored. One rejection by an eligible
 * approver rejects the request.
 */
import type { ApproverGroup } from "./approvers.js";

export interface ApprovalRecord {
  ownerKey: string;
  decision: "APPROVED" | "REJECTED";
}

export interface MissingApproval {
  groupId: string;
  assetUniqueId: string;
  needed: number;
  approved: number;
  /** Eligible approvers who have not approved yet. */
  waitingFor: string[];
  satisfiable: boolean;
}

export type ApprovalState =
  | { status: "SATISFIED"; approvedBy: string[] }
  | { status: "PENDING"; approvedBy: string[]; missing: MissingApproval[] }
  | { status: "REJECTED"; rejectedBy: string[] };

export function approvalState(required: readonly ApproverGroup[], records: readonly ApprovalRecord[]): ApprovalState {
  const eligible = new Set(required.flatMap((g) => g.candidates));
  const latest = new Map<string, ApprovalRecord["decision"]>();
  for (const record of records) if (eligible.has(record.ownerKey)) latest.set(record.ownerKey, record.decision);
  const rejectedBy = keysWith(latest, "REJECTED");
  if (rejectedBy.length > 0) return { status: "REJECTED", rejectedBy };

  const approvedBy = keysWith(latest, "APPROVED");
  const approved = new Set(approvedBy);
  const missing: MissingApproval[] = [];
  for (const group of required) {
    const count = group.candidates.filter((key) => approved.has(key)).length;
    if (group.satisfiable && count >= group.needed) continue;
    missing.push({
      groupId: group.id,
      assetUniqueId: group.assetUniqueId,
      needed: group.needed,
      approved: count,
      waitingFor: group.candidates.filter((key) => !approved.has(key)),
      satisfiable: group.satisfiable,
    });
  }
  return missing.length === 0 ? { status: "SATISFIED", approvedBy } : { status: "PENDING", approvedBy, missing };
}

function keysWith(latest: ReadonlyMap<string, ApprovalRecord["decision"]>, decision: ApprovalRecord["decision"]): string[] {
  return [...latest].filter(([, d]) => d === decision).map(([key]) => key).sort();
}
