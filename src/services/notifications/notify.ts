/**
 * `notify()`: what the change-request service calls, inside its own transaction, when a
 * change request is opened, updated, approved, rejected or applied, the freshness evaluator
 * when a breach starts, lasts or ends, and the anomaly service when it finds an anomaly. It only inserts rows —
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
  changeRequestId: z.string().min(1).nullish(),
  eventKey: z.string().min(1).max(300),
  title: z.string().min(1).max(500),
  payload: z.record(z.string(), z.unknown()),
});

export interface NotifyEvent {
  type: (typeof NOTIFICATION_EVENTS)[number];
  /** The change request the event is about; absent or null for events about an asset (freshness, anomalies). */
  changeRequestId?: string | null;
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

export async function notify(tx: TenantTx, tenantId: string, event: NotifyEvent, recipients: readonly string[], now?: Date): Promise<NotifyResult> {
  const { notifications, deliveries } = await notifyMany(tx, tenantId, [{ event, recipients }], now);
  return { notifications, deliveries };
}

export interface NotifyManyResult extends NotifyResult {
  /** Events of which a row was written now (the others' keys were seen before, or nobody was to hear of them). */
  events: number;
}

/**
 * Several events in one go (a batch of observations can find dozens of anomalies): the same
 * rows as one notify() per event, written with one statement per table.
 */
export async function notifyMany(
  tx: TenantTx,
  tenantId: string,
  items: readonly { event: NotifyEvent; recipients: readonly string[] }[],
  now?: Date,
): Promise<NotifyManyResult> {
  const events = items.map(({ event, recipients }) => {
    const { type, changeRequestId, eventKey, title, payload } = notifyEvent.parse(event);
    // Dates, undefined and class instances become what the jsonb column will hold anyway.
    const data = JSON.parse(JSON.stringify({ ...payload, ...(changeRequestId ? { changeRequestId } : {}), title })) as Record<string, unknown>;
    return { type, changeRequestId: changeRequestId ?? null, eventKey, title, data, ownerIds: [...new Set(recipients)] };
  });

  const notificationRows = events.flatMap((e) =>
    e.ownerIds.map((ownerId) => ({
      tenantId,
      ownerId,
      changeRequestId: e.changeRequestId,
      event: e.type,
      dedupeKey: e.eventKey,
      title: e.title,
      body: e.data as Prisma.InputJsonObject,
    })),
  );
  // Rows already there (the same key seen before) are skipped; the keys of those written say which events were news.
  const notified = notificationRows.length ? await tx.notification.createManyAndReturn({ data: notificationRows, skipDuplicates: true, select: { dedupeKey: true } }) : [];
  const news = new Set(notified.map((n) => n.dedupeKey));

  const webhooks = await tx.webhookEndpoint.findMany({ where: { tenantId, disabledAt: null } });
  const deliveryRows: Prisma.DeliveryCreateManyInput[] = [];
  const eventOfDelivery = new Map<string, string>();
  if (webhooks.length > 0) {
    const tenant = await tx.tenant.findUniqueOrThrow({ where: { id: tenantId } });
    const createdAt = (now ?? new Date()).toISOString();
    for (const e of events) {
      const envelope: EventEnvelope = {
        id: e.eventKey,
        type: e.type,
        createdAt,
        tenant: { id: tenant.id, slug: tenant.slug, name: tenant.name },
        data: e.data as EventEnvelope["data"],
      };
      for (const webhook of webhooks) {
        if (!webhookWants(webhook.events, e.type)) continue;
        const idempotencyKey = `${e.eventKey}:${webhook.id}`;
        eventOfDelivery.set(idempotencyKey, e.eventKey);
        deliveryRows.push({ tenantId, webhookId: webhook.id, event: e.type, payload: envelope as unknown as Prisma.InputJsonObject, idempotencyKey });
      }
    }
  }
  const delivered = deliveryRows.length ? await tx.delivery.createManyAndReturn({ data: deliveryRows, skipDuplicates: true, select: { idempotencyKey: true } }) : [];
  for (const d of delivered) news.add(eventOfDelivery.get(d.idempotencyKey)!);
  return { notifications: notified.length, deliveries: delivered.length, events: news.size };
}
