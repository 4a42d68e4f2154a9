/**
 * Change requests: opened or updated by proposals, decided by owners, applied by the main
 * branch's post. Every function runs inside the caller's transaction.
 */
import {
  approvalState,
  decideVerdict,
  summarizeChanges,
  type ApprovalRecord,
  type ApproverGroup,
  type Change,
  type PolicyFinding,
  type Verdict,
} from "../../core/change/index.js";
import { bulkInsert, newRowId, type BulkColumns } from "../../db/bulkInsert.js";
import type { TenantTx } from "../../db/tenantScope.js";
import type { ChangeRequest, ChangeRequestStatus, Prisma } from "../../generated/prisma/client.js";
import type { ChangeAuthor } from "./changeAuthor.js";
import { notify, type NotifyEvent } from "../notifications/index.js";
import { downstreamImpact, type Impact } from "./downstream.js";
import type { PostEvaluation } from "./evaluatePost.js";

export interface PostScope {
  tenantId: string;
  projectId: string;
  projectName: string;
  branch: string | null;
  gitSha: string | null;
  versionId: string;
  /** uniqueId → asset id of assets already in the catalog */
  assetIds: Map<string, string>;
  links: ChangeRequestLinks;
  /** Who opened the change (changeAuthor.ts); recorded on change requests this post opens. */
  author: ChangeAuthor;
}

export interface ChangeRequestLinks {
  /** Where people open a change request: its page in the web app (links.ts). */
  changeRequestUrl(id: string): string;
}

export interface ProcessOutcome {
  verdict: Verdict;
  changeRequest: ChangeRequest | null;
}

const ACTIVE: ChangeRequestStatus[] = ["OPEN", "APPROVED", "REJECTED"];
const NO_BRANCH = "(no branch)";

/** The branch's change request that a proposal updates rather than opening another. */
export function activeChangeRequest(tx: TenantTx, projectId: string, branch: string | null): Promise<ChangeRequest | null> {
  return tx.changeRequest.findFirst({ where: { projectId, branch: branch ?? NO_BRANCH, status: { in: ACTIVE } }, orderBy: { createdAt: "desc" } });
}

const CHANGE_COLUMNS: BulkColumns = {
  id: "text", tenantId: "text", changeRequestId: "text", manifestVersionId: "text", assetId: "text", assetUniqueId: "text", columnName: "text",
  action: { enum: "ChangeAction" }, category: { enum: "ChangeCategory" }, reasonCode: "text", message: "text", fingerprint: "text", details: "jsonb",
};

/** propose: open or update the branch's change request; the catalog is not touched. */
export async function proposeChanges(tx: TenantTx, scope: PostScope, evaluation: PostEvaluation): Promise<ProcessOutcome> {
  const branch = scope.branch ?? NO_BRANCH;
  const existing = await activeChangeRequest(tx, scope.projectId, scope.branch);
  if (!evaluation.scope.opensChangeRequest) {
    if (existing) await tx.changeRequest.update({ where: key(scope.tenantId, existing.id), data: { status: "CLOSED", latestVersionId: scope.versionId, decidedAt: new Date() } });
    const verdict = decideVerdict({ mode: "PROPOSE", changesNeedingApproval: [], approval: { status: "SATISFIED", approvedBy: [] }, findings: evaluation.findings });
    return { verdict, changeRequest: null };
  }

  const fingerprints = [...new Set(evaluation.scope.changesNeedingApproval.map((c) => c.fingerprint))].sort();
  const impact = await downstreamImpact(tx, scope.tenantId, changedAssetIds(evaluation.changes, scope.assetIds));
  const fields = {
    gitSha: scope.gitSha,
    title: titleOf(scope.projectName, branch, evaluation.changes),
    impact: impact as unknown as Prisma.InputJsonValue,
    requiredApprovers: evaluation.approvers as unknown as Prisma.InputJsonValue,
    policyFindings: evaluation.findings as unknown as Prisma.InputJsonValue,
    fingerprints,
    latestVersionId: scope.versionId,
  };
  let request: ChangeRequest;
  let event: NotifyEvent["type"] | null;
  if (!existing) {
    request = await tx.changeRequest.create({
      data: { ...fields, tenantId: scope.tenantId, projectId: scope.projectId, branch, ...authorFields(scope.author) },
    });
    event = "change_request.opened";
  } else {
    const before = await tx.change.findMany({ where: { changeRequestId: existing.id }, select: { fingerprint: true } });
    const changed = !sameSet(before.map((c) => c.fingerprint), evaluation.changes.map((c) => c.fingerprint));
    const approvalsStillHold = sameSet(existing.fingerprints, fingerprints);
    if (!approvalsStillHold) await tx.approval.deleteMany({ where: { changeRequestId: existing.id } });
    await tx.change.deleteMany({ where: { changeRequestId: existing.id } });
    request = await tx.changeRequest.update({ where: key(scope.tenantId, existing.id), data: { ...fields, status: approvalsStillHold ? existing.status : "OPEN", decidedAt: approvalsStillHold ? existing.decidedAt : null } });
    event = changed ? "change_request.updated" : null;
  }
  await saveChanges(tx, scope.tenantId, { changeRequestId: request.id }, evaluation.changes, scope.assetIds);
  const { verdict, status } = await currentVerdict(tx, request, evaluation.scope.changesNeedingApproval, evaluation.findings);
  if (status !== request.status) request = await tx.changeRequest.update({ where: key(scope.tenantId, request.id), data: { status, decidedAt: status === "OPEN" ? null : new Date() } });
  if (event) await notifyAbout(tx, scope, request, event, `${request.id}:${event}:${scope.versionId}`, impact, evaluation, verdict);
  return { verdict, changeRequest: request };
}

/** apply: refuses uncovered breaking changes; else marks the change requests it carries out APPLIED. */
export async function checkApply(tx: TenantTx, projectId: string, evaluation: PostEvaluation): Promise<Verdict> {
  const approved = await tx.changeRequest.findMany({ where: { projectId, status: "APPROVED" }, select: { fingerprints: true } });
  return decideVerdict({
    mode: "APPLY",
    changesNeedingApproval: evaluation.scope.changesNeedingApproval,
    approvedFingerprints: new Set(approved.flatMap((r) => r.fingerprints)),
    findings: evaluation.findings,
  });
}

export async function recordApplied(tx: TenantTx, scope: PostScope, evaluation: PostEvaluation, verdict: Verdict): Promise<ChangeRequest | null> {
  if (!evaluation.scope.opensChangeRequest) return null;
  const applied = new Set(evaluation.changes.map((c) => c.fingerprint));
  const approved = await tx.changeRequest.findMany({ where: { projectId: scope.projectId, status: "APPROVED" } });
  const carried = approved.filter((r) => r.fingerprints.some((f) => applied.has(f)));
  const impact = await downstreamImpact(tx, scope.tenantId, changedAssetIds(evaluation.changes, scope.assetIds));
  const requests: ChangeRequest[] = [];
  for (const request of carried) {
    requests.push(await tx.changeRequest.update({ where: key(scope.tenantId, request.id), data: { status: "APPLIED", appliedVersionId: scope.versionId } }));
  }
  if (requests.length === 0) {
    // Applied without a proposal (nothing needed approval): downstream consumers still hear of it.
    const request = await tx.changeRequest.create({
      data: {
        tenantId: scope.tenantId,
        projectId: scope.projectId,
        branch: scope.branch ?? NO_BRANCH,
        gitSha: scope.gitSha,
        status: "APPLIED",
        title: titleOf(scope.projectName, scope.branch ?? "main", evaluation.changes),
        ...authorFields(scope.author),
        impact: impact as unknown as Prisma.InputJsonValue,
        requiredApprovers: evaluation.approvers as unknown as Prisma.InputJsonValue,
        policyFindings: evaluation.findings as unknown as Prisma.InputJsonValue,
        fingerprints: [],
        latestVersionId: scope.versionId,
        appliedVersionId: scope.versionId,
        decidedAt: new Date(),
      },
    });
    await saveChanges(tx, scope.tenantId, { changeRequestId: request.id }, evaluation.changes, scope.assetIds);
    requests.push(request);
  }
  for (const request of requests) {
    await notifyAbout(tx, scope, request, "change_request.applied", `${request.id}:applied:${scope.versionId}`, impact, evaluation, verdict);
  }
  return requests[0] ?? null;
}

/** The verdict a change request stands at now, from its stored approvers and approvals. */
export async function currentVerdict(
  tx: TenantTx,
  request: ChangeRequest,
  changesNeedingApproval: readonly Change[] | null = null,
  findings: readonly PolicyFinding[] | null = null,
): Promise<{ verdict: Verdict; status: ChangeRequestStatus }> {
  const groups = request.requiredApprovers as unknown as ApproverGroup[];
  const approvals = await tx.approval.findMany({ where: { changeRequestId: request.id }, orderBy: { createdAt: "asc" }, include: { owner: true } });
  const records: ApprovalRecord[] = approvals.map((a) => ({ ownerKey: a.owner.key, decision: a.decision }));
  const state = approvalState(groups, records);
  const needing = changesNeedingApproval ?? (await storedChanges(tx, request.id, request.fingerprints));
  const verdict = decideVerdict({ mode: "PROPOSE", changesNeedingApproval: needing, approval: state, findings: findings ?? (request.policyFindings as unknown as PolicyFinding[]) });
  if (["APPLIED", "SUPERSEDED", "CLOSED"].includes(request.status)) return { verdict, status: request.status };
  const status: ChangeRequestStatus = state.status === "REJECTED" ? "REJECTED" : state.status === "SATISFIED" && needing.length > 0 ? "APPROVED" : "OPEN";
  return { verdict, status };
}

export async function notifyAbout(
  tx: TenantTx,
  scope: Pick<PostScope, "tenantId" | "projectName" | "links">,
  request: ChangeRequest,
  type: NotifyEvent["type"],
  eventKey: string,
  impact: Impact,
  evaluation: Pick<PostEvaluation, "changes" | "approvers"> | null,
  verdict: Verdict,
): Promise<void> {
  const approverKeys = new Set((request.requiredApprovers as unknown as ApproverGroup[]).flatMap((g) => g.candidates));
  const approvers = approverKeys.size > 0 ? await tx.owner.findMany({ where: { key: { in: [...approverKeys] } }, select: { id: true } }) : [];
  const recipients = [...impact.owners, ...impact.subscribers].map((p) => p.ownerId).concat(approvers.map((a) => a.id));
  const changes = evaluation?.changes ?? (await storedChanges(tx, request.id));
  await notify(
    tx,
    scope.tenantId,
    {
      type,
      changeRequestId: request.id,
      eventKey,
      title: `${eventTitle(type)}: ${request.title}`,
      payload: {
        project: scope.projectName,
        branch: request.branch,
        gitSha: request.gitSha,
        status: request.status,
        verdict: verdict.verdict,
        reason: verdict.reason,
        url: scope.links.changeRequestUrl(request.id),
        changes: summarizeChanges(changes),
        impact: { assets: impact.assets.length, exposures: impact.exposures.map((e) => e.uniqueId), owners: impact.owners.map((o) => o.email ?? o.name) },
        requiredApprovers: request.requiredApprovers,
      },
    },
    recipients,
  );
}

/** A change request's stored changes (only those with the given fingerprints, when given). */
export async function storedChanges(tx: TenantTx, changeRequestId: string, fingerprints?: string[]): Promise<Change[]> {
  const rows = await tx.change.findMany({ where: { changeRequestId, ...(fingerprints ? { fingerprint: { in: fingerprints } } : {}) } });
  return rows.map((row) => ({
    assetUniqueId: row.assetUniqueId,
    ...(row.columnName ? { columnName: row.columnName } : {}),
    action: row.action,
    category: row.category,
    reasonCode: row.reasonCode as Change["reasonCode"],
    message: row.message,
    details: row.details as unknown as Change["details"],
    fingerprint: row.fingerprint,
  }));
}

/** Stores classified changes, belonging to a change request or to a manifest version (asset history). */
export async function saveChanges(
  tx: TenantTx,
  tenantId: string,
  owner: { changeRequestId: string } | { manifestVersionId: string },
  changes: Change[],
  assetIds: Map<string, string>,
): Promise<void> {
  await bulkInsert(
    tx,
    "Change",
    CHANGE_COLUMNS,
    changes.map((change) => ({
      id: newRowId(),
      tenantId,
      changeRequestId: null,
      manifestVersionId: null,
      ...owner,
      assetId: assetIds.get(change.assetUniqueId) ?? null,
      assetUniqueId: change.assetUniqueId,
      columnName: change.columnName ?? null,
      action: change.action,
      category: change.category,
      reasonCode: change.reasonCode,
      message: change.message,
      fingerprint: change.fingerprint,
      details: change.details,
    })),
  );
}

function changedAssetIds(changes: Change[], assetIds: Map<string, string>): string[] {
  return [...new Set(changes.map((c) => assetIds.get(c.assetUniqueId)).filter((id): id is string => !!id))];
}

function titleOf(project: string, branch: string, changes: Change[]): string {
  return `${project} @ ${branch}: ${summarizeChanges(changes, 0).headline}`;
}

function eventTitle(type: NotifyEvent["type"]): string {
  return { "change_request.opened": "Change request opened", "change_request.updated": "Change request updated", "change_request.approved": "Change request approved", "change_request.rejected": "Change request rejected", "change_request.applied": "Change applied", "definition.conflict": "Conflicting definition" }[type];
}

const key = (tenantId: string, id: string) => ({ tenantId_id: { tenantId, id } });

const authorFields = (author: ChangeAuthor) => ({ authorTokenId: author.tokenId, authorOwnerId: author.ownerId, authorLabel: author.label });

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const left = new Set(a);
  const right = new Set(b);
  return left.size === right.size && [...left].every((x) => right.has(x));
}
