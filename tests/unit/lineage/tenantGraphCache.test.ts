import { describe, expect, it } from "vitest";
import { TenantGraphCache } from "../../../src/core/lineage/index.js";

interface FakeIndex {
  byteSize: number;
  label: string;
}

/** A build whose completion the test controls, counting how often it ran. */
function controlledBuild(label: string, byteSize = 100) {
  let finish: (() => void) | undefined;
  let calls = 0;
  const build = (): Promise<FakeIndex> => {
    calls++;
    return new Promise((resolve) => (finish = () => resolve({ byteSize, label })));
  };
  return { build, finish: () => finish?.(), calls: () => calls };
}

const immediate = (label: string, byteSize = 100) => async (): Promise<FakeIndex> => ({ byteSize, label });

describe("TenantGraphCache", () => {
  it("builds once for concurrent callers of one tenant and version", async () => {
    const cache = new TenantGraphCache<FakeIndex>(1_000);
    const pending = controlledBuild("t1@1");
    const calls = [cache.get("t1", 1, pending.build), cache.get("t1", 1, pending.build), cache.get("t1", 1, pending.build)];
    await Promise.resolve();
    pending.finish();
    const results = await Promise.all(calls);
    expect(pending.calls()).toBe(1);
    expect(new Set(results).size).toBe(1);
    expect(await cache.get("t1", 1, immediate("other"))).toBe(results[0]);
    expect(cache.stats()).toMatchObject({ entries: 1, bytes: 100, builds: 1, hits: 3 });
  });

  it("rebuilds when the tenant's version changes", async () => {
    const cache = new TenantGraphCache<FakeIndex>(1_000);
    expect((await cache.get("t1", "ingest-1", immediate("v1"))).label).toBe("v1");
    expect((await cache.get("t1", "ingest-2", immediate("v2"))).label).toBe("v2");
    expect((await cache.get("t1", "ingest-2", immediate("v3"))).label).toBe("v2");
    expect(cache.stats()).toMatchObject({ entries: 1, bytes: 100, builds: 2 });
  });

  it("does not let a slow build of an old version replace a newer one", async () => {
    const cache = new TenantGraphCache<FakeIndex>(1_000);
    const old = controlledBuild("old");
    const oldResult = cache.get("t1", 1, old.build);
    const fresh = await cache.get("t1", 2, immediate("new"));
    await Promise.resolve();
    old.finish();
    expect((await oldResult).label).toBe("old");
    expect(await cache.get("t1", 2, immediate("again"))).toBe(fresh);
  });

  it("evicts the least recently used tenants when over the byte budget", async () => {
    const cache = new TenantGraphCache<FakeIndex>(250);
    await cache.get("a", 1, immediate("a"));
    await cache.get("b", 1, immediate("b"));
    await cache.get("a", 1, immediate("a2")); // a is now the most recently used
    await cache.get("c", 1, immediate("c"));
    expect(cache.stats()).toMatchObject({ entries: 2, bytes: 200, evictions: 1 });
    expect((await cache.get("a", 1, immediate("a3"))).label).toBe("a");
    expect((await cache.get("b", 1, immediate("b2"))).label).toBe("b2");
  });

  it("returns but does not keep an index larger than the whole budget", async () => {
    const cache = new TenantGraphCache<FakeIndex>(250);
    await cache.get("small", 1, immediate("small"));
    expect((await cache.get("huge", 1, immediate("huge", 1_000))).label).toBe("huge");
    expect(cache.stats()).toMatchObject({ entries: 1, bytes: 100 });
  });

  it("does not cache a failed build, so the next call retries", async () => {
    const cache = new TenantGraphCache<FakeIndex>(1_000);
    const failing = cache.get("t1", 1, () => Promise.reject(new Error("database down")));
    await expect(failing).rejects.toThrow("database down");
    expect((await cache.get("t1", 1, immediate("ok"))).label).toBe("ok");
  });
});
