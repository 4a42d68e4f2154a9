import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { analyzeSql, type SqlAnalysis } from "../../../src/core/sql/index.js";

function expectWellFormed(result: SqlAnalysis): void {
  expect(Array.isArray(result.sources)).toBe(true);
  expect(Array.isArray(result.targets)).toBe(true);
  expect(Array.isArray(result.columnLineage)).toBe(true);
  expect(Array.isArray(result.diagnostics)).toBe(true);
  for (const d of result.diagnostics) if (d.line !== undefined) expect(d.line).toBeGreaterThanOrEqual(1);
}

const fragments = fc.constantFrom(
  "select ", "from ", "where ", "join ", "on ", "with ", "as ", "(", ")", ",", ";", "'", '"', "`", "[", "]", "--", "/*", "*/", "\n",
  "{{", "}}", "{%", "%}", "{#", "#}", "ref('a')", "source('s','t')", "a", "t.b", "*", "union ", "insert into ", "create table ",
  "merge into ", "using ", "case when ", "end ", "over (", "partition by ", "$$", "::", "@stage/", "group by ", "order by ", "1",
  "use ", "use schema ", "set search_path to ", "identifier(", "$v", ":p", "left(", "right ",
  "* exclude (", "* except (", "* replace (", "* rename ", " as x", "full join ", "using (", "union all by name ", "a + 1", "x * 2",
  "update set * ", "insert * ", "create procedure ",
  "begin ", "if ", " then ", "else ", "end if", "loop ", "while ", " do ", "declare ", "create procedure p() ", "as ", "$b$",
  "execute immediate ", "exec ", "\ngo\n", "\n/\n", "delimiter //\n", "//", "for r in ", "language sql ", "cross apply ",
  "lateral view explode(", "unnest(", "with (nolock) ",
);

describe("analyzeSql never throws and always ends", () => {
  it("on arbitrary text", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 400 }), (sql) => expectWellFormed(analyzeSql({ sql }))),
      { numRuns: 300 },
    );
  });

  it("on random sequences of SQL and Jinja fragments, in every dialect", () => {
    const dialect = fc.constantFrom("ansi", "snowflake", "bigquery", "postgres", "duckdb", "tsql", "mysql", "spark", "trino", "hive", "redshift", "databricks", "athena", "oracle" as const);
    fc.assert(
      fc.property(fc.array(fragments, { maxLength: 80 }), dialect, (parts, d) => expectWellFormed(analyzeSql({ sql: parts.join(""), dialect: d }))),
      { numRuns: 400 },
    );
  });

  it("on inputs that are not strings at all", () => {
    expectWellFormed(analyzeSql({ sql: undefined as unknown as string }));
    expectWellFormed(analyzeSql({ sql: 42 as unknown as string }));
  });

  it("returns partial results with a diagnostic when the time budget runs out", () => {
    const sql = Array.from({ length: 20_000 }, (_, i) => `select a${i} from t${i} join u${i} on t${i}.x = u${i}.y`).join(";\n");
    const result = analyzeSql({ sql, timeBudgetMs: 1 });
    expect(result.diagnostics.some((d) => d.code === "SQL_TIME_BUDGET")).toBe(true);
    expect(result.sources.length).toBeLessThan(40_000);
  });

  it("bounds pathological inputs: deep nesting, unterminated strings and Jinja", () => {
    for (const sql of ["(".repeat(2_000_000), "select " + "(".repeat(300_000) + "select 1" + ")".repeat(300_000), "select 'never closed " + "x".repeat(1_000_000), "{{ ".repeat(200_000), "{% if %}".repeat(50_000)]) {
      const result = analyzeSql({ sql, timeBudgetMs: 2000 });
      expectWellFormed(result);
    }
  });

  it("bounds SQL nested in SQL strings (EXECUTE IMMEDIATE inside bodies)", () => {
    let sql = "insert into t select * from s";
    for (let level = 0; level < 12; level++) sql = `execute immediate $l${level}$ ${sql} $l${level}$`;
    const result = analyzeSql({ sql, dialect: "snowflake" });
    expect(result.diagnostics.map((d) => d.code)).toContain("SQL_TOO_DEEP");
    expect(result.targets).toEqual([]);
  });

  it("says so when a select list cannot be read, instead of silently losing its FROM", () => {
    const result = analyzeSql({ sql: "select set(a) as x from t", dialect: "snowflake" });
    expect(result.diagnostics).toContainEqual(expect.objectContaining({ code: "SQL_UNPARSED", message: expect.stringContaining("select list at `set`"), line: 1, column: 8 }));
  });

  it("reports unparseable parts with a position and keeps the rest", () => {
    const result = analyzeSql({ sql: "select a from good;\nselect from from ((( ;\nselect b from also_good" });
    expect(result.sources.map((t) => t.name).sort()).toEqual(["also_good", "good"]);
    const unterminated = analyzeSql({ sql: "select a from t where x = 'oops" });
    expect(unterminated.diagnostics.find((d) => d.code === "SQL_UNTERMINATED")).toMatchObject({ line: 1, column: 27 });
  });

  it("positions Jinja problems in the original text", () => {
    const result = analyzeSql({ sql: "select 1\nfrom {{ ref(var('x')) }}" });
    expect(result.jinja.unresolved).toEqual([{ expression: "ref(var('x'))", line: 2, column: 9 }]);
  });
});
