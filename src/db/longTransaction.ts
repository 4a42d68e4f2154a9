/**
 * Prisma's interactive-transaction limits for the writes that may wait behind an ingest or
 * carry many rows (run posts, OpenLineage intake, freshness passes): its 5 s default would end
 * them half-way on a busy embedded database, which runs one transaction at a time.
 */
export const LONG_TRANSACTION = { timeout: 5 * 60_000, maxWait: 5 * 60_000 };
