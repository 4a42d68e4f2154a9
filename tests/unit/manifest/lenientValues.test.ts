/**
 * A manifest dbt wrote is not refused over a value rendered in an unexpected type (issue 13,
 * item 1): config values Jinja turned into text, nulls, numbers as strings. What has an obvious
 * meaning is coerced, the rest is absent, and each is a warning naming the node and the field.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { readFlag } from "../../../src/core/manifest/flagText.js";
import { parseManifest, type CatalogSnapshot, type ParseResult } from "../../../src/core/manifest/index.js";
import { dbtManifest, model } from "./dbtBuilders.js";

const builtDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "fixtures", "built", "lenient");
const readBuilt = (file: string): unknown => JSON.parse(readFileSync(path.join(builtDir, file), "utf8")) as unknown;

function snapshotOf(result: ParseResult): CatalogSnapshot {
  if (!result.ok) throw new Error(`${result.error.code} ${result.error.path}: ${result.error.message}`);
  return result.snapshot;
}

function errorOf(result: ParseResult) {
  if (result.ok) throw new Error("expected the input to be rejected");
  return result.error;
}

describe("the dbt 1.2 manifest with rendered config values (tests/fixtures/built/lenient)", () => {
  const manifest = readBuilt("manifest.json");
  const runResults = readBuilt("run_results.json");
  const snapshot = snapshotOf(parseManifest({ manifest, runResults }));
  const warningsOf = (uniqueId: string) => snapshot.diagnostics.filter((d) => d.uniqueId === uniqueId);

  it("ingests every source, model and test, with the declared lineage", () => {
    expect(snapshot.assets.map((a) => a.uniqueId).sort()).toEqual([
      "model.shop.orders",
      "model.shop.stg_customers",
      "model.shop.stg_orders",
      "source.shop.raw.customers",
      "source.shop.raw.orders",
    ]);
    expect(snapshot.tests.map((t) => t.uniqueId)).toEqual(["test.shop.not_null_orders_id.a1b2c3d4e5"]);
    expect(snapshot.edges).toContainEqual({ from: "source.shop.raw.orders", to: "model.shop.stg_orders" });
    expect(snapshot.edges).toHaveLength(4);
  });

  it('reads `enabled: "True and True"` as true and says so, naming the source and the field', () => {
    expect(warningsOf("source.shop.raw.orders")).toEqual([
      {
        code: "VALUE_COERCED",
        severity: "warning",
        path: '$.sources["source.shop.raw.orders"].config.enabled',
        uniqueId: "source.shop.raw.orders",
        message: 'source.shop.raw.orders config.enabled: expected boolean, got the string "True and True"; read as true.',
      },
    ]);
  });

  it("keeps a node whose enabled is an unrendered expression, as dbt's default (enabled)", () => {
    expect(warningsOf("model.shop.stg_customers")).toMatchObject([
      { code: "VALUE_IGNORED", path: '$.nodes["model.shop.stg_customers"].config.enabled' },
    ]);
    expect(warningsOf("model.shop.stg_customers")[0]?.message).toContain("{{ var('customers_enabled') }}");
  });

  it("drops a null tag, and a checksum whose value is null, keeping the rest of the node", () => {
    const orders = snapshot.assets.find((a) => a.uniqueId === "model.shop.orders");
    expect(orders).toMatchObject({ tags: ["finance"], checksum: null, materialization: "table" });
    expect(orders?.owners.length).toBe(1);
    expect(warningsOf("model.shop.orders").map((d) => [d.code, d.path])).toEqual([
      ["VALUE_COERCED", '$.nodes["model.shop.orders"].config.enabled'],
      ["VALUE_IGNORED", '$.nodes["model.shop.orders"].config.tags[1]'],
      ["VALUE_IGNORED", '$.nodes["model.shop.orders"].checksum.checksum'],
      ["VALUE_COERCED", "$.results[0].execution_time"],
    ]);
  });

  it("reads numbers written as strings in run_results.json", () => {
    expect(snapshot.runResults).toEqual([
      expect.objectContaining({ uniqueId: "model.shop.orders", executionTime: 1.25 }),
      expect.objectContaining({ uniqueId: "test.shop.not_null_orders_id.a1b2c3d4e5", failures: 0 }),
    ]);
  });

  it("does not change the posted documents", () => {
    expect(manifest).toEqual(readBuilt("manifest.json"));
    expect(runResults).toEqual(readBuilt("run_results.json"));
  });
});

describe("what is still refused", () => {
  const refused = (fields: Record<string, unknown>) => {
    const manifest = dbtManifest(6, { nodes: [model("orders")] }) as { nodes: Record<string, object> };
    manifest.nodes["model.shop.orders"] = { ...manifest.nodes["model.shop.orders"], ...fields };
    return errorOf(parseManifest({ manifest }));
  };

  it.each([
    ["a null unique_id", { unique_id: null }, "unique_id"],
    ["a resource_type that is a number", { resource_type: 3 }, "resource_type"],
    ["a null name", { name: null }, "name"],
    ["an object where a description is expected", { description: { text: "x" } }, "description"],
    ["a string where the parents list is expected", { depends_on: { nodes: "model.shop.a" } }, "depends_on.nodes"],
  ])("%s", (_, fields, field) => {
    const error = refused(fields);
    expect(error.code).toBe("INVALID_MANIFEST");
    expect(error.path).toBe(`$.nodes["model.shop.orders"].${field}`);
  });

  it("a node that is not an object", () => {
    const manifest = dbtManifest(6, { nodes: [model("orders")] }) as { nodes: Record<string, unknown> };
    manifest.nodes["model.shop.orders"] = "orders";
    expect(errorOf(parseManifest({ manifest })).path).toBe('$.nodes["model.shop.orders"]');
  });
});

describe("coercion rules", () => {
  const configured = (config: Record<string, unknown>, fields: Record<string, unknown> = {}) =>
    snapshotOf(parseManifest({ manifest: dbtManifest(9, { nodes: [model("orders", { config, ...fields })] }) }));

  it("treats any config value it cannot read as absent", () => {
    const snapshot = configured({ meta: "{'owner': 'ana'}", contract: "{'enforced': True}", tags: 7, materialized: ["table"] });
    expect(snapshot.assets[0]).toMatchObject({ meta: {}, contractEnforced: false, tags: ["7"], materialization: null });
    expect(snapshot.diagnostics.map((d) => d.code).sort()).toEqual(["VALUE_COERCED", "VALUE_IGNORED", "VALUE_IGNORED", "VALUE_IGNORED"]);
  });

  it("coerces flags nested in config and numbers where text is expected", () => {
    const snapshot = configured({ contract: { enforced: "yes" } }, { version: false, access: 1 });
    expect(snapshot.assets[0]).toMatchObject({ contractEnforced: true, version: "false", access: "1" });
  });

  it('reads enabled: "false" as false', () => {
    expect(configured({ enabled: "False" }).assets).toEqual([]);
  });
});

describe("readFlag", () => {
  it.each([
    ["true", true], ["True", true], ["TRUE", true], [" yes ", true], ["1", true], [1, true],
    ["false", false], ["False", false], ["no", false], ["0", false], [0, false],
    ["True and True", true], ["True and False", false], ["False or True", true], ["not False", true],
    ["not (True and False) and true", true], ["True or False and False", true], ["(False or False) or not not False", false],
  ])("%j is %s", (text, flag) => expect(readFlag(text)).toBe(flag));

  it.each(["", "maybe", "{{ var('x') }}", "True and", "and True", "(True", "True)", "True True", "None", "2", 2, "not", `${"(".repeat(600)}True${")".repeat(600)}`])(
    "%j has no obvious meaning",
    (text) => expect(readFlag(text)).toBeUndefined(),
  );
});
