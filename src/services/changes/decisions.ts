/**
 * Owners approve or reject change requests: only with an OWNER (or ADMIN) token that acts for
 * an owner who is a required approver; never the author; never a CI token.
 */
import { z } from "zod";
import type { ApproverGroup } from "../../core/change/index.js";
import { AppError, notFound } from "../../core/errors.js";
import { roleAtLeast } from "../../core/tokens.js";
import type { ApprovalDecision } from "../../generated/prisma/client.js";
import type { TenantContext } from "../actor.js";
import { recordAudit } from "../audit.js";
import { wakeDeliveryWorkers } from "../notifications/index.js";
import { assertRole } from "../tokens.js";
import { currentVerdict, notifyAbout, type ChangeRequestLinks } from "./changeRequests.js";
import type { Impact } from "./downstream.js";

export const decisionInput = z.object({
  comment: z.string().trim().max(5_000).optional(),
});

const DECIDABLE = new Set(["OPEN", "APPROVED", "REJECTED"]);

type DecidableRequest = { status: string; authorOwnerId: string | null; requiredApprovers: unknown };
type Decider = { id: string; key: string; email: string | null; name: string | null };

/** Why this person may not approve or reject this request now; null when they may. */
function decisionRefusal(request: DecidableRequest, owner: Decider): AppError | null {
  if (!DECIDABLE.has(request.status)) return new AppError("BAD_USER_INPUT", `The change request is ${request.status.toLowerCase()}; it can no longer be decided`);
  if (request.authorOwnerId === owner.id) return new AppError("FORBIDDEN", "The author of a change cannot approve or reject it");
  const groups = request.requiredApprovers as ApproverGroup[];
  if (!groups.some((g) => g.candidates.includes(owner.key))) {
    return new AppError("FORBIDDEN", `${owner.email ?? owner.name ?? owner.key} is not a required approver of this change request`);
  }
  return null;
}

/** Whether the token's person may approve or reject the request now (what the web app's buttons follow). */
export async function viewerMayDecide(ctx: TenantContext, request: DecidableRequest): Promise<boolean> {
  if (!roleAtLeast(ctx.actor.role, "OWNER") || !ctx.actor.ownerId) return false;
  const owner = await ctx.db.owner.findFirst({ where: { id: ctx.actor.ownerId } });
  return owner !== null && decisionRefusal(request, owner) === null;
}

export async function decideChangeRequest(
  ctx: TenantContext,
  links: ChangeRequestLinks,
  input: { id: string; decision: ApprovalDecision; comment?: string | null },
) {
  assertRole(ctx, "OWNER");
  const { comment } = decisionInput.parse({ comment: input.comment ?? undefined });
  if (input.decision === "REJECTED" && !comment) throw new AppError("BAD_USER_INPUT", "A rejection needs a comment saying why", { path: "$.comment" });
  const ownerId = ctx.actor.ownerId;
  if (!ownerId) throw new AppError("FORBIDDEN", "This token acts for no owner: create one with --owner <email> to approve or reject");
  const decided = await ctx.db.$transaction(async (tx) => {
    const request = await tx.changeRequest.findFirst({ where: { id: input.id }, include: { project: true } });
    if (!request) throw notFound("Change request", input.id);
    const owner = await tx.owner.findFirstOrThrow({ where: { id: ownerId } });
    const refusal = decisionRefusal(request, owner);
    if (refusal) throw refusal;
    const approval = await tx.approval.create({
      data: { tenantId: ctx.tenant.id, changeRequestId: request.id, ownerId, tokenId: ctx.actor.tokenId ?? "cli", decision: input.decision, comment: comment ?? null },
    });
    const { verdict, status } = await currentVerdict(tx, request);
    const updated = await tx.changeRequest.update({
      where: { tenantId_id: { tenantId: ctx.tenant.id, id: request.id } },
      data: { status, decidedAt: status === "OPEN" ? null : new Date() },
    });
    const event = input.decision === "APPROVED" ? "change_request.approved" : "change_request.rejected";
    if (status !== request.status || input.decision === "REJECTED") {
      await notifyAbout(tx, { tenantId: ctx.tenant.id, projectName: request.project.name, links }, updated, event, `${request.id}:${event}:${approval.id}`, request.impact as unknown as Impact, null, verdict);
    }
    await recordAudit(ctx, tx, {
      action: input.decision === "APPROVED" ? "change_request.approve" : "change_request.reject",
      targetType: "ChangeRequest",
      targetId: request.id,
      details: { owner: owner.key, comment: comment ?? null, status },
    });
    return { changeRequest: updated, approval, verdict };
  });
  wakeDeliveryWorkers();
  return decided;
}
