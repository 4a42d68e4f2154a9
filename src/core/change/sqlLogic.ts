/**
 * Whether an asset's SQL changed in substance. The written SQL (`raw_code`) is compared, not
 * the compiled one: compiled SQL names the build's target schema, so a pull-request build
 * would always look different from production. Compiled SQL is the fallback only when a side
 * has no written SQL. Whitespace, comments and keyword case are not changes (normalizeSql).
 */
import { createHash } from "node:crypto";
import type { SnapshotAsset } from "../manifest/snapshot.js";
import { normalizeSql } from "../sql/normalize.js";

export interface SqlComparison {
  changed: boolean;
  /** Short hashes of the normalized SQL, stable across posts of the same text. */
  before: string | null;
  after: string | null;
}

export function compareSql(before: SnapshotAsset, after: SnapshotAsset): SqlComparison {
  const [left, right] = comparableSql(before, after);
  if (left === right) return { changed: false, before: null, after: null };
  if (left === null || right === null) return { changed: false, before: null, after: null };
  const normalizedLeft = normalizeSql(left);
  const normalizedRight = normalizeSql(right);
  if (normalizedLeft === normalizedRight) return { changed: false, before: null, after: null };
  return { changed: true, before: shortHash(normalizedLeft), after: shortHash(normalizedRight) };
}

function comparableSql(before: SnapshotAsset, after: SnapshotAsset): [string | null, string | null] {
  if (before.rawSql !== null && after.rawSql !== null) return [before.rawSql, after.rawSql];
  return [before.rawSql ?? before.compiledSql, after.rawSql ?? after.compiledSql];
}

function shortHash(text: string): string {
  return createHash("sha256").update(text).digest("hex").slice(0, 16);
}
