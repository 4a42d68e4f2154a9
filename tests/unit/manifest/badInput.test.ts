/** Each kind of bad input gets one error with the right code, a JSON path and what was expected. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseManifest, parseManifestText, type ParseResult } from "../../../src/core/manifest/index.js";
import { fixturePath } from "../../support/fixtures.js";
import { dbtManifest, model } from "./dbtBuilders.js";

function errorOf(result: ParseResult) {
  if (result.ok) throw new Error("expected the input to be rejected");
  return result.error;
}

const jaffleText = readFileSync(fixturePath("jaffle_shop_duckdb", "base", "manifest.json"), "utf8");

describe("documents that are not manifests", () => {
  it.each([
    ["an array", []],
    ["a string", "manifest"],
    ["null", null],
    ["an object without a format marker", { hello: "world" }],
    ["another format marker", { format: "openlineage/v2" }],
  ])("refuses %s as NOT_A_MANIFEST", (_, document) => {
    const error = errorOf(parseManifest({ manifest: document }));
    expect(error.code).toBe("NOT_A_MANIFEST");
    expect(error.path).toMatch(/^\$/);
    expect(error.expected).toContain("tributary/v1");
  });

  it("names a dbt catalog posted as the manifest", () => {
    const catalog = { metadata: { dbt_schema_version: "https://schemas.getdbt.com/dbt/catalog/v1.json" }, nodes: {} };
    const error = errorOf(parseManifest({ manifest: catalog }));
    expect(error).toMatchObject({ code: "NOT_A_MANIFEST", path: "$.metadata.dbt_schema_version" });
    expect(error.message).toContain("catalog");
  });
});

describe("schema versions", () => {
  it.each([3, 13])("refuses dbt manifest v%i as UNSUPPORTED_SCHEMA_VERSION", (version) => {
    const error = errorOf(parseManifest({ manifest: dbtManifest(version, {}) }));
    expect(error).toMatchObject({ code: "UNSUPPORTED_SCHEMA_VERSION", path: "$.metadata.dbt_schema_version" });
    expect(error.expected).toBe("a dbt manifest schema v4 … v12");
    expect(error.message).toContain(`v${version}`);
  });

  it("refuses a future native format", () => {
    const error = errorOf(parseManifest({ manifest: { format: "tributary/v2", project: "p" } }));
    expect(error).toMatchObject({ code: "UNSUPPORTED_SCHEMA_VERSION", path: "$.format", expected: '"tributary/v1"' });
  });
});

describe("malformed and truncated JSON", () => {
  it("reports a truncated manifest as INVALID_MANIFEST with where it ends", () => {
    const error = errorOf(parseManifestText({ manifest: jaffleText.slice(0, 5000) }));
    expect(error).toMatchObject({ code: "INVALID_MANIFEST", path: "$", expected: "a complete JSON document" });
    expect(error.message).toMatch(/truncated\?\) at line \d+, column \d+/);
  });

  it("reports a broken catalog as INVALID_CATALOG, not as a manifest problem", () => {
    const error = errorOf(parseManifestText({ manifest: jaffleText, catalog: '{"nodes": {' }));
    expect(error.code).toBe("INVALID_CATALOG");
  });

  it("parses valid text, byte-order mark included", () => {
    const result = parseManifestText({ manifest: `\uFEFF${jaffleText}` });
    expect(result.ok).toBe(true);
  });
});

describe("wrong types", () => {
  it("names the exact JSON path of a column map that is an array", () => {
    const manifest = dbtManifest(12, { nodes: [model("orders", { columns: [] })] });
    const error = errorOf(parseManifest({ manifest }));
    expect(error).toEqual({
      code: "INVALID_MANIFEST",
      path: '$.nodes["model.shop.orders"].columns',
      expected: "object",
      message: 'Invalid manifest at $.nodes["model.shop.orders"].columns: expected object, got an empty array.',
    });
  });

  it("says when a required field is missing", () => {
    const manifest = dbtManifest(9, { nodes: [{ ...model("orders"), name: undefined }] });
    const error = errorOf(parseManifest({ manifest }));
    expect(error).toMatchObject({ path: '$.nodes["model.shop.orders"].name', expected: "string" });
    expect(error.message).toContain("the field is missing");
  });

  it("reports a wrong type deep inside a real fixture", () => {
    const manifest = JSON.parse(jaffleText) as { nodes: Record<string, { depends_on: { nodes: unknown } }> };
    const node = manifest.nodes["model.jaffle_shop.orders"];
    if (node === undefined) throw new Error("fixture changed");
    node.depends_on.nodes = "model.jaffle_shop.stg_orders";
    expect(errorOf(parseManifest({ manifest }))).toMatchObject({
      code: "INVALID_MANIFEST",
      path: '$.nodes["model.jaffle_shop.orders"].depends_on.nodes',
      expected: "array",
    });
  });

  it("reports a bad run_results.json as INVALID_RUN_RESULTS with its path", () => {
    const runResults = {
      metadata: { dbt_schema_version: "https://schemas.getdbt.com/dbt/run-results/v6.json" },
      results: [{ unique_id: "model.shop.orders", status: "success", timing: "execute" }],
    };
    const error = errorOf(parseManifest({ manifest: dbtManifest(12, { nodes: [model("orders")] }), runResults }));
    expect(error).toMatchObject({ code: "INVALID_RUN_RESULTS", path: "$.results[0].timing", expected: "array" });
  });

  it("refuses a manifest posted as the catalog", () => {
    const manifest = dbtManifest(12, {});
    const error = errorOf(parseManifest({ manifest, catalog: manifest }));
    expect(error).toMatchObject({ code: "INVALID_CATALOG", path: "$.metadata.dbt_schema_version" });
  });

  it("counts the other problems in the message but reports only the first", () => {
    const manifest = dbtManifest(12, { nodes: [model("a", { tags: {} }), model("b", { tags: {} })] });
    const error = errorOf(parseManifest({ manifest }));
    expect(error.path).toBe('$.nodes["model.shop.a"].tags');
    expect(error.expected).toBe("array or string");
    expect(error.message).toContain("1 more problem");
  });
});

describe("native manifest mistakes", () => {
  const native = (extra: Record<string, unknown>) => ({ format: "tributary/v1", project: "shop", ...extra });

  it("reports a misspelt field instead of dropping it", () => {
    const error = errorOf(parseManifest({ manifest: native({ models: [{ name: "orders", descripton: "x" }] }) }));
    expect(error).toMatchObject({ code: "INVALID_MANIFEST", path: "$.models[0].descripton" });
    expect(error.message).toContain('"descripton"');
  });

  it("reports a repeated model name at the repeat", () => {
    const error = errorOf(parseManifest({ manifest: native({ models: [{ name: "a" }, { name: "a" }] }) }));
    expect(error).toMatchObject({ path: "$.models[1].name", expected: 'a unique model name ("a" is repeated)' });
  });

  it("reports a bad owner inside a union at the field that is wrong", () => {
    const error = errorOf(parseManifest({ manifest: native({ models: [{ name: "a", owners: [{ email: 3 }] }] }) }));
    expect(error).toMatchObject({ path: "$.models[0].owners[0].email", expected: "string" });
  });

  it.each([
    [{ models: [{ name: "a", owners: [{}] }] }, "$.models[0].owners[0]", "at least one of name, email, handle"],
    [{ models: [{ name: "a.b" }] }, "$.models[0].name", "a name without dots or spaces"],
    [{ sources: [{ name: "raw", tables: [] }] }, "$.sources[0].tables", "1 item(s) or more"],
    [{ models: [{ name: "a", tests: [{ unique: {}, not_null: {} }] }] }, "$.models[0].tests[0]", "exactly one test name as the object's only key"],
  ])("explains %j in words", (extra, path, expected) => {
    expect(errorOf(parseManifest({ manifest: native(extra) }))).toMatchObject({ code: "INVALID_MANIFEST", path, expected });
  });

  it("reports an unknown layer with the allowed values", () => {
    const error = errorOf(parseManifest({ manifest: native({ models: [{ name: "a", layer: "gold" }] }) }));
    expect(error).toMatchObject({ path: "$.models[0].layer" });
    expect(error.expected).toContain('"staging"');
  });
});
