/**
 * The embedded database in a worker thread. PGlite is PostgreSQL compiled to WebAssembly and
 * runs on the thread that calls it, so in process every statement stopped the API's event loop
 * and no JavaScript work (SQL analysis, building rows, serving other requests) could overlap
 * with the database's own. On its own thread it works like a server: the main thread talks to
 * it through a Prisma driver adapter whose calls are messages (protocol.ts).
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { Worker } from "node:worker_threads";
import {
  DriverAdapterError,
  type IsolationLevel,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
  type SqlQuery,
  type SqlResultSet,
  type Transaction,
  type TransactionOptions,
} from "@prisma/driver-adapter-utils";
import { connectToShadowPGlite } from "../migrationAdapters.js";
import type { ThreadCall, ThreadError, ThreadOptions, ThreadReady, ThreadRequest, ThreadResponse } from "./protocol.js";

const PROVIDER = "postgres";
const ADAPTER_NAME = "@prisma/adapter-pglite-thread";

export class PGliteThread {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  private failure: Error | null = null;
  private closing = false;
  private markLost: (error: Error) => void = () => {};
  /** Settles with the reason if the thread stops without `close()`: the database is gone. */
  readonly lost = new Promise<Error>((resolve) => (this.markLost = resolve));

  private constructor(private readonly worker: Worker) {
    // Like PGlite in process, an idle database does not keep the process alive; a call does.
    worker.unref();
    worker.on("message", (response: ThreadResponse) => {
      const call = this.pending.get(response.id);
      if (!call) return;
      this.pending.delete(response.id);
      if (this.pending.size === 0) worker.unref();
      if (response.ok) call.resolve(response.value);
      else call.reject(errorOf(response.error));
    });
    const fail = (error: Error) => {
      this.failure ??= error;
      for (const call of this.pending.values()) call.reject(this.failure);
      this.pending.clear();
      if (!this.closing) this.markLost(this.failure);
    };
    worker.on("error", fail);
    worker.on("exit", (code) => fail(new Error(`the embedded database thread stopped (exit code ${code})`)));
  }

  static async open(options: ThreadOptions = {}): Promise<PGliteThread> {
    if (options.dataDir && !existsSync(path.join(options.dataDir, "PG_VERSION"))) await initializeDataDir(options.dataDir);
    const worker = startWorker(options);
    const ready = await firstMessage(worker);
    if (!ready.ready) {
      await worker.terminate();
      throw errorOf(ready.error);
    }
    return new PGliteThread(worker);
  }

  call(request: ThreadCall): Promise<unknown> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      if (this.pending.size === 0) this.worker.ref();
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ ...request, id } as ThreadRequest);
    });
  }

  /** For Prisma and for the schema engine (migrations); its shadow database is in process. */
  adapterFactory(): SqlMigrationAwareDriverAdapterFactory {
    return {
      provider: PROVIDER,
      adapterName: ADAPTER_NAME,
      connect: async () => new ThreadAdapter(this),
      connectToShadowDb: connectToShadowPGlite,
    };
  }

  async close(): Promise<void> {
    this.closing = true;
    if (!this.failure) await this.call({ op: "close" });
    this.failure ??= new Error("the embedded database thread stopped: it was closed");
    await this.worker.terminate();
  }
}

/**
 * Creates a new data dir (initdb) on a thread of its own that then ends. initdb is a second
 * WebAssembly module: compiled in the database's thread, its code stayed resident for the life
 * of the process (a fresh data dir's server measured 740 MB RSS right after opening, a reopened
 * one 280 MB); a thread that ends takes it along (issue 13: the server's memory on a first post).
 */
async function initializeDataDir(dataDir: string): Promise<void> {
  const worker = startWorker({ dataDir, initializeOnly: true });
  try {
    const ready = await firstMessage(worker);
    if (!ready.ready) throw errorOf(ready.error);
  } finally {
    await worker.terminate();
  }
}

/**
 * Source files (tsx, vitest) start the worker's .ts through tsx's loader; the build starts the
 * compiled .js directly.
 */
function startWorker(options: ThreadOptions): Worker {
  const workerUrl = new URL(import.meta.url.endsWith(".ts") ? "./worker.ts" : "./worker.js", import.meta.url);
  if (!workerUrl.pathname.endsWith(".ts")) return new Worker(workerUrl, { workerData: options });
  const boot = `import { tsImport } from ${JSON.stringify(import.meta.resolve("tsx/esm/api"))};
await tsImport(${JSON.stringify(workerUrl.href)}, ${JSON.stringify(import.meta.url)});`;
  return new Worker(new URL(`data:text/javascript,${encodeURIComponent(boot)}`), { workerData: options });
}

function firstMessage(worker: Worker): Promise<ThreadReady> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number) => reject(new Error(`the embedded database thread stopped while opening (exit code ${code})`));
    const settle = () => {
      worker.off("error", reject);
      worker.off("exit", onExit);
    };
    worker.once("message", (ready: ThreadReady) => (settle(), resolve(ready)));
    worker.once("error", reject);
    worker.once("exit", onExit);
  });
}

function errorOf(error: ThreadError): Error {
  if ("driverAdapterError" in error) return new DriverAdapterError(error.driverAdapterError as ConstructorParameters<typeof DriverAdapterError>[0]);
  const e = new Error(error.message);
  e.name = error.name;
  return e;
}

class ThreadQueryable {
  readonly provider = PROVIDER;
  readonly adapterName = ADAPTER_NAME;

  constructor(
    protected readonly thread: PGliteThread,
    protected readonly txId?: number,
  ) {}

  queryRaw(query: SqlQuery): Promise<SqlResultSet> {
    return this.thread.call({ op: "queryRaw", query, ...this.scope() }) as Promise<SqlResultSet>;
  }

  executeRaw(query: SqlQuery): Promise<number> {
    return this.thread.call({ op: "executeRaw", query, ...this.scope() }) as Promise<number>;
  }

  private scope(): { txId?: number } {
    return this.txId === undefined ? {} : { txId: this.txId };
  }
}

class ThreadAdapter extends ThreadQueryable implements SqlDriverAdapter {
  async executeScript(script: string): Promise<void> {
    await this.thread.call({ op: "executeScript", script });
  }

  async startTransaction(isolationLevel?: IsolationLevel): Promise<Transaction> {
    const opened = (await this.thread.call({ op: "startTransaction", ...(isolationLevel ? { isolationLevel } : {}) })) as {
      txId: number;
      options: TransactionOptions;
    };
    return new ThreadTransaction(this.thread, opened.txId, opened.options);
  }

  getConnectionInfo() {
    return { supportsRelationJoins: true };
  }

  async dispose(): Promise<void> {}
}

class ThreadTransaction extends ThreadQueryable implements Transaction {
  constructor(
    thread: PGliteThread,
    protected override readonly txId: number,
    readonly options: TransactionOptions,
  ) {
    super(thread, txId);
  }

  async commit(): Promise<void> {
    await this.thread.call({ op: "commit", txId: this.txId });
  }

  async rollback(): Promise<void> {
    await this.thread.call({ op: "rollback", txId: this.txId });
  }
}
