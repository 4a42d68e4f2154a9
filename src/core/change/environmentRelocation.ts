/**
 * A pull-request build writes every model into its own target (`dev`, `pr_123`, `dbt_alice`)
 * while production reads `prod`. That is where the build ran, not a change of the project, so
 * it must not surface as hundreds of RELATION_RENAMED changes, and the fingerprints of the
 * real changes must come out the same as when main builds into `prod`.
 *
 * Heuristic: when more than half of the assets the project builds (models, seeds, snapshots)
 * that exist in both snapshots changed their schema (or database), the most common
 * `from → to` pair is the build target switch. dbt's default `generate_schema_name` derives
 * custom schemas as `<target>_<custom>`, so the switch also maps `prod_staging` ↔ `dev_staging`.
 * The posted snapshot's locations are translated back into the current environment before
 * comparing; an asset that still differs was really moved.
 */
import type { CatalogSnapshot, SnapshotAsset } from "../manifest/snapshot.js";
import { isBuiltByProject, relationOf, type RelationLocation } from "./relation.js";

export interface NameSwitch {
  from: string;
  to: string;
}

export interface EnvironmentRelocation {
  database: NameSwitch | null;
  schema: NameSwitch | null;
}

export const NO_RELOCATION: EnvironmentRelocation = { database: null, schema: null };

export function detectEnvironmentRelocation(
  current: CatalogSnapshot,
  next: CatalogSnapshot,
): EnvironmentRelocation {
  const currentById = new Map(current.assets.map((a) => [a.uniqueId, a]));
  const pairs: Array<[SnapshotAsset, SnapshotAsset]> = [];
  for (const asset of next.assets) {
    const before = currentById.get(asset.uniqueId);
    if (before !== undefined && isBuiltByProject(asset) && isBuiltByProject(before)) pairs.push([before, asset]);
  }
  return {
    database: dominantSwitch(pairs.map(([b, a]) => [b.database, a.database])),
    schema: dominantSwitch(pairs.map(([b, a]) => [b.schema, a.schema])),
  };
}

function dominantSwitch(values: Array<[string | null, string | null]>): NameSwitch | null {
  const counts = new Map<string, { from: string; to: string; count: number }>();
  let moved = 0;
  for (const [from, to] of values) {
    if (from === null || to === null || from.toLowerCase() === to.toLowerCase()) continue;
    moved += 1;
    const key = JSON.stringify([from.toLowerCase(), to.toLowerCase()]);
    const entry = counts.get(key) ?? { from, to, count: 0 };
    entry.count += 1;
    counts.set(key, entry);
  }
  if (moved * 2 <= values.length) return null;
  let best: { from: string; to: string; count: number } | null = null;
  for (const entry of counts.values()) if (best === null || entry.count > best.count) best = entry;
  return best === null ? null : { from: best.from, to: best.to };
}

/** The posted asset's location as it will be once built in the current environment. */
export function locationInCurrentEnvironment(
  asset: SnapshotAsset,
  relocation: EnvironmentRelocation,
): RelationLocation {
  const location = relationOf(asset);
  if (!isBuiltByProject(asset)) return location;
  return {
    database: switchBack(location.database, relocation.database),
    schema: switchBack(location.schema, relocation.schema),
    identifier: location.identifier,
  };
}

function switchBack(name: string | null, nameSwitch: NameSwitch | null): string | null {
  if (name === null || nameSwitch === null) return name;
  const lower = name.toLowerCase();
  const to = nameSwitch.to.toLowerCase();
  if (lower === to) return nameSwitch.from;
  if (lower.startsWith(`${to}_`)) return nameSwitch.from + name.slice(to.length);
  return name;
}
