/** Building blocks shared by every format's normalization. */
import type { AssetKind, SnapshotAsset } from "./snapshot.js";

/** An asset with every optional field empty, for a format's normalizer to fill in. */
export function blankAsset(uniqueId: string, name: string, kind: AssetKind): SnapshotAsset {
  return {
    uniqueId,
    name,
    kind,
    layer: null,
    packageName: null,
    database: null,
    schema: null,
    relationName: null,
    materialization: null,
    description: null,
    rawSql: null,
    compiledSql: null,
    language: null,
    filePath: null,
    checksum: null,
    tags: [],
    meta: {},
    contractEnforced: false,
    access: null,
    version: null,
    latestVersion: null,
    groupName: null,
    subtype: null,
    url: null,
    owners: [],
    columns: [],
  };
}

/** Empty and whitespace-only text means "not given": `""` and null must not diff as a change. */
export function textOrNull(value: string | null | undefined): string | null {
  return value === null || value === undefined || value.trim() === "" ? null : value;
}

/** Tags are a set: deduplicated and sorted so that reordering them is not a change. */
export function tagSet(...lists: (string | readonly string[] | null | undefined)[]): string[] {
  // Most resources and nearly all columns have no tags: skip building a set for them.
  if (lists.every((list) => !list || list.length === 0)) return [];
  const tags = new Set<string>();
  for (const list of lists) {
    if (typeof list === "string") tags.add(list);
    else if (list) for (const tag of list) tags.add(tag);
  }
  return [...tags].sort();
}

export function uniqueInOrder<T>(items: readonly T[]): T[] {
  return items.length < 2 ? [...items] : [...new Set(items)];
}
