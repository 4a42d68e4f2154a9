import { z } from "zod";
import { notFound } from "../../core/errors.js";
import type { ChangeRequestStatus } from "../../generated/prisma/client.js";
import type { TenantContext } from "../actor.js";
import { currentVerdict } from "./changeRequests.js";

export const changeRequestFilter = z.object({
  project: z.string().optional(),
  status: z.enum(["OPEN", "APPROVED", "REJECTED", "APPLIED", "SUPERSEDED", "CLOSED"]).optional(),
});

export async function listChangeRequests(ctx: Pick<TenantContext, "db">, filter: z.infer<typeof changeRequestFilter>, page: { skip: number; take: number }) {
  const where = { ...(filter.project ? { project: { name: filter.project } } : {}), ...(filter.status ? { status: filter.status as ChangeRequestStatus } : {}) };
  const [rows, total] = await Promise.all([
    ctx.db.changeRequest.findMany({ where, orderBy: [{ updatedAt: "desc" }, { id: "asc" }], skip: page.skip, take: page.take }),
    ctx.db.changeRequest.count({ where }),
  ]);
  return { rows, total };
}

export async function getChangeRequest(ctx: Pick<TenantContext, "db">, id: string) {
  const row = await ctx.db.changeRequest.findFirst({ where: { id } });
  if (!row) throw notFound("Change request", id);
  return row;
}

/** The change request and the verdict it stands at (what `tributary push --wait` polls). */
export async function changeRequestVerdict(ctx: TenantContext, id: string) {
  const request = await getChangeRequest(ctx, id);
  const { verdict } = await ctx.db.$transaction((tx) => currentVerdict(tx, request));
  return { changeRequest: { id: request.id, status: request.status, title: request.title }, verdict: verdict.verdict, reason: verdict.reason, missingApprovals: verdict.missingApprovals };
}
