/**
 * Who must approve a change request: groups of eligible approvers, each needing a number of
 * approvals. Approvers are owners, named by the caller's owner key (an Owner id or an email);
 * tokens never appear here, so a CI token cannot approve by construction, and the author is
 * never eligible to approve their own change.
 */
import type { Change } from "./change.js";
import type { ChangePolicy } from "./policy.js";
import { ownerKey } from "../manifest/owners.js";
import { sortedUnique } from "./text.js";

export interface DownstreamExposure {
  uniqueId: string;
  ownerKeys: readonly string[];
}

export interface RequiredApproversInput {
  /** The changes needing approval (changeRequestScope().changesNeedingApproval). */
  changes: readonly Change[];
  ownersByAsset: ReadonlyMap<string, readonly string[]>;
  /** Exposures downstream of each changed asset; used when the policy includes their owners. */
  downstreamExposures?: ReadonlyMap<string, readonly DownstreamExposure[]>;
  /** The posting person's owner key, when the post acts for one. */
  authorOwnerKey: string | null;
  policy: ChangePolicy;
}

export type ApproverGroupReason = "CHANGED_ASSET_OWNER" | "FALLBACK_APPROVER" | "DOWNSTREAM_EXPOSURE_OWNER";

export interface ApproverGroup {
  /** `asset:<uniqueId>` or `exposure:<uniqueId>`: stable across re-posts. */
  id: string;
  assetUniqueId: string;
  reason: ApproverGroupReason;
  /** Owner keys allowed to approve for this group, sorted. */
  candidates: string[];
  needed: number;
  /** False when nobody is eligible: the verdict is BLOCKED until an owner or a fallback approver is named. */
  satisfiable: boolean;
}

export function requiredApprovers(input: RequiredApproversInput): ApproverGroup[] {
  const { policy } = input;
  const eligible = (keys: readonly string[]): string[] =>
    sortedUnique(keys.filter((key) => key !== input.authorOwnerKey));
  const changedAssets = sortedUnique(input.changes.map((c) => c.assetUniqueId));
  const fallback = eligible(policy.approvals.fallbackApprovers.map((email) => ownerKey({ email, name: null, handle: null })));
  const groups: ApproverGroup[] = [];

  for (const assetUniqueId of changedAssets) {
    const owners = eligible(input.ownersByAsset.get(assetUniqueId) ?? []);
    const candidates = owners.length > 0 ? owners : fallback;
    groups.push(
      group(`asset:${assetUniqueId}`, assetUniqueId, owners.length > 0 ? "CHANGED_ASSET_OWNER" : "FALLBACK_APPROVER", candidates, policy),
    );
  }

  if (policy.approvals.includeDownstreamExposureOwners) {
    const seen = new Set<string>();
    for (const assetUniqueId of changedAssets) {
      for (const exposure of input.downstreamExposures?.get(assetUniqueId) ?? []) {
        if (seen.has(exposure.uniqueId)) continue;
        seen.add(exposure.uniqueId);
        const candidates = eligible(exposure.ownerKeys);
        // An exposure nobody owns has nobody to ask; the mart owners' approval still applies.
        if (candidates.length === 0) continue;
        groups.push(group(`exposure:${exposure.uniqueId}`, exposure.uniqueId, "DOWNSTREAM_EXPOSURE_OWNER", candidates, policy));
      }
    }
  }
  return groups;
}

function group(
  id: string,
  assetUniqueId: string,
  reason: ApproverGroupReason,
  candidates: string[],
  policy: ChangePolicy,
): ApproverGroup {
  const wanted = policy.approvals.mode === "ALL_OWNERS" ? candidates.length : policy.approvals.minApprovals;
  return {
    id,
    assetUniqueId,
    reason,
    candidates,
    needed: Math.max(1, Math.min(wanted, candidates.length)),
    satisfiable: candidates.length > 0,
  };
}
