/**
 * Reads the relation a generic test is about from its `kwargs.model`, e.g.
 * `{{ get_where_subquery(ref('orders')) }}`, `ref('pkg', 'orders')`, `ref('orders', v=2)` or
 * `source('jira', 'issue')`. Only needed before v9, when tests had no `attached_node`.
 */
export type RelationCall =
  | { kind: "ref"; name: string; version: string | null; package: string | null }
  | { kind: "source"; sourceName: string; table: string };

const REF = /\bref\(\s*(['"])([^'"]+)\1\s*(?:,\s*(['"])([^'"]+)\3\s*)?(?:,\s*v(?:ersion)?\s*=\s*['"]?([^'")\s]+)['"]?\s*)?\)/;
const SOURCE = /\bsource\(\s*(['"])([^'"]+)\1\s*,\s*(['"])([^'"]+)\3\s*\)/;

export function parseRelationCall(text: string): RelationCall | null {
  const source = SOURCE.exec(text);
  if (source !== null) return { kind: "source", sourceName: source[2] ?? "", table: source[4] ?? "" };
  const ref = REF.exec(text);
  if (ref === null) return null;
  // With two quoted arguments the first is the package and the second the model.
  const name = ref[4] ?? ref[2] ?? "";
  return { kind: "ref", name, version: ref[5] ?? null, package: ref[4] === undefined ? null : (ref[2] ?? null) };
}
