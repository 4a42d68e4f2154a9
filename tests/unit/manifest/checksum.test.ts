import { describe, expect, it } from "vitest";
import {
  assetContentHash,
  columnContentHash,
  parseManifest,
  snapshotChecksum,
  testContentHash,
  type CatalogSnapshot,
} from "../../../src/core/manifest/index.js";
import { column, dbtManifest, genericTest, model } from "./dbtBuilders.js";

function snapshotOf(manifest: unknown): CatalogSnapshot {
  const result = parseManifest({ manifest });
  if (!result.ok) throw new Error(result.error.message);
  return result.snapshot;
}

const base = snapshotOf(
  dbtManifest(12, {
    nodes: [
      model("stg_orders", { columns: { id: column("id"), amount: column("amount") }, meta: { owner: "a@example.com" } }),
      model("orders", { depends_on: { nodes: ["model.shop.stg_orders"] }, meta: { owners: ["b@example.com", "c@example.com"] } }),
      genericTest("unique_orders_id", "unique", ["model.shop.orders"], { attached_node: "model.shop.orders" }, { column_name: "id" }),
    ],
  }),
);

const reversed = <T>(items: readonly T[]): T[] => [...items].reverse();

describe("snapshotChecksum", () => {
  it("is the same for the same content in any order of assets, columns, owners, tests and edges", () => {
    const shuffled: CatalogSnapshot = {
      ...base,
      assets: reversed(base.assets).map((a) => ({ ...a, columns: reversed(a.columns), owners: reversed(a.owners) })),
      tests: reversed(base.tests),
      edges: reversed(base.edges),
    };
    expect(snapshotChecksum(shuffled)).toBe(snapshotChecksum(base));
  });

  it("ignores diagnostics, which describe the input rather than the catalog", () => {
    const noisy = { ...base, diagnostics: [{ code: "X", severity: "info" as const, message: "hello" }] };
    expect(snapshotChecksum(noisy)).toBe(snapshotChecksum(base));
  });

  it.each([
    ["a description", (s: CatalogSnapshot) => ({ ...s, assets: s.assets.map((a, i) => (i === 0 ? { ...a, description: "new" } : a)) })],
    ["a column type", (s: CatalogSnapshot) => ({
      ...s,
      assets: s.assets.map((a) => ({ ...a, columns: a.columns.map((c) => ({ ...c, dataType: "int" })) })),
    })],
    ["an edge", (s: CatalogSnapshot) => ({ ...s, edges: [] })],
    ["a test's severity", (s: CatalogSnapshot) => ({ ...s, tests: s.tests.map((t) => ({ ...t, severity: "warn" })) })],
    ["a run result", (s: CatalogSnapshot) => ({
      ...s,
      runResults: [{ uniqueId: "model.shop.orders", status: "PASS" as const, executionTime: 1, failures: 0, message: null, completedAt: null }],
    })],
  ])("changes when %s changes", (_, change) => {
    expect(snapshotChecksum(change(base))).not.toBe(snapshotChecksum(base));
  });
});

describe("row hashes", () => {
  const [stgOrders] = base.assets;
  if (stgOrders === undefined) throw new Error("no asset");

  it("hash an asset without its columns, and ignore the order of its owners", () => {
    const withOtherColumns = { ...stgOrders, columns: [] };
    expect(assetContentHash(withOtherColumns)).toBe(assetContentHash(stgOrders));
    const orders = base.assets[1];
    if (orders === undefined) throw new Error("no asset");
    expect(assetContentHash({ ...orders, owners: reversed(orders.owners) })).toBe(assetContentHash(orders));
    expect(assetContentHash({ ...stgOrders, rawSql: "select 2" })).not.toBe(assetContentHash(stgOrders));
  });

  it("hash columns and tests by content, whatever the key order", () => {
    const [id] = stgOrders.columns;
    if (id === undefined) throw new Error("no column");
    const keysReversed = Object.fromEntries(Object.entries(id).reverse()) as typeof id;
    expect(columnContentHash(keysReversed)).toBe(columnContentHash(id));
    expect(columnContentHash({ ...id, description: "x" })).not.toBe(columnContentHash(id));
    const [test] = base.tests;
    if (test === undefined) throw new Error("no test");
    expect(testContentHash({ ...test, kwargs: { ...test.kwargs, extra: 1 } })).not.toBe(testContentHash(test));
  });

  it("survive strings JSON allows but canonical JSON rejects (lone surrogates)", () => {
    expect(columnContentHash({ ...stgOrders.columns[0]!, description: "bad \ud800 text" })).toMatch(/^[0-9a-f]{64}$/);
  });
});
