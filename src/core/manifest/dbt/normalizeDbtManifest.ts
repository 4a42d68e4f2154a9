/**
 * A validated dbt manifest (with optional run results and catalog) → CatalogSnapshot.
 * Disabled resources (in `disabled`, and nodes of `nodes` whose config says `enabled: false`)
 * are not stored but counted in a diagnostic; edges are the set of `depends_on.nodes`
 * (dbt ≤ 1.5 repeats an entry per `ref()` call) between assets.
 */
import type { Diagnostic } from "../../diagnostic.js";
import { textOrNull, uniqueInOrder } from "../assetDefaults.js";
import { ownersFromValue } from "../owners.js";
import type { LayerRules } from "../layerRules.js";
import { crossProjectRefDiagnostic, isOtherProjectModel } from "../meshRefs.js";
import type { CatalogSnapshot, SnapshotAsset, SnapshotEdge, SnapshotTest } from "../snapshot.js";
import type { DbtCatalog } from "./catalogSchema.js";
import {
  assetFromExposure,
  assetFromMetric,
  assetFromNode,
  assetFromSavedQuery,
  assetFromSemanticModel,
  assetFromSource,
  NODE_KINDS,
  type AssetContext,
} from "./dbtAssets.js";
import { runResultsFor } from "./dbtRunResults.js";
import { testFromNode } from "./dbtTests.js";
import type { DbtManifest, DbtTestNode } from "./manifestSchema.js";
import { projectNameOf } from "./projectName.js";
import type { DbtRunResults } from "./runResultsSchema.js";

export interface DbtInputs {
  manifest: DbtManifest;
  schemaVersion: number;
  runResults?: DbtRunResults | undefined;
  catalog?: DbtCatalog | undefined;
  layerRules: LayerRules;
}

export function normalizeDbtManifest(inputs: DbtInputs): CatalogSnapshot {
  const { manifest, catalog } = inputs;
  const diagnostics: Diagnostic[] = [];
  const context: AssetContext = {
    layerRules: inputs.layerRules,
    groupsByName: new Map(Object.values(manifest.groups ?? {}).map((group) => [group.name, group])),
    catalogTable: (uniqueId) => catalog?.nodes[uniqueId] ?? catalog?.sources?.[uniqueId],
    diagnostics,
  };

  const assets: SnapshotAsset[] = [];
  const declaredParents = new Map<string, readonly string[]>();
  const testNodes: DbtTestNode[] = [];
  const add = (asset: SnapshotAsset, parents: readonly string[] | null | undefined): void => {
    assets.push(asset);
    declaredParents.set(asset.uniqueId, parents ?? []);
  };

  const disabledNodes: DisabledNode[] = [];
  for (const { role, node } of Object.values(manifest.nodes)) {
    if (role === "other") continue;
    if (node.config?.enabled === false) {
      disabledNodes.push({ uniqueId: node.unique_id, resourceType: node.resource_type });
      continue;
    }
    if (role === "test") testNodes.push(node);
    else add(assetFromNode(node, NODE_KINDS[node.resource_type], context), node.depends_on?.nodes);
  }
  for (const source of Object.values(manifest.sources)) add(assetFromSource(source, context), []);
  for (const exposure of Object.values(manifest.exposures ?? {})) {
    add(assetFromExposure(exposure, context), exposure.depends_on?.nodes);
  }
  for (const metric of Object.values(manifest.metrics ?? {})) add(assetFromMetric(metric, context), metric.depends_on?.nodes);
  for (const model of Object.values(manifest.semantic_models ?? {})) {
    add(assetFromSemanticModel(model, context), model.depends_on?.nodes);
  }
  for (const query of Object.values(manifest.saved_queries ?? {})) add(assetFromSavedQuery(query, context), query.depends_on?.nodes);

  const assetsById = new Map(assets.map((asset) => [asset.uniqueId, asset]));
  const sourceNameOf = new Map(Object.values(manifest.sources).map((source) => [source.unique_id, source.source_name]));
  const tests = testNodes.map((node) => testFromNode(node, { assetsById, sourceNameOf }));
  detachTestsOfNonAssets(tests, assetsById, diagnostics);
  const testIds = new Set(tests.map((test) => test.uniqueId));

  const projectName = projectNameOf(manifest, new Set(assets.map((a) => a.packageName ?? "")));
  const { edges, meshEdges } = declaredEdges(declaredParents, assetsById, projectName, diagnostics);
  const snapshot: CatalogSnapshot = {
    format: "DBT",
    projectName,
    adapter: manifest.metadata.adapter_type ?? null,
    schemaVersion: `v${inputs.schemaVersion}`,
    assets,
    tests,
    edges,
    meshEdges,
    groups: Object.values(manifest.groups ?? {}).map((group) => ({
      name: group.name,
      owner: ownersFromValue(group.owner)[0] ?? null,
      description: textOrNull(group.description),
    })),
    runResults: inputs.runResults
      ? runResultsFor(inputs.runResults, (id) => assetsById.has(id) || testIds.has(id), diagnostics)
      : [],
    diagnostics,
  };
  if (catalog !== undefined) reportUnmatchedCatalogEntries(catalog, assetsById, testIds, diagnostics);
  reportDisabled(manifest, disabledNodes, diagnostics);
  return snapshot;
}

/** Storage links a test to its asset: a test of a disabled or missing node must not point anywhere. */
function detachTestsOfNonAssets(
  tests: SnapshotTest[],
  assetsById: ReadonlyMap<string, SnapshotAsset>,
  diagnostics: Diagnostic[],
): void {
  for (const test of tests) {
    if (test.attachedUniqueId === null || assetsById.has(test.attachedUniqueId)) continue;
    diagnostics.push({
      code: "TEST_TARGET_NOT_AN_ASSET",
      severity: "warning",
      message: `${test.uniqueId} tests ${test.attachedUniqueId}, which is not an enabled asset of this manifest; the test is kept unattached.`,
      uniqueId: test.uniqueId,
    });
    test.attachedUniqueId = null;
  }
}

/** A parent missing from the manifest is kept when it is a Mesh ref (meshRefs.ts); anything else is reported and dropped. */
function declaredEdges(
  declaredParents: ReadonlyMap<string, readonly string[]>,
  assetsById: ReadonlyMap<string, SnapshotAsset>,
  projectName: string | null,
  diagnostics: Diagnostic[],
): { edges: SnapshotEdge[]; meshEdges: SnapshotEdge[] } {
  const edges: SnapshotEdge[] = [];
  const meshEdges: SnapshotEdge[] = [];
  for (const [child, parents] of declaredParents) {
    for (const parent of uniqueInOrder(parents)) {
      if (assetsById.has(parent)) edges.push({ from: parent, to: child });
      else if (isOtherProjectModel(parent, projectName)) {
        meshEdges.push({ from: parent, to: child });
        diagnostics.push(crossProjectRefDiagnostic(child, parent));
      } else {
        diagnostics.push({
          code: "UNKNOWN_DEPENDENCY",
          severity: "warning",
          message: `${child} depends on ${parent}, which is not an enabled model, source, seed, snapshot, metric, semantic model or saved query of this manifest.`,
          uniqueId: child,
        });
      }
    }
  }
  return { edges, meshEdges };
}

function reportUnmatchedCatalogEntries(
  catalog: DbtCatalog,
  assetsById: ReadonlyMap<string, SnapshotAsset>,
  testIds: ReadonlySet<string>,
  diagnostics: Diagnostic[],
): void {
  const unmatched = [...Object.keys(catalog.nodes), ...Object.keys(catalog.sources ?? {})].filter(
    (id) => !assetsById.has(id) && !testIds.has(id),
  );
  if (unmatched.length === 0) return;
  diagnostics.push({
    code: "CATALOG_ENTRY_NOT_IN_MANIFEST",
    severity: "info",
    message: `catalog.json describes ${unmatched.length} relation(s) that are not assets of this manifest (e.g. ${unmatched.slice(0, 3).join(", ")}); their columns were ignored.`,
  });
}

interface DisabledNode {
  uniqueId: string;
  resourceType: string;
}

/**
 * So that stored counts reconcile with the manifest: how many resources of each type were
 * disabled, in `disabled` and (named, as dbt puts few there) among `nodes`.
 */
function reportDisabled(manifest: DbtManifest, inNodes: readonly DisabledNode[], diagnostics: Diagnostic[]): void {
  const inDisabled = Object.entries(manifest.disabled ?? {}).map(([uniqueId, versions]) => ({
    uniqueId,
    resourceType: resourceTypeOf(Array.isArray(versions) ? versions[0] : undefined) ?? uniqueId.split(".")[0] ?? "resource",
  }));
  const all = [...inDisabled, ...inNodes];
  if (all.length === 0) return;
  const byType = new Map<string, number>();
  for (const { resourceType } of all) byType.set(resourceType, (byType.get(resourceType) ?? 0) + 1);
  const types = [...byType].sort(([a], [b]) => a.localeCompare(b)).map(([type, count]) => `${count} ${type}`).join(", ");
  const named = inNodes.length === 0 ? "" : `; ${inNodes.length} of them in \`nodes\` with config.enabled false: ${namesOf(inNodes)}`;
  diagnostics.push({
    code: "DISABLED_NODES_SKIPPED",
    severity: "info",
    message: `${all.length} disabled resource(s) were not stored (${types})${named}.`,
  });
}

const NAMED_AT_MOST = 20;

function namesOf(nodes: readonly DisabledNode[]): string {
  const names = nodes.slice(0, NAMED_AT_MOST).map((n) => n.uniqueId).join(", ");
  return nodes.length > NAMED_AT_MOST ? `${names}, …` : names;
}

function resourceTypeOf(node: unknown): string | undefined {
  const type = typeof node === "object" && node !== null ? (node as { resource_type?: unknown }).resource_type : undefined;
  return typeof type === "string" ? type : undefined;
}
