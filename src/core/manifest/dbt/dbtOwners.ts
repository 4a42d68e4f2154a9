/**
 * dbt has no single owner field. Owners come from `meta.owner` / `config.meta.owner` (a convention,
 * `owners` accepted too), a source's `source_meta`, the owner of the resource's group (v9+), and an
 * exposure's `owner`. catalog.json's `metadata.owner` is a database role and is never read here.
 */
import { mergeOwners, ownersFromValue } from "../owners.js";
import type { SnapshotOwner } from "../snapshot.js";
import type { DbtGroup } from "./manifestSchema.js";

type Meta = Record<string, unknown> | null | undefined;

export interface OwnerSources {
  metas: Meta[];
  groupName: string | null;
  /** An exposure's own `owner`. */
  declared?: unknown;
}

export function ownersOf(sources: OwnerSources, groupsByName: ReadonlyMap<string, DbtGroup>): SnapshotOwner[] {
  const found: SnapshotOwner[] = [];
  if (sources.declared !== undefined) found.push(...ownersFromValue(sources.declared));
  for (const meta of sources.metas) {
    if (!meta) continue;
    found.push(...ownersFromValue(meta.owner), ...ownersFromValue(meta.owners));
  }
  const group = sources.groupName === null ? undefined : groupsByName.get(sources.groupName);
  if (group?.owner) found.push(...ownersFromValue(group.owner));
  return mergeOwners(found);
}
