/**
 * BulkWriter: bulk inserts run one at a time and in order, each handed over before the caller
 * goes on; a failed statement surfaces at the next insert or flush, never as an unhandled
 * rejection. (Against real databases, every ingest test goes through it.)
 */
import { describe, expect, it } from "vitest";
import { BulkWriter } from "../../../src/db/bulkInsert.js";

/** A fake connection: records statements, finishes each only when told to. */
function fakeDb(options: { failOn?: string } = {}) {
  const started: { sql: string; rows: Record<string, unknown>[] }[] = [];
  const finishers: (() => void)[] = [];
  let running = 0;
  let maxRunning = 0;
  return {
    started,
    maxRunning: () => maxRunning,
    finishNext: () => finishers.shift()?.(),
    db: {
      $executeRawUnsafe(sql: string, json: unknown): Promise<number> {
        const rows = JSON.parse(json as string) as Record<string, unknown>[];
        started.push({ sql, rows });
        running += 1;
        maxRunning = Math.max(maxRunning, running);
        return new Promise<number>((resolve, reject) => {
          finishers.push(() => {
            running -= 1;
            if (options.failOn && sql.includes(options.failOn)) reject(new Error(`insert into ${options.failOn} failed`));
            else resolve(rows.length);
          });
        });
      },
    },
  };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe("BulkWriter", () => {
  it("hands a statement over and returns while it runs; the next one starts only after it", async () => {
    const fake = fakeDb();
    const writer = new BulkWriter(fake.db);
    await writer.insert("A", { id: "text" }, [{ id: "a1" }]);
    expect(fake.started.map((s) => s.rows)).toEqual([[{ id: "a1" }]]);
    const second = writer.insert("B", { id: "text" }, [{ id: "b1" }]);
    await tick();
    expect(fake.started).toHaveLength(1);
    fake.finishNext();
    await second;
    expect(fake.started.map((s) => /INSERT INTO "(\w+)"/.exec(s.sql)?.[1])).toEqual(["A", "B"]);
    const flushed = writer.flush();
    fake.finishNext();
    await flushed;
    expect(fake.maxRunning()).toBe(1);
  });

  it("sends the rows as they are, in chunks of 5,000, absent values as null in SQL", async () => {
    const fake = fakeDb();
    const writer = new BulkWriter(fake.db);
    const rows = Array.from({ length: 12_001 }, (_, i) => ({ id: `r${i}`, note: i === 0 ? undefined : null, at: new Date(0) }));
    const done = writer.insert("T", { id: "text", note: "text", at: "timestamptz" }, rows);
    for (let i = 0; i < 3; i += 1) {
      await tick();
      fake.finishNext();
    }
    await done;
    const flushed = writer.flush();
    fake.finishNext();
    await flushed;
    expect(fake.started.map((s) => s.rows.length)).toEqual([5_000, 5_000, 2_001]);
    expect(fake.started[0]!.rows[0]).toEqual({ id: "r0", at: "1970-01-01T00:00:00.000Z" });
    expect(fake.started[0]!.sql).toContain('jsonb_to_recordset($1::jsonb) AS x("id" text, "note" text, "at" timestamptz)');
  });

  it("reports a failed statement at the next flush, and runs nothing after it", async () => {
    const fake = fakeDb({ failOn: '"A"' });
    const writer = new BulkWriter(fake.db);
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on("unhandledRejection", onUnhandled);
    try {
      await writer.insert("A", { id: "text" }, [{ id: "a1" }]);
      fake.finishNext();
      await tick();
      await tick();
      await expect(writer.insert("B", { id: "text" }, [{ id: "b1" }])).rejects.toThrow(/insert into "A" failed/);
      await expect(writer.flush()).rejects.toThrow(/insert into "A" failed/);
      expect(fake.started).toHaveLength(1);
      expect(unhandled).toEqual([]);
    } finally {
      process.off("unhandledRejection", onUnhandled);
    }
  });
});
