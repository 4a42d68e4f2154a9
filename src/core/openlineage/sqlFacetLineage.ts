/**
 * Column lineage read from a job's `sql` facet by our SQL engine, for a job whose output has no
 * `columnLineage` facet (its producer declared none): the tables the query reads are the job's
 * inputs (resolved as in facets.ts: a name without its database prefix is the input it ends),
 * the columns it writes are its output's. Everything found so is inferred, never declared.
 */
import { analyzeSql, parseDialect } from "../sql/index.js";
import type { NameRow } from "./eventRows.js";
import { resolveTableName, type DeclaredColumnLineage } from "./facets.js";

export interface SqlFacetLineage extends DeclaredColumnLineage {
  output: NameRow;
}

/**
 * `dialect`: the facet's own, else the output's warehouse (`postgres`, …). Null when the query
 * names no output among the job's (an INSERT's target, else the job's single output).
 */
export function sqlFacetLineage(
  query: string,
  dialect: string | null,
  job: { inputs: readonly NameRow[]; outputs: readonly NameRow[] },
): SqlFacetLineage | null {
  const analysis = analyzeSql({ sql: query, dialect: parseDialect(dialect) });
  const target = analysis.targets[0];
  const output = target ? resolveTableName(target.name, job.outputs) : job.outputs.length === 1 ? job.outputs[0]! : null;
  if (!output) return null;
  const inputOf = (table: string, field: string) => {
    const input = resolveTableName(table, job.inputs);
    return input ? { namespace: input.namespace, name: input.name, field } : null;
  };
  const rowKey = (table: string, column: string, transform: string) => JSON.stringify([table, column, transform]);
  const rowSources = new Set(analysis.rowLineage.map((s) => rowKey(s.table, s.column, s.transform)));
  const edges = analysis.columnLineage.flatMap((lineage) =>
    lineage.sources.flatMap((source) => {
      if (rowSources.has(rowKey(source.table, source.column, source.transform))) return [];
      const from = inputOf(source.table, source.column);
      return from ? [{ from, to: lineage.target, transform: source.transform, masking: false }] : [];
    }),
  );
  const rows = analysis.rowLineage.flatMap((source) => {
    const from = inputOf(source.table, source.column);
    return from ? [{ from, transform: source.transform, masking: false }] : [];
  });
  return { output, edges, rows };
}
