/**
 * Planner statistics for tables that one transaction grows in bulk.
 *
 * PostgreSQL plans from the row counts and value distributions that ANALYZE last recorded. A
 * fresh database has none, and nothing records them during a post: autovacuum's ANALYZE runs
 * only after the commit, on a server (the embedded database has no autovacuum at all). So the
 * first large post into a new database ran its statements, the foreign-key checks among them
 * (their plans are made once per connection and kept), with plans for empty tables, and a
 * post that followed another tenant's was several times faster. ANALYZE inside the transaction
 * samples the transaction's own new rows and invalidates the plans made before it.
 *
 * A table is analysed when the post has at least doubled it since its last statistics (and it
 * holds at least MIN_ROWS): a few ANALYZEs while a first post grows it (each samples at most
 * 30,000 rows), none for a small change to a large catalog.
 */
import type { BulkWriter } from "./bulkInsert.js";

interface RawQueries {
  $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): PromiseLike<T>;
  $executeRawUnsafe(query: string, ...values: unknown[]): PromiseLike<number>;
}

/** Below this, plans for an empty table and for a measured one hardly differ. */
const MIN_ROWS = 2_000;

export class PlannerStatistics {
  private constructor(
    /** table → rows its statistics counted when last analysed (0: never analysed) */
    private readonly analysedRows: Map<string, number>,
    /** table → rows the writer had handed over when it was last analysed */
    private readonly writtenAtAnalysis = new Map<string, number>(),
  ) {}

  /** The row counts the current statistics of the schema's tables record. */
  static async read(db: RawQueries): Promise<PlannerStatistics> {
    const rows = await db.$queryRawUnsafe<{ table: string; rows: number }[]>(
      `SELECT c.relname AS "table", greatest(c.reltuples, 0)::float8 AS "rows" FROM pg_class c
       WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'r'`,
    );
    return new PlannerStatistics(new Map(rows.map((r) => [r.table, r.rows])));
  }

  /**
   * Analyses the tables `writer` has at least doubled since their last statistics; returns their
   * names. Waits for the writer first (ANALYZE must see the rows).
   */
  async refresh(db: RawQueries, writer: BulkWriter): Promise<string[]> {
    const grown: string[] = [];
    for (const [table, written] of writer.rowsHandedOver) {
      const before = this.analysedRows.get(table) ?? 0;
      const added = written - (this.writtenAtAnalysis.get(table) ?? 0);
      if (before + added >= MIN_ROWS && added >= before) grown.push(table);
    }
    if (grown.length === 0) return grown;
    await writer.flush();
    await db.$executeRawUnsafe(`ANALYZE ${grown.map((t) => `"${t}"`).join(", ")}`);
    for (const table of grown) {
      const written = writer.rowsHandedOver.get(table)!;
      this.analysedRows.set(table, (this.analysedRows.get(table) ?? 0) + written - (this.writtenAtAnalysis.get(table) ?? 0));
      this.writtenAtAnalysis.set(table, written);
    }
    return grown;
  }
}

/** Below this many pages a sequential scan is as quick as an index; no need to analyse. */
const MIN_PAGES = 16;

/**
 * For writers of many small transactions (OpenLineage intake): analyses those of `tables` that
 * have at least doubled in pages since their statistics (from MIN_PAGES on); returns their names.
 * The embedded database has no autovacuum, and a server's runs only after a while: without this,
 * a table grown by small transactions keeps the statistics of its first ANALYZE, or none, and the
 * session's plans, its foreign-key checks' among them, stay those made when it was nearly empty
 * (OpenLineage intake's 12,000 new columns took 9 s of checks on 2,700 assets, 0.4 s once
 * analysed). ANALYZE records the statistics and makes those plans again. Pages, not the
 * cumulative row counts, because those reach the statistics views only after a delay; doubling
 * keeps the ANALYZEs few, one per doubling of a table.
 */
export async function analyzeGrownTables(db: RawQueries, tables: readonly string[]): Promise<string[]> {
  const grown = await db.$queryRawUnsafe<{ table: string }[]>(
    `SELECT c.relname AS "table" FROM pg_class c
     WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'r' AND c.relname = ANY($1::text[])
       AND pg_relation_size(c.oid) / current_setting('block_size')::int >= greatest(2 * c.relpages, ${MIN_PAGES})`,
    [...tables],
  );
  if (grown.length > 0) await db.$executeRawUnsafe(`ANALYZE ${grown.map((t) => `"${t.table}"`).join(", ")}`);
  return grown.map((t) => t.table);
}
