/**
 * The outbox table as the worker sees it: claim due rows, record each attempt's outcome.
 *
 * Claiming is one statement: `UPDATE … FROM (SELECT … FOR UPDATE SKIP LOCKED LIMIT n)`. Rows
 * another worker is claiming at that instant are skipped, not waited for, and a claimed row
 * leaves the due set at once because its `nextAttemptAt` moves to the end of the claim's
 * lease. No transaction stays open during the HTTP request. A worker that dies mid-attempt
 * leaves its rows to be claimed again when the lease ends; results are written only under
 * the claim's `leaseToken`, so a worker that overran its lease cannot overwrite a newer claim.
 *
 * Raw SQL here is cross-tenant on purpose (the worker serves every tenant); every statement
 * names rows by (tenantId, id).
 */
import { randomUUID } from "node:crypto";
import type { EventEnvelope, WebhookFormat } from "../core/notify/payload.js";
import type { PrismaClient } from "../generated/prisma/client.js";

export interface ClaimedDelivery {
  tenantId: string;
  id: string;
  webhookId: string;
  event: string;
  payload: EventEnvelope;
  idempotencyKey: string;
  /** Attempts started, this one included. */
  attempts: number;
  createdAt: Date;
  leaseToken: string;
  url: string;
  secret: string;
  format: WebhookFormat;
}

/** Prisma stores `timestamp(3)` columns as UTC wall time; parameters are passed the same way. */
const utc = (date: Date): string => date.toISOString().slice(0, 23);

interface ClaimRow {
  tenantId: string;
  id: string;
  webhookId: string;
  event: string;
  payload: unknown;
  idempotencyKey: string;
  attempts: number | bigint;
  createdAt: string;
  url: string;
  secret: string;
  format: string;
}

export async function claimDueDeliveries(
  prisma: PrismaClient,
  options: { limit: number; leaseMs: number; maxAttempts: number; now: Date },
): Promise<ClaimedDelivery[]> {
  const leaseToken = randomUUID();
  const leaseEnd = new Date(options.now.getTime() + options.leaseMs);
  const rows = await prisma.$queryRawUnsafe<ClaimRow[]>(
    `UPDATE "Delivery" d
        SET "attempts" = d."attempts" + 1, "leaseToken" = $1, "nextAttemptAt" = $2::timestamp(3), "lastAttemptAt" = $3::timestamp(3)
       FROM (SELECT c."tenantId", c."id"
               FROM "Delivery" c
               JOIN "WebhookEndpoint" w ON w."tenantId" = c."tenantId" AND w."id" = c."webhookId"
              WHERE c."status" = 'PENDING' AND c."nextAttemptAt" <= $3::timestamp(3)
                AND c."attempts" < $4 AND w."disabledAt" IS NULL
              ORDER BY c."nextAttemptAt"
              LIMIT $5
              FOR UPDATE OF c SKIP LOCKED) due,
            "WebhookEndpoint" w
      WHERE d."tenantId" = due."tenantId" AND d."id" = due."id"
        AND w."tenantId" = d."tenantId" AND w."id" = d."webhookId"
  RETURNING d."tenantId", d."id", d."webhookId", d."event", d."payload", d."idempotencyKey", d."attempts",
            to_char(d."createdAt", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "createdAt",
            w."url", w."secret", w."format"::text AS "format"`,
    leaseToken,
    utc(leaseEnd),
    utc(options.now),
    options.maxAttempts,
    options.limit,
  );
  return rows.map((row) => ({
    tenantId: row.tenantId,
    id: row.id,
    webhookId: row.webhookId,
    event: row.event,
    payload: (typeof row.payload === "string" ? JSON.parse(row.payload) : row.payload) as EventEnvelope,
    idempotencyKey: row.idempotencyKey,
    attempts: Number(row.attempts),
    createdAt: new Date(row.createdAt),
    leaseToken,
    url: row.url,
    secret: row.secret,
    format: row.format as WebhookFormat,
  }));
}

const claimed = (claim: ClaimedDelivery) => ({ tenantId: claim.tenantId, id: claim.id, leaseToken: claim.leaseToken });

/** Each returns false when the claim was lost (the lease ran out and another worker took the row). */
export async function recordDelivered(prisma: PrismaClient, claim: ClaimedDelivery, result: { status: number; at: Date }): Promise<boolean> {
  const { count } = await prisma.delivery.updateMany({
    where: claimed(claim),
    data: { status: "DELIVERED", deliveredAt: result.at, lastStatusCode: result.status, lastError: null, leaseToken: null },
  });
  return count === 1;
}

export async function recordFailure(
  prisma: PrismaClient,
  claim: ClaimedDelivery,
  result: { status: number | null; error: string; retryAt: Date | null },
): Promise<boolean> {
  const { count } = await prisma.delivery.updateMany({
    where: claimed(claim),
    data: {
      status: result.retryAt ? "PENDING" : "FAILED",
      nextAttemptAt: result.retryAt ?? undefined,
      lastStatusCode: result.status,
      lastError: result.error.slice(0, 1000),
      leaseToken: null,
    },
  });
  return count === 1;
}

/**
 * A receiver that just answered 2xx is back: its deliveries waiting out a backoff are due now,
 * so a receiver that was down gets its backlog at once instead of after each row's next
 * (possibly half-hour) wait. Rows another worker holds are left alone.
 */
export async function expediteBacklog(prisma: PrismaClient, webhook: { tenantId: string; webhookId: string }, now: Date): Promise<number> {
  const { count } = await prisma.delivery.updateMany({
    where: {
      tenantId: webhook.tenantId,
      webhookId: webhook.webhookId,
      status: "PENDING",
      leaseToken: null,
      attempts: { gt: 0 },
      nextAttemptAt: { gt: now },
    },
    data: { nextAttemptAt: now },
  });
  return count;
}

/** A worker that stops mid-attempt hands the row back at once, without counting the attempt. */
export async function releaseClaim(prisma: PrismaClient, claim: ClaimedDelivery, now: Date): Promise<boolean> {
  const { count } = await prisma.delivery.updateMany({
    where: claimed(claim),
    data: { nextAttemptAt: now, leaseToken: null, attempts: { decrement: 1 } },
  });
  return count === 1;
}

/** Rows whose last allowed attempt was claimed by a worker that never reported back. */
export async function failAbandoned(prisma: PrismaClient, options: { maxAttempts: number; now: Date }): Promise<number> {
  const { count } = await prisma.delivery.updateMany({
    where: { status: "PENDING", attempts: { gte: options.maxAttempts }, nextAttemptAt: { lte: options.now } },
    data: { status: "FAILED", lastError: "the last attempt's worker stopped without a result", leaseToken: null },
  });
  return count;
}

/** When the next PENDING row falls due (a claimed row's lease end included), or null. */
export async function nextDueAt(prisma: PrismaClient): Promise<Date | null> {
  const row = await prisma.delivery.findFirst({
    where: { status: "PENDING" },
    orderBy: { nextAttemptAt: "asc" },
    select: { nextAttemptAt: true },
  });
  return row?.nextAttemptAt ?? null;
}
