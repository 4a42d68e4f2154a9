/** Where an asset lives in the warehouse: the three parts a consumer's query names. */
import type { AssetKind, SnapshotAsset } from "../manifest/snapshot.js";

export interface RelationLocation {
  database: string | null;
  schema: string | null;
  identifier: string | null;
}

/** Kinds the project itself builds into the target database and schema of the current run. */
const BUILT_KINDS: ReadonlySet<AssetKind> = new Set<AssetKind>(["MODEL", "SEED", "SNAPSHOT"]);

export function isBuiltByProject(asset: SnapshotAsset): boolean {
  return BUILT_KINDS.has(asset.kind);
}

export function relationOf(asset: SnapshotAsset): RelationLocation {
  return { database: asset.database, schema: asset.schema, identifier: identifierOf(asset.relationName) };
}

/** Ephemeral models and exposures have no relation at all. */
export function hasRelation(asset: SnapshotAsset): boolean {
  return asset.relationName !== null && asset.relationName.trim() !== "";
}

/**
 * The last dotted part of `"db"."schema"."table"` (any quoting style). Quoted parts may contain
 * dots, so the split respects quotes.
 */
function identifierOf(relationName: string | null): string | null {
  if (relationName === null) return null;
  const parts: string[] = [];
  let current = "";
  let quote: string | null = null;
  for (const char of relationName.trim()) {
    if (quote !== null) {
      if (char === quote) quote = null;
      else current += char;
    } else if (char === '"' || char === "`" || char === "[") {
      quote = char === "[" ? "]" : char;
    } else if (char === ".") {
      parts.push(current);
      current = "";
    } else {
      current += char;
    }
  }
  parts.push(current);
  const last = parts[parts.length - 1] ?? "";
  return last === "" ? null : last;
}

export function formatRelation(location: RelationLocation): string {
  return [location.database, location.schema, location.identifier].filter((p) => p !== null).join(".");
}

export function sameRelation(a: RelationLocation, b: RelationLocation): boolean {
  return (
    sameName(a.database, b.database) && sameName(a.schema, b.schema) && sameName(a.identifier, b.identifier)
  );
}

/** Warehouses differ in case folding; a change of letter case alone renames nothing a query sees. */
function sameName(a: string | null, b: string | null): boolean {
  return (a ?? "").toLowerCase() === (b ?? "").toLowerCase();
}
