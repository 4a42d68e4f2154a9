/**
 * The embedded database on its own thread (src/db/pgliteThread): Prisma's errors, transactions
 * and a data dir behave as they did in process, and the main thread's event loop keeps running
 * while the database executes.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrate, openEmbeddedDatabase, type Database } from "../../src/db/database.js";
import { EMBEDDED_SESSION_FLAG } from "../../src/db/foreignKeyChecks.js";
import { PGliteThread } from "../../src/db/pgliteThread/thread.js";
import { createTenant } from "../../src/services/tenants.js";

describe("the embedded database thread", () => {
  let db: Database;

  beforeAll(async () => {
    db = await openEmbeddedDatabase();
    await migrate(db);
  });
  afterAll(() => db.close());

  it("passes PostgreSQL's errors through as Prisma's known errors", async () => {
    await createTenant(db.prisma, { slug: "first" });
    const duplicate = db.prisma.tenant.create({ data: { slug: "first", name: "again" } });
    await expect(duplicate).rejects.toMatchObject({ code: "P2002" });
    await expect(db.prisma.$queryRawUnsafe("SELECT * FROM no_such_table")).rejects.toThrow(/no_such_table/);
    // The thread is still there for the next statement.
    expect(await db.prisma.tenant.count({ where: { slug: "first" } })).toBe(1);
  });

  it("marks its session as the embedded database, which ingestion's bulk writes look for", async () => {
    const [row] = await db.prisma.$queryRawUnsafe<{ flag: string }[]>(`SELECT current_setting('${EMBEDDED_SESSION_FLAG}', true) AS flag`);
    expect(row!.flag).toBe("on");
  });

  it("commits an interactive transaction whole and rolls a failed one back whole", async () => {
    await db.prisma.$transaction(async (tx) => {
      await tx.tenant.create({ data: { slug: "committed", name: "c" } });
      await tx.tenant.create({ data: { slug: "committed-too", name: "c" } });
    });
    const failed = db.prisma.$transaction(async (tx) => {
      await tx.tenant.create({ data: { slug: "rolled-back", name: "r" } });
      throw new Error("changed my mind");
    });
    await expect(failed).rejects.toThrow("changed my mind");
    const slugs = (await db.prisma.tenant.findMany({ select: { slug: true } })).map((t) => t.slug);
    expect(slugs).toEqual(expect.arrayContaining(["committed", "committed-too"]));
    expect(slugs).not.toContain("rolled-back");
  });

  it("runs the main thread's timers while a statement executes", async () => {
    const order: string[] = [];
    const statement = db.prisma
      .$queryRawUnsafe("SELECT sum(i) FROM generate_series(1, 3000000) AS i")
      .then(() => order.push("statement"));
    setTimeout(() => order.push("timer"), 0);
    await statement;
    // In process, the statement would hold the event loop until it ended, timer after it.
    expect(order).toEqual(["timer", "statement"]);
  });

  it("keeps what was written in a data dir across a close and a reopen", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tributary-thread-"));
    try {
      const first = await openEmbeddedDatabase({ dataDir: dir });
      await migrate(first);
      await createTenant(first.prisma, { slug: "kept" });
      await first.close();
      const again = await openEmbeddedDatabase({ dataDir: dir });
      expect(again.description).toBe(dir);
      expect(await again.prisma.tenant.count({ where: { slug: "kept" } })).toBe(1);
      await again.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("reports itself lost when its thread stops without close, and fails the calls in flight", async () => {
    const thread = await PGliteThread.open();
    const inFlight = thread.call({ op: "queryRaw", query: { sql: "SELECT sum(i) FROM generate_series(1, 30000000) AS i", args: [], argTypes: [] } });
    // What a crash of the thread looks like from the main thread (the worker is private).
    await (thread as unknown as { worker: { terminate(): Promise<number> } }).worker.terminate();
    await expect(inFlight).rejects.toThrow(/embedded database thread stopped/);
    await expect(thread.lost).resolves.toMatchObject({ message: expect.stringMatching(/embedded database thread stopped/) });
  });

  it("answers calls after close with an error instead of hanging, and a closed thread is not lost", async () => {
    const thread = await PGliteThread.open();
    await thread.close();
    await expect(thread.call({ op: "queryRaw", query: { sql: "SELECT 1", args: [], argTypes: [] } })).rejects.toThrow(
      /embedded database thread stopped/,
    );
    const settled = await Promise.race([thread.lost.then(() => "lost"), new Promise((resolve) => setImmediate(() => resolve("open")))]);
    expect(settled).toBe("open");
  });
});
