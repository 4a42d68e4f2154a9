/** A validated native manifest → CatalogSnapshot. */
import type { Diagnostic } from "../../diagnostic.js";
import { blankAsset, tagSet, textOrNull } from "../assetDefaults.js";
import { sha256Hex } from "../../canonicalJson.js";
import { classifyLayer, type LayerRules } from "../layerRules.js";
import { crossProjectRefDiagnostic, isOtherProjectModel } from "../meshRefs.js";
import { mergeOwners, ownersFromValue } from "../owners.js";
import type {
  CatalogSnapshot,
  Layer,
  SnapshotAsset,
  SnapshotColumn,
  SnapshotEdge,
  SnapshotOwner,
  SnapshotTest,
} from "../snapshot.js";
import type {
  NativeColumn,
  NativeExposure,
  NativeManifest,
  NativeModel,
  NativeOwner,
  NativeSource,
  NativeSourceTable,
} from "./nativeManifestSchema.js";
import { exposureId, nodeId, refTargetsOf, resolveReference, sourceId, type RefTargets } from "./nativeReferences.js";
import { testFromEntry } from "./nativeTests.js";
import { metricAsset, metricId } from "./nativeMetrics.js";
import { semanticAssets } from "./nativeSemantic.js";

const LAYER_OF = { staging: "STAGING", intermediate: "INTERMEDIATE", mart: "MART", other: "OTHER" } as const;
const KIND_OF = { model: "MODEL", seed: "SEED", snapshot: "SNAPSHOT" } as const;

interface Declared {
  uniqueId: string;
  references: readonly string[];
  /** Parents named by unique id already (a derived metric's input metrics), reported under `inputsPath`. */
  parentIds?: readonly string[];
  inputsPath?: string;
  /** JSON path of the `depends_on` list, for diagnostics. */
  path: string;
}

export function normalizeNativeManifest(manifest: NativeManifest, layerRules: LayerRules): CatalogSnapshot {
  const project = manifest.project;
  const assets: SnapshotAsset[] = [];
  const tests: SnapshotTest[] = [];
  const declared: Declared[] = [];
  const refs = refTargetsOf(manifest.models, project);
  const groupOwners = new Map(manifest.groups.map((group) => [group.name, group.owner]));

  manifest.models.forEach((model, index) => {
    const asset = modelAsset(model, project, layerRules, refs, groupOwners);
    assets.push(asset);
    const label = model.version === undefined ? model.name : `${model.name}_v${model.version}`;
    tests.push(...columnAndAssetTests(model, asset, project, refs, label));
    declared.push({ uniqueId: asset.uniqueId, references: model.depends_on ?? [], path: `$.models[${index}].depends_on` });
  });
  for (const source of manifest.sources) {
    for (const table of source.tables) {
      const asset = sourceTableAsset(source, table, project);
      assets.push(asset);
      tests.push(...columnAndAssetTests(table, asset, project, refs, `source_${source.name}_${table.name}`));
    }
  }
  manifest.exposures.forEach((exposure, index) => {
    const asset = exposureAsset(exposure, project);
    assets.push(asset);
    declared.push({ uniqueId: asset.uniqueId, references: exposure.depends_on, path: `$.exposures[${index}].depends_on` });
  });
  manifest.metrics.forEach((metric, index) => {
    const asset = metricAsset(metric, project);
    assets.push(asset);
    declared.push({
      uniqueId: asset.uniqueId,
      references: metric.model === undefined ? [] : [metric.model],
      path: `$.metrics[${index}].model`,
      parentIds: (metric.metrics ?? []).map((name) => metricId(project, name)),
      inputsPath: `$.metrics[${index}].metrics`,
    });
  });
  const diagnostics: Diagnostic[] = [];
  const semantic = semanticAssets(manifest, groupOwners, diagnostics);
  assets.push(...semantic.assets);
  declared.push(...semantic.declared);
  for (const test of manifest.tests) {
    tests.push({
      uniqueId: `test.${project}.${test.name}`,
      name: test.name,
      testType: "singular",
      namespace: null,
      attachedUniqueId: null,
      columnName: null,
      severity: test.severity ?? null,
      kwargs: {},
      dependsOn: [...new Set((test.depends_on ?? []).map((reference) => resolveReference(reference, project, refs)))],
    });
  }

  const assetIds = new Set(assets.map((asset) => asset.uniqueId));
  const { edges, meshEdges } = declaredEdges(declared, assetIds, project, refs, diagnostics);
  return {
    format: "NATIVE",
    projectName: project,
    adapter: manifest.adapter ?? null,
    schemaVersion: manifest.format,
    assets,
    tests,
    edges,
    meshEdges,
    groups: manifest.groups.map((group) => ({ name: group.name, owner: group.owner ? (ownersFromValue(group.owner)[0] ?? null) : null, description: textOrNull(group.description) })),
    runResults: [],
    diagnostics,
  };
}

function modelAsset(model: NativeModel, project: string, layerRules: LayerRules, refs: RefTargets, groupOwners: ReadonlyMap<string, NativeOwner | undefined>): SnapshotAsset {
  const type = model.resource_type ?? "model";
  const asset = blankAsset(nodeId(project, model), model.name, KIND_OF[type]);
  const sql = textOrNull(model.sql);
  asset.packageName = project;
  // As from a dbt manifest: seeds and snapshots sit on no layer.
  asset.layer = type === "model" ? layerOf(model, layerRules) : null;
  asset.rawSql = sql;
  asset.compiledSql = textOrNull(model.compiled_sql);
  asset.language = model.language ?? (sql === null ? null : "sql");
  // dbt's checksum is the sha256 of the stripped file; the same here lets a SQL folder be compared.
  asset.checksum = sql === null ? null : sha256Hex(sql.trim());
  asset.filePath = model.path ?? null;
  asset.description = textOrNull(model.description);
  asset.database = model.database ?? null;
  asset.schema = model.schema ?? null;
  asset.relationName = relationName(model.database, model.schema, model.alias ?? model.name);
  asset.materialization = model.materialization ?? (type === "model" ? null : type);
  asset.access = model.access ?? null;
  asset.contractEnforced = model.contract_enforced ?? false;
  asset.groupName = model.group ?? null;
  // As dbt does: the group's owner owns every model of the group.
  const groupOwner = model.group === undefined ? undefined : groupOwners.get(model.group);
  asset.owners = ownersFrom([...(model.owners ?? []), ...(groupOwner ? [groupOwner] : [])]);
  asset.tags = tagSet(model.tags);
  asset.meta = model.meta ?? {};
  asset.columns = (model.columns ?? []).map(toColumn);
  if (model.version !== undefined) {
    asset.version = String(model.version);
    asset.latestVersion = String(model.latest_version ?? latestVersionOf(refs, model.name));
  }
  return asset;
}

/** The latest version of a versioned model, from the id its unpinned ref resolves to. */
function latestVersionOf(refs: RefTargets, name: string): string {
  const target = refs.get(name)!;
  return [...target.versions].find(([, id]) => id === target.latest)![0];
}

function layerOf(model: NativeModel, layerRules: LayerRules): Layer {
  if (model.layer !== undefined) return LAYER_OF[model.layer];
  const explicit = model.meta?.[layerRules.metaKey];
  return classifyLayer({ name: model.name, filePath: model.path ?? null, explicit }, layerRules).layer;
}

function sourceTableAsset(source: NativeSource, table: NativeSourceTable, project: string): SnapshotAsset {
  const asset = blankAsset(sourceId(project, source.name, table.name), table.name, "SOURCE");
  const database = table.database ?? source.database;
  const schema = table.schema ?? source.schema ?? source.name;
  asset.packageName = project;
  asset.database = database ?? null;
  asset.schema = schema;
  asset.relationName = relationName(database, schema, table.identifier ?? table.name);
  asset.description = textOrNull(table.description) ?? textOrNull(source.description);
  asset.owners = ownersFrom([...(table.owners ?? []), ...(source.owners ?? [])]);
  asset.tags = tagSet(source.tags, table.tags);
  asset.meta = { ...source.meta, ...table.meta };
  asset.columns = (table.columns ?? []).map(toColumn);
  return asset;
}

function exposureAsset(exposure: NativeExposure, project: string): SnapshotAsset {
  const asset = blankAsset(exposureId(project, exposure.name), exposure.name, "EXPOSURE");
  asset.packageName = project;
  asset.subtype = exposure.type ?? null;
  asset.url = exposure.url ?? null;
  asset.description = textOrNull(exposure.description);
  asset.owners = ownersFrom(exposure.owners);
  asset.tags = tagSet(exposure.tags);
  asset.meta = exposure.meta ?? {};
  return asset;
}

function toColumn(column: NativeColumn, index: number): SnapshotColumn {
  return {
    name: column.name,
    dataType: column.type ?? null,
    description: textOrNull(column.description),
    position: index + 1,
    tags: tagSet(column.tags),
    meta: column.meta ?? {},
    constraints: column.constraints ?? [],
  };
}

function columnAndAssetTests(
  owner: { tests?: NativeModel["tests"]; columns?: NativeColumn[] | undefined },
  asset: SnapshotAsset,
  project: string,
  refs: RefTargets,
  label: string = asset.name,
): SnapshotTest[] {
  const target = { project, attachedUniqueId: asset.uniqueId, label, refs };
  return [
    ...(owner.tests ?? []).map((entry) => testFromEntry(entry, { ...target, columnName: null })),
    ...(owner.columns ?? []).flatMap((column) =>
      (column.tests ?? []).map((entry) => testFromEntry(entry, { ...target, columnName: column.name })),
    ),
  ];
}

function ownersFrom(owners: readonly NativeOwner[] | undefined): SnapshotOwner[] {
  return mergeOwners((owners ?? []).flatMap((owner) => ownersFromValue(owner)));
}

function relationName(database: string | undefined, schema: string | undefined, name: string): string | null {
  if (schema === undefined) return null;
  return [database, schema, name].filter((part) => part !== undefined).join(".");
}

function declaredEdges(
  declared: readonly Declared[],
  assetIds: ReadonlySet<string>,
  project: string,
  refs: RefTargets,
  diagnostics: Diagnostic[],
): { edges: SnapshotEdge[]; meshEdges: SnapshotEdge[] } {
  const edges = new Map<string, SnapshotEdge>();
  const meshEdges = new Map<string, SnapshotEdge>();
  for (const { uniqueId, references, path, parentIds, inputsPath } of declared) {
    (parentIds ?? []).forEach((parent, index) => {
      if (assetIds.has(parent)) edges.set(`${parent}\u0000${uniqueId}`, { from: parent, to: uniqueId });
      else {
        diagnostics.push({
          code: "UNKNOWN_DEPENDENCY",
          severity: "warning",
          message: `${parent} is not a metric of this manifest.`,
          path: `${inputsPath}[${index}]`,
          uniqueId,
        });
      }
    });
    references.forEach((reference, index) => {
      const upstream = resolveReference(reference, project, refs);
      if (assetIds.has(upstream)) edges.set(`${upstream}\u0000${uniqueId}`, { from: upstream, to: uniqueId });
      else if (isOtherProjectModel(upstream, project)) {
        meshEdges.set(`${upstream}\u0000${uniqueId}`, { from: upstream, to: uniqueId });
        diagnostics.push(crossProjectRefDiagnostic(uniqueId, upstream, `${path}[${index}]`));
      } else {
        diagnostics.push({
          code: "UNKNOWN_DEPENDENCY",
          severity: "warning",
          message: `"${reference}" names no model or source table of this manifest.`,
          path: `${path}[${index}]`,
          uniqueId,
        });
      }
    });
  }
  return { edges: [...edges.values()], meshEdges: [...meshEdges.values()] };
}
