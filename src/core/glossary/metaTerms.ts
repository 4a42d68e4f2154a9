/**
 * Glossary terms a manifest links to an asset or a column, from its `meta`:
 *
 * - `meta.tributary.terms`: a term's name, synonym or abbreviation, or a list of them (Tributary's key);
 * - `meta.openmetadata.glossary`: OpenMetadata's dbt key, a list of fully qualified names
 *   (`Glossary.Term`); the last part is read as the term's name, so projects tagged for
 *   OpenMetadata link here unchanged.
 *
 * Anything else under those keys is ignored: `meta` is free-form and never rejects a post.
 */
const MAX_TERMS_PER_META = 50;

export function termsFromMeta(meta: unknown): string[] {
  if (!isRecord(meta)) return [];
  const names: string[] = [];
  const tributary = meta.tributary;
  if (isRecord(tributary)) names.push(...strings(tributary.terms));
  const openmetadata = meta.openmetadata;
  if (isRecord(openmetadata)) names.push(...strings(openmetadata.glossary).map((fqn) => fqn.split(".").at(-1)!));
  return [...new Set(names.map((name) => name.trim()).filter((name) => name !== ""))].slice(0, MAX_TERMS_PER_META);
}

function strings(value: unknown): string[] {
  if (typeof value === "string") return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
