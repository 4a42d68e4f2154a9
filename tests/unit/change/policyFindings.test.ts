import { describe, expect, it } from "vitest";
import { coverageByLayer, coverageChange } from "../../../src/core/change/coverage.js";
import { changePolicySchema, DEFAULT_CHANGE_POLICY } from "../../../src/core/change/policy.js";
import { evaluatePolicies } from "../../../src/core/change/policyFindings.js";
import { findPrimaryKey } from "../../../src/core/change/primaryKey.js";
import { column, columns, keyTests, model, snapshot, test } from "./snapshotFactory.js";

const documented = (...names: string[]) => columns(...names).map((c) => ({ ...c, description: `The ${c.name}.` }));
const stgOrders = model("stg_orders", { columns: columns("order_id", "status") });
const fctOrders = model("fct_orders", { columns: documented("order_id", "amount") });
const codes = (s: ReturnType<typeof snapshot>, policy = DEFAULT_CHANGE_POLICY) =>
  evaluatePolicies(s, policy).map((f) => [f.code, f.assetUniqueId]);

describe("evaluatePolicies", () => {
  it("passes a staging model with unique and not_null on its key, and a mart that also has a business test and docs", () => {
    const tests = [...keyTests("stg_orders", "order_id"), ...keyTests("fct_orders", "order_id"), test("not_null", "fct_orders", "amount")];
    expect(evaluatePolicies(snapshot([stgOrders, fctOrders], tests), DEFAULT_CHANGE_POLICY)).toEqual([]);
  });

  it("names the missing key test of a staging model", () => {
    const findings = evaluatePolicies(snapshot([stgOrders], [test("unique", "stg_orders", "order_id")]), DEFAULT_CHANGE_POLICY);
    expect(findings).toEqual([
      {
        code: "PRIMARY_KEY_NOT_TESTED",
        severity: "warning",
        blocking: false,
        assetUniqueId: "model.shop.stg_orders",
        columnNames: ["order_id"],
        message: "Staging model stg_orders lacks a not_null test for its primary key order_id.",
      },
    ]);
  });

  it("finds an untested key by its name (<model>_id) and reports both missing tests", () => {
    const [finding] = evaluatePolicies(snapshot([stgOrders]), DEFAULT_CHANGE_POLICY);
    expect(finding?.message).toBe("Staging model stg_orders lacks a unique test and a not_null test for its primary key order_id.");
  });

  it("reports a model whose key cannot be identified", () => {
    expect(codes(snapshot([model("stg_events", { columns: columns("payload", "received_at") })]))).toEqual([
      ["PRIMARY_KEY_NOT_FOUND", "model.shop.stg_events"],
    ]);
  });

  it("asks marts for a business test, a description and column descriptions", () => {
    const mart = model("fct_orders", { description: " ", columns: [...documented("order_id"), column("amount", { position: 2 })] });
    const found = evaluatePolicies(snapshot([mart], keyTests("fct_orders", "order_id")), DEFAULT_CHANGE_POLICY);
    expect(found.map((f) => f.code)).toEqual(["MART_BUSINESS_TEST_MISSING", "MART_COLUMN_DESCRIPTION_MISSING", "MART_DESCRIPTION_MISSING"]);
    expect(found[1]?.columnNames).toEqual(["amount"]);
  });

  it("leaves intermediate models, sources and seeds alone", () => {
    expect(codes(snapshot([model("int_orders", { columns: columns("x") }), model("raw", { kind: "SEED", layer: null })]))).toEqual([]);
  });

  it("blocks only listed codes, and under CHANGED_ASSETS only for assets the post changed", () => {
    const policy = changePolicySchema.parse({ findings: { blocking: ["PRIMARY_KEY_NOT_TESTED"] } });
    const s = snapshot([stgOrders, model("stg_customers", { columns: columns("customer_id") })]);
    const changed = new Set(["model.shop.stg_orders"]);
    const blocking = (p = policy) => evaluatePolicies(s, p, { changedAssets: changed }).filter((f) => f.blocking).map((f) => [f.assetUniqueId, f.severity]);
    expect(blocking()).toEqual([["model.shop.stg_orders", "error"]]);
    const everywhere = changePolicySchema.parse({ findings: { blocking: ["PRIMARY_KEY_NOT_TESTED"], enforceOn: "ALL_ASSETS" } });
    expect(blocking(everywhere)).toHaveLength(2);
  });
});

describe("findPrimaryKey", () => {
  const asset = model("stg_hubspot__contacts", { columns: columns("contact_id", "email", "portal_id") });

  it.each([
    ["a primary_key constraint", { columns: [column("email", { position: 1, constraints: [{ type: "primary_key" }] })] }, [], ["email"], "CONSTRAINT"],
    ["unique and not_null tests", {}, keyTests("stg_hubspot__contacts", "email"), ["email"], "TESTS"],
    [
      "a unique_combination_of_columns test",
      {},
      [test("unique_combination_of_columns", "stg_hubspot__contacts", null, { namespace: "dbt_utils", kwargs: { combination_of_columns: ["portal_id", "email"] } })],
      ["portal_id", "email"],
      "UNIQUE_COMBINATION",
    ],
    ["the model's entity name, without layer prefix and package part", {}, [], ["contact_id"], "NAME"],
  ])("comes from %s", (_what, overrides, tests, keyColumns, source) => {
    expect(findPrimaryKey({ ...asset, ...overrides }, tests)).toEqual({ columns: keyColumns, source });
  });

  it("accepts a composite key when unique_combination and not_null on each column are there", () => {
    const tests = [
      test("unique_combination_of_columns", "stg_lines", null, { kwargs: { combination_of_columns: ["order_id", "line"] } }),
      test("not_null", "stg_lines", "order_id"),
      test("not_null", "stg_lines", "line"),
    ];
    const lines = model("stg_lines", { columns: columns("order_id", "line") });
    expect(evaluatePolicies(snapshot([lines], tests), DEFAULT_CHANGE_POLICY)).toEqual([]);
    const [finding] = evaluatePolicies(snapshot([lines], tests.slice(0, 2)), DEFAULT_CHANGE_POLICY);
    expect(finding?.message).toBe("Staging model stg_lines lacks a not_null test on line for its primary key order_id, line.");
  });
});

describe("coverage", () => {
  const current = snapshot([stgOrders, fctOrders], [...keyTests("stg_orders", "order_id")]);
  const next = snapshot([stgOrders, fctOrders], [...keyTests("stg_orders", "order_id"), test("not_null", "fct_orders", "amount")]);

  it("measures documented and tested columns and tested models per layer", () => {
    const byLayer = new Map(coverageByLayer(next).map((c) => [c.layer, c]));
    expect(byLayer.get("STAGING")).toMatchObject({ models: 1, columns: 2, documentedColumnsPct: 0, testedColumns: 1, testedColumnsPct: 50, modelsWithTestsPct: 100 });
    expect(byLayer.get("MART")).toMatchObject({ models: 1, documentedColumnsPct: 100, testedColumnsPct: 50, modelsWithTestsPct: 100 });
    expect(byLayer.get("OTHER")).toMatchObject({ models: 0, testedColumnsPct: null });
  });

  it("reports the change a post makes, in percentage points", () => {
    const mart = coverageChange(current, next).find((c) => c.layer === "MART");
    expect(mart?.delta).toEqual({ documentedModelsPct: 0, modelsWithTestsPct: 100, documentedColumnsPct: 0, testedColumnsPct: 50 });
    expect(coverageChange(null, next).every((c) => c.before === null)).toBe(true);
  });
});
