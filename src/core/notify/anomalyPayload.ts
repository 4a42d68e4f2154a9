/**
 * The anomaly event's data (what both formats carry) and its Slack message: one sentence that
 * says what moved, how far from what was expected, who owns it and what to do next.
 */
import { contextBlock, headerBlock, linkButtonBlock, slackText, type EventEnvelope, type SlackMessage } from "./payload.js";

export interface AnomalyFacts {
  /** The anomaly's GraphQL id (acknowledgeAnomaly / dismissAnomaly take it). */
  anomalyId: string;
  asset: { uniqueId: string; name: string; project: string };
  metric: string;
  dimensions: Record<string, string>;
  at: string;
  actual: number;
  expectedRange: { lower: number; upper: number };
  mean: number;
  stddev: number;
  zScore: number;
  threshold: number;
  baselineWindow: { points: number; seasonality: string; from: string; to: string };
  owners: { name: string | null; email: string | null; handle: string | null }[];
  link?: string;
}

export type AnomalyEventData = AnomalyFacts & { title: string };

export function anomalyEventData(facts: AnomalyFacts): AnomalyEventData {
  return { title: `Anomaly: ${seriesLabel(facts)} is outside its expected range`, ...facts };
}

export function anomalySlackMessage(envelope: EventEnvelope): SlackMessage {
  const data = envelope.data as unknown as AnomalyEventData;
  const sentence = slackText(anomalySentence(data));
  const button = data.link && linkButtonBlock(data.link, `Open ${data.asset.name}`);
  const blocks = [
    headerBlock(data.title),
    { type: "section", text: { type: "mrkdwn", text: sentence } },
    ...(button ? [button] : []),
    contextBlock(`Tributary · ${envelope.tenant.slug} · ${envelope.type} · ${data.anomalyId}`),
  ];
  return { text: sentence, blocks };
}

/**
 * "revenue of orders (region=EU) was 600 on 2026-12-07, 40 % below its 7-point average of 1,000;
 * expected 985 to 1,015 (z = 42.1, threshold 2.5). Ann, Bob: check what feeds orders, then acknowledge or
 * dismiss this anomaly in Tributary."
 */
export function anomalySentence(data: AnomalyFacts): string {
  const direction = data.actual < data.mean ? "below" : "above";
  const change = data.mean !== 0 ? `${formatNumber(Math.abs((data.actual - data.mean) / data.mean) * 100, 0)} % ${direction}` : direction;
  const weekday = data.baselineWindow.seasonality === "DAY_OF_WEEK" ? "same-weekday " : "";
  const owners = data.owners.map((o) => o.name ?? o.handle ?? o.email).filter((n): n is string => Boolean(n));
  const who = owners.length > 0 ? `${owners.join(", ")}: check` : "Nobody owns it yet; check";
  return (
    `${seriesLabel(data)} was ${formatNumber(data.actual)} at ${timeLabel(data.at)}, ${change} its ${data.baselineWindow.points}-point ${weekday}average of ${formatNumber(data.mean)}; ` +
    `expected ${formatNumber(data.expectedRange.lower)} to ${formatNumber(data.expectedRange.upper)} (z = ${formatNumber(data.zScore, 1)}, threshold ${data.threshold}). ` +
    `${who} what feeds ${data.asset.name}, then acknowledge or dismiss this anomaly in Tributary` +
    (data.link ? ` (${data.link}).` : ".")
  );
}

function seriesLabel(data: Pick<AnomalyFacts, "metric" | "asset" | "dimensions">): string {
  const dims = Object.entries(data.dimensions).map(([k, v]) => `${k}=${v}`);
  return `${data.metric} of ${data.asset.name}${dims.length > 0 ? ` (${dims.join(", ")})` : ""}`;
}

/** A midnight-UTC point is a day's value: shown as its date. */
function timeLabel(iso: string): string {
  return iso.endsWith("T00:00:00.000Z") ? iso.slice(0, 10) : iso.replace(".000Z", "Z");
}

function formatNumber(value: number, digits?: number): string {
  const magnitude = Math.abs(value);
  const fraction = digits ?? (magnitude >= 100 ? 0 : magnitude >= 1 ? 2 : 4);
  return value.toLocaleString("en-US", { maximumFractionDigits: fraction });
}
