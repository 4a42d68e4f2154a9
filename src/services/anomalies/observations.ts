/**
 * `recordObservations`: a client's batch of metric values (REST, GraphQL, `tributary observe`),
 * validated whole before anything is written, stored and judged in one transaction.
 */
import { AppError } from "../../core/errors.js";
import { observationBatch, observationTime } from "../../core/anomaly/observationInput.js";
import { inLongTransaction } from "../../db/longTransaction.js";
import { describeZodError } from "../../core/validation.js";
import type { TenantContext } from "../actor.js";
import type { ChangeRequestLinks } from "../changes/changeRequests.js";
import { wakeDeliveryWorkers } from "../notifications/index.js";
import { recordAudit } from "../audit.js";
import { assertRole } from "../tokens.js";
import { resolveAssetRefs } from "./assetRefs.js";
import { storeObservations, type StoreResult } from "./storeObservations.js";

export interface ObservationOptions {
  links?: ChangeRequestLinks;
  now?: () => Date;
}

/** A backfill of 50,000 points is written and judged in seconds; Prisma's 5 s default is too tight under load. */
const TRANSACTION_TIMEOUT_MS = 120_000;

export async function recordObservations(ctx: TenantContext, input: unknown, options: ObservationOptions = {}): Promise<StoreResult> {
  assertRole(ctx, "CI");
  const parsed = observationBatch.safeParse(input);
  if (!parsed.success) {
    const { message, path } = describeZodError(parsed.error);
    throw new AppError("BAD_USER_INPUT", message, { path });
  }
  const observations = parsed.data.observations;
  const now = (options.now ?? (() => new Date()))();
  const result = await inLongTransaction(
    ctx.db,
    async (tx) => {
      const assets = await resolveAssetRefs(tx, observations, (i) => `$.observations[${i}].asset`);
      const drafts = observations.map((o, i) => ({ assetId: assets[i]!.id, name: o.name, dimensions: o.dimensions ?? {}, at: observationTime(o), value: o.value }));
      const stored = await storeObservations(tx, ctx.tenant.id, drafts, { source: "API", now, links: options.links });
      // New anomalies are readable through assets (cached answers): only then does the catalog revision move.
      await recordAudit(ctx, tx, {
        action: "observations.record",
        targetType: "Tenant",
        targetId: ctx.tenant.id,
        details: { accepted: stored.accepted, series: stored.series, anomalies: stored.anomalies.length },
        catalogChange: stored.anomalies.length > 0 ? "catalog" : "none",
      });
      return stored;
    },
    TRANSACTION_TIMEOUT_MS,
  );
  if (result.anomalies.length > 0) wakeDeliveryWorkers();
  return result;
}
