/**
 * What `tributary push` prints for a server answer, and the exit code a CI step gates on.
 * The answer is read loosely: fields added later (verdicts, change requests) show when present.
 */
import { z } from "zod";
import { toGlobalId } from "../core/globalId.js";
import { ownerKeyLabel } from "../core/manifest/index.js";

/** The parts of `POST /api/v1/manifests`' answer the CLI reads; anything else is passed through. */
export const pushAnswerSchema = z.looseObject({
  version: z.looseObject({ id: z.string(), status: z.string().optional(), checksum: z.string().optional(), createdAt: z.string().optional() }).optional(),
  status: z.string().optional(),
  counts: z.record(z.string(), z.unknown()).optional(),
  diagnostics: z
    .array(z.looseObject({ code: z.string(), severity: z.string(), message: z.string(), path: z.string().optional(), uniqueId: z.string().optional() }))
    .optional(),
  verdict: z.string().optional(),
  reason: z.string().optional(),
  /** core/change/summary.ts: lines are `CATEGORY REASON_CODE: message`, most severe first. */
  changes: z.looseObject({ total: z.number(), lines: z.array(z.string()) }).optional(),
  findings: z.array(z.looseObject({ code: z.string(), blocking: z.boolean(), message: z.string(), assetUniqueId: z.string().optional() })).optional(),
  changeRequest: z
    .looseObject({
      id: z.string(),
      url: z.string().optional(),
      status: z.string().optional(),
      missingApprovals: z
        .array(z.looseObject({ assetUniqueId: z.string(), needed: z.number(), approved: z.number(), waitingFor: z.array(z.string()), satisfiable: z.boolean().optional() }))
        .optional(),
    })
    .nullish(),
});
export type PushAnswer = z.infer<typeof pushAnswerSchema>;

/** Verdicts that must fail a CI step: the change is not (yet) the catalog's truth. */
export const FAILING_VERDICTS = new Set(["APPROVAL_REQUIRED", "REJECTED", "BLOCKED"]);
const FAILING_STATUSES = new Set(["REJECTED", "BLOCKED", "FAILED"]);

/** 0 when the server accepted the post, 1 when it was rejected or a verdict holds it back. */
export function exitCodeFor(answer: PushAnswer): 0 | 1 {
  if (answer.verdict !== undefined && FAILING_VERDICTS.has(answer.verdict)) return 1;
  if (answer.status !== undefined && FAILING_STATUSES.has(answer.status)) return 1;
  return 0;
}

const MAX_LISTED_DIAGNOSTICS = 20;

export function humanSummary(answer: PushAnswer, context: { project: string; mode: string }): string {
  const lines: string[] = [];
  const status = answer.status ?? answer.version?.status ?? "accepted";
  lines.push(`${context.project} (${context.mode}): ${status}${answer.version ? `, version ${answer.version.id}` : ""}`);
  if (answer.version?.checksum) lines.push(`  checksum: ${answer.version.checksum}`);
  if (answer.counts && Object.keys(answer.counts).length > 0) {
    lines.push(`  counts: ${Object.entries(answer.counts).map(([key, value]) => `${key} ${typeof value === "object" ? JSON.stringify(value) : String(value)}`).join(", ")}`);
  }
  const diagnostics = answer.diagnostics ?? [];
  const bySeverity = new Map<string, number>();
  for (const d of diagnostics) bySeverity.set(d.severity, (bySeverity.get(d.severity) ?? 0) + 1);
  lines.push(`  diagnostics: ${diagnostics.length}${diagnostics.length > 0 ? ` (${[...bySeverity].map(([s, n]) => `${n} ${s}`).join(", ")})` : ""}`);
  for (const d of diagnostics.slice(0, MAX_LISTED_DIAGNOSTICS)) {
    lines.push(`    ${d.severity} ${d.code}${d.uniqueId ? ` ${d.uniqueId}` : d.path ? ` ${d.path}` : ""}: ${d.message}`);
  }
  if (diagnostics.length > MAX_LISTED_DIAGNOSTICS) lines.push(`    … and ${diagnostics.length - MAX_LISTED_DIAGNOSTICS} more (use --json for all)`);
  if (answer.verdict !== undefined) lines.push(`  verdict: ${answer.verdict}`);
  if (answer.reason) lines.push(`  reason: ${answer.reason}`);
  if (answer.changes && answer.changes.total > 0) lines.push(...changeLines(answer.changes));
  lines.push(...approverLines(answer.changeRequest?.missingApprovals ?? []));
  if (answer.verdict === "BLOCKED") lines.push(...blockedLines(answer));
  if (answer.changeRequest) {
    const cr = answer.changeRequest;
    // The id people paste into the API (GraphQL and REST take it), as in the link.
    lines.push(`  change request: ${toGlobalId("ChangeRequest", cr.id)}${cr.status ? ` (${cr.status})` : ""}${cr.url ? ` ${cr.url}` : ""}`);
  }
  return lines.join("\n");
}

const MAX_LISTED_CHANGES = 10;

/** The groups CI logs show, in order; docs changes count as additive. */
const CHANGE_GROUPS = [
  { name: "breaking", categories: ["BREAKING"] },
  { name: "logic", categories: ["LOGIC"] },
  { name: "quality", categories: ["QUALITY"] },
  { name: "additive", categories: ["ADDITIVE", "DOCS"] },
];

/** The first changes by group (the server sends them most severe first), then how many are left. */
function changeLines(changes: NonNullable<PushAnswer["changes"]>): string[] {
  const shown = changes.lines.slice(0, MAX_LISTED_CHANGES).map((line) => {
    const [, category = "", text = line] = /^([A-Z]+) (.*)$/s.exec(line) ?? [];
    return { category, text };
  });
  const lines = [`  changes: ${changes.total}`];
  for (const group of CHANGE_GROUPS) {
    const inGroup = shown.filter((c) => group.categories.includes(c.category));
    if (inGroup.length > 0) lines.push(`    ${group.name}:`, ...inGroup.map((c) => `      ${c.text}`));
  }
  const others = shown.filter((c) => !CHANGE_GROUPS.some((g) => g.categories.includes(c.category)));
  lines.push(...others.map((c) => `    ${c.category} ${c.text}`));
  if (changes.total > shown.length) lines.push(`    … and ${changes.total - shown.length} more (use --json, or open the change request)`);
  return lines;
}

/** Who must still approve, per changed asset (or exposure). */
function approverLines(missing: NonNullable<NonNullable<PushAnswer["changeRequest"]>["missingApprovals"]>): string[] {
  const waiting = missing.filter((m) => m.waitingFor.length > 0);
  if (waiting.length === 0) return [];
  return [
    "  must approve:",
    ...waiting.map((m) => {
      const still = m.needed - m.approved;
      const who = m.waitingFor.map(ownerKeyLabel).join(", ");
      return `    ${m.assetUniqueId}: ${still === m.waitingFor.length ? who : `${still} of ${who}`}`;
    }),
  ];
}

/** What blocked a BLOCKED verdict, beyond its reason: the blocking findings and the assets nobody may approve. */
function blockedLines(answer: PushAnswer): string[] {
  const findings = (answer.findings ?? []).filter((f) => f.blocking);
  const unapprovable = (answer.changeRequest?.missingApprovals ?? []).filter((m) => m.satisfiable === false);
  if (findings.length === 0 && unapprovable.length === 0) return [];
  return [
    "  blocked by:",
    ...findings.map((f) => `    ${f.code}${f.assetUniqueId ? ` ${f.assetUniqueId}` : ""}: ${f.message}`),
    ...unapprovable.map((m) => `    ${m.assetUniqueId}: nobody may approve its changes (set approvals.fallbackApprovers in the change policy, or assign an owner)`),
  ];
}

/** A non-2xx answer in one sentence: the server's own `{error: {code, message}}` when it sent one. */
export function describeErrorAnswer(status: number, body: unknown, text: string, location?: string): string {
  if (status >= 300 && status < 400) return `the server redirected the post (${status}) to ${location ?? "another URL"}: use that URL as --server`;
  const error = (body as { error?: { code?: string; message?: string; path?: string } } | null)?.error;
  const said = error?.message ? `${error.code ? `${error.code}: ` : ""}${error.message}${error.path && !error.message.includes(error.path) ? ` (at ${error.path})` : ""}` : text.trim().slice(0, 200) || "no details";
  switch (status) {
    case 401:
      return `the server refused the token (401): ${said}. Check --token or TRIBUTARY_TOKEN.`;
    case 403:
      return `the token may not post manifests (403): ${said}`;
    case 404:
      return `the server has no manifest endpoint (404): is --server the Tributary URL? ${said}`;
    case 413:
      return `the upload is larger than the server accepts (413): ${said}. Raise TRIBUTARY_MAX_BODY on the server.`;
    default:
      return `the server rejected the post (${status}): ${said}`;
  }
}
