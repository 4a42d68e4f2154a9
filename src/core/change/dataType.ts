/**
 * Warehouse type names compared by meaning where spellings are synonyms (`int4` and `integer`,
 * `character varying` and `varchar`). Length and precision stay significant: `varchar(50)` after
 * `varchar(100)` truncates data.
 */
const SYNONYMS: ReadonlyMap<string, string> = new Map([
  ["int", "integer"],
  ["int4", "integer"],
  ["int8", "bigint"],
  ["int2", "smallint"],
  ["float8", "double"],
  ["double precision", "double"],
  ["float4", "real"],
  ["bool", "boolean"],
  ["character varying", "varchar"],
  ["character", "char"],
  ["timestamp without time zone", "timestamp"],
  ["timestamp with time zone", "timestamptz"],
  ["decimal", "numeric"],
]);

export function normalizeDataType(dataType: string): string {
  const compact = dataType.trim().toLowerCase().replace(/\s+/g, " ").replace(/\s*([(),])\s*/g, "$1");
  const match = /^([a-z0-9_ ]+?)(\(.*\))?$/.exec(compact);
  if (match === null) return compact;
  const base = match[1] ?? compact;
  return (SYNONYMS.get(base) ?? base) + (match[2] ?? "");
}

/** Unknown on either side (no catalog.json in one of the posts) is not evidence of a change. */
export function dataTypeChanged(before: string | null, after: string | null): boolean {
  if (before === null || after === null || before.trim() === "" || after.trim() === "") return false;
  return normalizeDataType(before) !== normalizeDataType(after);
}

export function sameKnownDataType(a: string | null, b: string | null): boolean {
  if (a === null || b === null || a.trim() === "" || b.trim() === "") return false;
  return normalizeDataType(a) === normalizeDataType(b);
}
