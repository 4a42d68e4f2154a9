import { Field, Int, ObjectType, registerEnumType } from "type-graphql";
import { DeliveryStatus, WebhookFormat } from "../../generated/prisma/enums.js";
import type { Delivery as DeliveryRow, WebhookEndpoint as WebhookRow } from "../../generated/prisma/client.js";
import { toGlobalId } from "../globalId.js";
import { Node } from "./Node.js";

registerEnumType(WebhookFormat, {
  name: "WebhookFormat",
  description: "JSON: Tributary's event envelope `{id, type, createdAt, tenant, data}`. SLACK: a Slack incoming-webhook message `{text, blocks}`.",
});
registerEnumType(DeliveryStatus, {
  name: "DeliveryStatus",
  description: "PENDING (queued or waiting for a retry), DELIVERED (the receiver answered 2xx), FAILED (retries ran out, or the webhook was disabled).",
});

export { DeliveryStatus, WebhookFormat };

@ObjectType({ implements: Node, description: "An HTTP endpoint the tenant's events are POSTed to, signed with its own secret." })
export class Webhook extends Node {
  @Field(() => String)
  url!: string;

  @Field(() => [String], { description: "Event types it receives, e.g. change_request.opened; \"*\" is every event." })
  events!: string[];

  @Field(() => WebhookFormat)
  format!: WebhookFormat;

  @Field(() => Boolean)
  enabled!: boolean;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => Date, { nullable: true })
  disabledAt!: Date | null;

  /** Row id, for the `deliveries` field resolver (not part of the API). */
  rowId!: string;

  static from(row: WebhookRow): Webhook {
    return Object.assign(new Webhook(), {
      id: toGlobalId("Webhook", row.id),
      url: row.url,
      events: row.events,
      format: row.format,
      enabled: row.disabledAt === null,
      createdAt: row.createdAt,
      disabledAt: row.disabledAt,
      rowId: row.id,
    });
  }
}

@ObjectType({ implements: Node, description: "One event on its way to one webhook (an outbox row), with its attempts so far." })
export class WebhookDelivery extends Node {
  @Field(() => String)
  event!: string;

  @Field(() => String, { description: "Sent as the Idempotency-Key header on every attempt: `<eventKey>:<webhook row id>`." })
  idempotencyKey!: string;

  @Field(() => DeliveryStatus)
  status!: DeliveryStatus;

  @Field(() => Int, { description: "Attempts started so far." })
  attempts!: number;

  @Field(() => Date, { nullable: true, description: "When the next attempt may start (PENDING only)." })
  nextAttemptAt!: Date | null;

  @Field(() => Date, { nullable: true })
  lastAttemptAt!: Date | null;

  @Field(() => Int, { nullable: true, description: "HTTP status of the last answer, if there was one." })
  lastStatusCode!: number | null;

  @Field(() => String, { nullable: true })
  lastError!: string | null;

  @Field(() => Date, { nullable: true })
  deliveredAt!: Date | null;

  @Field(() => Date)
  createdAt!: Date;

  static from(row: DeliveryRow): WebhookDelivery {
    return Object.assign(new WebhookDelivery(), {
      id: toGlobalId("WebhookDelivery", row.id),
      event: row.event,
      idempotencyKey: row.idempotencyKey,
      status: row.status,
      attempts: row.attempts,
      nextAttemptAt: row.status === "PENDING" ? row.nextAttemptAt : null,
      lastAttemptAt: row.lastAttemptAt,
      lastStatusCode: row.lastStatusCode,
      lastError: row.lastError,
      deliveredAt: row.deliveredAt,
      createdAt: row.createdAt,
    });
  }
}
