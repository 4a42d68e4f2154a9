import { describe, expect, it } from "vitest";
import type { CatalogSnapshot } from "../../../src/core/manifest/snapshot.js";
import { diffSnapshots } from "../../../src/core/change/diffSnapshots.js";
import { REASON_CODES, type ReasonCode } from "../../../src/core/change/reasonCodes.js";
import { blankMetricDefinition } from "../../../src/core/manifest/semantic/definition.js";
import { column, columns, edited, model, snapshot, source, test } from "./snapshotFactory.js";

const orders = model("orders", { columns: columns(["order_id", "bigint"], ["amount", "double"], ["status", "varchar"]) });

interface Scenario {
  reasonCode: ReasonCode;
  before: CatalogSnapshot;
  after: CatalogSnapshot;
  columnName?: string;
  message: RegExp;
}

const ordersAfter = (overrides: Parameters<typeof edited>[1]) => snapshot([edited(orders, overrides)]);
const base = snapshot([orders]);
const withTest = (t: ReturnType<typeof test>) => snapshot([orders], [t]);

const revenueMetric = (expression: string) =>
  model("revenue", {
    uniqueId: "metric.shop.revenue",
    kind: "METRIC",
    relationName: null,
    definition: { ...blankMetricDefinition("legacy"), type: "sum", aggregation: "sum", expression, model: "ref('orders')" },
  });

const scenarios: Scenario[] = [
  {
    reasonCode: "DEFINITION_CHANGED",
    before: snapshot([orders, revenueMetric("amount")]),
    after: snapshot([orders, revenueMetric("amount - discount")]),
    message: /^Metric revenue is defined differently: formula sum\(amount - discount\) of ref\('orders'\) \(was sum\(amount\) of ref\('orders'\)\)\.$/,
  },
  { reasonCode: "ASSET_REMOVED", before: base, after: snapshot([]), message: /^Model orders was removed/ },
  {
    reasonCode: "EXPOSURE_REMOVED",
    before: snapshot([orders, model("revenue", { uniqueId: "exposure.shop.revenue", kind: "EXPOSURE", layer: null, relationName: null })]),
    after: base,
    message: /^Exposure revenue was removed from the project/,
  },
  { reasonCode: "ASSET_ADDED", before: snapshot([]), after: base, message: /^Model orders was added/ },
  {
    reasonCode: "RELATION_RENAMED",
    before: base,
    after: ordersAfter({ relationName: `"analytics"."prod"."orders_v2"` }),
    message: /moved from analytics\.prod\.orders to analytics\.prod\.orders_v2/,
  },
  {
    reasonCode: "RELATION_DROPPED",
    before: base,
    after: ordersAfter({ materialization: "ephemeral", relationName: null }),
    message: /no longer builds a relation/,
  },
  {
    reasonCode: "COLUMN_REMOVED",
    before: base,
    after: ordersAfter({ columns: columns(["order_id", "bigint"], ["amount", "double"]) }),
    columnName: "status",
    message: /Column status was removed from model orders/,
  },
  {
    reasonCode: "COLUMN_TYPE_CHANGED",
    before: base,
    after: ordersAfter({ columns: columns(["order_id", "bigint"], ["amount", "numeric(10,2)"], ["status", "varchar"]) }),
    columnName: "amount",
    message: /type of column amount of model orders changed from double to numeric\(10,2\)/,
  },
  {
    reasonCode: "COLUMN_PROBABLY_RENAMED",
    before: base,
    after: ordersAfter({ columns: columns(["order_id", "bigint"], ["amount", "double"], ["order_status", "varchar"]) }),
    columnName: "status",
    message: /status of model orders was probably renamed to order_status/,
  },
  {
    reasonCode: "CONTRACT_ENFORCEMENT_DROPPED",
    before: snapshot([edited(orders, { contractEnforced: true })]),
    after: base,
    message: /no longer enforced/,
  },
  {
    reasonCode: "CONTRACT_ENFORCEMENT_ADDED",
    before: base,
    after: ordersAfter({ contractEnforced: true }),
    message: /is now enforced/,
  },
  {
    reasonCode: "ACCESS_NARROWED",
    before: snapshot([edited(orders, { access: "public" })]),
    after: base,
    message: /narrowed from public to protected/,
  },
  { reasonCode: "ACCESS_WIDENED", before: base, after: ordersAfter({ access: "public" }), message: /widened from protected to public/ },
  {
    reasonCode: "SQL_LOGIC_CHANGED",
    before: base,
    after: ordersAfter({ rawSql: "select * from {{ ref('upstream_of_orders') }} where amount > 0" }),
    message: /SQL changed while its columns did not/,
  },
  {
    reasonCode: "MATERIALIZATION_CHANGED",
    before: base,
    after: ordersAfter({ materialization: "view" }),
    message: /now materialized as view instead of table/,
  },
  {
    reasonCode: "TEST_REMOVED",
    before: withTest(test("not_null", "orders", "amount")),
    after: base,
    columnName: "amount",
    message: /not_null test on column amount of model orders was removed/,
  },
  {
    reasonCode: "TEST_ADDED",
    before: base,
    after: withTest(test("not_null", "orders", "amount")),
    columnName: "amount",
    message: /not_null test on column amount of model orders was added/,
  },
  {
    reasonCode: "TEST_WEAKENED",
    before: withTest(test("not_null", "orders", "amount")),
    after: withTest(test("not_null", "orders", "amount", { severity: "warn" })),
    columnName: "amount",
    message: /was weakened: severity error → warn/,
  },
  {
    reasonCode: "TEST_STRENGTHENED",
    before: withTest(test("not_null", "orders", "amount", { severity: "warn" })),
    after: withTest(test("not_null", "orders", "amount")),
    columnName: "amount",
    message: /was strengthened: severity warn → error/,
  },
  {
    reasonCode: "TEST_CHANGED",
    before: withTest(test("relationships", "orders", "order_id", { kwargs: { to: "ref('a')", field: "id" } })),
    after: withTest(test("relationships", "orders", "order_id", { kwargs: { to: "ref('b')", field: "id" } })),
    columnName: "order_id",
    message: /was changed: to changed/,
  },
  {
    reasonCode: "COLUMN_CONSTRAINT_REMOVED",
    before: snapshot([edited(orders, { columns: [column("order_id", { dataType: "bigint", position: 1, constraints: [{ type: "not_null" }] }), ...orders.columns.slice(1)] })]),
    after: base,
    columnName: "order_id",
    message: /Constraint not_null was removed from column order_id/,
  },
  {
    reasonCode: "COLUMN_CONSTRAINT_ADDED",
    before: base,
    after: ordersAfter({ columns: [column("order_id", { dataType: "bigint", position: 1, constraints: [{ type: "primary_key" }] }), ...orders.columns.slice(1)] }),
    columnName: "order_id",
    message: /Constraint primary_key was added to column order_id/,
  },
  {
    reasonCode: "COLUMN_ADDED",
    before: base,
    after: ordersAfter({ columns: [...orders.columns, column("placed_at", { dataType: "timestamp", position: 4 })] }),
    columnName: "placed_at",
    message: /Column placed_at was added to model orders/,
  },
  {
    reasonCode: "DESCRIPTION_CHANGED",
    before: base,
    after: ordersAfter({ description: "Orders, one row per order." }),
    message: /description of model orders was changed/,
  },
  {
    reasonCode: "TAGS_CHANGED",
    before: base,
    after: ordersAfter({ tags: ["finance"] }),
    message: /tags of model orders changed from \[\] to \[finance\]/,
  },
  {
    reasonCode: "OWNERS_CHANGED",
    before: base,
    after: ordersAfter({ owners: [{ name: "Ana", email: "ana@example.com", handle: null }] }),
    message: /owners of model orders changed from \[\] to \[ana@example.com\]/,
  },
  {
    reasonCode: "LATEST_VERSION_MOVED",
    before: snapshot([
      model("dim_a", { uniqueId: "model.shop.dim_a.v1", version: "1", latestVersion: "1" }),
      model("dim_a", { uniqueId: "model.shop.dim_a.v2", version: "2", latestVersion: "1" }),
    ]),
    after: snapshot([
      model("dim_a", { uniqueId: "model.shop.dim_a.v1", version: "1", latestVersion: "2" }),
      model("dim_a", { uniqueId: "model.shop.dim_a.v2", version: "2", latestVersion: "2" }),
    ]),
    message: /latest version of model dim_a moved from v1 to v2/,
  },
];

describe("diffSnapshots: one change per reason code", () => {
  it.each(scenarios)("$reasonCode", (scenario) => {
    const changes = diffSnapshots(scenario.before, scenario.after);
    expect(changes.map((c) => c.reasonCode)).toEqual([scenario.reasonCode]);
    const [change] = changes;
    expect(change?.category).toBe(REASON_CODES[scenario.reasonCode].category);
    expect(change?.action).toBe(REASON_CODES[scenario.reasonCode].action);
    expect(change?.columnName).toBe(scenario.columnName);
    expect(change?.message).toMatch(scenario.message);
    expect(change?.fingerprint).toMatch(/^[0-9a-f]{64}$/);
  });

  it("covers every reason code the catalogue defines", () => {
    const covered = new Set(scenarios.map((s) => s.reasonCode));
    expect([...Object.keys(REASON_CODES)].filter((code) => !covered.has(code as ReasonCode))).toEqual([]);
  });
});

describe("diffSnapshots: classification rules", () => {
  it("reports nothing for identical snapshots", () => {
    expect(diffSnapshots(base, snapshot([structuredClone(orders)]))).toEqual([]);
  });

  it("treats whitespace, comment and keyword-case edits of SQL as no change", () => {
    const reformatted = ordersAfter({
      rawSql: "-- reformatted\nSELECT *\n   FROM {{ ref('upstream_of_orders') }}   /* same */",
    });
    expect(diffSnapshots(base, reformatted)).toEqual([]);
  });

  it("does not call a SQL change a logic change when the columns changed too", () => {
    const after = ordersAfter({
      rawSql: "select order_id, amount from {{ ref('upstream_of_orders') }}",
      columns: columns(["order_id", "bigint"], ["amount", "double"]),
    });
    expect(diffSnapshots(base, after).map((c) => c.reasonCode)).toEqual(["COLUMN_REMOVED"]);
  });

  it("lists every asset as ADDED, and no tests or columns separately, when there is no current snapshot", () => {
    const next = snapshot([orders, source("raw_orders")], [test("unique", "orders", "order_id")]);
    const changes = diffSnapshots(null, next);
    expect(changes.map((c) => [c.reasonCode, c.action, c.category, c.assetUniqueId])).toEqual([
      ["ASSET_ADDED", "ADDED", "ADDITIVE", "model.shop.orders"],
      ["ASSET_ADDED", "ADDED", "ADDITIVE", "source.shop.raw.raw_orders"],
    ]);
    expect(changes[0]?.details.context).toMatchObject({ tests: 1, columns: 3 });
  });

  it("folds the tests and columns of a removed asset into ASSET_REMOVED", () => {
    const before = snapshot([orders], [test("unique", "orders", "order_id")]);
    expect(diffSnapshots(before, snapshot([])).map((c) => c.reasonCode)).toEqual(["ASSET_REMOVED"]);
  });

  it("pairs a renamed column by position and type even when the names share nothing", () => {
    const after = ordersAfter({ columns: columns(["order_id", "bigint"], ["total", "double"], ["status", "varchar"]) });
    const [change] = diffSnapshots(base, after);
    expect(change?.reasonCode).toBe("COLUMN_PROBABLY_RENAMED");
    expect(change?.details.after).toEqual({ name: "total", dataType: "double" });
  });

  it("does not pair a removed and an added column of different types", () => {
    const after = ordersAfter({ columns: columns(["order_id", "bigint"], ["amount", "double"], ["status_code", "integer"]) });
    expect(diffSnapshots(base, after).map((c) => c.reasonCode)).toEqual(["COLUMN_REMOVED", "COLUMN_ADDED"]);
  });

  it("matches columns without regard to case and ignores unknown types", () => {
    const after = ordersAfter({
      columns: columns(["ORDER_ID", "BIGINT"], ["AMOUNT", "double precision"], "STATUS").map((c) =>
        c.name === "STATUS" ? { ...c, dataType: null } : c,
      ),
    });
    expect(diffSnapshots(base, after)).toEqual([]);
  });

  it("treats a narrower varchar as a type change but int4 → integer as none", () => {
    const before = snapshot([edited(orders, { columns: columns(["order_id", "int4"], ["status", "varchar(100)"]) })]);
    const after = snapshot([edited(orders, { columns: columns(["order_id", "integer"], ["status", "varchar(50)"]) })]);
    expect(diffSnapshots(before, after).map((c) => [c.reasonCode, c.columnName])).toEqual([
      ["COLUMN_TYPE_CHANGED", "status"],
    ]);
  });

  it("sees accepted_values widened under a new test id as a weakened test", () => {
    const values = (list: string[]) => ({ values: list, column_name: "status", model: "{{ ref('orders') }}" });
    const before = withTest(test("accepted_values", "orders", "status", { uniqueId: "test.shop.av.aaaa", kwargs: values(["a", "b"]) }));
    const after = withTest(test("accepted_values", "orders", "status", { uniqueId: "test.shop.av.bbbb", kwargs: values(["a", "b", "c"]) }));
    const changes = diffSnapshots(before, after);
    expect(changes.map((c) => [c.reasonCode, c.category])).toEqual([["TEST_WEAKENED", "QUALITY"]]);
    expect(changes[0]?.message).toMatch(/accepted values widened by "c"/);
  });

  it("sees accepted_values narrowed as a strengthened test", () => {
    const values = (list: string[]) => ({ values: list });
    const before = withTest(test("accepted_values", "orders", "status", { kwargs: values(["a", "b"]) }));
    const after = withTest(test("accepted_values", "orders", "status", { kwargs: values(["a"]) }));
    expect(diffSnapshots(before, after).map((c) => c.reasonCode)).toEqual(["TEST_STRENGTHENED"]);
  });

  it("reports a latest-version move once per model, not once per version", () => {
    const scenario = scenarios.find((s) => s.reasonCode === "LATEST_VERSION_MOVED");
    const changes = diffSnapshots(scenario!.before, scenario!.after);
    expect(changes).toHaveLength(1);
    expect(changes[0]?.assetUniqueId).toBe("model.shop.dim_a.v2");
  });

  it("lists breaking changes first and is independent of the order of assets and tests", () => {
    const before = snapshot([orders, model("customers")], [test("unique", "orders", "order_id"), test("unique", "customers", "id")]);
    const after = snapshot(
      [model("customers", { description: "new" }), edited(orders, { columns: orders.columns.slice(0, 2) })],
      [test("unique", "customers", "id")],
    );
    const reversed = snapshot([...after.assets].reverse(), [...after.tests].reverse());
    const changes = diffSnapshots(before, after);
    expect(changes.map((c) => c.reasonCode)).toEqual(["COLUMN_REMOVED", "TEST_REMOVED", "DESCRIPTION_CHANGED"]);
    expect(diffSnapshots(snapshot([...before.assets].reverse(), [...before.tests].reverse()), reversed)).toEqual(changes);
  });
});

describe("diffSnapshots: build environment", () => {
  const prod = snapshot([
    orders,
    model("stg_orders", { schema: "prod_staging", relationName: `"analytics"."prod_staging"."stg_orders"` }),
    model("customers"),
    source("raw_orders"),
  ]);
  const inDev = (s: CatalogSnapshot, renames: Record<string, string> = {}) =>
    snapshot(
      s.assets.map((a) => {
        if (a.kind === "SOURCE") return a;
        const schema = a.schema === "prod" ? "dev" : "dev_staging";
        const identifier = renames[a.name] ?? a.name;
        return edited(a, { schema, relationName: `"analytics"."${schema}"."${identifier}"` });
      }),
    );

  it("ignores a project-wide switch of the target schema, including <target>_<custom> schemas", () => {
    expect(diffSnapshots(prod, inDev(prod))).toEqual([]);
  });

  it("still sees a real rename inside a pull-request build, with the same fingerprint as after the merge", () => {
    const renamedOnMain = snapshot(
      prod.assets.map((a) => (a.name === "customers" ? edited(a, { relationName: `"analytics"."prod"."clients"` }) : a)),
    );
    const fromPullRequest = diffSnapshots(prod, inDev(prod, { customers: "clients" }));
    const fromMain = diffSnapshots(prod, renamedOnMain);
    expect(fromPullRequest.map((c) => c.reasonCode)).toEqual(["RELATION_RENAMED"]);
    expect(fromPullRequest[0]?.message).toMatch(/analytics\.prod\.customers to analytics\.prod\.clients/);
    expect(fromPullRequest.map((c) => c.fingerprint)).toEqual(fromMain.map((c) => c.fingerprint));
  });

  it("treats one model moving schema, while the rest stay, as a rename", () => {
    const moved = snapshot(
      prod.assets.map((a) => (a.name === "orders" ? edited(a, { schema: "finance", relationName: `"analytics"."finance"."orders"` }) : a)),
    );
    expect(diffSnapshots(prod, moved).map((c) => [c.reasonCode, c.assetUniqueId])).toEqual([
      ["RELATION_RENAMED", "model.shop.orders"],
    ]);
  });

  it("compares literally when asked to", () => {
    expect(diffSnapshots(prod, inDev(prod), { relocation: "literal" })).toHaveLength(3);
  });
});
