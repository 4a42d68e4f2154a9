import { describe, expect, it } from "vitest";
import { DEFAULT_RETRY_POLICY, decideRetry, nominalDelayMs, parseRetryAfter, retrySchedule, type RetryPolicy } from "../../../src/core/notify/backoff.js";

const t0 = new Date("2026-01-01T00:00:00Z");
const at = (ms: number) => new Date(t0.getTime() + ms);

describe("retry backoff", () => {
  it("doubles from 5 s up to 30 min, 20 attempts in all (19 waits)", () => {
    const schedule = retrySchedule(DEFAULT_RETRY_POLICY).map((ms) => ms / 1000);
    expect(schedule.slice(0, 10)).toEqual([5, 10, 20, 40, 80, 160, 320, 640, 1280, 1800]);
    expect(schedule).toHaveLength(19);
    expect(schedule.slice(9).every((s) => s === 1800)).toBe(true);
    // About six hours of retries before a delivery is FAILED.
    const total = schedule.reduce((a, b) => a + b, 0);
    expect(total).toBe(2555 + 1800 * 10);
  });

  it("spreads each wait by ±20 % with the random source", () => {
    const input = { attempts: 3, createdAt: t0, now: t0 };
    const low = decideRetry(DEFAULT_RETRY_POLICY, { ...input, random: 0 });
    const mid = decideRetry(DEFAULT_RETRY_POLICY, { ...input, random: 0.5 });
    const high = decideRetry(DEFAULT_RETRY_POLICY, { ...input, random: 0.999999 });
    expect(low).toEqual({ retry: true, delayMs: 16_000, at: at(16_000) });
    expect(mid).toEqual({ retry: true, delayMs: 20_000, at: at(20_000) });
    expect(high.retry && high.delayMs).toBe(24_000);
  });

  it("gives up after the last attempt", () => {
    const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, maxAttempts: 3, jitter: 0 };
    expect(decideRetry(policy, { attempts: 2, createdAt: t0, now: t0, random: 0.5 })).toMatchObject({ retry: true, delayMs: 10_000 });
    expect(decideRetry(policy, { attempts: 3, createdAt: t0, now: t0, random: 0.5 })).toEqual({ retry: false, reason: "gave up after 3 attempts" });
  });

  it("gives up when the next attempt would be past the maximum age", () => {
    const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, maxAgeMs: 60_000, jitter: 0 };
    expect(decideRetry(policy, { attempts: 1, createdAt: t0, now: at(50_000), random: 0 })).toMatchObject({ retry: true });
    const late = decideRetry(policy, { attempts: 1, createdAt: t0, now: at(56_000), random: 0 });
    expect(late.retry).toBe(false);
  });

  it("waits as long as Retry-After asks when that is longer, never past the cap", () => {
    const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, jitter: 0 };
    expect(decideRetry(policy, { attempts: 1, createdAt: t0, now: t0, random: 0, retryAfterMs: 60_000 })).toMatchObject({ delayMs: 60_000 });
    expect(decideRetry(policy, { attempts: 1, createdAt: t0, now: t0, random: 0, retryAfterMs: 1_000 })).toMatchObject({ delayMs: 5_000 });
    expect(decideRetry(policy, { attempts: 1, createdAt: t0, now: t0, random: 0, retryAfterMs: 10 * 3600_000 })).toMatchObject({ delayMs: 1_800_000 });
  });

  it("never overflows for huge attempt numbers", () => {
    expect(nominalDelayMs(DEFAULT_RETRY_POLICY, 10_000)).toBe(1_800_000);
    expect(nominalDelayMs({ ...DEFAULT_RETRY_POLICY, baseMs: 5 }, 1)).toBe(5);
  });

  it("parses Retry-After as seconds or an HTTP date", () => {
    expect(parseRetryAfter("120", t0)).toBe(120_000);
    expect(parseRetryAfter(new Date(t0.getTime() + 30_000).toUTCString(), t0)).toBe(30_000);
    expect(parseRetryAfter("soon", t0)).toBeNull();
    expect(parseRetryAfter(null, t0)).toBeNull();
  });
});
