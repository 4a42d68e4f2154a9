/**
 * dbt names every artifact's schema by URL, e.g. `https://schemas.getdbt.com/dbt/manifest/v12.json`;
 * the artifact kind and version are its last two path elements.
 */
export const SUPPORTED_MANIFEST_VERSIONS = { min: 4, max: 12 } as const;

export interface DbtSchemaId {
  artifact: string;
  version: number;
}

const SCHEMA_URL = /\/([a-z-]+)\/v(\d+)\.json$/i;

export function parseDbtSchemaId(url: string): DbtSchemaId | null {
  const match = SCHEMA_URL.exec(url.trim());
  if (match === null) return null;
  return { artifact: (match[1] ?? "").toLowerCase(), version: Number(match[2]) };
}

export function isSupportedManifestVersion(version: number): boolean {
  return version >= SUPPORTED_MANIFEST_VERSIONS.min && version <= SUPPORTED_MANIFEST_VERSIONS.max;
}
