import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import {
  assetLayers,
  changeRequestScope,
  coverageChange,
  DEFAULT_CHANGE_POLICY,
  diffSnapshots,
  evaluatePolicies,
} from "../../../src/core/change/index.js";
import { parseManifest } from "../../../src/core/manifest/index.js";
import type { CatalogSnapshot } from "../../../src/core/manifest/snapshot.js";
import { fixturePath } from "../../support/fixtures.js";

function load(version: "base" | "pr2"): CatalogSnapshot {
  const read = (file: string): unknown => JSON.parse(readFileSync(fixturePath("jaffle_shop_duckdb", version, file), "utf8"));
  const result = parseManifest({ manifest: read("manifest.json"), catalog: read("catalog.json") });
  if (!result.ok) throw new Error(`fixture ${version} did not parse`);
  return result.snapshot;
}

describe("jaffle_shop base → pr2 (a real pull request)", () => {
  let base: CatalogSnapshot;
  let pr2: CatalogSnapshot;
  beforeAll(() => {
    base = load("base");
    pr2 = load("pr2");
  });

  it("finds exactly the pull request's changes: customers refactored onto two new intermediate models", () => {
    // Every model also moved from schema prod to dev: that is the PR build's target, not a change.
    const changes = diffSnapshots(base, pr2);
    expect(changes.map((c) => [c.category, c.reasonCode, c.assetUniqueId])).toEqual([
      ["LOGIC", "SQL_LOGIC_CHANGED", "model.jaffle_shop.customers"],
      ["ADDITIVE", "ASSET_ADDED", "model.jaffle_shop.int_customer_orders"],
      ["ADDITIVE", "ASSET_ADDED", "model.jaffle_shop.int_customer_payments"],
    ]);
    expect(changes[0]?.details.context).toEqual({
      upstreamAdded: ["model.jaffle_shop.int_customer_orders", "model.jaffle_shop.int_customer_payments"],
      upstreamRemoved: ["model.jaffle_shop.stg_orders", "model.jaffle_shop.stg_payments"],
    });
  });

  it("sees the prod → dev switch as hundreds of renames only when asked to compare literally", () => {
    const literal = diffSnapshots(base, pr2, { relocation: "literal" });
    expect(literal.filter((c) => c.reasonCode === "RELATION_RENAMED")).toHaveLength(7);
  });

  it("opens a change request for the mart customers, with nothing to approve", () => {
    const scope = changeRequestScope({
      changes: diffSnapshots(base, pr2),
      layers: assetLayers(base, pr2),
      assetsWithDownstreamExposure: new Set(),
      policy: DEFAULT_CHANGE_POLICY,
    });
    expect(scope).toEqual({
      opensChangeRequest: true,
      touchedAssets: ["model.jaffle_shop.customers"],
      changesNeedingApproval: [],
      assetsNeedingApproval: [],
    });
  });

  it("reports the field policies on the posted snapshot", () => {
    const findings = evaluatePolicies(pr2, DEFAULT_CHANGE_POLICY);
    expect(findings.map((f) => [f.code, f.assetUniqueId, f.blocking])).toEqual([
      ["MART_BUSINESS_TEST_MISSING", "model.jaffle_shop.customer_order_pattern", false],
      ["MART_BUSINESS_TEST_MISSING", "model.jaffle_shop.customers", false],
      ["MART_COLUMN_DESCRIPTION_MISSING", "model.jaffle_shop.customers", false],
    ]);
    // The YAML documents total_order_amount, the warehouse has customer_lifetime_value.
    expect(findings[2]?.columnNames).toEqual(["customer_lifetime_value"]);
  });

  it("shows the new, untested intermediate layer in the coverage change", () => {
    const byLayer = new Map(coverageChange(base, pr2).map((c) => [c.layer, c]));
    expect(byLayer.get("INTERMEDIATE")?.before).toMatchObject({ models: 0 });
    expect(byLayer.get("INTERMEDIATE")?.after).toMatchObject({ models: 2, modelsWithTests: 0, modelsWithTestsPct: 0 });
    expect(byLayer.get("MART")?.delta).toEqual({
      documentedModelsPct: 0,
      modelsWithTestsPct: 0,
      documentedColumnsPct: 0,
      testedColumnsPct: 0,
    });
  });
});
