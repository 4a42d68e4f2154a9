/**
 * A versioned model (dbt ≥ 1.5) is one asset per version, all naming the same latest version.
 * When the latest version moves, every unpinned `ref('x')` silently reads another version:
 * one LATEST_VERSION_MOVED per model, reported on the asset of the new latest version (or the
 * previous one when the new one is not in the snapshot).
 */
import type { CatalogSnapshot, SnapshotAsset } from "../manifest/snapshot.js";
import { createChange, type Change } from "./change.js";

export function diffLatestVersions(current: CatalogSnapshot, next: CatalogSnapshot): Change[] {
  const before = latestVersionsByModel(current.assets);
  const after = latestVersionsByModel(next.assets);
  const changes: Change[] = [];
  for (const [model, now] of after) {
    const was = before.get(model);
    if (was === undefined || was.latest === now.latest) continue;
    const anchor = now.versions.get(now.latest) ?? was.versions.get(was.latest) ?? now.any;
    changes.push(
      createChange({
        reasonCode: "LATEST_VERSION_MOVED",
        assetUniqueId: anchor.uniqueId,
        message: `The latest version of model ${anchor.name} moved from v${was.latest} to v${now.latest}; unpinned refs now read v${now.latest}.`,
        before: { latestVersion: was.latest },
        after: { latestVersion: now.latest },
      }),
    );
  }
  return changes;
}

interface VersionedModel {
  latest: string;
  versions: Map<string, SnapshotAsset>;
  any: SnapshotAsset;
}

function latestVersionsByModel(assets: readonly SnapshotAsset[]): Map<string, VersionedModel> {
  const models = new Map<string, VersionedModel>();
  for (const asset of assets) {
    if (asset.version === null || asset.latestVersion === null) continue;
    const key = `${asset.packageName ?? ""}.${asset.name}`;
    const model = models.get(key) ?? { latest: asset.latestVersion, versions: new Map(), any: asset };
    model.versions.set(asset.version, asset);
    models.set(key, model);
  }
  return models;
}
