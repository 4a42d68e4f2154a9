import { describe, expect, it } from "vitest";
import { analyzeSql } from "../../../src/core/sql/index.js";
import { CORPUS } from "./corpus/cases.js";

const sortedLower = (values: string[]): string[] => values.map((v) => v.toLowerCase()).sort();

describe(`SQL corpus (${CORPUS.length} cases)`, () => {
  it("has hundreds of cases", () => {
    expect(CORPUS.length).toBeGreaterThan(300);
  });

  for (const c of CORPUS) {
    it(c.name, () => {
      const analysis = analyzeSql({ sql: c.sql, ...(c.dialect ? { dialect: c.dialect } : {}), ...(c.schema ? { schema: c.schema } : {}) });
      expect(sortedLower(analysis.sources.map((t) => t.name))).toEqual(sortedLower(c.sources));
      expect(sortedLower(analysis.targets.map((t) => t.name))).toEqual(sortedLower(c.targets ?? []));
      if (c.intermediates) expect(sortedLower(analysis.intermediates.map((t) => t.name))).toEqual(sortedLower(c.intermediates));
      if (c.paths) expect(analysis.paths).toEqual(c.paths);
      if (c.refs) expect(analysis.jinja.refs.map((r) => r.name).sort()).toEqual([...c.refs].sort());
      if (c.unresolved !== undefined) expect(analysis.jinja.unresolved).toHaveLength(c.unresolved);
      for (const [target, edges] of Object.entries(c.columns ?? {})) {
        const column = analysis.columnLineage.find((l) => l.target === target);
        expect(column, `output column ${target}`).toBeDefined();
        expect(sortedLower(column!.sources.map((s) => `${s.table}.${s.column}:${s.transform}`))).toEqual(sortedLower(edges));
      }
    });
  }
});
