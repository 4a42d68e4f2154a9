/**
 * PGlite has no lock of its own and a second process would open the same data dir silently
 * and corrupt it. Every process that opens the embedded database takes this lock first; the
 * server also records where it listens, so others can say where to go instead.
 */
import { readFileSync, writeFileSync, rmSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import lockfile from "proper-lockfile";

export class DataDirBusyError extends Error {
  override name = "DataDirBusyError";
}

export interface DataDirLock {
  /** Records the URL the server listens at, for the message other processes get. */
  announce(url: string): void;
  release(): Promise<void>;
}

const SERVER_FILE = "server.json";

export async function lockDataDir(dataDir: string, purpose: string): Promise<DataDirLock> {
  mkdirSync(dataDir, { recursive: true });
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(dataDir, { lockfilePath: join(dataDir, "tributary.lock"), stale: 15_000, update: 5_000 });
  } catch (error) {
    if ((error as { code?: string }).code !== "ELOCKED") throw error;
    throw new DataDirBusyError(busyMessage(dataDir, purpose));
  }
  const serverFile = join(dataDir, SERVER_FILE);
  return {
    announce(url) {
      writeFileSync(serverFile, JSON.stringify({ pid: process.pid, url, since: new Date().toISOString() }));
    },
    async release() {
      rmSync(serverFile, { force: true });
      await release();
    },
  };
}

function busyMessage(dataDir: string, purpose: string): string {
  let holder = "another Tributary process";
  try {
    const server = JSON.parse(readFileSync(join(dataDir, SERVER_FILE), "utf8")) as { pid: number; url: string };
    holder = `the Tributary server (pid ${server.pid}) at ${server.url}`;
  } catch {
    // No server file: a CLI command holds the lock.
  }
  return [
    `Cannot ${purpose}: the embedded database in ${dataDir} is in use by ${holder}.`,
    "PGlite allows one process at a time. Stop that process first, use the running server's API",
    "(GraphQL createApiToken, POST /api/v1/manifests, tributary push --server …), or point",
    "DATABASE_URL at a PostgreSQL server, which many processes can share.",
  ].join("\n");
}
