/** The events Tributary notifies about, and the filter a webhook subscribes with. */
import { z } from "zod";

export const CHANGE_REQUEST_EVENTS = [
  "change_request.opened",
  "change_request.updated",
  "change_request.approved",
  "change_request.rejected",
  "change_request.applied",
] as const;

/** A post defined a business concept that another definition already defines differently (services/definitions). */
export const DEFINITION_EVENTS = ["definition.conflict"] as const;

/** A freshness breach starts, lasts past a reminder interval, ends (core/freshness/alerts.ts). */
export const FRESHNESS_EVENTS = ["asset.freshness_breached", "asset.freshness_reminder", "asset.freshness_recovered"] as const;

/** A metric's point is found outside its expected range (services/anomalies). */
export const ANOMALY_EVENTS = ["anomaly.detected"] as const;

/** The schema a producer observed for a mart differs from the one dbt declares (services/openlineage/schemaDrift.ts). */
export const DRIFT_EVENTS = ["asset.schema_drift"] as const;

export const NOTIFICATION_EVENTS = [...CHANGE_REQUEST_EVENTS, ...FRESHNESS_EVENTS, ...ANOMALY_EVENTS, ...DEFINITION_EVENTS, ...DRIFT_EVENTS] as const;

export type ChangeRequestEventType = (typeof CHANGE_REQUEST_EVENTS)[number];
export type FreshnessEventType = (typeof FRESHNESS_EVENTS)[number];

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
