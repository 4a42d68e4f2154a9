/**
 * `notify()`: what the change-request service calls, inside its own transaction, when a
 * change request is opened, updated, approved, rejected or applied. It only inserts rows —
 * one Notification per recipient and one outbox Delivery per subscribed webhook — so the
 * notification exists if and only if the change commits, and no network I/O holds the
 * transaction. The delivery worker sends them after the commit.
 */
import { z } from "zod";
import { NOTIFICATION_EVENTS, webhookWants } from "../../core/notify/events.js";
import type { EventEnvelope } from "../../core/notify/payload.js";
import type { TenantTx } from "../../db/tenantScope.js";
import type { Prisma } from "../../generated/prisma/client.js";

const notifyEvent = z.object({
  type: z.enum(NOTIFICATION_EVENTS),
  /** Absent for events about no change request (a conflicting definition). */
  changeRequestId: z.string().min(1).nullable(),
  eventKey: z.string().min(1).max(300),
  title: z.string().min(1).max(500),
  payload: z.record(z.string(), z.unknown()),
});

export interface NotifyEvent {
  type: (typeof NOTIFICATION_EVENTS)[number];
  changeRequestId: string | null;
  /**
   * Unique per event occurrence, e.g. `${crId}:updated:${versionId}`: the same key again
   * (a retried transaction, a re-post) notifies nobody twice and queues no second delivery.
   */
  eventKey: string;
  title: string;
  /** The change request summary: project, branch, status, changes, impact, requiredApprovers, link… (JSON). */
  payload: object;
}

export interface NotifyResult {
  /** Rows written now; fewer than asked when the eventKey was seen before. */
  notifications: number;
  deliveries: number;
}

export async function notify(tx: TenantTx, tenantId: string, event: NotifyEvent, recipients: readonly string[]): Promise<NotifyResult> {
  const { type, changeRequestId, eventKey, title, payload } = notifyEvent.parse(event);
  // Dates, undefined and class instances become what the jsonb column will hold anyway.
  const data = JSON.parse(JSON.stringify({ ...payload, changeRequestId, title })) as Record<string, unknown>;
  const ownerIds = [...new Set(recipients)];

  const notifications = ownerIds.length
    ? await tx.notification.createMany({
        data: ownerIds.map((ownerId) => ({
          tenantId,
          ownerId,
          changeRequestId,
          event: type,
          dedupeKey: eventKey,
          title,
          body: data as Prisma.InputJsonObject,
        })),
        skipDuplicates: true,
      })
    : { count: 0 };

  const webhooks = (await tx.webhookEndpoint.findMany({ where: { tenantId, disabledAt: null } })).filter((w) =>
    webhookWants(w.events, type),
  );
  if (webhooks.length === 0) return { notifications: notifications.count, deliveries: 0 };

  const tenant = await tx.tenant.findUniqueOrThrow({ where: { id: tenantId } });
  const envelope: EventEnvelope = {
    id: eventKey,
    type,
    createdAt: new Date().toISOString(),
    tenant: { id: tenant.id, slug: tenant.slug, name: tenant.name },
    data: data as EventEnvelope["data"],
  };
  const deliveries = await tx.delivery.createMany({
    data: webhooks.map((webhook) => ({
      tenantId,
      webhookId: webhook.id,
      event: type,
      payload: envelope as unknown as Prisma.InputJsonObject,
      idempotencyKey: `${eventKey}:${webhook.id}`,
    })),
    skipDuplicates: true,
  });
  return { notifications: notifications.count, deliveries: deliveries.count };
}
