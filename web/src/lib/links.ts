/** The app's URLs, in one place (the server's links into the app follow the same shapes). */

/** The project holding every OpenLineage job and dataset (core/openlineage/catalogNames.ts). */
export const OPENLINEAGE_PROJECT = "@openlineage";

export const assetPath = (uniqueId: string, project?: string) =>
  `/assets/${encodeURIComponent(uniqueId)}${project ? `?project=${encodeURIComponent(project)}` : ""}`;

export function lineagePath(uniqueId: string, options: { project?: string; direction?: string; depth?: number | "all"; column?: string; impact?: string } = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(options)) if (value !== undefined && value !== "") params.set(key, String(value));
  const query = params.toString();
  return `/assets/${encodeURIComponent(uniqueId)}/lineage${query ? `?${query}` : ""}`;
}

export const glossaryPath = (name: string) => `/glossary/${encodeURIComponent(name)}`;
/** The definition conflicts page, showing one concept when given. */
export const conflictsPath = (concept?: string) => `/conflicts${concept ? `?concept=${encodeURIComponent(concept)}` : ""}`;
export const projectPath = (name: string) => `/projects/${encodeURIComponent(name)}`;

export const changeRequestPath = (id: string) => `/change-requests/${encodeURIComponent(id)}`;

/** The query string `search` with `key` set to `value`, or without `key` when `value` is empty. */
export function withParam(search: string, key: string, value: string): URLSearchParams {
  const next = new URLSearchParams(search);
  if (value) next.set(key, value);
  else next.delete(key);
  return next;
}
