/**
 * Unique ids of native manifest assets follow dbt's shapes (`model.<project>.<name>`,
 * `model.<project>.<name>.v2`, `seed.<project>.<name>`, `source.<project>.<source>.<table>`), so
 * lineage, search and diffs treat both formats alike.
 */
import { pushTo } from "../../listMap.js";
import { parseRelationCall } from "../relationCall.js";
import type { NativeModel } from "./nativeManifestSchema.js";

export const modelId = (project: string, name: string): string => `model.${project}.${name}`;
export const sourceId = (project: string, source: string, table: string): string =>
  `source.${project}.${source}.${table}`;
export const exposureId = (project: string, name: string): string => `exposure.${project}.${name}`;

type Node = Pick<NativeModel, "name" | "resource_type" | "version" | "latest_version">;

/** A model, seed or snapshot entry's id; a model version's ends in `.v<version>` as in dbt. */
export function nodeId(project: string, node: Node): string {
  const base = `${node.resource_type ?? "model"}.${project}.${node.name}`;
  return node.version === undefined ? base : `${base}.v${node.version}`;
}

/** What `ref('name')` and `ref('name', v=…)` mean in one manifest, by name. */
export type RefTargets = ReadonlyMap<string, { latest: string; versions: ReadonlyMap<string, string> }>;

/**
 * The ref targets of the models, seeds and snapshots: an unpinned ref means the latest version
 * (`latest_version`, else the highest, as dbt orders them: numbers by value, before strings).
 */
export function refTargetsOf(nodes: readonly Node[], project: string): RefTargets {
  const byName = new Map<string, Node[]>();
  for (const node of nodes) pushTo(byName, node.name, node);
  const targets = new Map<string, { latest: string; versions: Map<string, string> }>();
  for (const [name, group] of byName) {
    const versioned = group.filter((node) => node.version !== undefined);
    if (versioned.length === 0) {
      targets.set(name, { latest: nodeId(project, group[0]!), versions: new Map() });
      continue;
    }
    const versions = new Map(versioned.map((node) => [String(node.version), nodeId(project, node)]));
    const pinned = versioned.find((node) => node.latest_version !== undefined)?.latest_version;
    const highest = [...versioned].sort((a, b) => compareVersions(b.version!, a.version!))[0]!;
    const latest = (pinned !== undefined ? versions.get(String(pinned)) : undefined) ?? nodeId(project, highest);
    targets.set(name, { latest, versions });
  }
  return targets;
}

function compareVersions(a: string | number, b: string | number): number {
  const [x, y] = [Number(a), Number(b)];
  if (!Number.isNaN(x) && !Number.isNaN(y)) return x - y;
  if (!Number.isNaN(x)) return -1;
  if (!Number.isNaN(y)) return 1;
  return String(a).localeCompare(String(b));
}

/**
 * `stg_orders` → a model; `raw.orders` → table `orders` of source `raw`; `ref('x')`,
 * `ref('x', v=2)` and `source('a', 'b')` as in dbt; three or more dotted parts → taken as a
 * unique id already. With `refs`, a name resolves to the seed, snapshot or model version it means.
 */
export function resolveReference(reference: string, project: string, refs?: RefTargets): string {
  const call = parseRelationCall(reference);
  if (call !== null) {
    if (call.kind === "source") return sourceId(project, call.sourceName, call.table);
    // `ref('other_project', 'x')` names a model of another project of the tenant (dbt Mesh).
    if (call.package !== null && call.package !== project) {
      return modelVersionId(call.package, call.name, call.version);
    }
    return refId(project, call.name, call.version, refs);
  }
  const parts = reference.trim().split(".");
  if (parts.length === 2) return sourceId(project, parts[0] ?? "", parts[1] ?? "");
  if (parts.length >= 3) return reference.trim();
  return refId(project, reference.trim(), null, refs);
}

function refId(project: string, name: string, version: string | null, refs: RefTargets | undefined): string {
  const target = refs?.get(name);
  if (target === undefined) return modelVersionId(project, name, version);
  if (version === null) return target.latest;
  return target.versions.get(version) ?? modelVersionId(project, name, version);
}

/** A model's id, or one version's when `version` is given. */
const modelVersionId = (project: string, name: string, version: string | null): string =>
  nodeId(project, version === null ? { name } : { name, version });
