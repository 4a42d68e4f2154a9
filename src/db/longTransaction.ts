/**
 * Transactions for the writes that may wait behind an ingest or carry many rows (manifest and
 * run posts, observations, OpenLineage intake, freshness passes): Prisma's 5 s default would end
 * them half-way on a busy embedded database, which runs one transaction at a time.
 */
export const LONG_TRANSACTION = { timeout: 5 * 60_000, maxWait: 5 * 60_000 };

interface RawExecutor {
  $executeRawUnsafe(sql: string): PromiseLike<number>;
}

interface Transactional<Tx> {
  $transaction<R>(work: (tx: Tx) => Promise<R>, options?: { timeout?: number; maxWait?: number }): Promise<R>;
}

/**
 * Runs `work` in a transaction that may last `timeoutMs` (and wait as long for its turn), whose
 * statements may too. The server's PostgreSQL connections cancel a statement after
 * TRIBUTARY_STATEMENT_TIMEOUT_MS (db/statementTimeout.ts), which suits a request that gives up
 * after its time budget, not an ingest writing a large project in one statement. `SET LOCAL`
 * ends with the transaction, so the pooled connection goes back with the server's limit.
 */
export function inLongTransaction<Tx extends RawExecutor, R>(db: Transactional<Tx>, work: (tx: Tx) => Promise<R>, timeoutMs: number = LONG_TRANSACTION.timeout): Promise<R> {
  return db.$transaction(
    async (tx) => {
      await tx.$executeRawUnsafe(`SET LOCAL statement_timeout = ${Math.floor(timeoutMs)}`);
      return work(tx);
    },
    { timeout: timeoutMs, maxWait: timeoutMs },
  );
}
