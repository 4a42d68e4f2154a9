/**
 * The server's PostgreSQL statement_timeout (TRIBUTARY_STATEMENT_TIMEOUT_MS): a runaway statement
 * is cancelled by the database and answers TIME_BUDGET_EXCEEDED, while a long transaction
 * (ingest, OpenLineage intake) lifts the limit for its own statements only. The cancelling
 * itself needs PostgreSQL; the rest runs on either database.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { openDatabase, type Database } from "../../src/db/database.js";
import { inLongTransaction } from "../../src/db/longTransaction.js";
import { statementTimeoutError } from "../../src/db/statementTimeout.js";
import { formatError } from "../../src/graphql/errors.js";
import { createTestDatabase, onPostgres, type TestDatabase } from "../support/db.js";

describe("statement timeout", () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.dispose());

  it("is 30 s unless configured, and 0 turns it off", () => {
    expect(loadConfig({}).statementTimeoutMs).toBe(30_000);
    expect(loadConfig({ TRIBUTARY_STATEMENT_TIMEOUT_MS: "0" }).statementTimeoutMs).toBe(0);
    expect(() => loadConfig({ TRIBUTARY_STATEMENT_TIMEOUT_MS: "-1" })).toThrow(/TRIBUTARY_STATEMENT_TIMEOUT_MS/);
  });

  it("lets a long transaction's statements run past the server's limit, for that transaction only", async () => {
    const setting = await inLongTransaction(
      database.db.prisma,
      async (tx) => (await tx.$queryRaw<{ statement_timeout: string }[]>`SHOW statement_timeout`)[0]!.statement_timeout,
      120_000,
    );
    expect(setting).toBe("2min");
  });

  it("leaves every other error as it is", async () => {
    const error = await database.db.prisma.$queryRaw`SELECT 1 / 0`.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(statementTimeoutError(error)).toBeNull();
  });

  if (onPostgres()) {
    describe("on PostgreSQL", () => {
      let limited: Database;

      beforeAll(async () => {
        limited = await openDatabase({ kind: "postgres", url: database.url! }, { statementTimeoutMs: 300 });
      });
      afterAll(() => limited.close());

      it("cancels a statement that runs past the limit, and the API answers TIME_BUDGET_EXCEEDED without the database's words", async () => {
        const error = await limited.prisma.$queryRaw`SELECT pg_sleep(30)::text`.catch((e: unknown) => e);
        const cancelled = statementTimeoutError(error);
        expect(cancelled?.code).toBe("TIME_BUDGET_EXCEEDED");
        const answer = formatError({ message: String((error as Error).message) }, error);
        expect(answer.extensions?.code).toBe("TIME_BUDGET_EXCEEDED");
        expect(answer.message).toMatch(/TRIBUTARY_STATEMENT_TIMEOUT_MS/);
        expect(answer.message).not.toMatch(/pg_sleep|57014|canceling/);
        // The connection is fine afterwards.
        expect(await limited.prisma.$queryRaw`SELECT 1 AS "one"`).toEqual([{ one: 1 }]);
      });

      it("runs a long transaction's slow statement to the end, and hands the connection back with the limit", async () => {
        const slept = await inLongTransaction(limited.prisma, (tx) => tx.$queryRaw<{ slept: string }[]>`SELECT pg_sleep(0.6)::text AS "slept"`);
        expect(slept).toEqual([{ slept: "" }]);
        const settings = await Promise.all(Array.from({ length: 4 }, () => limited.prisma.$queryRaw<{ statement_timeout: string }[]>`SHOW statement_timeout`));
        expect(settings.map((rows) => rows[0]!.statement_timeout)).toEqual(["300ms", "300ms", "300ms", "300ms"]);
      });
    });
  }
});
