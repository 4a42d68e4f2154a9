/**
 * The PGlite worker thread: opens the embedded database and answers driver-adapter calls from
 * the main thread (thread.ts) with pglite-prisma-adapter. PGlite orders them as it would in
 * process: one connection, and statements outside an open transaction wait for its end.
 */
import { parentPort, workerData } from "node:worker_threads";
import type { SqlDriverAdapter, Transaction } from "@prisma/driver-adapter-utils";
import type { PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { EMBEDDED_SESSION_FLAG } from "../foreignKeyChecks.js";
import { awaitScripts } from "../migrationAdapters.js";
import { openPGlite } from "../pglite.js";
import type { ThreadError, ThreadOptions, ThreadReady, ThreadRequest, ThreadResponse } from "./protocol.js";

const port = parentPort!;
const options = workerData as ThreadOptions;

function threadError(error: unknown): ThreadError {
  const e = error as { name?: unknown; message?: unknown; cause?: unknown };
  if (e?.name === "DriverAdapterError" && typeof e.cause === "object" && e.cause !== null) {
    return { driverAdapterError: e.cause as Record<string, unknown> };
  }
  return { name: typeof e?.name === "string" ? e.name : "Error", message: typeof e?.message === "string" ? e.message : String(error) };
}

try {
  const client = await openPGlite({
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    ...(options.loadDataDir ? { loadDataDir: new Blob([options.loadDataDir as Uint8Array<ArrayBuffer>]) } : {}),
  });
  if (options.initializeOnly) {
    await client.close();
  } else {
    await serve(client);
  }
  port.postMessage({ ready: true } satisfies ThreadReady);
} catch (error) {
  port.postMessage({ ready: false, error: threadError(error) } satisfies ThreadReady);
}

/** Answers the main thread's calls on `client` from now on. */
async function serve(client: PGlite): Promise<void> {
  await client.exec(`SET ${EMBEDDED_SESSION_FLAG} = 'on'`);
  const adapter: SqlDriverAdapter = awaitScripts(await new PrismaPGlite(client).connect(), client);
  const transactions = new Map<number, Transaction>();
  let nextTxId = 1;

  const transaction = (txId: number): Transaction => {
    const tx = transactions.get(txId);
    if (!tx) throw new Error(`transaction ${txId} is not open`);
    return tx;
  };

  const handle = async (request: ThreadRequest): Promise<unknown> => {
    switch (request.op) {
      case "queryRaw":
        return (request.txId === undefined ? adapter : transaction(request.txId)).queryRaw(request.query);
      case "executeRaw":
        return (request.txId === undefined ? adapter : transaction(request.txId)).executeRaw(request.query);
      case "executeScript":
        return adapter.executeScript(request.script);
      case "startTransaction": {
        const tx = await adapter.startTransaction(request.isolationLevel);
        const txId = nextTxId++;
        transactions.set(txId, tx);
        return { txId, options: tx.options };
      }
      case "commit":
      case "rollback": {
        const tx = transaction(request.txId);
        transactions.delete(request.txId);
        return request.op === "commit" ? tx.commit() : tx.rollback();
      }
      case "close":
        await client.close();
        return null;
    }
  };

  port.on("message", (request: ThreadRequest) => {
    handle(request).then(
      (value) => port.postMessage({ id: request.id, ok: true, value } satisfies ThreadResponse),
      (error: unknown) => port.postMessage({ id: request.id, ok: false, error: threadError(error) } satisfies ThreadResponse),
    );
  });
}
