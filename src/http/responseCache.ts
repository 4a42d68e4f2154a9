/**
 * Whole GraphQL answers, kept per tenant and catalog revision so that a question many people
 * ask (a hub's impact, a popular search, an autocomplete prefix) is computed once per change of
 * the catalog, not once per request. The key holds the tenant, its catalog revision, the
 * caller's role and the request's exact body and Accept header: the next write to the
 * tenant's catalog moves the revision, so a stored answer is never served after it (see
 * services/catalogRevision.ts for why the revision covers every such write, and
 * graphql/cachePolicy.ts for which answers are stored).
 *
 * - Bounded: least recently used answers are dropped beyond `maxBytes`; answers of a
 *   revision that has moved are never asked for again, so they are the first to go. An answer
 *   larger than a sixteenth of the budget is not kept.
 * - Shared: concurrent requests for an answer being computed wait for that one computation
 *   (after an ingest, a burst of the same question runs it once, not once per request).
 * - Fresh on demand: a request sent with `Cache-Control: no-cache` is computed anew, alone.
 */
import { LRUCache } from "lru-cache";

export interface HttpAnswer {
  status: number;
  headers: [string, string][];
  body: Buffer;
}

export interface ComputedAnswer {
  answer: HttpAnswer;
  /** Whether it may be stored and shared (see graphql/cachePolicy.ts). */
  cacheable: boolean;
}

/** hit: stored (or computed for a request that was waiting); miss: computed and stored; bypass: computed, not storable. */
export type CacheOutcome = "hit" | "miss" | "bypass";

/** Per entry, beyond its key and body: the LRU's bookkeeping and the headers. */
const ENTRY_OVERHEAD_BYTES = 256;

export class ResponseCache {
  private readonly answers: LRUCache<string, HttpAnswer>;
  private readonly computing = new Map<string, Promise<ComputedAnswer>>();

  constructor(maxBytes: number) {
    this.answers = new LRUCache<string, HttpAnswer>({
      maxSize: maxBytes,
      maxEntrySize: Math.max(1, Math.floor(maxBytes / 16)),
      sizeCalculation: (answer, key) => answer.body.length + 2 * key.length + ENTRY_OVERHEAD_BYTES,
    });
  }

  static key(parts: { tenantId: string; catalogRevision: number; role: string; accept: string; body: string }): string {
    return `${parts.tenantId}\n${parts.catalogRevision}\n${parts.role}\n${parts.accept}\n${parts.body}`;
  }

  async answer(key: string, options: { fresh: boolean }, compute: () => Promise<ComputedAnswer>): Promise<{ answer: HttpAnswer; outcome: CacheOutcome }> {
    if (!options.fresh) {
      const stored = this.answers.get(key);
      if (stored) return { answer: stored, outcome: "hit" };
      const running = this.computing.get(key);
      if (running) {
        const shared = await running.catch(() => null);
        if (shared?.cacheable) return { answer: shared.answer, outcome: "hit" };
      }
    }
    const { answer, cacheable } = await this.compute(key, compute);
    if (!cacheable) return { answer, outcome: "bypass" };
    this.answers.set(key, answer);
    return { answer, outcome: "miss" };
  }

  stats(): { entries: number; bytes: number } {
    return { entries: this.answers.size, bytes: this.answers.calculatedSize };
  }

  private compute(key: string, compute: () => Promise<ComputedAnswer>): Promise<ComputedAnswer> {
    const running = compute();
    this.computing.set(key, running);
    const done = () => {
      if (this.computing.get(key) === running) this.computing.delete(key);
    };
    running.then(done, done);
    return running;
  }
}
