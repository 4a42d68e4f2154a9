/**
 * PGlite has no lock of its own and a second process would open the same data dir silently
 * and corrupt it. Every process that opens the embedded database takes this lock first.
 *
 * The lock is proper-lockfile's directory, whose mtime the holder refreshes; on its own it is
 * freed only once stale (15 s without a refresh). Beside it, the holder file says who holds it
 * (pid, host, when that process started, and the server's URL once it listens). That lets a
 * restart after a crash (kill -9, an OOM kill, a restarted container) take over at once when
 * the holder ran on this host and its process is gone, and lets a refusal name the holder.
 * A holder on another host (a data dir on a network share) keeps the stale-time rule: its pid
 * means nothing here.
 *
 * Taking the lock, a takeover included, happens under a short guard lock, so two processes
 * starting together cannot both decide that the same dead holder is theirs to replace, and
 * nobody reads a holder file that belongs to an older lock.
 */
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import lockfile from "proper-lockfile";
import { z } from "zod";

export class DataDirBusyError extends Error {
  override name = "DataDirBusyError";
}

const holderSchema = z.object({
  pid: z.number().int().positive(),
  hostname: z.string(),
  /** performance.timeOrigin of the holding process: tells an earlier process with our pid from us. */
  processStart: z.number(),
  purpose: z.string(),
  url: z.string().optional(),
});

export type LockHolder = z.infer<typeof holderSchema>;

export interface DataDirLock {
  /** The crashed process whose lock this one replaced, if any (for the log). */
  readonly tookOverFrom: LockHolder | null;
  /** Records the URL the server listens at, for the message other processes get. */
  announce(url: string): void;
  release(): Promise<void>;
}

const STALE_MS = 15_000;

/** The files a lock holder writes in the data dir; all are gone once it releases the lock. */
export function lockFiles(dataDir: string) {
  return {
    lock: join(dataDir, "tributary.lock"),
    holder: join(dataDir, "tributary.lock.json"),
    /** proper-lockfile names this `<file>.lock`. */
    guard: join(dataDir, "tributary.guard"),
  };
}

export async function lockDataDir(dataDir: string, purpose: string): Promise<DataDirLock> {
  mkdirSync(dataDir, { recursive: true });
  const files = lockFiles(dataDir);
  // The guard is held for milliseconds; one left by a crash is stale after proper-lockfile's
  // minimum of 2 s, which the retries outlast. (proper-lockfile keeps one lock per file, so
  // the guard cannot be a second lock on the data dir itself.)
  const releaseGuard = await lockfile.lock(files.guard, {
    realpath: false,
    stale: 2_000,
    retries: { retries: 25, minTimeout: 50, maxTimeout: 500 },
  });
  let taken: { release: () => Promise<void>; tookOverFrom: LockHolder | null };
  let holder: LockHolder;
  try {
    taken = await acquire(dataDir, purpose);
    holder = { pid: process.pid, hostname: hostname(), processStart: performance.timeOrigin, purpose };
    writeHolder(files.holder, holder);
  } finally {
    await releaseGuard();
  }
  return {
    tookOverFrom: taken.tookOverFrom,
    announce(url) {
      writeHolder(files.holder, { ...holder, url });
    },
    async release() {
      rmSync(files.holder, { force: true });
      await taken.release();
    },
  };
}

async function acquire(dataDir: string, purpose: string): Promise<{ release: () => Promise<void>; tookOverFrom: LockHolder | null }> {
  const files = lockFiles(dataDir);
  try {
    return { release: await takeLock(dataDir), tookOverFrom: null };
  } catch (error) {
    if (!isLocked(error)) throw error;
  }
  const holder = readHolder(files.holder);
  if (!holder || !isGone(holder)) throw new DataDirBusyError(busyMessage(dataDir, purpose, holder));
  // Its process is gone, so it can never refresh or release the lock: waiting out the stale
  // time would only delay the restart.
  rmSync(files.holder, { force: true });
  rmSync(files.lock, { recursive: true, force: true });
  try {
    return { release: await takeLock(dataDir), tookOverFrom: holder };
  } catch (error) {
    if (!isLocked(error)) throw error;
    throw new DataDirBusyError(busyMessage(dataDir, purpose, readHolder(files.holder)));
  }
}

function takeLock(dataDir: string): Promise<() => Promise<void>> {
  return lockfile.lock(dataDir, { lockfilePath: lockFiles(dataDir).lock, stale: STALE_MS, update: STALE_MS / 3 });
}

function isLocked(error: unknown): boolean {
  return (error as { code?: string }).code === "ELOCKED";
}

/** True when the holder ran on this host and its process no longer exists. */
function isGone(holder: LockHolder): boolean {
  if (holder.hostname !== hostname()) return false;
  // Our own pid: an earlier process, e.g. PID 1 of a restarted container; or this one, twice.
  if (holder.pid === process.pid) return holder.processStart !== performance.timeOrigin;
  try {
    process.kill(holder.pid, 0);
    return false;
  } catch (error) {
    // EPERM: it exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === "ESRCH";
  }
}

function readHolder(path: string): LockHolder | null {
  try {
    const parsed = holderSchema.safeParse(JSON.parse(readFileSync(path, "utf8")));
    return parsed.success ? parsed.data : null;
  } catch {
    // None yet (a holder between taking the lock and writing this file), or unreadable.
    return null;
  }
}

/** Whole or not at all: a reader never sees half a file. */
function writeHolder(path: string, holder: LockHolder): void {
  const partial = `${path}.${process.pid}.tmp`;
  writeFileSync(partial, JSON.stringify(holder));
  renameSync(partial, path);
}

function busyMessage(dataDir: string, purpose: string, holder: LockHolder | null): string {
  const elsewhere = holder && holder.hostname !== hostname() ? ` on host ${holder.hostname}` : "";
  const who = !holder
    ? "another Tributary process"
    : holder.url
      ? `the Tributary server (pid ${holder.pid}${elsewhere}) at ${holder.url}`
      : `another Tributary process (pid ${holder.pid}${elsewhere}, to ${holder.purpose})`;
  return [
    `Cannot ${purpose}: the embedded database in ${dataDir} is in use by ${who}.`,
    "PGlite allows one process at a time. Stop that process first, use the running server's API",
    "(GraphQL createApiToken, POST /api/v1/manifests, tributary push --server …), or point",
    "DATABASE_URL at a PostgreSQL server, which many processes can share.",
    ...(elsewhere ? [`If that process is gone, its lock is freed ${STALE_MS / 1000} s after its last refresh.`] : []),
  ].join("\n");
}
