import { describe, expect, it } from "vitest";
import { TenantSlots, type SlotOutcome, type SlotRelease } from "../../../src/core/tenantSlots.js";

const acquired = (outcome: SlotOutcome): SlotRelease => {
  if (!("acquired" in outcome)) throw new Error(`expected a slot, got ${outcome.refused}`);
  return outcome.acquired;
};

describe("per-tenant slots", () => {
  it("runs up to `concurrency` at once, queues up to `queue` in arrival order, refuses the rest", async () => {
    const slots = new TenantSlots({ concurrency: 2, queue: 2 });
    const first = acquired(await slots.acquire("t"));
    const second = acquired(await slots.acquire("t"));
    const order: string[] = [];
    const third = slots.acquire("t").then((o) => (order.push("third"), acquired(o)));
    const fourth = slots.acquire("t").then((o) => (order.push("fourth"), acquired(o)));
    expect(await slots.acquire("t")).toEqual({ refused: "queue full" });
    expect(slots.load("t")).toEqual({ running: 2, waiting: 2 });

    first();
    first(); // releasing twice frees one slot only
    const thirdRelease = await third;
    expect(slots.load("t")).toEqual({ running: 2, waiting: 1 });
    second();
    const fourthRelease = await fourth;
    expect(order).toEqual(["third", "fourth"]);
    thirdRelease();
    fourthRelease();
    expect(slots.load("t")).toEqual({ running: 0, waiting: 0 });
  });

  it("keeps tenants apart: one tenant's full slots and queue refuse nobody else", async () => {
    const slots = new TenantSlots({ concurrency: 1, queue: 0 });
    acquired(await slots.acquire("busy"));
    expect(await slots.acquire("busy")).toEqual({ refused: "queue full" });
    expect("acquired" in (await slots.acquire("quiet"))).toBe(true);
  });

  it("lets a waiter leave the queue when its signal aborts, with the signal's reason", async () => {
    const slots = new TenantSlots({ concurrency: 1, queue: 1 });
    const running = acquired(await slots.acquire("t"));
    const controller = new AbortController();
    const waiting = slots.acquire("t", controller.signal);
    controller.abort(new Error("budget over"));
    await expect(waiting).rejects.toThrow("budget over");
    expect(slots.load("t")).toEqual({ running: 1, waiting: 0 });
    running();
    expect(slots.load("t")).toEqual({ running: 0, waiting: 0 });
    await expect(slots.acquire("t", controller.signal)).rejects.toThrow("budget over");
  });
});
