/**
 * Taking over the embedded database's lock: only from a holder that ran on this host and
 * whose process is gone; any other holder keeps it (a refusal that names it) until it is
 * stale. The lock files are real; the holders are written as a crashed process leaves them.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { DataDirBusyError, lockDataDir, lockFiles, type LockHolder } from "../../../src/db/dataDirLock.js";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A data dir whose lock a process took and never released. */
function lockedBy(holder: Partial<LockHolder> | null): string {
  const dataDir = mkdtempSync(join(tmpdir(), "tributary-lock-"));
  dirs.push(dataDir);
  const files = lockFiles(dataDir);
  mkdirSync(files.lock);
  if (holder) {
    const full = { pid: 1, hostname: hostname(), processStart: 1, purpose: "start the server", ...holder };
    writeFileSync(files.holder, JSON.stringify(full));
  }
  return dataDir;
}

/** The pid of a process that has exited. */
function deadPid(): number {
  return spawnSync(process.execPath, ["-e", ""]).pid!;
}

async function refusal(dataDir: string): Promise<string> {
  const error = await lockDataDir(dataDir, "list tokens").then(
    async (lock) => (await lock.release(), null),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DataDirBusyError);
  return (error as Error).message;
}

describe("the data dir lock", () => {
  it("takes over at once from a holder on this host whose process is gone", async () => {
    const pid = deadPid();
    const lock = await lockDataDir(lockedBy({ pid }), "start the server");
    expect(lock.tookOverFrom).toMatchObject({ pid, hostname: hostname() });
    await lock.release();
  });

  it("takes over from an earlier process that had this one's pid (a restarted container's PID 1)", async () => {
    const lock = await lockDataDir(lockedBy({ pid: process.pid, processStart: 12345 }), "start the server");
    expect(lock.tookOverFrom?.pid).toBe(process.pid);
    await lock.release();
  });

  it("refuses while the holder's process runs, naming it", async () => {
    expect(await refusal(lockedBy({ pid: process.ppid, url: "http://127.0.0.1:4000" }))).toContain(
      `in use by the Tributary server (pid ${process.ppid}) at http://127.0.0.1:4000`,
    );
  });

  it("refuses a second lock in the same process", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "tributary-lock-"));
    dirs.push(dataDir);
    const first = await lockDataDir(dataDir, "start the server");
    expect(await refusal(dataDir)).toContain(`another Tributary process (pid ${process.pid}, to start the server)`);
    await first.release();
  });

  it("keeps the stale-time rule for a holder on another host, whose pid means nothing here", async () => {
    const message = await refusal(lockedBy({ pid: deadPid(), hostname: "elsewhere.example" }));
    expect(message).toContain("on host elsewhere.example");
    expect(message).toContain("freed 15 s after its last refresh");
  });

  it("refuses when nobody is named as the holder (it may still be starting)", async () => {
    expect(await refusal(lockedBy(null))).toContain("in use by another Tributary process");
  });

  it("removes every file it wrote when released", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "tributary-lock-"));
    dirs.push(dataDir);
    const lock = await lockDataDir(dataDir, "start the server");
    lock.announce("http://127.0.0.1:4000");
    await lock.release();
    expect(readdirSync(dataDir)).toEqual([]);
  });
});
