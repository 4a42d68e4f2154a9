import { afterAll, describe, expect, it } from "vitest";
import { analyzeSql, type SqlAnalysis } from "../../../src/core/sql/index.js";
import { CORPUS, type CorpusCase } from "./corpus/cases.js";
import { COLUMN_DETAIL_CASES } from "./corpus/columnDetails.js";

const sortedLower = (values: string[]): string[] => values.map((v) => v.toLowerCase()).sort();
const sameList = (actual: string[], expected: string[]): boolean => JSON.stringify(sortedLower(actual)) === JSON.stringify(sortedLower(expected));
const edgesOf = (analysis: SqlAnalysis, target: string): string[] | undefined =>
  analysis.columnLineage.find((l) => l.target === target)?.sources.map((s) => `${s.table}.${s.column}:${s.transform}`);
const outputsOf = (analysis: SqlAnalysis): string[] => analysis.columnLineage.map((l) => l.target);

function tablesMatch(c: CorpusCase, analysis: SqlAnalysis): boolean {
  return (
    sameList(analysis.sources.map((t) => t.name), c.sources) &&
    sameList(analysis.targets.map((t) => t.name), c.targets ?? []) &&
    (c.intermediates === undefined || sameList(analysis.intermediates.map((t) => t.name), c.intermediates))
  );
}

function columnsMatch(c: CorpusCase, analysis: SqlAnalysis): boolean {
  const edgesMatch = Object.entries(c.columns ?? {}).every(([target, edges]) => {
    const actual = edgesOf(analysis, target);
    return actual !== undefined && sameList(actual, edges);
  });
  return edgesMatch && (c.outputs === undefined || JSON.stringify(outputsOf(analysis)) === JSON.stringify(c.outputs));
}

/** Everything the case expects, exactly: the answer is right. */
function answerMatches(c: CorpusCase, analysis: SqlAnalysis): boolean {
  return (
    tablesMatch(c, analysis) &&
    columnsMatch(c, analysis) &&
    (c.paths === undefined || JSON.stringify(analysis.paths) === JSON.stringify(c.paths)) &&
    (c.refs === undefined || JSON.stringify(analysis.jinja.refs.map((r) => r.name).sort()) === JSON.stringify([...c.refs].sort())) &&
    (c.unresolved === undefined || analysis.jinja.unresolved.length === c.unresolved) &&
    (c.diagnostic === undefined || analysis.diagnostics.some((d) => d.code === c.diagnostic))
  );
}

const hasWarning = (analysis: SqlAnalysis): boolean => analysis.diagnostics.some((d) => d.severity === "warning" || d.severity === "error");
const analyze = (c: CorpusCase): SqlAnalysis => analyzeSql({ sql: c.sql, ...(c.dialect ? { dialect: c.dialect } : {}), ...(c.schema ? { schema: c.schema } : {}) });

type Scores = Map<string, { cases: number; tables: number; columnCases: number; columns: number }>;
const COLUMN_DETAILS = new Set(COLUMN_DETAIL_CASES);
/** Per dialect: cases whose tables (and, where given, column edges and outputs) match exactly; all cases, and each group of family cases alone. */
const allScores: Scores = new Map();
const familyScores: Scores = new Map();
const columnDetailScores: Scores = new Map();
function record(c: CorpusCase, analysis: SqlAnalysis): void {
  score(allScores, c, analysis);
  if (COLUMN_DETAILS.has(c)) score(columnDetailScores, c, analysis);
  else if (c.family) score(familyScores, c, analysis);
}
function score(scores: Scores, c: CorpusCase, analysis: SqlAnalysis): void {
  const key = c.dialect ?? "ansi";
  const score = scores.get(key) ?? { cases: 0, tables: 0, columnCases: 0, columns: 0 };
  score.cases++;
  if (tablesMatch(c, analysis)) score.tables++;
  if (c.columns || c.outputs) {
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
    console.log(
      `Corpus exact match per dialect, all cases\n${table(allScores)}\nFamily cases (families.ts) alone\n${table(familyScores)}\nColumn details and no silent miss (columnDetails.ts) alone\n${table(columnDetailScores)}`,
    );
  });

  it("has hundreds of cases", () => {
    expect(CORPUS.length).toBeGreaterThan(300);
  });

  it("misses nothing silently: every case whose answer differs from its expectation carries a warning", () => {
    const silent = CORPUS.map((c) => ({ c, analysis: analyze(c) }))
      .filter(({ c, analysis }) => !answerMatches(c, analysis) && !hasWarning(analysis))
      .map(({ c }) => `${c.name} [${c.dialect ?? "ansi"}]`);
    expect(silent).toEqual([]);
  });

  for (const c of CORPUS) {
    const name = c.family ? `${c.family}: ${c.name} [${c.dialect ?? "ansi"}]` : c.name;
    it(name, () => {
      const analysis = analyze(c);
      record(c, analysis);
      if (c.knownMiss) {
        // A known limitation: the answer still differs (else drop the flag) and says so.
        expect(answerMatches(c, analysis), `fixed: drop knownMiss (${c.knownMiss})`).toBe(false);
        expect(hasWarning(analysis), `known miss without a warning: ${c.knownMiss}`).toBe(true);
        return;
      }
      expect(sortedLower(analysis.sources.map((t) => t.name))).toEqual(sortedLower(c.sources));
      expect(sortedLower(analysis.targets.map((t) => t.name))).toEqual(sortedLower(c.targets ?? []));
      if (c.intermediates) expect(sortedLower(analysis.intermediates.map((t) => t.name))).toEqual(sortedLower(c.intermediates));
      if (c.paths) expect(analysis.paths).toEqual(c.paths);
      if (c.refs) expect(analysis.jinja.refs.map((r) => r.name).sort()).toEqual([...c.refs].sort());
      if (c.unresolved !== undefined) expect(analysis.jinja.unresolved).toHaveLength(c.unresolved);
      if (c.diagnostic) expect(analysis.diagnostics.map((d) => d.code)).toContain(c.diagnostic);
      if (c.outputs) expect(outputsOf(analysis)).toEqual(c.outputs);
      for (const [target, edges] of Object.entries(c.columns ?? {})) {
        const actual = edgesOf(analysis, target);
        expect(actual, `output column ${target}`).toBeDefined();
        expect(sortedLower(actual!)).toEqual(sortedLower(edges));
      }
    });
  }
});
