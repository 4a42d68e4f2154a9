/**
 * Whether a post opens a change request and which of its changes wait for approval.
 *
 * A change request opens when a change (of a category the policy lists) touches a mart or an
 * asset with an exposure downstream. Breaking changes of marts — and, when the policy gates
 * exposed assets (default), of any asset feeding an exposure — need approval.
 */
import type { CatalogSnapshot, Layer } from "../manifest/snapshot.js";
import type { Change } from "./change.js";
import type { ChangePolicy } from "./policy.js";
import { sortedUnique } from "./text.js";

export interface ChangeRequestScopeInput {
  changes: readonly Change[];
  /** Layer of every asset in either snapshot (assetLayers): removed marts are marts too. */
  layers: ReadonlyMap<string, Layer | null>;
  /** Assets with an exposure anywhere downstream, computed from lineage by the caller. */
  assetsWithDownstreamExposure: ReadonlySet<string>;
  policy: ChangePolicy;
}

export interface ChangeRequestScope {
  opensChangeRequest: boolean;
  /** Changed assets that are marts or feed an exposure, in id order. */
  touchedAssets: string[];
  /** The "breaking mart changes": what owners must approve before it may apply. */
  changesNeedingApproval: Change[];
  /** Assets of those changes, in id order: whose owners approve. */
  assetsNeedingApproval: string[];
}

export function changeRequestScope(input: ChangeRequestScopeInput): ChangeRequestScope {
  const isMart = (id: string): boolean => input.layers.get(id) === "MART";
  const isExposed = (id: string): boolean => input.assetsWithDownstreamExposure.has(id);
  const opensFor = new Set(input.policy.openChangeRequestFor);
  const touched = input.changes.filter((c) => opensFor.has(c.category) && (isMart(c.assetUniqueId) || isExposed(c.assetUniqueId)));
  const needingApproval = input.changes.filter(
    (c) =>
      c.category === "BREAKING" &&
      (isMart(c.assetUniqueId) || (input.policy.gateExposedAssets && isExposed(c.assetUniqueId))),
  );
  return {
    opensChangeRequest: touched.length > 0 || needingApproval.length > 0,
    touchedAssets: sortedUnique(touched.map((c) => c.assetUniqueId)),
    changesNeedingApproval: needingApproval,
    assetsNeedingApproval: sortedUnique(needingApproval.map((c) => c.assetUniqueId)),
  };
}

/** Layers from both snapshots, the posted one winning: a removed mart keeps its layer. */
export function assetLayers(current: CatalogSnapshot | null, next: CatalogSnapshot): Map<string, Layer | null> {
  const layers = new Map<string, Layer | null>();
  for (const asset of current?.assets ?? []) layers.set(asset.uniqueId, asset.layer);
  for (const asset of next.assets) layers.set(asset.uniqueId, asset.layer);
  return layers;
}
