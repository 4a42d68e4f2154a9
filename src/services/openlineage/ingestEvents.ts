/**
 * Takes OpenLineage events (one, or a batch): validates each against the spec's schemas, keeps
 * the new ones as raw events, and folds them into jobs, datasets, runs and facets, all in one
 * transaction, with the finished runs' entries in the run history (runHistory.ts). A refused event
 * changes nothing; the others of a batch are still taken. An event already taken (same canonical
 * JSON) is answered as a duplicate and writes nothing. The assets whose runs changed then have
 * their freshness evaluated, so an asset's recovery is seen with the event that brings it.
 * Single events are stored together with those posted at the same time (singleEvents.ts).
 */
import { randomUUID } from "node:crypto";
import { canonicalJson, sha256Hex } from "../../core/canonicalJson.js";
import { eventRows, foldEventRows, storedTime } from "../../core/openlineage/eventRows.js";
import { EventValidator } from "../../core/openlineage/eventValidator.js";
import type { Leniency } from "../../core/openlineage/leniencies.js";
import type { OpenLineageEvent, OpenLineageEventKind } from "../../core/openlineage/types.js";
import type { TenantContext } from "../actor.js";
import { assertRole } from "../tokens.js";
import { transactionFacets } from "./facetStore.js";
import { foldIntoCatalog } from "./foldIntoCatalog.js";
import { markOpenLineageChanged } from "../catalogRevision.js";
import { evaluateTouchedFreshness } from "../runs/recordRuns.js";
import { purgeExpiredEvents } from "./rawEvents.js";
import { withRetryOnConflict } from "./retry.js";
import { recordOpenLineageRuns } from "./runHistory.js";
import { writeEventRows } from "./writeEventRows.js";
import { inLongTransaction } from "../../db/longTransaction.js";
import { analyzeGrownTables } from "../../db/plannerStatistics.js";

export type EventOutcome =
  | { index: number; status: "CREATED" | "DUPLICATE"; eventHash: string; leniencies: Leniency[] }
  | { index: number; status: "REFUSED"; httpStatus: 400 | 422; code: "BAD_USER_INPUT" | "INVALID_EVENT"; pointer: string; message: string };

export interface IngestOptions {
  retentionDays: number;
  /** The clock: when events are received (tests move it to check retention and freshness). */
  now?: () => Date;
  /** The web app's address, for links in freshness messages. */
  publicUrl?: string | null;
}

type Refused = Extract<EventOutcome, { status: "REFUSED" }>;

export interface Accepted {
  index: number;
  kind: OpenLineageEventKind;
  event: OpenLineageEvent;
  eventHash: string;
  leniencies: Leniency[];
}

let validator: EventValidator | null = null;
/** Compiling the spec's schemas takes a moment: once per process, on first use. */
function eventValidator(): EventValidator {
  return (validator ??= new EventValidator());
}

export async function ingestOpenLineageEvents(ctx: TenantContext, values: readonly unknown[], options: IngestOptions): Promise<EventOutcome[]> {
  assertRole(ctx, "CI");
  const checked = values.map(checkEvent);
  const accepted = checked.filter((event): event is Accepted => !("status" in event));
  const outcomes = accepted.length === 0 ? [] : outcomesOf(accepted, await storeEvents(ctx, accepted, options));
  let next = 0;
  return checked.map((event) => ("status" in event ? event : outcomes[next++]!));
}

/** An event refused (with its status and the failing pointer), or accepted as the spec's schemas take it. */
export function checkEvent(value: unknown, index: number): Refused | Accepted {
  const checked = eventValidator().validate(value);
  if (!checked.ok) {
    const code = checked.status === 400 ? "BAD_USER_INPUT" : "INVALID_EVENT";
    return { index, status: "REFUSED", httpStatus: checked.status, code, pointer: checked.pointer, message: checked.message };
  }
  return { index, kind: checked.kind, event: checked.event, eventHash: sha256Hex(canonicalJson(checked.event)), leniencies: checked.leniencies };
}

/** In order: the first event of each hash stored now is CREATED; the others were taken already. */
export function outcomesOf(accepted: readonly Accepted[], created: ReadonlySet<string>): EventOutcome[] {
  const claimed = new Set<string>();
  return accepted.map(({ index, eventHash, leniencies }) => {
    const status = created.has(eventHash) && !claimed.has(eventHash) ? "CREATED" : "DUPLICATE";
    claimed.add(eventHash);
    return { index, status, eventHash, leniencies };
  });
}

/**
 * Stores accepted events (writeEvents), then evaluates the freshness of the assets their runs
 * touched (afterWriting). Answers the hashes stored now (the others were stored already).
 */
async function storeEvents(ctx: TenantContext, events: readonly Accepted[], options: IngestOptions): Promise<Set<string>> {
  const now = clockOf(options)();
  const { created, touched } = await writeEvents(ctx, events, now);
  await afterWriting(ctx, touched, now, options);
  return created;
}

export const clockOf = (options: IngestOptions) => options.now ?? (() => new Date());

/** The intake's transaction: the first event of each hash, unless stored already. Answers the hashes stored and the assets whose runs changed. */
export async function writeEvents(ctx: TenantContext, events: readonly Accepted[], now: Date): Promise<{ created: Set<string>; touched: string[] }> {
  const accepted = new Map<string, Accepted>();
  for (const event of events) if (!accepted.has(event.eventHash)) accepted.set(event.eventHash, event);
  return withRetryOnConflict(() =>
    inLongTransaction(ctx.db, async (tx) => {
        const inserted = await tx.$queryRawUnsafe<{ eventHash: string }[]>(
          `INSERT INTO "OpenLineageEvent" ("tenantId", "id", "eventHash", "kind", "eventType", "eventTime", "receivedAt", "runId", "jobNamespace", "jobName", "flags", "payload")
           SELECT $1, x."id", x."eventHash", x."kind"::"OpenLineageEventKind", x."eventType", x."eventTime", $2::timestamptz, x."runId", x."jobNamespace", x."jobName",
             ARRAY(SELECT jsonb_array_elements_text(x."flags")), x."payload"
           FROM jsonb_to_recordset($3::jsonb) AS x("id" text, "eventHash" text, "kind" text, "eventType" text, "eventTime" timestamptz, "runId" text, "jobNamespace" text, "jobName" text, "flags" jsonb, "payload" jsonb)
           ORDER BY x."eventHash"
           ON CONFLICT ("tenantId", "eventHash") DO NOTHING
           RETURNING "eventHash"`,
          ctx.tenant.id,
          now.toISOString(),
          JSON.stringify([...accepted.values()].map(rawRow)),
        );
        const fresh = new Set(inserted.map((row) => row.eventHash));
        const rows = foldEventRows([...accepted.values()].filter((a) => fresh.has(a.eventHash)).map((a) => eventRows(a.event, a.kind, a.eventHash)));
        const written = await writeEventRows(tx, ctx.tenant.id, rows);
        const change = await foldIntoCatalog(tx, ctx.tenant.id, rows, transactionFacets(tx, ctx.tenant.id, written), ctx.db);
        const touched = await recordOpenLineageRuns(tx, ctx.tenant.id, rows.runs.map((run) => run.runId), now);
        // New events change runs or facets, which Marquez's lineage read shows; last, so the tenant row is locked only until the commit.
        if (fresh.size > 0) await markOpenLineageChanged(tx, ctx.tenant.id, change);
        return { created: fresh, touched };
      }),
  );
}

/** After a commit: the touched assets' freshness, the retention purge when due, the planner statistics. */
export async function afterWriting(ctx: TenantContext, touched: readonly string[], now: Date, options: IngestOptions): Promise<void> {
  await evaluateTouchedFreshness(ctx, touched, { now, publicUrl: options.publicUrl });
  await purgeExpiredEvents(ctx, now, options.retentionDays);
  await keepStatistics(ctx);
}

/** The tables an intake transaction grows. */
const INTAKE_TABLES = [
  "OpenLineageEvent", "OpenLineageJob", "OpenLineageDataset", "OpenLineageJobDataset", "OpenLineageRun", "OpenLineageFacet", "OpenLineageSymlink",
  "Asset", "LineageEdge", "Column", "ColumnDefinition", "ColumnLineageEdge", "AssetRun", "AssetFreshness",
];
const STATISTICS_INTERVAL_MS = 1_000;
let statisticsCheckedAt = -Infinity;

/**
 * Intake grows its tables by many small transactions, which no ANALYZE follows on the embedded
 * database (and on a server only after autovacuum's next round): the tables it has doubled are
 * analysed, looked for at most once a second per process (db/plannerStatistics.ts).
 */
async function keepStatistics(ctx: TenantContext): Promise<void> {
  if (performance.now() - statisticsCheckedAt < STATISTICS_INTERVAL_MS) return;
  statisticsCheckedAt = performance.now();
  await analyzeGrownTables(ctx.db, INTAKE_TABLES);
}

/** A raw event's row. Its id is made here: PGlite's gen_random_uuid() reads its random device per row. */
function rawRow(a: Accepted) {
  return {
    id: randomUUID(),
    eventHash: a.eventHash,
    kind: a.kind,
    eventType: a.event.eventType ?? null,
    eventTime: storedTime(a.event.eventTime),
    runId: a.event.run?.runId.toLowerCase() ?? null,
    jobNamespace: a.event.job?.namespace ?? null,
    jobName: a.event.job?.name ?? null,
    flags: a.leniencies,
    payload: a.event,
  };
}
