/**
 * The classified differences between the project's current snapshot and a posted one.
 * Pure and deterministic: the same two snapshots give the same changes in the same order,
 * whatever order the manifests listed things in.
 */
import type { CatalogSnapshot, SnapshotAsset } from "../manifest/snapshot.js";
import { compareChanges, createChange, type Change } from "./change.js";
import { diffAssetAttributes } from "./diffAssetAttributes.js";
import { diffDefinition } from "./diffDefinition.js";
import { diffColumns } from "./diffColumns.js";
import { diffTests } from "./diffTests.js";
import {
  detectEnvironmentRelocation,
  NO_RELOCATION,
  type EnvironmentRelocation,
} from "./environmentRelocation.js";
import { diffLatestVersions } from "./latestVersion.js";
import type { ReasonCode } from "./reasonCodes.js";
import { compareSql } from "./sqlLogic.js";
import { assetLabel, capitalize, sortedUnique } from "./text.js";

export interface DiffOptions {
  /**
   * `auto` (default) treats a project-wide switch of the target schema or database as the
   * build environment, not a change (see environmentRelocation.ts); `literal` compares as is.
   */
  relocation?: "auto" | "literal";
}

export function diffSnapshots(
  current: CatalogSnapshot | null,
  next: CatalogSnapshot,
  options: DiffOptions = {},
): Change[] {
  const previous = current ?? emptySnapshotLike(next);
  const relocation =
    current === null || options.relocation === "literal" ? NO_RELOCATION : detectEnvironmentRelocation(current, next);
  const beforeById = new Map(previous.assets.map((a) => [a.uniqueId, a]));
  const afterById = new Map(next.assets.map((a) => [a.uniqueId, a]));
  const assetContext: AssetDiffContext = {
    relocation,
    upstreamBefore: lazyUpstreamIndex(previous),
    upstreamAfter: lazyUpstreamIndex(next),
  };
  const changes: Change[] = [];
  const addedOrRemoved = new Set<string>();
  const testsOf = lazyTestCounts(next);

  for (const asset of previous.assets) {
    if (afterById.has(asset.uniqueId)) continue;
    addedOrRemoved.add(asset.uniqueId);
    changes.push(assetRemoved(asset));
  }
  for (const asset of next.assets) {
    const before = beforeById.get(asset.uniqueId);
    if (before === undefined) {
      addedOrRemoved.add(asset.uniqueId);
      changes.push(assetAdded(asset, testsOf().get(asset.uniqueId) ?? 0));
    } else {
      changes.push(...diffAsset(before, asset, assetContext));
    }
  }
  changes.push(...diffLatestVersions(previous, next));
  changes.push(
    ...diffTests(previous.tests, next.tests, {
      addedOrRemovedAssets: addedOrRemoved,
      labelOf: (id) => {
        const asset = afterById.get(id) ?? beforeById.get(id);
        return asset === undefined ? id : assetLabel(asset);
      },
    }),
  );
  return changes.sort(compareChanges);
}

interface AssetDiffContext {
  relocation: EnvironmentRelocation;
  upstreamBefore: () => ReadonlyMap<string, string[]>;
  upstreamAfter: () => ReadonlyMap<string, string[]>;
}

const SCHEMA_REASONS: ReadonlySet<ReasonCode> = new Set<ReasonCode>([
  "COLUMN_ADDED",
  "COLUMN_REMOVED",
  "COLUMN_TYPE_CHANGED",
  "COLUMN_PROBABLY_RENAMED",
]);

function diffAsset(before: SnapshotAsset, after: SnapshotAsset, context: AssetDiffContext): Change[] {
  const columnChanges = diffColumns(before, after);
  const changes = [...diffAssetAttributes(before, after, context.relocation), ...diffDefinition(before, after), ...columnChanges];
  const schemaChanged = columnChanges.some((c) => SCHEMA_REASONS.has(c.reasonCode));
  const sql = compareSql(before, after);
  // A schema change already explains why the SQL differs; "logic" means same shape, new numbers.
  if (sql.changed && !schemaChanged) {
    changes.push(
      createChange({
        reasonCode: "SQL_LOGIC_CHANGED",
        assetUniqueId: after.uniqueId,
        message: `${capitalize(assetLabel(after))} computes its rows differently: its SQL changed while its columns did not.`,
        before: { sql: sql.before },
        after: { sql: sql.after },
        context: upstreamChange(after.uniqueId, context),
      }),
    );
  }
  return changes;
}

function upstreamChange(uniqueId: string, context: AssetDiffContext): Record<string, unknown> {
  const was = context.upstreamBefore().get(uniqueId) ?? [];
  const now = context.upstreamAfter().get(uniqueId) ?? [];
  return {
    upstreamAdded: now.filter((id) => !was.includes(id)),
    upstreamRemoved: was.filter((id) => !now.includes(id)),
  };
}

/** Built on first use: most posts change the SQL of few assets. */
function lazyUpstreamIndex(snapshot: CatalogSnapshot): () => ReadonlyMap<string, string[]> {
  let index: Map<string, string[]> | null = null;
  return () => {
    if (index !== null) return index;
    const built = new Map<string, string[]>();
    for (const edge of snapshot.edges) {
      const upstream = built.get(edge.to);
      if (upstream === undefined) built.set(edge.to, [edge.from]);
      else upstream.push(edge.from);
    }
    for (const [id, upstream] of built) built.set(id, sortedUnique(upstream));
    index = built;
    return built;
  };
}

function assetRemoved(asset: SnapshotAsset): Change {
  const exposure = asset.kind === "EXPOSURE";
  return createChange({
    reasonCode: exposure ? "EXPOSURE_REMOVED" : "ASSET_REMOVED",
    assetUniqueId: asset.uniqueId,
    message: exposure
      ? `${capitalize(assetLabel(asset))} was removed from the project.`
      : `${capitalize(assetLabel(asset))} was removed; everything that reads it will fail.`,
    before: { kind: asset.kind, columns: asset.columns.length },
    after: null,
  });
}

/**
 * Tests per attached asset, counted once: counting them for each added asset walked every test
 * once per asset (5k added models, 31k tests: 5.6 s of a first post).
 */
function lazyTestCounts(snapshot: CatalogSnapshot): () => ReadonlyMap<string, number> {
  let counts: Map<string, number> | null = null;
  return () => {
    if (counts !== null) return counts;
    counts = new Map();
    for (const test of snapshot.tests) {
      if (test.attachedUniqueId !== null) counts.set(test.attachedUniqueId, (counts.get(test.attachedUniqueId) ?? 0) + 1);
    }
    return counts;
  };
}

function assetAdded(asset: SnapshotAsset, tests: number): Change {
  return createChange({
    reasonCode: "ASSET_ADDED",
    assetUniqueId: asset.uniqueId,
    message: `${capitalize(assetLabel(asset))} was added.`,
    before: null,
    after: { kind: asset.kind },
    context: { columns: asset.columns.length, tests, layer: asset.layer },
  });
}

function emptySnapshotLike(next: CatalogSnapshot): CatalogSnapshot {
  return { ...next, assets: [], tests: [], edges: [], runResults: [], diagnostics: [] };
}
