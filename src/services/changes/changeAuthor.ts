/**
 * Who authored a change: the person who opened its change request, never whoever posted last.
 * A proposal that updates an open change request keeps that request's author, so a CI re-post
 * of an owner's proposal neither makes the owner an approver nor takes the author's place. A new
 * change is authored by the person `push --author` names, else by the person the token acts for
 * (a pipeline token that acts for nobody authors as itself). Authors never approve their own
 * change (core/change/approvers.ts).
 */
import { AppError } from "../../core/errors.js";
import { ownerKey } from "../../core/manifest/index.js";
import type { TenantTx } from "../../db/tenantScope.js";
import type { TenantContext } from "../actor.js";
import { upsertOwner } from "../owners.js";
import { activeChangeRequest } from "./changeRequests.js";

export interface ChangeAuthor {
  ownerId: string | null;
  /** As approvers are named (email:…); null for a pipeline that acts for no person. */
  ownerKey: string | null;
  tokenId: string | null;
  label: string;
}

export async function changeAuthor(
  tx: TenantTx,
  ctx: TenantContext,
  post: { projectId: string; mode: "APPLY" | "PROPOSE"; branch: string | null; author: string | null },
): Promise<ChangeAuthor> {
  const open = post.mode === "PROPOSE" ? await activeChangeRequest(tx, post.projectId, post.branch) : null;
  if (open) {
    const person = open.authorOwnerId ? await tx.owner.findFirst({ where: { id: open.authorOwnerId } }) : null;
    return { ownerId: person?.id ?? null, ownerKey: person?.key ?? null, tokenId: open.authorTokenId, label: open.authorLabel };
  }
  const actingFor = ctx.actor.ownerId ? await tx.owner.findFirst({ where: { id: ctx.actor.ownerId } }) : null;
  if (post.author === null) {
    return { ownerId: actingFor?.id ?? null, ownerKey: actingFor?.key ?? null, tokenId: ctx.actor.tokenId, label: ctx.actor.label };
  }
  // A person's token naming someone else would let that person approve their own change.
  if (actingFor && actingFor.key !== ownerKey({ name: null, email: post.author, handle: null })) {
    throw new AppError("FORBIDDEN", `This token acts for ${actingFor.email ?? actingFor.key}; it cannot post a change authored by ${post.author}`, { path: "$.author" });
  }
  const person = await upsertOwner(ctx.tenant.id, tx, { email: post.author });
  return { ownerId: person.id, ownerKey: person.key, tokenId: ctx.actor.tokenId, label: person.email ?? post.author };
}
