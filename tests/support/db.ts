/**
 * A fresh, migrated, uniquely named database for one test file: PGlite by default, or a
 * database on the PostgreSQL server of TEST_DATABASE_URL. Always dropped by `dispose`.
 */
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { PrismaPg } from "@prisma/adapter-pg";
import { afterAll, beforeAll, inject } from "vitest";
import { openDatabase, openEmbeddedDatabase, type Database } from "../../src/db/database.js";
import { PrismaClient } from "../../src/generated/prisma/client.js";
import { adminQuery, databaseUrl } from "./postgres.js";

export interface TestDatabase {
  db: Database;
  /** postgres:// URL of this database, when it runs on PostgreSQL. */
  url: string | null;
  dispose(): Promise<void>;
}

export const onPostgres = (): boolean => Boolean(process.env.TEST_DATABASE_URL);

export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  const template = inject("postgresTemplate");
  if (serverUrl && template) {
    const name = `tributary_test_${randomBytes(6).toString("hex")}`;
    await adminQuery(serverUrl, `CREATE DATABASE "${name}" TEMPLATE "${template}"`);
    const url = databaseUrl(serverUrl, name);
    const db = await openDatabase({ kind: "postgres", url });
    return {
      db,
      url,
      dispose: async () => {
        await db.close();
        await adminQuery(serverUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      },
    };
  }
  const db = await openEmbeddedDatabase({ loadDataDir: readFileSync(inject("pgliteTemplate")) });
  return { db, url: null, dispose: () => db.close() };
}

/** A second Prisma client on the test database that appends the text of every statement it runs to `statements`. */
export function statementLoggingClient(database: TestDatabase, statements: string[]): PrismaClient {
  const target = database.db.migrationTarget;
  const adapter = target.kind === "pgliteThread" ? target.thread.adapterFactory() : new PrismaPg({ connectionString: database.url! });
  const client = new PrismaClient({ adapter, log: [{ emit: "event", level: "query" }] as const });
  client.$on("query", (event) => statements.push(event.query));
  return client;
}

/**
 * For a describe block: a test database made before its tests and dropped after them, with a
 * statementLoggingClient on it (read `prisma` inside the tests, once made).
 */
export function statementLoggingDatabase(): { database: TestDatabase; prisma: PrismaClient; statements: string[] } {
  const handle = { statements: [] as string[] } as { database: TestDatabase; prisma: PrismaClient; statements: string[] };
  beforeAll(async () => {
    handle.database = await createTestDatabase();
    handle.prisma = statementLoggingClient(handle.database, handle.statements);
  });
  afterAll(async () => {
    await handle.prisma.$disconnect();
    await handle.database.dispose();
  });
  return handle;
}
