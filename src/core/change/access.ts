/**
 * dbt model access, from narrowest to widest. A model without `access` is `protected`, dbt's
 * default; narrowing means refs from other projects or groups that used to work now fail.
 */
const ACCESS_RANK: ReadonlyMap<string, number> = new Map([
  ["private", 0],
  ["protected", 1],
  ["public", 2],
]);

export const DEFAULT_ACCESS = "protected";

export function effectiveAccess(access: string | null): string {
  const normalized = (access ?? "").trim().toLowerCase();
  return ACCESS_RANK.has(normalized) ? normalized : DEFAULT_ACCESS;
}

/** Negative when `after` is narrower than `before`, positive when wider, 0 when equal. */
export function compareAccess(before: string | null, after: string | null): number {
  return (ACCESS_RANK.get(effectiveAccess(after)) ?? 1) - (ACCESS_RANK.get(effectiveAccess(before)) ?? 1);
}
