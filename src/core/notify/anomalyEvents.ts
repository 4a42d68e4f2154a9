/** Anomaly events: one when a metric's point is found outside its expected range. */
export const ANOMALY_EVENTS = ["anomaly.detected"] as const;

export type AnomalyEventType = (typeof ANOMALY_EVENTS)[number];

export function isAnomalyEvent(type: string): type is AnomalyEventType {
  return (ANOMALY_EVENTS as readonly string[]).includes(type);
}
