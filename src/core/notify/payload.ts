/**
 * What a webhook receives. One format-neutral envelope per event (stored in the outbox),
 * rendered at send time as JSON or as a Slack incoming-webhook message. Rendering is
 * deterministic, so every retry of a delivery sends the same bytes.
 */
import { anomalySlackMessage } from "./anomalyPayload.js";
import type { NotificationEventType } from "./events.js";

export type WebhookFormat = "JSON" | "SLACK";

export interface EventEnvelope {
  /** The event occurrence (the notifier's eventKey): the same for every webhook it goes to. */
  id: string;
  type: NotificationEventType;
  createdAt: string;
  tenant: { id: string; slug: string; name: string };
  /** The summary the notifier passed (a change request's, an asset's freshness, an anomaly's), plus its title and the change request's id. */
  data: { changeRequestId?: string | null; title: string } & Record<string, unknown>;
}

export function renderBody(format: WebhookFormat, envelope: EventEnvelope): string {
  return JSON.stringify(format === "SLACK" ? slackMessage(envelope) : jsonPayload(envelope));
}

/** Key order fixed here: the stored envelope comes back from jsonb with its keys reordered. */
export function jsonPayload(envelope: EventEnvelope) {
  const { id, type, createdAt, tenant, data } = envelope;
  return { id, type, createdAt, tenant: { id: tenant.id, slug: tenant.slug, name: tenant.name }, data };
}

const EVENT_VERBS: Partial<Record<NotificationEventType, string>> = {
  "change_request.opened": "Change request opened",
  "change_request.updated": "Change request updated",
  "change_request.approved": "Change request approved",
  "change_request.rejected": "Change request rejected",
  "change_request.applied": "Change request applied",
  "asset.freshness_breached": "Data is late",
  "asset.freshness_reminder": "Data is still late",
  "asset.freshness_recovered": "Data is fresh again",
  "definition.conflict": "Conflicting definition",
  "asset.schema_drift": "Schema drift",
};

// Slack's limits: header text 150 characters, section text 3000, a field 2000, 10 fields.
const HEADER_MAX = 150;
const SECTION_MAX = 3000;
const FIELD_MAX = 2000;
const MAX_CHANGE_LINES = 10;

type Block = Record<string, unknown>;

export interface SlackMessage {
  text: string;
  blocks: Block[];
}

/** A Slack incoming-webhook message: `text` for notifications and old clients, `blocks` to read. */
export function slackMessage(envelope: EventEnvelope): SlackMessage {
  if (envelope.type === "anomaly.detected") return anomalySlackMessage(envelope);
  const { data } = envelope;
  const verb = EVENT_VERBS[envelope.type] ?? envelope.type;
  const link = stringField(data, "link") ?? stringField(data, "url");
  const blocks: Block[] = [headerBlock(`${verb}: ${data.title}`)];

  const fields = [
    ["Asset", stringField(data, "asset") ?? nameOf(data.asset)],
    ["Project", stringField(data, "project") ?? nameOf(data.project)],
    ["Branch", stringField(data, "branch")],
    ["Status", stringField(data, "status")],
    ["By", stringField(data, "actor")],
    ["Required approvers", peopleList(data.requiredApprovers)],
    ["Impact", impactLine(data.impact)],
    ["Freshness", stringField(data, "freshness")],
    ["Last loaded", stringField(data, "lastLoadedAt")],
  ]
    .filter((pair): pair is [string, string] => Boolean(pair[1]))
    .map(([label, value]) => ({ type: "mrkdwn", text: clip(`*${label}*\n${escapeSlack(value)}`, FIELD_MAX) }));
  if (fields.length > 0) blocks.push({ type: "section", fields: fields.slice(0, 10) });

  const changes = changesText(data.changes);
  if (changes) blocks.push({ type: "section", text: { type: "mrkdwn", text: clip(changes, SECTION_MAX) } });

  const comment = stringField(data, "comment");
  if (comment) blocks.push({ type: "section", text: { type: "mrkdwn", text: clip(`> ${escapeSlack(comment).replace(/\n/g, "\n> ")}`, SECTION_MAX) } });

  const button = link && linkButtonBlock(link, data.changeRequestId ? "Open change request" : "Open asset");
  if (button) blocks.push(button);
  blocks.push(contextBlock(`Tributary · ${envelope.tenant.slug} · ${envelope.type}`));

  return { text: slackText(`${verb}: ${data.title}` + (link ? ` (${link})` : "")), blocks };
}

/** The blocks every event's message has; anomalyPayload.ts builds its message from them too. */
export function headerBlock(text: string): Block {
  return { type: "header", text: { type: "plain_text", text: clip(text, HEADER_MAX), emoji: false } };
}

/** A button to open an http(s) link; none for any other scheme. */
export function linkButtonBlock(link: string, label: string): Block | null {
  if (!/^https?:\/\//.test(link)) return null;
  return { type: "actions", elements: [{ type: "button", text: { type: "plain_text", text: label }, url: link.slice(0, 3000) }] };
}

export function contextBlock(text: string): Block {
  return { type: "context", elements: [{ type: "mrkdwn", text: escapeSlack(text) }] };
}

/** Plain text as a message's `text` (or a section's): escaped and within a section's limit. */
export function slackText(text: string): string {
  return clip(escapeSlack(text), SECTION_MAX);
}

/** Slack mrkdwn treats &, < and > as markup; everything else is literal. */
export function escapeSlack(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function stringField(data: Record<string, unknown>, key: string): string | undefined {
  const value = data[key];
  return typeof value === "string" && value.trim() !== "" ? value : undefined;
}

function nameOf(value: unknown): string | undefined {
  if (value && typeof value === "object" && "name" in value && typeof value.name === "string") return value.name;
  return undefined;
}

/** People as strings, or objects with a name, email or handle. */
function peopleList(value: unknown): string | undefined {
  if (!Array.isArray(value) || value.length === 0) return undefined;
  const names = value
    .map((p) => {
      if (typeof p === "string") return p;
      if (p && typeof p === "object") {
        const person = p as Record<string, unknown>;
        for (const key of ["name", "email", "handle", "key"]) if (typeof person[key] === "string") return person[key];
      }
      return undefined;
    })
    .filter((n): n is string => Boolean(n));
  return names.length > 0 ? names.join(", ") : undefined;
}

/** `{downstreamAssets: 12, exposures: 2, owners: 3}` (numbers or lists) → "12 downstream assets, 2 exposures, 3 owners". */
function impactLine(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (!value || typeof value !== "object") return undefined;
  const parts: string[] = [];
  for (const [key, raw] of Object.entries(value as Record<string, unknown>)) {
    const count = typeof raw === "number" ? raw : Array.isArray(raw) ? raw.length : null;
    if (count === null) continue;
    const label = key.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
    parts.push(`${count} ${count === 1 ? label.replace(/s$/, "") : label}`);
  }
  return parts.length > 0 ? parts.join(", ") : undefined;
}

/** A change summary (`{headline, lines, omitted}`, as core/change/summary makes) or a sentence. */
function changesText(value: unknown): string | undefined {
  if (typeof value === "string") return value.trim() ? escapeSlack(value) : undefined;
  if (!value || typeof value !== "object") return undefined;
  const summary = value as { headline?: unknown; lines?: unknown; omitted?: unknown };
  const headline = typeof summary.headline === "string" ? `*${escapeSlack(summary.headline)}*` : "";
  const lines = Array.isArray(summary.lines) ? summary.lines.filter((l): l is string => typeof l === "string") : [];
  const shown = lines.slice(0, MAX_CHANGE_LINES).map((l) => `• ${escapeSlack(l)}`);
  const omitted = (lines.length - shown.length) + (typeof summary.omitted === "number" ? summary.omitted : 0);
  if (omitted > 0) shown.push(`_…and ${omitted} more_`);
  const text = [headline, ...shown].filter(Boolean).join("\n");
  return text || undefined;
}
