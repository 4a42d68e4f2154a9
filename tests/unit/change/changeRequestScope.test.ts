import { describe, expect, it } from "vitest";
import { assetLayers, changeRequestScope } from "../../../src/core/change/changeRequestScope.js";
import { diffSnapshots } from "../../../src/core/change/diffSnapshots.js";
import { changePolicySchema, DEFAULT_CHANGE_POLICY } from "../../../src/core/change/policy.js";
import { columns, edited, model, snapshot } from "./snapshotFactory.js";

const mart = model("orders", { columns: columns("order_id", "amount") });
const staging = model("stg_orders", { columns: columns("order_id", "amount") });
const current = snapshot([mart, staging]);

function scope(next: ReturnType<typeof snapshot>, exposed: string[] = [], policy = DEFAULT_CHANGE_POLICY) {
  return changeRequestScope({
    changes: diffSnapshots(current, next),
    layers: assetLayers(current, next),
    assetsWithDownstreamExposure: new Set(exposed),
    policy,
  });
}

describe("changeRequestScope", () => {
  it("opens no change request when only staging changes and nothing downstream is exposed", () => {
    const result = scope(snapshot([mart, edited(staging, { columns: columns("order_id") })]));
    expect(result.opensChangeRequest).toBe(false);
    expect(result.changesNeedingApproval).toEqual([]);
  });

  it("opens one for a non-breaking mart change, with nothing to approve", () => {
    const result = scope(snapshot([edited(mart, { description: "new words" }), staging]));
    expect(result).toMatchObject({ opensChangeRequest: true, touchedAssets: ["model.shop.orders"], assetsNeedingApproval: [] });
  });

  it("needs approval for a breaking mart change", () => {
    const result = scope(snapshot([edited(mart, { columns: columns("order_id") }), staging]));
    expect(result.changesNeedingApproval.map((c) => c.reasonCode)).toEqual(["COLUMN_REMOVED"]);
    expect(result.assetsNeedingApproval).toEqual(["model.shop.orders"]);
  });

  it("counts a removed mart as a mart, from the current snapshot's layer", () => {
    const result = scope(snapshot([staging]));
    expect(result.changesNeedingApproval.map((c) => [c.reasonCode, c.assetUniqueId])).toEqual([["ASSET_REMOVED", "model.shop.orders"]]);
  });

  it("gates a breaking change of a staging model that feeds an exposure, unless the policy says not to", () => {
    const next = snapshot([mart, edited(staging, { columns: columns("order_id") })]);
    expect(scope(next, ["model.shop.stg_orders"]).assetsNeedingApproval).toEqual(["model.shop.stg_orders"]);
    const lenient = changePolicySchema.parse({ gateExposedAssets: false });
    const result = scope(next, ["model.shop.stg_orders"], lenient);
    expect(result.opensChangeRequest).toBe(true);
    expect(result.assetsNeedingApproval).toEqual([]);
  });

  it("opens only for the categories the policy lists, but always when approval is needed", () => {
    const breakingOnly = changePolicySchema.parse({ openChangeRequestFor: ["BREAKING"] });
    expect(scope(snapshot([edited(mart, { description: "x" }), staging]), [], breakingOnly).opensChangeRequest).toBe(false);
    expect(scope(snapshot([edited(mart, { columns: columns("order_id") }), staging]), [], breakingOnly).opensChangeRequest).toBe(true);
  });
});
