/** What a snapshot holds, by kind: stored on each ManifestVersion and returned to CI. */
import { ownerKey } from "./owners.js";
import type { AssetKind, CatalogSnapshot } from "./snapshot.js";

export interface SnapshotCounts {
  models: number;
  sources: number;
  seeds: number;
  snapshots: number;
  exposures: number;
  metrics: number;
  semanticModels: number;
  savedQueries: number;
  columns: number;
  tests: number;
  /** Distinct owners (by e-mail, else handle, else name) across all assets. */
  owners: number;
  edges: number;
  runResults: number;
}

export function snapshotCounts(snapshot: CatalogSnapshot): SnapshotCounts {
  const ofKind = (kind: AssetKind): number => snapshot.assets.filter((asset) => asset.kind === kind).length;
  return {
    models: ofKind("MODEL"),
    sources: ofKind("SOURCE"),
    seeds: ofKind("SEED"),
    snapshots: ofKind("SNAPSHOT"),
    exposures: ofKind("EXPOSURE"),
    metrics: ofKind("METRIC"),
    semanticModels: ofKind("SEMANTIC_MODEL"),
    savedQueries: ofKind("SAVED_QUERY"),
    columns: snapshot.assets.reduce((sum, asset) => sum + asset.columns.length, 0),
    tests: snapshot.tests.length,
    owners: new Set(snapshot.assets.flatMap((asset) => asset.owners.map(ownerKey))).size,
    edges: snapshot.edges.length,
    runResults: snapshot.runResults.length,
  };
}
