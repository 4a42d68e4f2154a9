import { PassThrough, Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { sqlLineageCommand } from "../../../src/cli/sqlLineage.js";

async function run(args: string[], stdin: string): Promise<string> {
  const stdout = new PassThrough();
  let text = "";
  stdout.on("data", (d: Buffer) => (text += d));
  await sqlLineageCommand({ stdin: Readable.from([stdin]), stdout }).parseAsync(args, { from: "user" });
  return text;
}

describe("tributary sql-lineage", () => {
  it("prints one analysis as JSON from stdin", async () => {
    const out = JSON.parse(await run(["--dialect", "bigquery"], "select o.id, sum(o.amount) as total from `p.d.orders` o group by 1"));
    expect(out.sources).toEqual(["p.d.orders"]);
    expect(out.column_lineage).toContainEqual({ target: "total", sources: [{ table: "p.d.orders", column: "amount" }], transform: "AGGREGATED" });
    expect(out.column_lineage).toContainEqual({ target: "total", sources: [{ table: "p.d.orders", column: "id" }], transform: "GROUP_BY" });
  });

  it("streams JSONL: one result per request line, errors per line, and keeps going", async () => {
    const lines = [
      JSON.stringify({ id: "a", sql: "select x from {{ ref('pkg', 'm', v=2) }} join {{ source('s', 't') }} using (k)", dialect: "snowflake" }),
      "not json",
      JSON.stringify({ id: 7 }),
      JSON.stringify({ id: "b", sql: "select * from orders", schema: { "db.sch.orders": { id: "int" } }, default_database: "db", default_schema: "sch" }),
    ];
    const out = (await run(["--jsonl"], lines.join("\n") + "\n")).trim().split("\n").map((l) => JSON.parse(l));
    expect(out).toHaveLength(4);
    expect(out[0]).toMatchObject({
      id: "a",
      sources: ["ref('pkg', 'm', v=2)", "source('s', 't')"],
      targets: [],
      jinja: { refs: [{ name: "m", package: "pkg", version: "2" }], sources: [{ source: "s", table: "t" }], unresolved: [] },
    });
    expect(out[1]).toEqual({ id: null, error: "line is not valid JSON" });
    expect(out[2]).toMatchObject({ id: 7, error: expect.stringContaining("sql") });
    expect(out[3].column_lineage).toEqual([{ target: "id", sources: [{ table: "orders", column: "id" }], transform: "DIRECT" }]);
  });

  it("accepts the schema shapes other tools send: null or missing types, column lists, nested namespaces", async () => {
    const lines = [
      { id: "null types", sql: "select * from orders", schema: { orders: { id: null, amount: "int", note: undefined } } },
      { id: "column list", sql: "select * from orders", schema: { orders: ["id", "amount"] } },
      { id: "nested", sql: "select * from analytics.core.orders", schema: { analytics: { core: { orders: { id: null, amount: "number" } } } } },
      { id: "bad", sql: "select 1", schema: { orders: { id: 5 } } },
    ].map((request) => JSON.stringify(request));
    const out = (await run(["--jsonl"], lines.join("\n") + "\n")).trim().split("\n").map((l) => JSON.parse(l));
    const targets = (result: { column_lineage: { target: string }[] }): string[] => result.column_lineage.map((c) => c.target);
    expect(targets(out[0])).toEqual(["id", "amount"]);
    expect(targets(out[1])).toEqual(["id", "amount"]);
    expect(out[2].column_lineage).toContainEqual({ target: "amount", sources: [{ table: "analytics.core.orders", column: "amount" }], transform: "DIRECT" });
    expect(out[3]).toEqual({ id: "bad", error: expect.stringMatching(/^schema\.orders: /) });
  });
});
