/**
 * Work a request may abandon: the request's abort signal travels with its async work
 * (AsyncLocalStorage), and the tenant-scoped client (tenantScope.ts) checks it before every
 * database call. So when a GraphQL request runs out of its time budget, each of its resolvers
 * stops at its next query, whichever service it is in, and no service has to pass a signal by
 * hand. Work shared by several requests (a tenant's lineage graph being built) runs outside
 * any one request's signal.
 */
import { AsyncLocalStorage } from "node:async_hooks";

const current = new AsyncLocalStorage<AbortSignal>();

/** Runs `work` (and everything it starts) under `signal`. */
export function abandonableWith<T>(signal: AbortSignal, work: () => T): T {
  return current.run(signal, work);
}

/** Throws the signal's reason once the current request's work was abandoned. */
export function throwIfAbandoned(): void {
  current.getStore()?.throwIfAborted();
}

/** Runs `work` for every request that waits on it: no single request's signal stops it. */
export function sharedWork<T>(work: () => T): T {
  return current.exit(work);
}
