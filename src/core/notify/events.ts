/** The events Tributary notifies about, and the filter a webhook subscribes with. */
import { z } from "zod";

export const NOTIFICATION_EVENTS = [
  "change_request.opened",
  "change_request.updated",
  "change_request.approved",
  "change_request.rejected",
  "change_request.applied",
  /** A post defined a business concept that another definition already defines differently. */
  "definition.conflict",
] as const;

export type NotificationEventType = (typeof NOTIFICATION_EVENTS)[number];

/** A webhook may subscribe to every event, present and future, with "*". */
export const ALL_EVENTS = "*";

export const webhookEventFilter = z
  .array(z.enum([...NOTIFICATION_EVENTS, ALL_EVENTS]), { error: `events must list event types: ${NOTIFICATION_EVENTS.join(", ")} or "*"` })
  .min(1, "events must name at least one event type (or \"*\" for all)")
  .transform((events) => [...new Set(events)].sort());

export function webhookWants(events: readonly string[], type: string): boolean {
  return events.includes(ALL_EVENTS) || events.includes(type);
}
