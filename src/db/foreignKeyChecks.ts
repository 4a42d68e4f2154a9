/**
 * Ingestion's bulk writes reference only rows that the same transaction wrote or read. On the
 * embedded database they skip PostgreSQL's per-row foreign-key checks: there a 5k-model first
 * post makes ~290k of them, each a locking look-up run in WebAssembly, about 30 % of the post.
 * The constraints stay declared (cascades work, and every other write is checked); a PostgreSQL
 * server always checks, and the test suite's PostgreSQL run checks everything ingestion writes.
 * The embedded database's session says what it is (pgliteThread/worker.ts sets the flag).
 */
export const EMBEDDED_SESSION_FLAG = "tributary.embedded";

interface RawQueries {
  $queryRawUnsafe(query: string, ...values: unknown[]): PromiseLike<unknown>;
}

const setRole = (role: "replica" | "origin") =>
  `SELECT set_config('session_replication_role', '${role}', true) WHERE current_setting('${EMBEDDED_SESSION_FLAG}', true) = 'on'`;

/** Runs `write` in the caller's transaction, without foreign-key checks when embedded. */
export async function withTrustedReferences<T>(tx: RawQueries, write: () => Promise<T>): Promise<T> {
  await tx.$queryRawUnsafe(setRole("replica"));
  const value = await write();
  await tx.$queryRawUnsafe(setRole("origin"));
  return value;
}
