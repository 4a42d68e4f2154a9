/**
 * Takes OpenLineage events (one, or a batch): validates each against the spec's schemas, keeps
 * the new ones as raw events, and folds them into jobs, datasets, runs and facets, all in one
 * transaction, with the finished runs' entries in the run history (runHistory.ts). A refused event
 * changes nothing; the others of a batch are still taken. An event already taken (same canonical
 * JSON) is answered as a duplicate and writes nothing. The assets whose runs changed then have
 * their freshness evaluated, so an asset's recovery is seen with the event that brings it.
 */
import { canonicalJson, sha256Hex } from "../../core/canonicalJson.js";
import { AppError } from "../../core/errors.js";
import { eventRows, foldEventRows, storedTime } from "../../core/openlineage/eventRows.js";
import { EventValidator } from "../../core/openlineage/eventValidator.js";
import type { Leniency } from "../../core/openlineage/leniencies.js";
import type { OpenLineageEvent, OpenLineageEventKind } from "../../core/openlineage/types.js";
import type { TenantContext } from "../actor.js";
import { assertRole } from "../tokens.js";
import { transactionFacets } from "./facetStore.js";
import { foldIntoCatalog } from "./foldIntoCatalog.js";
import { evaluateTouchedFreshness } from "../runs/recordRuns.js";
import { purgeExpiredEvents } from "./rawEvents.js";
import { withRetryOnConflict } from "./retry.js";
import { recordOpenLineageRuns } from "./runHistory.js";
import { writeEventRows } from "./writeEventRows.js";
import { allowLongStatements, LONG_TRANSACTION } from "../../db/longTransaction.js";

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

interface Accepted {
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
  const now = (options.now ?? (() => new Date()))();
  const outcomes: EventOutcome[] = [];
  const accepted = new Map<string, Accepted>();
  values.forEach((value, index) => {
    const checked = eventValidator().validate(value);
    if (!checked.ok) {
      const code = checked.status === 400 ? "BAD_USER_INPUT" : "INVALID_EVENT";
      outcomes[index] = { index, status: "REFUSED", httpStatus: checked.status, code, pointer: checked.pointer, message: checked.message };
      return;
    }
    const eventHash = sha256Hex(canonicalJson(checked.event));
    outcomes[index] = { index, status: "DUPLICATE", eventHash, leniencies: checked.leniencies };
    if (!accepted.has(eventHash)) accepted.set(eventHash, { index, kind: checked.kind, event: checked.event, eventHash, leniencies: checked.leniencies });
  });
  if (accepted.size === 0) return outcomes;

  const { created, touched } = await withRetryOnConflict(() =>
    ctx.db.$transaction(
      async (tx) => {
        await allowLongStatements(tx);
        const inserted = await tx.$queryRawUnsafe<{ eventHash: string }[]>(
          `INSERT INTO "OpenLineageEvent" ("tenantId", "id", "eventHash", "kind", "eventType", "eventTime", "receivedAt", "runId", "jobNamespace", "jobName", "flags", "payload")
           SELECT $1, gen_random_uuid()::text, x."eventHash", x."kind"::"OpenLineageEventKind", x."eventType", x."eventTime", $2::timestamptz, x."runId", x."jobNamespace", x."jobName",
             ARRAY(SELECT jsonb_array_elements_text(x."flags")), x."payload"
           FROM jsonb_to_recordset($3::jsonb) AS x("eventHash" text, "kind" text, "eventType" text, "eventTime" timestamptz, "runId" text, "jobNamespace" text, "jobName" text, "flags" jsonb, "payload" jsonb)
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
        await foldIntoCatalog(tx, ctx.tenant.id, rows, transactionFacets(tx, ctx.tenant.id, written));
        const touched = await recordOpenLineageRuns(tx, ctx.tenant.id, rows.runs.map((run) => run.runId), now);
        return { created: fresh, touched };
      },
      LONG_TRANSACTION,
    ),
  );
  for (const a of accepted.values()) {
    if (created.has(a.eventHash)) outcomes[a.index] = { index: a.index, status: "CREATED", eventHash: a.eventHash, leniencies: a.leniencies };
  }
  await evaluateTouchedFreshness(ctx, touched, { now, publicUrl: options.publicUrl });
  await purgeExpiredEvents(ctx, now, options.retentionDays);
  return outcomes;
}

function rawRow(a: Accepted) {
  return {
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

/** One event, as `POST /api/v1/lineage` takes it: refused with its 4xx, else its outcome. */
export async function ingestOpenLineageEvent(ctx: TenantContext, value: unknown, options: IngestOptions): Promise<EventOutcome> {
  const [outcome] = await ingestOpenLineageEvents(ctx, [value], options);
  if (outcome!.status === "REFUSED") {
    throw new AppError(outcome!.httpStatus === 400 ? "BAD_USER_INPUT" : "UNPROCESSABLE_ENTITY", outcome!.message, { reason: outcome!.code, pointer: outcome!.pointer });
  }
  return outcome!;
}
