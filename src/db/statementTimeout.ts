/**
 * PostgreSQL's `statement_timeout` for the server's connections (TRIBUTARY_STATEMENT_TIMEOUT_MS).
 * A request that runs out of its time budget stops at its next database call (abandonWork.ts),
 * but the statement it is waiting on would run on: the database ends that one. Long
 * transactions lift the limit for themselves (longTransaction.ts).
 */
import { AppError } from "../core/errors.js";

/** SQLSTATE query_canceled: statement_timeout, or a cancel request. */
const QUERY_CANCELED = "57014";

/** The pg connection setting, or nothing when the limit is off (0). */
export function statementTimeoutSetting(ms: number | undefined): { statement_timeout?: number } {
  return ms && ms > 0 ? { statement_timeout: ms } : {};
}

/** A TIME_BUDGET_EXCEEDED error for a statement PostgreSQL cancelled; null for any other error. */
export function statementTimeoutError(error: unknown): AppError | null {
  const cause = (error as { meta?: { driverAdapterError?: { cause?: { originalCode?: string; originalMessage?: string } } } } | null)?.meta?.driverAdapterError?.cause;
  if (cause?.originalCode !== QUERY_CANCELED || !/statement timeout/.test(cause.originalMessage ?? "")) return null;
  return new AppError("TIME_BUDGET_EXCEEDED", "A database statement ran longer than the server allows (TRIBUTARY_STATEMENT_TIMEOUT_MS) and was cancelled; ask for less", {});
}
