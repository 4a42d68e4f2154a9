/**
 * Concurrent writers of the same OpenLineage rows can meet in a deadlock or a serialization
 * failure; PostgreSQL then aborts one of them, which is safe to run again (every write is an
 * idempotent upsert). Retried here so that a client never sees a 5xx for it, and never retries.
 */
const RETRYABLE_SQLSTATES = new Set(["40P01", "40001"]);
const ATTEMPTS = 5;

export async function withRetryOnConflict<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= ATTEMPTS || !isRetryable(error)) throw error;
    }
  }
}

function isRetryable(error: unknown): boolean {
  const text = `${(error as { code?: string }).code ?? ""} ${(error as Error).message ?? ""} ${JSON.stringify((error as { meta?: unknown }).meta ?? {})}`;
  return [...RETRYABLE_SQLSTATES].some((state) => text.includes(state)) || /deadlock detected|could not serialize/i.test(text);
}
