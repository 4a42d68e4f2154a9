/**
 * One production run of one asset, whoever reported it: a dbt artifact (run_results.json,
 * sources.json) or an OpenLineage run event. The run history (services/runs) stores these and
 * nothing source-specific, so every source feeds freshness and health the same way.
 */
import { z } from "zod";
import { RUN_STATUSES } from "../manifest/snapshot.js";

export const RUN_SOURCES = ["DBT", "OPENLINEAGE"] as const;
export type RunSource = (typeof RUN_SOURCES)[number];

const instant = z.iso.datetime({ offset: true, local: true }).or(z.date()).transform((value) => toDate(value));

export const runFactSchema = z.object({
  /** The asset's unique id (`model.jaffle_shop.orders`, `source.jaffle_shop.raw.orders`). */
  asset: z.string().min(1).max(1000),
  status: z.enum(RUN_STATUSES),
  startedAt: instant.nullish(),
  completedAt: instant,
  rowsAffected: z.number().int().nonnegative().nullish(),
  message: z.string().max(10_000).nullish(),
  source: z.enum(RUN_SOURCES),
  /** Sources: the newest loaded row, and when it was looked at. */
  maxLoadedAt: instant.nullish(),
  snapshottedAt: instant.nullish(),
  /** dbt's own source freshness criteria, in minutes. */
  warnAfterMinutes: z.number().int().positive().nullish(),
  errorAfterMinutes: z.number().int().positive().nullish(),
  invocationId: z.string().max(200).nullish(),
});

export type RunFactInput = z.input<typeof runFactSchema>;
export type RunFact = z.output<typeof runFactSchema>;

/** dbt writes naive timestamps that mean UTC (`2024-01-01T10:00:00.123456`). */
export function toDate(value: string | Date): Date {
  if (value instanceof Date) return value;
  return new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(value) ? value : `${value}Z`);
}

/** A run that the data was refreshed by: a success, or a source check that read a load time. */
export function refreshedAt(fact: Pick<RunFact, "status" | "completedAt" | "maxLoadedAt">): Date | null {
  if (fact.maxLoadedAt) return fact.maxLoadedAt;
  return fact.status === "SUCCESS" || fact.status === "PASS" || fact.status === "WARN" ? fact.completedAt : null;
}
