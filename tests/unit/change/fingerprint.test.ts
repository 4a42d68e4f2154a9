import { describe, expect, it } from "vitest";
import { diffSnapshots } from "../../../src/core/change/diffSnapshots.js";
import { changeFingerprint } from "../../../src/core/change/fingerprint.js";
import { columns, edited, model, snapshot, test } from "./snapshotFactory.js";

const orders = model("orders", { columns: columns(["order_id", "bigint"], ["amount", "double"], ["status", "varchar"]) });
const current = snapshot([orders, model("customers")], [test("not_null", "orders", "amount")]);

function proposal(overrides: { schema?: string; sqlSuffix?: string } = {}) {
  const schema = overrides.schema ?? "prod";
  const located = (a: typeof orders) => edited(a, { schema, relationName: `"analytics"."${schema}"."${a.name}"` });
  return snapshot(
    [
      located(edited(orders, { columns: columns(["order_id", "bigint"], ["amount", "numeric"]) })),
      located(model("customers", { rawSql: `select 1${overrides.sqlSuffix ?? ""}` })),
    ],
    [],
  );
}

describe("change fingerprints", () => {
  it("are equal for the same changes posted from a pull-request build and from main", () => {
    const fromBranch = diffSnapshots(current, proposal({ schema: "dbt_pr_42" }));
    const fromMain = diffSnapshots(current, proposal());
    expect(fromBranch.map((c) => c.reasonCode)).toEqual([
      "COLUMN_TYPE_CHANGED",
      "COLUMN_REMOVED",
      "SQL_LOGIC_CHANGED",
      "TEST_REMOVED",
    ]);
    expect(fromBranch.map((c) => c.fingerprint)).toEqual(fromMain.map((c) => c.fingerprint));
  });

  it("do not depend on the order of assets, columns, tests or object keys", () => {
    const shuffled = proposal();
    shuffled.assets.reverse();
    for (const asset of shuffled.assets) asset.columns.reverse();
    const fingerprints = (changes: ReturnType<typeof diffSnapshots>) => changes.map((c) => c.fingerprint).sort();
    expect(fingerprints(diffSnapshots(current, shuffled))).toEqual(fingerprints(diffSnapshots(current, proposal())));
    expect(changeFingerprint({ assetUniqueId: "a", reasonCode: "R", before: { x: 1, y: 2 }, after: null })).toBe(
      changeFingerprint({ assetUniqueId: "a", reasonCode: "R", before: { y: 2, x: 1 }, after: null }),
    );
  });

  it("differ when the before or after state differs", () => {
    const one = diffSnapshots(current, proposal({ sqlSuffix: " where a" }));
    const other = diffSnapshots(current, proposal({ sqlSuffix: " where b" }));
    const logic = (changes: typeof one) => changes.find((c) => c.reasonCode === "SQL_LOGIC_CHANGED")?.fingerprint;
    expect(logic(one)).toBeDefined();
    expect(logic(one)).not.toBe(logic(other));
    const base = { assetUniqueId: "model.shop.orders", columnName: "amount", reasonCode: "COLUMN_TYPE_CHANGED" };
    expect(changeFingerprint({ ...base, before: { dataType: "double" }, after: { dataType: "numeric" } })).not.toBe(
      changeFingerprint({ ...base, before: { dataType: "double" }, after: { dataType: "text" } }),
    );
  });

  it("differ by asset, column and reason", () => {
    const base = { assetUniqueId: "model.shop.orders", columnName: "amount", reasonCode: "COLUMN_REMOVED", before: null, after: null };
    const fingerprints = new Set([
      changeFingerprint(base),
      changeFingerprint({ ...base, assetUniqueId: "model.shop.customers" }),
      changeFingerprint({ ...base, columnName: "status" }),
      changeFingerprint({ ...base, reasonCode: "COLUMN_ADDED" }),
    ]);
    expect(fingerprints.size).toBe(4);
  });

  it("ignore the letter case of column names, which warehouses fold differently", () => {
    const base = { assetUniqueId: "model.shop.orders", reasonCode: "COLUMN_REMOVED", before: null, after: null };
    expect(changeFingerprint({ ...base, columnName: "AMOUNT" })).toBe(changeFingerprint({ ...base, columnName: "amount" }));
  });
});
