/** The pure pieces of the folder mapping, on the edge cases real projects write. */
import { describe, expect, it } from "vitest";
import { projectConfigFor, sqlConfigCall } from "../../../src/projectFolder/modelConfig.js";
import { modelDependencies } from "../../../src/projectFolder/modelDependencies.js";
import { versionedFiles } from "../../../src/projectFolder/modelVersions.js";
import { csvHeader } from "../../../src/projectFolder/projectNodes.js";
import { nativeTestEntry, testEntries } from "../../../src/projectFolder/testEntries.js";
import { docBlocks, renderDescription, renderName } from "../../../src/projectFolder/yamlJinja.js";
import { nativeMetrics } from "../../../src/projectFolder/metricEntries.js";

describe("test entries", () => {
  it("maps every YAML test syntax dbt accepts to the native form", () => {
    expect(nativeTestEntry("unique")).toBe("unique");
    expect(nativeTestEntry({ not_null: null })).toBe("not_null");
    expect(nativeTestEntry({ not_null: { config: { severity: "WARN", where: "x > 1" } } })).toEqual({ not_null: { severity: "warn" } });
    expect(nativeTestEntry({ accepted_values: { values: ["a"], severity: "error", name: "custom_name" } })).toEqual({ accepted_values: { values: ["a"], severity: "error" } });
    expect(nativeTestEntry({ relationships: { arguments: { to: "ref('x')", field: "id" }, config: { severity: "warn" } } })).toEqual({
      relationships: { to: "ref('x')", field: "id", severity: "warn" },
    });
    expect(nativeTestEntry({ test_name: "accepted_values", name: "status_ok", values: [1, 2] })).toEqual({ accepted_values: { values: [1, 2] } });
    expect(nativeTestEntry({ a: {}, b: {} })).toBeNull();
    expect(nativeTestEntry(42)).toBeNull();
    expect(nativeTestEntry({ unique: "yes" })).toBeNull();
  });

  it("reads data_tests and tests together and returns what it could not read", () => {
    expect(testEntries({ data_tests: ["unique"], tests: ["not_null", 7] })).toEqual({ tests: ["unique", "not_null"], rejected: [7] });
  });
});

describe("model configs", () => {
  const models = {
    "+tags": "all",
    shop: {
      materialized: "view",
      "+meta": { team: "core" },
      staging: { "+schema": "stg", "+tags": ["stg"], meta: { team: "ingest", sla: 1 }, stg_orders: { "+materialized": "table", "+enabled": false } },
      marts: { "+schema": "{{ 'x' if target.name == 'prod' else 'y' }}" },
    },
    other_package: { "+materialized": "ephemeral" },
  };

  it("applies top-level, project, folder and model configs in order; plus-less known configs count", () => {
    expect(projectConfigFor(models, "shop", ["staging"], "stg_orders")).toEqual({
      materialized: "table",
      schema: "stg",
      enabled: false,
      tags: ["all", "stg"],
      meta: { team: "ingest", sla: 1 },
    });
    // A folder nobody configured inherits; a Jinja schema is left out.
    expect(projectConfigFor(models, "shop", ["marts", "finance"], "revenue")).toEqual({ materialized: "view", tags: ["all"], meta: { team: "core" } });
    expect(projectConfigFor(null, "shop", [], "a")).toEqual({ tags: [], meta: {} });
  });

  it("reads literal arguments of {{ config() }} in SQL, even around nested calls", () => {
    expect(sqlConfigCall("{{ config(materialized='incremental', unique_key='id', tags=['a', \"b\"], enabled=fivetran_utils.enabled_vars(['x'])) }}\nselect 1")).toEqual({
      materialized: "incremental",
      tags: ["a", "b"],
    });
    expect(sqlConfigCall("{{- config(schema=\"raw\", enabled=False) -}}")).toEqual({ schema: "raw", enabled: false });
    expect(sqlConfigCall("select 'config(materialized=\"x\")'")).toEqual({});
  });
});

describe("YAML Jinja", () => {
  const context = { docs: docBlocks("{% docs a %}\n  Alpha.\n{% enddocs %}\n{%- docs b -%}Beta{%- enddocs -%}"), vars: new Map<string, unknown>([["schema_var", "raw"]]) };

  it("renders doc() blocks and leaves unknown ones as written", () => {
    expect(renderDescription("{{ doc('a') }} and {{doc(\"b\")}}", context)).toBe("Alpha. and Beta");
    expect(renderDescription("{{ doc('missing') }}", context)).toBe("{{ doc('missing') }}");
  });

  it("renders a lone var() from the project's vars or its default, and drops other Jinja", () => {
    expect(renderName("{{ var('schema_var', 'fallback') }}", context)).toBe("raw");
    expect(renderName("{{ var('unset', 'fallback') }}", context)).toBe("fallback");
    expect(renderName("{{ var('unset') }}", context)).toBeUndefined();
    expect(renderName("{{ target.schema }}_raw", context)).toBeUndefined();
    expect(renderName(" plain ", context)).toBe("plain");
  });
});

describe("model dependencies", () => {
  it("finds literal calls, calls through vars, and reports what stays unresolved", () => {
    const vars = new Map<string, unknown>([
      ["orders", "{{ source('raw', 'orders') }}"],
      ["seed", "country_codes"],
    ]);
    const sql = "select * from {{ var('orders') }} join {{ ref(var('seed')) }} using (c) join {{ ref(var('nope')) }} using (d) join {{ ref('pkg', 'm', v=2) }} using (e) join {{ ref('shop', 'n', v=2) }} using (f)";
    const found = modelDependencies(sql, { project: "shop" }, vars);
    // A ref into another package is set apart; one into the project keeps its version.
    expect(found.references).toEqual(["ref('country_codes')", "ref('n', v=2)", "source('raw', 'orders')"]);
    expect(found.packages).toEqual(["pkg"]);
    expect(found.viaVars).toBe(2);
    expect(found.diagnostics).toMatchObject([{ code: "UNRESOLVED_REF", severity: "warning", line: 1 }]);
  });
});

describe("model versions", () => {
  it("finds each version's file and skips a version a unique id cannot hold", () => {
    const found = versionedFiles({ name: "dim", columns: [{ name: "a" }, { name: "b" }], versions: [{ v: 1 }, { v: "1.5" }, { v: 2, defined_in: "dim", columns: [{ include: ["a"] }] }, { nope: true }] }, "$.models[0]");
    expect([...found.byFile.keys()]).toEqual(["dim_v1", "dim"]);
    expect(found.byFile.get("dim")!.props.columns).toEqual([{ name: "a" }]);
    expect(found.byFile.get("dim_v1")!.props.columns).toEqual([{ name: "a" }, { name: "b" }]);
    expect(found.invalid).toEqual([
      "$.models[0].versions[1]: version 1.5 has a dot or a space, which a unique id cannot hold",
      "$.models[0].versions[3]: a version needs `v:` (a number or a name)",
    ]);
  });
});

describe("seed headers", () => {
  it("reads quoted names, escaped quotes and a byte order mark", () => {
    expect(csvHeader('\uFEFFid,"name, full","say ""hi""" ,,x')).toEqual(["id", "name, full", 'say "hi"', "x"]);
  });
});

describe("metrics of a project folder (dbt ≤ 1.5 YAML)", () => {
  const helpers = { describe: (text: string) => text.replace("{{ doc('revenue') }}", "Revenue, returns excluded."), owners: (v: unknown) => (typeof v === "string" ? [{ email: v }] : []), tags: (v: unknown) => (Array.isArray(v) ? (v as string[]) : []) };
  const entry = (item: unknown, index = 0) => ({ item, file: "models/metrics.yml", at: `$.metrics[${index}]` });

  it("maps calculation methods, filters, windows and derived formulas to native metrics, rendering doc blocks", () => {
    const diagnostics: import("../../../src/core/diagnostic.js").Diagnostic[] = [];
    const metrics = nativeMetrics(
      [
        entry({ name: "revenue", description: "{{ doc('revenue') }}", model: "ref('orders')", calculation_method: "sum", expression: "amount", timestamp: "ordered_at", time_grains: ["day"], filters: [{ field: "status", operator: "=", value: "'completed'" }], window: { count: 14, period: "day" }, meta: { owner: "bruno@shop.example" } }),
        entry({ name: "orders", model: "ref('orders')", type: "count", sql: "order_id" }, 1),
        entry({ name: "aov", calculation_method: "derived", expression: "{{ metric('revenue') }} / {{ metric('orders') }}" }, 2),
        entry({ name: "semantic", type: "simple", type_params: { measure: "x" } }, 3),
        entry({ name: "broken", calculation_method: "sum", expression: "amount" }, 4),
      ],
      helpers,
      diagnostics,
    );
    expect(metrics).toEqual([
      { name: "revenue", aggregation: "sum", expression: "amount", model: "ref('orders')", description: "Revenue, returns excluded.", timestamp: "ordered_at", time_grains: ["day"], filters: ["status = 'completed'"], window: "14 day", owners: [{ email: "bruno@shop.example" }], meta: { owner: "bruno@shop.example" } },
      { name: "orders", aggregation: "count", expression: "order_id", model: "ref('orders')" },
      { name: "aov", aggregation: "derived", expression: "revenue / orders", metrics: ["revenue", "orders"] },
    ]);
    // The semantic-layer metric is left to semanticEntries.ts.
    expect(diagnostics.map((d) => d.code)).toEqual(["METRIC_INVALID"]);
  });
});
