/**
 * What a freshness change tells people: one alert when a breach starts, a reminder every
 * reminder interval while it lasts (never a backlog of them after a pause), one recovery
 * message when it ends. Each event has a key derived from the breach, so however many
 * processes evaluate the same change, the outbox holds it once.
 */
import type { FreshnessEventType } from "../notify/events.js";
import { isBreach, type FreshnessStateName, type FreshnessVerdict } from "./evaluate.js";

export interface BreachMemory {
  state: FreshnessStateName;
  breachSince: Date | null;
  remindersSent: number;
}

export interface AlertDecision {
  event: { type: FreshnessEventType; key: string; reminder: number } | null;
  breachSince: Date | null;
  remindersSent: number;
}

export function decideAlert(assetId: string, before: BreachMemory, next: { state: FreshnessStateName; since: Date | null }, now: Date, reminderMinutes: number | null): AlertDecision {
  const dueReminders = (since: Date) => (reminderMinutes ? Math.max(0, Math.floor((now.getTime() - since.getTime()) / (reminderMinutes * 60_000))) : 0);
  const keyOf = (since: Date, suffix: string) => `freshness:${assetId}:${since.toISOString()}:${suffix}`;

  if (isBreach(next.state)) {
    if (before.breachSince === null) {
      const since = next.since ?? now;
      // Reminders already due when the breach is first seen are not sent: the alert says it all.
      return { event: { type: "asset.freshness_breached", key: keyOf(since, "breached"), reminder: 0 }, breachSince: since, remindersSent: dueReminders(since) };
    }
    const due = dueReminders(before.breachSince);
    if (due > before.remindersSent) {
      return { event: { type: "asset.freshness_reminder", key: keyOf(before.breachSince, `reminder:${due}`), reminder: due }, breachSince: before.breachSince, remindersSent: due };
    }
    return { event: null, breachSince: before.breachSince, remindersSent: before.remindersSent };
  }
  if (before.breachSince !== null && next.state === "FRESH") {
    return { event: { type: "asset.freshness_recovered", key: keyOf(before.breachSince, "recovered"), reminder: 0 }, breachSince: null, remindersSent: 0 };
  }
  return { event: null, breachSince: null, remindersSent: 0 };
}

/**
 * When an evaluator must look at an asset again if no data arrives: its next state change or
 * its breach's next reminder, whichever comes first; null when neither can come by time alone
 * (no SLA, no load, or stale with no reminders). Until then, a pass would decide nothing new.
 */
export function nextCheckAt(verdict: FreshnessVerdict, alert: AlertDecision, reminderMinutes: number | null): Date | null {
  const times: number[] = [];
  if (verdict.nextChangeAt) times.push(verdict.nextChangeAt.getTime());
  if (alert.breachSince && reminderMinutes) times.push(alert.breachSince.getTime() + (alert.remindersSent + 1) * reminderMinutes * 60_000);
  return times.length > 0 ? new Date(Math.min(...times)) : null;
}
