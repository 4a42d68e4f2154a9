/**
 * What a posted snapshot changes and what the change process makes of it, before anything is
 * written: classified changes, whether a change request opens, which changes need approval,
 * by whom, and the policy findings.
 */
import {
  assetLayers,
  changeRequestScope,
  coverageChange,
  diffSnapshots,
  evaluatePolicies,
  requiredApprovers,
  type ApproverGroup,
  type Change,
  type ChangePolicy,
  type ChangeRequestScope,
  type DownstreamExposure,
  type LayerCoverageChange,
  type PolicyFinding,
} from "../../core/change/index.js";
import type { DefinitionConflict } from "../../core/definitions/index.js";
import { ownerKey, type CatalogSnapshot } from "../../core/manifest/index.js";
import type { StoredCatalog } from "../ingest/storedCatalog.js";

export interface PostEvaluation {
  changes: Change[];
  scope: ChangeRequestScope;
  approvers: ApproverGroup[];
  findings: PolicyFinding[];
  /** Documentation and test coverage per layer, and how this post moves it. */
  coverage: LayerCoverageChange[];
  /** Business concepts this post defines differently from the tenant's other definitions. */
  newConflicts: DefinitionConflict[];
}

export function evaluatePost(input: {
  previous: CatalogSnapshot | null;
  next: CatalogSnapshot;
  stored: StoredCatalog;
  policy: ChangePolicy;
  authorOwnerKey: string | null;
  /** The project posted to, and the conflicting definitions the post introduces (services/definitions). */
  project?: string;
  newConflicts?: readonly DefinitionConflict[];
}): PostEvaluation {
  const { previous, next, policy } = input;
  const changes = diffSnapshots(previous, next);
  const graph = lineageGraph(previous, next, input.stored);
  const exposures = next.assets.filter((a) => a.kind === "EXPOSURE");
  const scope = changeRequestScope({
    changes,
    layers: assetLayers(previous, next),
    assetsWithDownstreamExposure: ancestorsOf(exposures.map((e) => e.uniqueId), graph.parents),
    policy,
  });
  const ownersByAsset = ownerKeysByAsset(previous, next, input.stored);
  const downstreamExposures = new Map<string, DownstreamExposure[]>();
  for (const assetUniqueId of scope.assetsNeedingApproval) {
    const reached = descendantsOf(assetUniqueId, graph.children);
    downstreamExposures.set(
      assetUniqueId,
      exposures.filter((e) => reached.has(e.uniqueId)).map((e) => ({ uniqueId: e.uniqueId, ownerKeys: ownersByAsset.get(e.uniqueId) ?? [] })),
    );
  }
  const approvers = requiredApprovers({ changes: scope.changesNeedingApproval, ownersByAsset, downstreamExposures, authorOwnerKey: input.authorOwnerKey, policy });
  const changedAssets = new Set(changes.filter((c) => c.action !== "REMOVED").map((c) => c.assetUniqueId));
  const coverage = coverageChange(previous, next);
  const findings = evaluatePolicies(next, policy, { changedAssets, newConflicts: input.newConflicts, project: input.project, coverage: coverage.map((c) => c.after) });
  return { changes, scope, approvers, findings, coverage, newConflicts: [...(input.newConflicts ?? [])] };
}

/**
 * Each asset's owners as the change process counts them (the rule is in services/owners.ts): the
 * people the manifests name, before and after this post, and the people assigned through the API.
 */
function ownerKeysByAsset(previous: CatalogSnapshot | null, next: CatalogSnapshot, stored: StoredCatalog): Map<string, string[]> {
  const keys = new Map<string, Set<string>>();
  const add = (uniqueId: string, owners: readonly string[]) => {
    const set = keys.get(uniqueId) ?? new Set<string>();
    for (const key of owners) set.add(key);
    keys.set(uniqueId, set);
  };
  for (const asset of [...(previous?.assets ?? []), ...next.assets]) add(asset.uniqueId, asset.owners.map(ownerKey));
  for (const asset of stored.assets.values()) add(asset.uniqueId, (stored.apiOwners.get(asset.id) ?? []).map((o) => o.key));
  return new Map([...keys].map(([uniqueId, set]) => [uniqueId, [...set]]));
}

/** Declared edges of both snapshots plus the stored SQL-inferred ones, by uniqueId. */
function lineageGraph(previous: CatalogSnapshot | null, next: CatalogSnapshot, stored: StoredCatalog) {
  const uniqueIdOf = new Map([...stored.assets.values()].map((a) => [a.id, a.uniqueId]));
  const pairs: [string, string][] = [...(previous?.edges ?? []), ...next.edges].map((e) => [e.from, e.to]);
  for (const key of stored.edges.keys()) {
    const [from, to] = key.split("\u0000") as [string, string];
    const a = uniqueIdOf.get(from);
    const b = uniqueIdOf.get(to);
    if (a && b) pairs.push([a, b]);
  }
  const parents = new Map<string, string[]>();
  const children = new Map<string, string[]>();
  for (const [from, to] of pairs) {
    append(parents, to, from);
    append(children, from, to);
  }
  return { parents, children };
}

function append<V>(map: Map<string, V[]>, key: string, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function ancestorsOf(starts: string[], parents: Map<string, string[]>): Set<string> {
  return walk(starts, parents);
}

function descendantsOf(start: string, children: Map<string, string[]>): Set<string> {
  return walk([start], children);
}

/** Everything reachable from the starts (not the starts themselves, unless in a cycle). */
function walk(starts: string[], next: Map<string, string[]>): Set<string> {
  const seen = new Set<string>();
  const queue = [...starts];
  while (queue.length > 0) {
    for (const neighbour of next.get(queue.pop()!) ?? []) {
      if (seen.has(neighbour)) continue;
      seen.add(neighbour);
      queue.push(neighbour);
    }
  }
  return seen;
}
