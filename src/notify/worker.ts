/**
 * The delivery worker: drains the outbox in the background of a Tributary process. Several
 * processes (each with its worker) share one PostgreSQL database safely; see outbox.ts.
 *
 * It wakes when this process queued deliveries (wakeDeliveryWorkers), when the next retry
 * falls due, and at least every poll interval (for rows queued by other processes).
 */
import { DEFAULT_RETRY_POLICY, decideRetry, type RetryPolicy } from "../core/notify/backoff.js";
import type { PrismaClient } from "../generated/prisma/client.js";
import type { Logger } from "../logger.js";
import { onDeliveriesQueued } from "../services/notifications/wake.js";
import { claimDueDeliveries, expediteBacklog, failAbandoned, nextDueAt, recordDelivered, recordFailure, releaseClaim, type ClaimedDelivery } from "./outbox.js";
import { deliveryNetwork } from "./deliveryDispatcher.js";
import { sendDelivery } from "./send.js";

export interface DeliveryWorkerOptions {
  /** Longest sleep between looks at the outbox (default 2 s). */
  pollIntervalMs?: number;
  /** Deliveries claimed and sent at once (default 10). */
  batchSize?: number;
  /** Per attempt (default 10 s). */
  timeoutMs?: number;
  /** How long a claim lasts before a crashed worker's rows are claimable again (default 2 × timeout + 30 s). */
  leaseMs?: number;
  retry?: Partial<RetryPolicy>;
  now?: () => Date;
  random?: () => number;
  logger?: Pick<Logger, "info" | "warn" | "error" | "debug">;
  /** Deliver to private, loopback and link-local addresses too (default false: public ones only). */
  allowPrivateNetworks?: boolean;
}

export interface DeliveryWorkerStats {
  attempts: number;
  delivered: number;
  failedAttempts: number;
  gaveUp: number;
}

export interface DeliveryWorker {
  /** Look at the outbox now. */
  kick(): void;
  /** Claims and sends one batch; returns how many rows it claimed. For tests and tools. */
  drainOnce(): Promise<number>;
  readonly stats: DeliveryWorkerStats;
  /** Stops polling, aborts attempts in flight and hands their rows back; resolves when idle. */
  stop(): Promise<void>;
}

const SILENT = { info() {}, warn() {}, error() {}, debug() {} };

export function startDeliveryWorker(prisma: PrismaClient, options: DeliveryWorkerOptions = {}): DeliveryWorker {
  const pollIntervalMs = options.pollIntervalMs ?? 2_000;
  const batchSize = options.batchSize ?? 10;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const leaseMs = options.leaseMs ?? 2 * timeoutMs + 30_000;
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  const now = options.now ?? (() => new Date());
  const random = options.random ?? Math.random;
  const log = options.logger ?? SILENT;
  const stats: DeliveryWorkerStats = { attempts: 0, delivered: 0, failedAttempts: 0, gaveUp: 0 };
  const stopping = new AbortController();
  const network = deliveryNetwork(options.allowPrivateNetworks ?? false);

  let kicked = false;
  let wake: (() => void) | null = null;

  function kick() {
    kicked = true;
    wake?.();
  }

  async function attempt(claim: ClaimedDelivery): Promise<void> {
    stats.attempts += 1;
    const result = await sendDelivery({
      url: claim.url,
      secret: claim.secret,
      format: claim.format,
      deliveryId: claim.id,
      idempotencyKey: claim.idempotencyKey,
      attempt: claim.attempts,
      envelope: claim.payload,
      timeoutMs,
      now: now(),
      signal: stopping.signal,
      network,
    });
    const at = now();
    if (result.ok) {
      stats.delivered += 1;
      if (!(await recordDelivered(prisma, claim, { status: result.status, at }))) {
        log.warn({ delivery: claim.id }, "delivery sent after its lease ran out; another worker may send it again");
      }
      if ((await expediteBacklog(prisma, claim, at)) > 0) kick();
      return;
    }
    if (result.aborted) {
      await releaseClaim(prisma, claim, at).catch(() => undefined);
      return;
    }
    stats.failedAttempts += 1;
    const decision = decideRetry(policy, {
      attempts: claim.attempts,
      createdAt: claim.createdAt,
      now: at,
      retryAfterMs: result.retryAfterMs,
      random: random(),
    });
    if (!decision.retry) stats.gaveUp += 1;
    const error = decision.retry ? result.error : `${result.error} (${decision.reason})`;
    await recordFailure(prisma, claim, { status: result.status, error, retryAt: decision.retry ? decision.at : null });
    log[decision.retry ? "info" : "warn"](
      { delivery: claim.id, webhook: claim.webhookId, attempt: claim.attempts, error: result.error, retryInMs: decision.retry ? decision.delayMs : null },
      decision.retry ? "webhook delivery failed; will retry" : "webhook delivery failed for good",
    );
  }

  async function drainOnce(): Promise<number> {
    const at = now();
    const abandoned = await failAbandoned(prisma, { maxAttempts: policy.maxAttempts, now: at });
    if (abandoned > 0) log.warn({ count: abandoned }, "deliveries failed: their last attempt's worker stopped");
    const claims = await claimDueDeliveries(prisma, { limit: batchSize, leaseMs, maxAttempts: policy.maxAttempts, now: at });
    await Promise.all(
      claims.map((claim) =>
        attempt(claim).catch((error: unknown) => {
          // The database went away mid-record: the lease brings the row back later.
          log.error({ err: error, delivery: claim.id }, "could not record a webhook delivery attempt");
        }),
      ),
    );
    return claims.length;
  }

  async function sleepUntilDue(): Promise<void> {
    let waitMs = pollIntervalMs;
    try {
      const due = await nextDueAt(prisma);
      if (due) waitMs = Math.min(pollIntervalMs, Math.max(0, due.getTime() - now().getTime()));
    } catch {
      // Keep the poll interval; the next drain reports a lasting database problem.
    }
    if (kicked || stopping.signal.aborted) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, waitMs);
      function done() {
        clearTimeout(timer);
        wake = null;
        resolve();
      }
      wake = done;
    });
  }

  async function loop(): Promise<void> {
    while (!stopping.signal.aborted) {
      kicked = false;
      let claimed = 0;
      try {
        claimed = await drainOnce();
      } catch (error) {
        if (stopping.signal.aborted) break;
        log.error({ err: error }, "webhook delivery worker could not read the outbox");
      }
      if (stopping.signal.aborted) break;
      // A full batch means more may be due now.
      if (claimed < batchSize) await sleepUntilDue();
    }
  }

  const unsubscribe = onDeliveriesQueued(kick);
  const running = loop();

  return {
    kick,
    drainOnce,
    stats,
    async stop() {
      unsubscribe();
      stopping.abort();
      wake?.();
      await running;
      await network.dispatcher.close();
    },
  };
}
