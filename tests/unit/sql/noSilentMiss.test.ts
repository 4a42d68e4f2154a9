import { describe, expect, it } from "vitest";
import { analyzeSql } from "../../../src/core/sql/index.js";

describe("warnings name the statement, the clause and why", () => {
  it("numbers statements of a script, not the depends_on comments of compiled dbt SQL", () => {
    const { diagnostics } = analyzeSql({ sql: '-- depends_on: "db"."s"."a"\nselect 1 from a;\nselect note from a join b on a.id = b.id', dialect: "postgres" });
    expect(diagnostics).toContainEqual(
      expect.objectContaining({ code: "SQL_AMBIGUOUS_COLUMN", severity: "warning", message: expect.stringMatching(/^Statement 2: Column note .* a, b/), line: 3, column: 8 }),
    );
  });

  it("says which part of a SELECT was skipped, and still reads its FROM", () => {
    const analysis = analyzeSql({ sql: "select a, b c d from t" });
    expect(analysis.sources.map((t) => t.name)).toEqual(["t"]);
    expect(analysis.diagnostics).toContainEqual(expect.objectContaining({ code: "SQL_UNPARSED", message: expect.stringContaining("Statement 1: SELECT: skipped `d`") }));
  });

  it("names a statement kind that is not modelled", () => {
    const { diagnostics } = analyzeSql({ sql: "create rule r as on insert to t do also insert into log select a from t", dialect: "postgres" });
    expect(diagnostics).toContainEqual(expect.objectContaining({ code: "SQL_UNSUPPORTED_STATEMENT", message: expect.stringContaining("Statement 1: CREATE RULE statements are not modelled") }));
  });

  it("gives set operation branches of different widths a position", () => {
    const { diagnostics } = analyzeSql({ sql: "select a, b from t1\nunion all\nselect a from t2" });
    expect(diagnostics).toContainEqual(expect.objectContaining({ code: "SQL_SET_COLUMN_MISMATCH", line: 3, column: 1 }));
  });
});
