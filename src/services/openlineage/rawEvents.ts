/**
 * The raw events a tenant sent, for debugging and replay: paged newest first, and dropped once
 * older than the retention period. Expired events are never listed, and deleted by the next
 * ingest after the hourly purge falls due (per process and tenant).
 */
import { AppError } from "../../core/errors.js";
import type { TenantContext } from "../actor.js";
import { assertRole } from "../tokens.js";

const PURGE_INTERVAL_MS = 60 * 60_000;
const lastPurge = new Map<string, number>();
const DAY_MS = 24 * 60 * 60_000;

export async function purgeExpiredEvents(ctx: TenantContext, now: Date, retentionDays: number): Promise<void> {
  const due = (lastPurge.get(ctx.tenant.id) ?? -Infinity) + PURGE_INTERVAL_MS;
  if (now.getTime() < due) return;
  lastPurge.set(ctx.tenant.id, now.getTime());
  await ctx.db.$executeRawUnsafe(`DELETE FROM "OpenLineageEvent" WHERE "tenantId" = $1 AND "receivedAt" < $2::timestamptz`, ctx.tenant.id, cutoff(now, retentionDays));
}

const cutoff = (now: Date, retentionDays: number) => new Date(now.getTime() - retentionDays * DAY_MS).toISOString();

export interface RawEventPage {
  events: unknown[];
  items: { id: string; receivedAt: string; eventHash: string; flags: string[]; event: unknown }[];
  nextCursor: string | null;
}

export async function listRawEvents(
  ctx: TenantContext,
  page: { limit: number; cursor: string | null },
  options: { now: Date; retentionDays: number },
): Promise<RawEventPage> {
  assertRole(ctx, "READER");
  const after = page.cursor ? decodeCursor(page.cursor) : null;
  const rows = await ctx.db.$queryRawUnsafe<{ id: string; receivedAt: Date; eventHash: string; flags: string[]; payload: unknown }[]>(
    `SELECT "id", "receivedAt", "eventHash", "flags", "payload" FROM "OpenLineageEvent"
     WHERE "tenantId" = $1 AND "receivedAt" >= $2::timestamptz
       AND ($3::timestamptz IS NULL OR ("receivedAt", "id") < ($3::timestamptz, $4))
     ORDER BY "receivedAt" DESC, "id" DESC LIMIT $5`,
    ctx.tenant.id,
    cutoff(options.now, options.retentionDays),
    after?.receivedAt ?? null,
    after?.id ?? "",
    page.limit + 1,
  );
  const shown = rows.slice(0, page.limit);
  const last = shown.at(-1);
  return {
    events: shown.map((row) => row.payload),
    items: shown.map((row) => ({ id: row.id, receivedAt: row.receivedAt.toISOString(), eventHash: row.eventHash, flags: row.flags, event: row.payload })),
    nextCursor: rows.length > page.limit && last ? encodeCursor(last.receivedAt.toISOString(), last.id) : null,
  };
}

function encodeCursor(receivedAt: string, id: string): string {
  return Buffer.from(JSON.stringify([receivedAt, id])).toString("base64url");
}

function decodeCursor(cursor: string): { receivedAt: string; id: string } {
  try {
    const [receivedAt, id] = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as unknown[];
    if (typeof receivedAt === "string" && typeof id === "string" && !Number.isNaN(Date.parse(receivedAt))) return { receivedAt, id };
  } catch {
    // answered below
  }
  throw new AppError("BAD_USER_INPUT", "The cursor is not one this endpoint gave", { path: "$.cursor" });
}
