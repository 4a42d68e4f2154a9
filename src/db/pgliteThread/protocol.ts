/**
 * Messages between the main thread and the PGlite worker thread (see thread.ts). The worker
 * runs pglite-prisma-adapter itself, so what crosses is the driver-adapter interface: SQL with
 * its arguments in, Prisma's result sets out, both plain structured-clonable data.
 */
import type { IsolationLevel, SqlQuery } from "@prisma/driver-adapter-utils";

export interface ThreadOptions {
  /** A data directory; absent: in memory. */
  dataDir?: string;
  /** A dump (PGlite dumpDataDir) to start an in-memory database from. */
  loadDataDir?: Uint8Array;
  /** Only create the data dir, close it and say ready (thread.ts initializeDataDir). */
  initializeOnly?: boolean;
}

export type ThreadRequest =
  | { id: number; op: "queryRaw" | "executeRaw"; txId?: number; query: SqlQuery }
  | { id: number; op: "executeScript"; script: string }
  | { id: number; op: "startTransaction"; isolationLevel?: IsolationLevel }
  | { id: number; op: "commit" | "rollback"; txId: number }
  | { id: number; op: "close" };

type WithoutId<T> = T extends unknown ? Omit<T, "id"> : never;

/** A request without its id, which the sender adds. */
export type ThreadCall = WithoutId<ThreadRequest>;

/** A DriverAdapterError keeps its payload (Prisma turns it into P2002 and friends); others a message. */
export type ThreadError = { driverAdapterError: Record<string, unknown> } | { name: string; message: string };

export type ThreadResponse = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: ThreadError };

/** The worker's first message: open, or why not. */
export type ThreadReady = { ready: true } | { ready: false; error: ThreadError };
