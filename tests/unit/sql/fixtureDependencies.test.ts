import { describe, expect, it } from "vitest";
import { analyzeSql, parseDialect } from "../../../src/core/sql/index.js";
import { loadFixtureModels, relationKey, writesRef, writesSource } from "./fixtureModels.js";

const models = loadFixtureModels();

/**
 * `int_jira__issue_calendar_spine` reads `source('jira', 'issue')` in a `run_query` under
 * `{% if execute %}`; dbt parses with execute=false and so never records it. It is a real
 * dependency at run time, so the SQL analysis is right to report it.
 */
const DEPENDENCIES_DBT_DOES_NOT_RECORD = new Set(["fivetran_jira_v4_bigquery:model.jira.int_jira__issue_calendar_spine source jira.issue"]);

describe("dependencies of the fixtures' models, from their raw SQL", () => {
  const rows = models.map((model) => ({ model, analysis: analyzeSql({ sql: model.raw, dialect: parseDialect(model.dialect) }) }));

  it("covers the fixture projects", () => {
    expect(models.length).toBeGreaterThan(220);
  });

  it("recovers at least 99% of the refs and sources written in the SQL", () => {
    let written = 0;
    let found = 0;
    const missed: string[] = [];
    for (const { model, analysis } of rows) {
      for (const ref of model.refs) {
        if (!writesRef(model.raw, ref.name)) continue;
        written++;
        if (analysis.jinja.refs.some((r) => r.name === ref.name)) found++;
        else missed.push(`${model.uniqueId} ref ${ref.name}`);
      }
      for (const source of model.sources) {
        if (!writesSource(model.raw, source.source, source.table)) continue;
        written++;
        if (analysis.jinja.sources.some((s) => s.source === source.source && s.table === source.table)) found++;
        else missed.push(`${model.uniqueId} source ${source.source}.${source.table}`);
      }
    }
    expect(written).toBeGreaterThan(280);
    expect(missed).toEqual([]);
    expect(found / written).toBeGreaterThanOrEqual(0.99);
  });

  it("reports no dependency dbt does not know, except the one it cannot see", () => {
    const extra: string[] = [];
    for (const { model, analysis } of rows) {
      for (const ref of analysis.jinja.refs) if (!model.refs.some((r) => r.name === ref.name)) extra.push(`${model.uniqueId} ref ${ref.name}`);
      for (const s of analysis.jinja.sources) {
        if (!model.sources.some((m) => m.source === s.source && m.table === s.table)) extra.push(`${model.uniqueId} source ${s.source}.${s.table}`);
      }
    }
    expect(extra.filter((e) => !DEPENDENCIES_DBT_DOES_NOT_RECORD.has(e))).toEqual([]);
  });

  it("reports no plain table in raw dbt SQL (CTEs and aliases are never tables)", () => {
    const plain = rows.flatMap(({ model, analysis }) => analysis.sources.filter((t) => !t.ref && !t.source).map((t) => `${model.uniqueId} ${t.name}`));
    expect(plain).toEqual([]);
  });

  it("maps every table from a ref or source back to its call", () => {
    for (const { analysis } of rows) {
      for (const table of analysis.sources) expect(table.ref ?? table.source).toBeDefined();
    }
  });
});

describe("tables of the fixtures' compiled SQL against dbt's depends_on relations", () => {
  it("finds at least 97% of upstream relations and no false table", () => {
    let expected = 0;
    let found = 0;
    const falseTables: string[] = [];
    for (const model of models) {
      const analysis = analyzeSql({ sql: model.compiled, dialect: parseDialect(model.dialect) });
      const tables = analysis.sources.map((t) => relationKey(t.name));
      const matches = (relation: string, table: string): boolean => relation === table || relation.endsWith(`.${table}`);
      for (const relation of new Set(model.upstreamRelations)) {
        expected++;
        if (tables.some((t) => matches(relation, t)) || analysis.paths.some((p) => relation.includes(p.toLowerCase()))) found++;
      }
      for (const table of tables) {
        if (table !== model.relation && !model.upstreamRelations.some((r) => matches(r, table))) falseTables.push(`${model.uniqueId} ${table}`);
      }
    }
    expect(falseTables).toEqual([]);
    // The one miss: hubspot__contact_lists depends on hubspot__email_sends through a macro only.
    expect(found / expected).toBeGreaterThanOrEqual(0.99);
  });
});
