/**
 * A bench's run on PostgreSQL: a database of its own on the server (`--pg` given alone means
 * the local one), dropped WITH (FORCE) afterwards whatever happened.
 */
import { randomBytes } from "node:crypto";
import { openDatabase, type Database } from "../../src/db/database.js";
import { adminQuery, databaseUrl } from "../../tests/support/postgres.js";

const LOCAL_SERVER = "postgres://postgres@127.0.0.1:5432/postgres";

export async function onScratchPostgres<T>(pg: string | true, run: (db: Database) => Promise<T>): Promise<T> {
  const server = pg === true ? (process.env.DATABASE_URL ?? LOCAL_SERVER) : pg;
  const name = `tributary_bench_${randomBytes(5).toString("hex")}`;
  await adminQuery(server, `CREATE DATABASE "${name}"`);
  const db = await openDatabase({ kind: "postgres", url: databaseUrl(server, name) });
  try {
    return await run(db);
  } finally {
    await db.close();
    await adminQuery(server, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  }
}
