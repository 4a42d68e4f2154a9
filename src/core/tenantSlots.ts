/**
 * Per-tenant slots for expensive requests: at most `concurrency` run at once for one tenant,
 * up to `queue` more wait their turn (first come, first served), and beyond that a request is
 * refused at once. One tenant's burst then occupies at most `concurrency` of the server's
 * database connections and CPU, whatever it sends, and other tenants' requests are never
 * behind its queue.
 *
 * Written here rather than taken from p-limit / p-queue: a slot is held across several
 * Apollo hooks (acquired once the operation is known, released when the answer is sent), not
 * around one function call, and a waiter leaves the queue when its request's budget ends.
 */
export type SlotRelease = () => void;

export type SlotOutcome = { acquired: SlotRelease } | { refused: "queue full" };

interface Waiter {
  grant: (release: SlotRelease) => void;
  fail: (reason: unknown) => void;
}

interface TenantState {
  running: number;
  waiting: Waiter[];
}

export class TenantSlots {
  private readonly tenants = new Map<string, TenantState>();

  constructor(readonly limits: { concurrency: number; queue: number }) {}

  /**
   * A slot for this tenant: at once when one is free, after the requests ahead of it when the
   * queue has room (rejects with the signal's reason if it aborts first), else refused.
   */
  async acquire(tenantId: string, signal?: AbortSignal): Promise<SlotOutcome> {
    signal?.throwIfAborted();
    const state = this.stateOf(tenantId);
    if (state.running < this.limits.concurrency) return { acquired: this.take(tenantId, state) };
    if (state.waiting.length >= this.limits.queue) return { refused: "queue full" };
    const release = await new Promise<SlotRelease>((grant, fail) => {
      const waiter: Waiter = { grant, fail };
      state.waiting.push(waiter);
      signal?.addEventListener(
        "abort",
        () => {
          const at = state.waiting.indexOf(waiter);
          if (at >= 0) state.waiting.splice(at, 1);
          this.forgetIfIdle(tenantId, state);
          fail(signal.reason);
        },
        { once: true },
      );
    });
    return { acquired: release };
  }

  /** Requests of this tenant running and waiting now. */
  load(tenantId: string): { running: number; waiting: number } {
    const state = this.tenants.get(tenantId);
    return { running: state?.running ?? 0, waiting: state?.waiting.length ?? 0 };
  }

  private stateOf(tenantId: string): TenantState {
    let state = this.tenants.get(tenantId);
    if (!state) this.tenants.set(tenantId, (state = { running: 0, waiting: [] }));
    return state;
  }

  /** A running slot whose release hands it to the next waiter; releasing twice does nothing. */
  private take(tenantId: string, state: TenantState): SlotRelease {
    state.running++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      state.running--;
      const next = state.waiting.shift();
      if (next) next.grant(this.take(tenantId, state));
      else this.forgetIfIdle(tenantId, state);
    };
  }

  private forgetIfIdle(tenantId: string, state: TenantState): void {
    if (state.running === 0 && state.waiting.length === 0 && this.tenants.get(tenantId) === state) this.tenants.delete(tenantId);
  }
}
