/**
 * What real producers send that the spec's schema would refuse, taken as documented in
 * docs/openlineage.md. Each applied leniency is recorded on the stored event.
 *
 * - EVENT_TIME_WITHOUT_OFFSET: an `eventTime` with no UTC offset (some Airflow FAIL events,
 *   OpenLineage #2858) is read as UTC.
 */
export type Leniency = "EVENT_TIME_WITHOUT_OFFSET";

const LOCAL_DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?$/;

export function applyLeniencies(event: Record<string, unknown>): { value: Record<string, unknown>; leniencies: Leniency[] } {
  const time = event.eventTime;
  if (typeof time === "string" && LOCAL_DATE_TIME.test(time)) {
    return { value: { ...event, eventTime: `${time.replace(" ", "T")}Z` }, leniencies: ["EVENT_TIME_WITHOUT_OFFSET"] };
  }
  return { value: event, leniencies: [] };
}
