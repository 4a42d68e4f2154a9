/**
 * Single-event posts (`POST /api/v1/lineage`), stored by group commit. A producer that posts
 * each event on its own (the OpenLineage clients do) would pay a whole intake transaction per
 * event, and a tenant's transactions take turns anyway (each locks the same run, asset and
 * tenant rows). So the single events of a tenant that arrive while one of its transactions runs
 * in this process wait for it to end, then go together in the next one: the first event waits
 * for nothing, the others for one transaction at most.
 *
 * A producer's workers post again as soon as they are answered, while the events that came in
 * during the transaction are already waiting: taken at once, they would make a small group, and
 * the workers just answered the next one, two transactions a round. So when a transaction ends
 * with events waiting, those wait a moment more (gatherMs) for as many events as were
 * in flight in that round, and the round's callers come back into the same group.
 *
 * Each caller still gets its own answer (CREATED, or DUPLICATE for an event already stored or
 * stored by an earlier caller of the same group). If the group's transaction fails, each event
 * is stored again on its own, so a failure is answered only to the event that causes it; a
 * failure after the commit (freshness) is answered to all, as a batch's would be.
 */
import { AppError } from "../../core/errors.js";
import { sharedWork } from "../../db/abandonWork.js";
import type { TenantDb } from "../../db/tenantScope.js";
import type { TenantContext } from "../actor.js";
import { assertRole } from "../tokens.js";
import { afterWriting, checkEvent, clockOf, outcomesOf, writeEvents, type Accepted, type EventOutcome, type IngestOptions } from "./ingestEvents.js";

/** Events one transaction takes at most: as many as a batch post of the benchmarks. */
const MAX_GROUP = 100;

/**
 * How long events waiting after a transaction wait for the callers it answered to post again:
 * half as long as that transaction took (a busy machine slows both alike), at most GATHER_MS. A
 * local client's next post arrives within a few milliseconds; a slower one goes in the next group.
 */
const GATHER_MS = 25;
const gatherMs = (transactionMs: number) => Math.min(GATHER_MS, Math.max(1, transactionMs / 2));

interface Waiting {
  ctx: TenantContext;
  event: Accepted;
  options: IngestOptions;
  answer(outcome: EventOutcome): void;
  fail(error: unknown): void;
}

interface Queue {
  waiting: Waiting[];
  running: boolean;
  /** Called when an event joins `waiting` (while the queue gathers a group). */
  arrived?: () => void;
}

/** Per tenant client: the events waiting, and whether a transaction of theirs is running. */
const queues = new WeakMap<TenantDb, Queue>();

/** One event, as `POST /api/v1/lineage` takes it: refused with its 4xx (at once, changing nothing), else its outcome. */
export async function ingestOpenLineageEvent(ctx: TenantContext, value: unknown, options: IngestOptions): Promise<EventOutcome> {
  assertRole(ctx, "CI");
  const checked = checkEvent(value, 0);
  if ("status" in checked) {
    throw new AppError(checked.httpStatus === 400 ? "BAD_USER_INPUT" : "UNPROCESSABLE_ENTITY", checked.message, { reason: checked.code, pointer: checked.pointer });
  }
  return storeTogether(ctx, checked, options);
}

function storeTogether(ctx: TenantContext, event: Accepted, options: IngestOptions): Promise<EventOutcome> {
  let queue = queues.get(ctx.db);
  if (!queue) queues.set(ctx.db, (queue = { waiting: [], running: false }));
  const started = queue;
  return new Promise((answer, fail) => {
    started.waiting.push({ ctx, event, options, answer, fail });
    started.arrived?.();
    // After the current tick, so the posts that came in together start together.
    if (!started.running) {
      started.running = true;
      queueMicrotask(() => void sharedWork(() => drain(started)));
    }
  });
}

async function drain(queue: Queue): Promise<void> {
  try {
    // Events in flight in the last round: its group, and those that came in while it ran.
    let inFlight = 0;
    let lastMs = 0;
    while (queue.waiting.length > 0) {
      await gather(queue, Math.min(inFlight, MAX_GROUP), gatherMs(lastMs));
      // One clock and one set of options per transaction: those of the first in line.
      const options = queue.waiting[0]!.options;
      const group: Waiting[] = [];
      queue.waiting = queue.waiting.filter((w) => (w.options === options && group.length < MAX_GROUP ? (group.push(w), false) : true));
      const started = performance.now();
      await storeGroup(group);
      lastMs = performance.now() - started;
      inFlight = group.length + queue.waiting.length;
    }
  } finally {
    queue.running = false;
  }
}

/** Waits until `wanted` events wait, or `ms` have passed. */
async function gather(queue: Queue, wanted: number, ms: number): Promise<void> {
  if (queue.waiting.length >= wanted) return;
  await new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      queue.arrived = undefined;
      resolve();
    };
    const timer = setTimeout(done, ms);
    queue.arrived = () => {
      if (queue.waiting.length >= wanted) done();
    };
  });
}

async function storeGroup(group: readonly Waiting[]): Promise<void> {
  const [{ ctx, options }] = group as [Waiting];
  const events = group.map((w, index) => ({ ...w.event, index }));
  const now = clockOf(options)();
  let written: Awaited<ReturnType<typeof writeEvents>>;
  try {
    written = await writeEvents(ctx, events, now);
  } catch (error) {
    if (group.length === 1) return group[0]!.fail(error);
    for (const waiting of group) await storeGroup([waiting]);
    return;
  }
  // Committed: a failure from here on is every member's, as it would be a batch's.
  try {
    await afterWriting(ctx, written.touched, now, options);
  } catch (error) {
    for (const waiting of group) waiting.fail(error);
    return;
  }
  outcomesOf(events, written.created).forEach((outcome, i) => group[i]!.answer({ ...outcome, index: 0 }));
}
