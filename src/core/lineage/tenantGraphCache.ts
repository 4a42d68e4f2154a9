/**
 * Built graph indexes kept per tenant within a byte budget.
 *
 * - Lazy: nothing is built until a tenant is asked for.
 * - Shared: concurrent callers for the same tenant and version wait on one build.
 * - Fresh: an entry is only served for the version it was built for; the caller passes the
 *   tenant's current version (e.g. its latest ingest id), so the next ingest invalidates it.
 * - Bounded: least recently used entries are evicted while the total `byteSize` is over budget;
 *   an index larger than the whole budget is returned but not kept.
 * A failed build is not cached; the next call tries again.
 */
export interface Sized {
  readonly byteSize: number;
}

export type GraphVersion = string | number;

interface Entry<T> {
  version: GraphVersion;
  value: T;
  /** Size when stored, so later changes to `byteSize` cannot unbalance the total. */
  bytes: number;
}

interface PendingBuild<T> {
  version: GraphVersion;
  promise: Promise<T>;
}

export interface TenantGraphCacheStats {
  entries: number;
  bytes: number;
  hits: number;
  builds: number;
  evictions: number;
}

export class TenantGraphCache<T extends Sized> {
  /** Map order is recency order: the first key is the least recently used. */
  private readonly entries = new Map<string, Entry<T>>();
  private readonly pending = new Map<string, PendingBuild<T>>();
  private bytes = 0;
  private hits = 0;
  private builds = 0;
  private evictions = 0;

  constructor(readonly budgetBytes: number) {
    if (!(budgetBytes > 0)) throw new RangeError(`budgetBytes must be positive, got ${budgetBytes}`);
  }

  get(tenantId: string, version: GraphVersion, build: () => Promise<T>): Promise<T> {
    const entry = this.entries.get(tenantId);
    if (entry && entry.version === version) {
      this.touch(tenantId, entry);
      this.hits++;
      return Promise.resolve(entry.value);
    }
    const inFlight = this.pending.get(tenantId);
    if (inFlight && inFlight.version === version) {
      this.hits++;
      return inFlight.promise;
    }
    return this.startBuild(tenantId, version, build);
  }

  /** The tenant's kept entry whatever its version: what an incremental build can start from. */
  latest(tenantId: string): T | undefined {
    return this.entries.get(tenantId)?.value;
  }

  stats(): TenantGraphCacheStats {
    return { entries: this.entries.size, bytes: this.bytes, hits: this.hits, builds: this.builds, evictions: this.evictions };
  }

  private startBuild(tenantId: string, version: GraphVersion, build: () => Promise<T>): Promise<T> {
    this.builds++;
    const promise = Promise.resolve()
      .then(build)
      .then(
        (value) => {
          if (this.pending.get(tenantId)?.promise === promise) {
            this.pending.delete(tenantId);
            this.store(tenantId, version, value);
          }
          return value;
        },
        (error: unknown) => {
          if (this.pending.get(tenantId)?.promise === promise) this.pending.delete(tenantId);
          throw error;
        },
      );
    // A build for an older version that finishes late must not replace this one (checked above).
    this.pending.set(tenantId, { version, promise });
    return promise;
  }

  private store(tenantId: string, version: GraphVersion, value: T): void {
    this.remove(tenantId);
    const bytes = value.byteSize;
    if (bytes > this.budgetBytes) return;
    this.entries.set(tenantId, { version, value, bytes });
    this.bytes += bytes;
    for (const [lruTenant] of this.entries) {
      if (this.bytes <= this.budgetBytes) break;
      this.remove(lruTenant);
      this.evictions++;
    }
  }

  private touch(tenantId: string, entry: Entry<T>): void {
    this.entries.delete(tenantId);
    this.entries.set(tenantId, entry);
  }

  private remove(tenantId: string): void {
    const entry = this.entries.get(tenantId);
    if (!entry) return;
    this.entries.delete(tenantId);
    this.bytes -= entry.bytes;
  }
}
