import { describe, expect, it } from "vitest";
import { observationsFromRunResults, type RunTarget } from "../../../src/core/anomaly/runObservations.js";
import { observationBatch } from "../../../src/core/anomaly/observationInput.js";
import type { SnapshotRunResult } from "../../../src/core/manifest/snapshot.js";

const result = (uniqueId: string, fields: Partial<SnapshotRunResult>): SnapshotRunResult => ({
  uniqueId,
  status: "SUCCESS",
  executionTime: null,
  failures: null,
  rowsAffected: null,
  message: null,
  completedAt: "2026-12-07T06:00:00Z",
  ...fields,
});

const targets: Record<string, RunTarget> = {
  "model.shop.orders": { kind: "asset", assetId: "a1" },
  "test.shop.not_null_orders_id": { kind: "test", assetId: "a1", testUniqueId: "test.shop.not_null_orders_id" },
};

describe("observations from run results", () => {
  it("takes rows affected and duration per model, failures per test", () => {
    const observations = observationsFromRunResults(
      [
        result("model.shop.orders", { rowsAffected: 1200, executionTime: 3.5 }),
        result("test.shop.not_null_orders_id", { status: "FAIL", failures: 4 }),
        result("model.shop.unknown", { rowsAffected: 1 }),
      ],
      (id) => targets[id] ?? null,
      new Date(0),
    );
    const at = new Date("2026-12-07T06:00:00Z");
    expect(observations).toEqual([
      { assetId: "a1", name: "rows_affected", dimensions: {}, at, value: 1200 },
      { assetId: "a1", name: "duration_seconds", dimensions: {}, at, value: 3.5 },
      { assetId: "a1", name: "test_failures", dimensions: { test: "test.shop.not_null_orders_id" }, at, value: 4 },
    ]);
  });

  it("skips errors and skips, and dates results without a time at the post", () => {
    const observations = observationsFromRunResults(
      [
        result("model.shop.orders", { status: "ERROR", executionTime: 1 }),
        result("test.shop.not_null_orders_id", { status: "PASS", failures: null, completedAt: null }),
      ],
      (id) => targets[id] ?? null,
      new Date("2026-12-07T07:00:00Z"),
    );
    expect(observations).toEqual([{ assetId: "a1", name: "test_failures", dimensions: { test: "test.shop.not_null_orders_id" }, at: new Date("2026-12-07T07:00:00Z"), value: 0 }]);
  });
});

describe("the observation batch schema", () => {
  it("accepts a date or a time, and defaults the measure's name", () => {
    const parsed = observationBatch.parse({ observations: [{ asset: "model.shop.orders", date: "2026-12-07", value: 1 }, { asset: "metric.shop.revenue", at: "2026-12-07T10:00:00+02:00", value: 2.5, dimensions: { region: "EU" } }] });
    expect(parsed.observations.map((o) => o.name)).toEqual(["value", "value"]);
  });

  it("rejects both or neither of at and date, non-finite values and unknown fields, with a path", () => {
    const issue = (o: unknown) => observationBatch.safeParse({ observations: [o] }).error?.issues[0];
    expect(issue({ asset: "a", value: 1 })).toMatchObject({ path: ["observations", 0, "at"], message: "give exactly one of at and date" });
    expect(issue({ asset: "a", value: 1, at: "2026-12-07T00:00:00Z", date: "2026-12-07" })?.message).toBe("give exactly one of at and date");
    expect(issue({ asset: "a", value: "1", date: "2026-12-07" })?.path).toEqual(["observations", 0, "value"]);
    expect(issue({ asset: "a", value: 1, date: "2026-12-07", extra: true })?.code).toBe("unrecognized_keys");
    expect(observationBatch.safeParse({ observations: [] }).success).toBe(false);
  });
});
