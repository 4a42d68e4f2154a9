/**
 * When a failed delivery is tried again: exponential backoff with jitter, capped, until the
 * attempts or the age run out. Pure: the caller passes the clock and the random source.
 */

export interface RetryPolicy {
  /** Delay after the first failed attempt; doubles with each further one. */
  baseMs: number;
  /** No single wait is longer than this. */
  maxDelayMs: number;
  /** Attempts in all, the first included; then the delivery is FAILED. */
  maxAttempts: number;
  /** A delivery older than this is not tried again. */
  maxAgeMs: number;
  /** ±fraction of each delay chosen at random, so receivers that come back are not hit in lockstep. */
  jitter: number;
}

/** 5 s, 10 s, 20 s … 30 min, 20 attempts within a day: about 6 hours of retries. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  baseMs: 5_000,
  maxDelayMs: 30 * 60_000,
  maxAttempts: 20,
  maxAgeMs: 24 * 60 * 60_000,
  jitter: 0.2,
};

/** The nominal wait after failed attempt number `attempt` (1-based), before jitter. */
export function nominalDelayMs(policy: RetryPolicy, attempt: number): number {
  const exponent = Math.max(0, attempt - 1);
  // 2 ** 60 would overflow usefulness long before; the cap applies anyway.
  return Math.min(policy.maxDelayMs, policy.baseMs * 2 ** Math.min(exponent, 40));
}

/** The nominal schedule of waits between attempts, for docs and tests. */
export function retrySchedule(policy: RetryPolicy): number[] {
  return Array.from({ length: Math.max(0, policy.maxAttempts - 1) }, (_, i) => nominalDelayMs(policy, i + 1));
}

export type RetryDecision = { retry: true; at: Date; delayMs: number } | { retry: false; reason: string };

export interface RetryInput {
  /** Attempts made so far, the one that just failed included. */
  attempts: number;
  createdAt: Date;
  now: Date;
  /** From a 429/503 `Retry-After` header: honoured when longer than the backoff, within the cap. */
  retryAfterMs?: number | null;
  /** In [0, 1). */
  random: number;
}

export function decideRetry(policy: RetryPolicy, input: RetryInput): RetryDecision {
  if (input.attempts >= policy.maxAttempts) return { retry: false, reason: `gave up after ${input.attempts} attempts` };
  const nominal = nominalDelayMs(policy, input.attempts);
  const jittered = nominal * (1 + policy.jitter * (2 * input.random - 1));
  const wanted = Math.max(jittered, Math.min(input.retryAfterMs ?? 0, policy.maxDelayMs));
  const delayMs = Math.max(0, Math.round(wanted));
  const at = new Date(input.now.getTime() + delayMs);
  if (at.getTime() - input.createdAt.getTime() > policy.maxAgeMs) {
    return { retry: false, reason: `gave up after ${input.attempts} attempts: older than ${Math.round(policy.maxAgeMs / 60_000)} min` };
  }
  return { retry: true, at, delayMs };
}

/** Parses `Retry-After` (seconds or an HTTP date) into milliseconds from `now`. */
export function parseRetryAfter(header: string | null, now: Date): number | null {
  if (!header) return null;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? null : Math.max(0, date - now.getTime());
}
