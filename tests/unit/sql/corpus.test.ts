import { afterAll, describe, expect, it } from "vitest";
import { analyzeSql, type SqlAnalysis } from "../../../src/core/sql/index.js";
import { CORPUS, type CorpusCase } from "./corpus/cases.js";

const sortedLower = (values: string[]): string[] => values.map((v) => v.toLowerCase()).sort();
const sameList = (actual: string[], expected: string[]): boolean => JSON.stringify(sortedLower(actual)) === JSON.stringify(sortedLower(expected));

function tablesMatch(c: CorpusCase, analysis: SqlAnalysis): boolean {
  return (
    sameList(analysis.sources.map((t) => t.name), c.sources) &&
    sameList(analysis.targets.map((t) => t.name), c.targets ?? []) &&
    (c.intermediates === undefined || sameList(analysis.intermediates.map((t) => t.name), c.intermediates))
  );
}

function columnsMatch(c: CorpusCase, analysis: SqlAnalysis): boolean {
  return Object.entries(c.columns ?? {}).every(([target, edges]) => {
    const column = analysis.columnLineage.find((l) => l.target === target);
    return column !== undefined && sameList(column.sources.map((s) => `${s.table}.${s.column}:${s.transform}`), edges);
  });
}

type Scores = Map<string, { cases: number; tables: number; columnCases: number; columns: number }>;
/** Per dialect: cases whose tables (and, where given, column edges) match exactly; all cases, and the family cases alone. */
const allScores: Scores = new Map();
const familyScores: Scores = new Map();
function record(c: CorpusCase, analysis: SqlAnalysis): void {
  score(allScores, c, analysis);
  if (c.family) score(familyScores, c, analysis);
}
function score(scores: Scores, c: CorpusCase, analysis: SqlAnalysis): void {
  const key = c.dialect ?? "ansi";
  const score = scores.get(key) ?? { cases: 0, tables: 0, columnCases: 0, columns: 0 };
  score.cases++;
  if (tablesMatch(c, analysis)) score.tables++;
  if (c.columns) {
    score.columnCases++;
    if (columnsMatch(c, analysis)) score.columns++;
  }
  scores.set(key, score);
}

const percent = (n: number, of: number): string => (of === 0 ? "-" : `${((100 * n) / of).toFixed(0)}% (${n}/${of})`);

describe(`SQL corpus (${CORPUS.length} cases)`, () => {
  afterAll(() => {
    const table = (scores: Scores): string =>
      [...scores]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([dialect, s]) => `${dialect.padEnd(11)} tables ${percent(s.tables, s.cases).padEnd(16)} columns ${percent(s.columns, s.columnCases)}`)
        .join("\n");
    console.log(`Corpus exact match per dialect, all cases\n${table(allScores)}\nFamily cases (families.ts) alone\n${table(familyScores)}`);
  });

  it("has hundreds of cases", () => {
    expect(CORPUS.length).toBeGreaterThan(300);
  });

  for (const c of CORPUS) {
    const name = c.family ? `${c.family}: ${c.name} [${c.dialect ?? "ansi"}]` : c.name;
    it(name, () => {
      const analysis = analyzeSql({ sql: c.sql, ...(c.dialect ? { dialect: c.dialect } : {}), ...(c.schema ? { schema: c.schema } : {}) });
      record(c, analysis);
      expect(sortedLower(analysis.sources.map((t) => t.name))).toEqual(sortedLower(c.sources));
      expect(sortedLower(analysis.targets.map((t) => t.name))).toEqual(sortedLower(c.targets ?? []));
      if (c.intermediates) expect(sortedLower(analysis.intermediates.map((t) => t.name))).toEqual(sortedLower(c.intermediates));
      if (c.paths) expect(analysis.paths).toEqual(c.paths);
      if (c.refs) expect(analysis.jinja.refs.map((r) => r.name).sort()).toEqual([...c.refs].sort());
      if (c.unresolved !== undefined) expect(analysis.jinja.unresolved).toHaveLength(c.unresolved);
      if (c.diagnostic) expect(analysis.diagnostics.map((d) => d.code)).toContain(c.diagnostic);
      for (const [target, edges] of Object.entries(c.columns ?? {})) {
        const column = analysis.columnLineage.find((l) => l.target === target);
        expect(column, `output column ${target}`).toBeDefined();
        expect(sortedLower(column!.sources.map((s) => `${s.table}.${s.column}:${s.transform}`))).toEqual(sortedLower(edges));
      }
    });
  }
});
