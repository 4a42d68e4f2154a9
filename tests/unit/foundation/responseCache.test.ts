import { describe, expect, it } from "vitest";
import { ResponseCache, type ComputedAnswer } from "../../../src/http/responseCache.js";

const answerOf = (text: string, cacheable = true): ComputedAnswer => ({
  answer: { status: 200, headers: [["content-type", "application/json"]], body: Buffer.from(text) },
  cacheable,
});

/** A computation the test finishes when it wants, counting how often it ran. */
function gate(result: ComputedAnswer) {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  const gated = { runs: 0, open, compute: async () => (gated.runs++, await opened, result) };
  return gated;
}

describe("response cache", () => {
  const key = ResponseCache.key({ tenantId: "t1", catalogRevision: 3, role: "READER", accept: "application/json", body: '{"query":"{a}"}' });

  it("computes and stores an answer once, then serves it", async () => {
    const cache = new ResponseCache(1024 * 1024);
    let runs = 0;
    const compute = async () => (runs++, answerOf(`{"n":${runs}}`));
    const first = await cache.answer(key, { fresh: false }, compute);
    const second = await cache.answer(key, { fresh: false }, compute);
    expect(first.outcome).toBe("miss");
    expect(second.outcome).toBe("hit");
    expect(second.answer.body.toString()).toBe('{"n":1}');
    expect(runs).toBe(1);
  });

  it("keys by tenant, revision, role, Accept and body", () => {
    const base = { tenantId: "t1", catalogRevision: 3, role: "READER", accept: "application/json", body: "{}" };
    const keys = [base, { ...base, tenantId: "t2" }, { ...base, catalogRevision: 4 }, { ...base, role: "ADMIN" }, { ...base, accept: "application/graphql-response+json" }, { ...base, body: "{ }" }];
    expect(new Set(keys.map(ResponseCache.key)).size).toBe(keys.length);
  });

  it("lets concurrent requests share one computation", async () => {
    const cache = new ResponseCache(1024 * 1024);
    const work = gate(answerOf('{"shared":true}'));
    const answers = Array.from({ length: 5 }, () => cache.answer(key, { fresh: false }, work.compute));
    work.open();
    const settled = await Promise.all(answers);
    expect(work.runs).toBe(1);
    expect(settled.map((a) => a.outcome)).toEqual(["miss", "hit", "hit", "hit", "hit"]);
    expect(new Set(settled.map((a) => a.answer.body.toString()))).toEqual(new Set(['{"shared":true}']));
  });

  it("computes a no-cache request anew and alone, and stores what it got", async () => {
    const cache = new ResponseCache(1024 * 1024);
    await cache.answer(key, { fresh: false }, async () => answerOf('{"v":1}'));
    const work = gate(answerOf('{"v":2}'));
    const fresh = [cache.answer(key, { fresh: true }, work.compute), cache.answer(key, { fresh: true }, work.compute)];
    work.open();
    expect((await Promise.all(fresh)).map((a) => [a.outcome, a.answer.body.toString()])).toEqual([["miss", '{"v":2}'], ["miss", '{"v":2}']]);
    expect(work.runs).toBe(2);
    expect((await cache.answer(key, { fresh: false }, async () => answerOf("never"))).answer.body.toString()).toBe('{"v":2}');
  });

  it("neither stores nor shares an answer that may not be stored: waiting requests compute their own", async () => {
    const cache = new ResponseCache(1024 * 1024);
    const leader = gate(answerOf('{"errors":[]}', false));
    const first = cache.answer(key, { fresh: false }, leader.compute);
    let followerRuns = 0;
    const second = cache.answer(key, { fresh: false }, async () => (followerRuns++, answerOf('{"errors":[]}', false)));
    leader.open();
    expect((await first).outcome).toBe("bypass");
    expect((await second).outcome).toBe("bypass");
    expect(followerRuns).toBe(1);
    expect((await cache.answer(key, { fresh: false }, async () => answerOf("{}"))).outcome).toBe("miss");
  });

  it("passes a failed computation's error to its caller, and the next request tries again", async () => {
    const cache = new ResponseCache(1024 * 1024);
    await expect(cache.answer(key, { fresh: false }, async () => Promise.reject(new Error("database gone")))).rejects.toThrow("database gone");
    expect((await cache.answer(key, { fresh: false }, async () => answerOf("{}"))).outcome).toBe("miss");
  });

  it("stays within its byte budget, dropping the least recently used, and keeps no answer over a sixteenth of it", async () => {
    const budget = 64 * 1024;
    const cache = new ResponseCache(budget);
    const body = "x".repeat(1_000);
    for (let i = 0; i < 200; i++) await cache.answer(`k${i}`, { fresh: false }, async () => answerOf(body));
    expect(cache.stats().bytes).toBeLessThanOrEqual(budget);
    expect((await cache.answer("k199", { fresh: false }, async () => answerOf("recomputed"))).outcome).toBe("hit");
    expect((await cache.answer("k0", { fresh: false }, async () => answerOf("recomputed"))).outcome).toBe("miss");
    const large = await cache.answer("large", { fresh: false }, async () => answerOf("y".repeat(budget / 8)));
    expect(large.outcome).toBe("miss");
    expect((await cache.answer("large", { fresh: false }, async () => answerOf("again"))).answer.body.toString()).toBe("again");
  });
});
