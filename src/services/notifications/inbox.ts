/**
 * A person's notifications: the viewer is the owner the token acts for. A token that acts
 * for nobody (a CI token, an ADMIN token made without --owner) gets a clear error rather
 * than an empty list that would look like "nothing happened".
 */
import { z } from "zod";
import { AppError, badInput } from "../../core/errors.js";
import type { Prisma } from "../../generated/prisma/client.js";
import type { TenantContext } from "../actor.js";

export function viewerOwnerId(ctx: Pick<TenantContext, "actor">): string {
  if (!ctx.actor.ownerId) {
    throw new AppError(
      "FORBIDDEN",
      "Notifications belong to a person, and this token acts for no one; use a token created with an owner (--owner <email>)",
    );
  }
  return ctx.actor.ownerId;
}

const cursorPayload = z.object({ t: z.string(), i: z.string() });

/** Keyset cursors (createdAt, id): new notifications arriving at the top never shift a page. */
export function encodeNotificationCursor(row: { createdAt: Date; id: string }): string {
  return Buffer.from(JSON.stringify({ t: row.createdAt.toISOString(), i: row.id })).toString("base64url");
}

function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  try {
    const { t, i } = cursorPayload.parse(JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")));
    const createdAt = new Date(t);
    if (Number.isNaN(createdAt.getTime())) throw new Error("bad date");
    return { createdAt, id: i };
  } catch {
    throw badInput("after is not a cursor this list gave out", { argument: "after" });
  }
}

export interface NotificationQuery {
  unreadOnly?: boolean | null;
  take: number;
  after?: string | null;
}

export async function listNotifications(ctx: Pick<TenantContext, "db" | "actor">, query: NotificationQuery) {
  const ownerId = viewerOwnerId(ctx);
  const base: Prisma.NotificationWhereInput = { ownerId, ...(query.unreadOnly ? { readAt: null } : {}) };
  const after = query.after ? decodeCursor(query.after) : null;
  const where: Prisma.NotificationWhereInput = after
    ? {
        ...base,
        OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }],
      }
    : base;
  const [rows, remaining, total] = await Promise.all([
    ctx.db.notification.findMany({ where, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: query.take }),
    ctx.db.notification.count({ where }),
    ctx.db.notification.count({ where: base }),
  ]);
  return { rows, hasNextPage: remaining > rows.length, totalCount: total };
}

export function unreadNotificationCount(ctx: Pick<TenantContext, "db" | "actor">): Promise<number> {
  return ctx.db.notification.count({ where: { ownerId: viewerOwnerId(ctx), readAt: null } });
}

export const markReadInput = z
  .object({ ids: z.array(z.string().min(1)).max(500).nullish(), all: z.boolean().nullish() })
  .refine((input) => Boolean(input.all) !== Boolean(input.ids?.length), {
    message: "give either ids (at most 500) or all: true",
  });

/** Marks the viewer's notifications read; ids of anyone else's are ignored. Returns how many changed. */
export async function markNotificationsRead(
  ctx: Pick<TenantContext, "db" | "actor">,
  input: { ids?: string[] | null; all?: boolean | null },
): Promise<number> {
  const { ids, all } = markReadInput.parse(input);
  const ownerId = viewerOwnerId(ctx);
  const updated = await ctx.db.notification.updateMany({
    where: { ownerId, readAt: null, ...(all ? {} : { id: { in: ids ?? [] } }) },
    data: { readAt: new Date() },
  });
  return updated.count;
}
