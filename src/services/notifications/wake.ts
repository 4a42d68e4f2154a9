/**
 * The in-process kick: a caller that committed deliveries wakes this process's workers at once
 * instead of leaving them to the next poll. Workers of other processes find them by polling.
 */
type Listener = () => void;

const listeners = new Set<Listener>();

/** Call after the transaction that ran `notify()` has committed. Cheap; safe to call anytime. */
export function wakeDeliveryWorkers(): void {
  for (const listener of listeners) listener();
}

/** Used by the worker; returns the unsubscribe function. */
export function onDeliveriesQueued(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
