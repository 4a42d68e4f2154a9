/**
 * The freshness evaluator: re-checks every tenant's tracked assets on a schedule, in the
 * background of a Tributary process, beside the delivery worker. Data goes late without any
 * post, so only a clock can see it. Run posts evaluate their own assets at once
 * (services/runs/recordRuns.ts); several processes evaluating together alert once, and a pass
 * reads only the assets due (services/freshness/evaluateFreshness.ts).
 */
import { scopeToTenant } from "../db/tenantScope.js";
import type { PrismaClient } from "../generated/prisma/client.js";
import type { Logger } from "../logger.js";
import { evaluateTenantFreshness } from "../services/freshness/evaluateFreshness.js";
import { wakeDeliveryWorkers } from "../services/notifications/wake.js";

export interface FreshnessWorkerOptions {
  /** Between passes (default 60 s). */
  intervalMs?: number;
  now?: () => Date;
  publicUrl?: string | null;
  logger?: Pick<Logger, "info" | "warn" | "error" | "debug">;
  /** Start the loop (default true); tests drive evaluateOnce() with their own clock instead. */
  autoStart?: boolean;
}

export interface FreshnessPassStats {
  tenants: number;
  evaluated: number;
  changed: number;
  events: number;
}

export interface FreshnessWorker {
  /** One pass over every tenant; for tests and tools. */
  evaluateOnce(): Promise<FreshnessPassStats>;
  stop(): Promise<void>;
}

const SILENT = { info() {}, warn() {}, error() {}, debug() {} };

export function startFreshnessWorker(prisma: PrismaClient, options: FreshnessWorkerOptions = {}): FreshnessWorker {
  const intervalMs = options.intervalMs ?? 60_000;
  const now = options.now ?? (() => new Date());
  const log = options.logger ?? SILENT;
  const stopping = new AbortController();
  let wake: (() => void) | null = null;

  async function evaluateOnce(): Promise<FreshnessPassStats> {
    // One index probe per tenant, not a scan of every tracked asset of every tenant.
    const tenants = await prisma.$queryRaw<{ tenantId: string }[]>`
      SELECT t.id AS "tenantId" FROM "Tenant" t WHERE EXISTS (SELECT 1 FROM "AssetFreshness" f WHERE f."tenantId" = t.id)`;
    const stats: FreshnessPassStats = { tenants: tenants.length, evaluated: 0, changed: 0, events: 0 };
    for (const { tenantId } of tenants) {
      if (stopping.signal.aborted) break;
      try {
        const pass = await evaluateTenantFreshness(scopeToTenant(prisma, tenantId), tenantId, { now: now(), publicUrl: options.publicUrl ?? null });
        stats.evaluated += pass.evaluated;
        stats.changed += pass.changed;
        stats.events += pass.events;
      } catch (error) {
        // One tenant's trouble must not stop the others' alerts.
        log.error({ err: error, tenant: tenantId }, "freshness evaluation failed for a tenant");
      }
    }
    if (stats.events > 0) wakeDeliveryWorkers();
    return stats;
  }

  async function loop(): Promise<void> {
    while (!stopping.signal.aborted) {
      try {
        const stats = await evaluateOnce();
        if (stats.changed > 0) log.info(stats, "freshness evaluated");
      } catch (error) {
        if (stopping.signal.aborted) break;
        log.error({ err: error }, "freshness evaluator could not read the database");
      }
      if (stopping.signal.aborted) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, intervalMs);
        function done() {
          clearTimeout(timer);
          wake = null;
          resolve();
        }
        wake = done;
      });
    }
  }

  const running = options.autoStart === false ? Promise.resolve() : loop();
  return {
    evaluateOnce,
    async stop() {
      stopping.abort();
      wake?.();
      await running;
    },
  };
}
