/**
 * Unique ids of native manifest assets follow dbt's shapes (`model.<project>.<name>`,
 * `source.<project>.<source>.<table>`), so lineage, search and diffs treat both formats alike.
 */
import { parseRelationCall } from "../relationCall.js";

export const modelId = (project: string, name: string): string => `model.${project}.${name}`;
export const sourceId = (project: string, source: string, table: string): string =>
  `source.${project}.${source}.${table}`;
export const exposureId = (project: string, name: string): string => `exposure.${project}.${name}`;

/**
 * `stg_orders` → a model; `raw.orders` → table `orders` of source `raw`; `ref('x')`,
 * `ref('other_project', 'x')` (a model of that project) and
 * `source('a', 'b')` as in dbt; three or more dotted parts → taken as a unique id already.
 */
export function resolveReference(reference: string, project: string): string {
  const call = parseRelationCall(reference);
  if (call !== null) {
    return call.kind === "ref" ? modelId(call.package ?? project, call.name) : sourceId(project, call.sourceName, call.table);
  }
  const parts = reference.trim().split(".");
  if (parts.length === 2) return sourceId(project, parts[0] ?? "", parts[1] ?? "");
  if (parts.length >= 3) return reference.trim();
  return modelId(project, reference.trim());
}
