/**
 * Prisma's interactive-transaction limits for the writes that may wait behind an ingest or
 * carry many rows (run posts, OpenLineage intake, freshness passes): its 5 s default would end
 * them half-way on a busy embedded database, which runs one transaction at a time.
 */
export const LONG_TRANSACTION = { timeout: 5 * 60_000, maxWait: 5 * 60_000 };

/**
 * Lets the statements of one such transaction run as long as the transaction itself may. The
 * server's PostgreSQL connections cancel a statement after TRIBUTARY_STATEMENT_TIMEOUT_MS
 * (db/statementTimeout.ts), which suits a request that gives up after its time budget, not an
 * ingest writing a large project in one statement. `SET LOCAL` ends with the transaction, so
 * the pooled connection goes back with the server's limit.
 */
export async function allowLongStatements(tx: { $executeRawUnsafe(sql: string): PromiseLike<number> }, ms: number = LONG_TRANSACTION.timeout): Promise<void> {
  await tx.$executeRawUnsafe(`SET LOCAL statement_timeout = ${Math.floor(ms)}`);
}
