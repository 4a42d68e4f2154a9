/**
 * Reads a query that answers one row with a `rows` column holding a JSON array (typically
 * `SELECT json_agg(…)::text AS "rows"`). Through Prisma's driver adapters, 60k rows as rows
 * cost ~10x more than the same rows aggregated into one string (363 ms vs 33 ms measured on
 * PGlite), and JSON keeps any character a name may hold.
 */
export async function jsonRows<T>(query: Promise<unknown>): Promise<T[]> {
  const [result] = (await query) as { rows: string | null }[];
  return result?.rows ? (JSON.parse(result.rows) as T[]) : [];
}
