/**
 * One dbt resource → one SnapshotAsset. Where a fact moved between schema versions, every
 * place it has lived is read (`raw_code` ?? `raw_sql`, `meta` and `config.meta`, …).
 */
import type { Diagnostic } from "../../diagnostic.js";
import { blankAsset, tagSet, textOrNull } from "../assetDefaults.js";
import { classifyLayer, explicitLayer, type LayerRules } from "../layerRules.js";
import type { AssetKind, Layer, SnapshotAsset } from "../snapshot.js";
import type { DbtCatalogTable } from "./catalogSchema.js";
import { mergeColumns } from "./dbtColumns.js";
import { ownersOf } from "./dbtOwners.js";
import { exposureDefinitionOf, metricDefinitionOf, savedQueryDefinitionOf, semanticModelDefinitionOf } from "./dbtDefinitions.js";
import { semanticModelColumns } from "../semantic/semanticColumns.js";
import type {
  DbtCommonFields,
  DbtExposure,
  DbtGroup,
  DbtMetric,
  DbtResourceNode,
  DbtSavedQuery,
  DbtSemanticModel,
  DbtSource,
} from "./manifestSchema.js";

export interface AssetContext {
  layerRules: LayerRules;
  groupsByName: ReadonlyMap<string, DbtGroup>;
  catalogTable(uniqueId: string): DbtCatalogTable | undefined;
  diagnostics: Diagnostic[];
}

/** Node resource types that become assets; tests, analyses and operations do not. */
export const NODE_KINDS: Readonly<Record<DbtResourceNode["resource_type"], AssetKind>> = {
  model: "MODEL",
  seed: "SEED",
  snapshot: "SNAPSHOT",
};

type Meta = Record<string, unknown>;

export function assetFromNode(node: DbtResourceNode, kind: AssetKind, context: AssetContext): SnapshotAsset {
  const asset = commonAsset(node, kind, context);
  asset.database = textOrNull(node.database);
  asset.schema = textOrNull(node.schema);
  asset.relationName = textOrNull(node.relation_name);
  asset.materialization = textOrNull(node.config?.materialized);
  asset.rawSql = textOrNull(node.raw_code ?? node.raw_sql);
  asset.compiledSql = textOrNull(node.compiled_code ?? node.compiled_sql);
  asset.language = textOrNull(node.language) ?? (asset.rawSql === null ? null : "sql");
  asset.checksum = node.checksum && node.checksum.name !== "none" ? textOrNull(node.checksum.checksum) : null;
  asset.contractEnforced = node.contract?.enforced ?? node.config?.contract?.enforced ?? false;
  asset.access = textOrNull(node.access ?? node.config?.access);
  asset.version = versionText(node.version);
  asset.latestVersion = versionText(node.latest_version);
  asset.columns = mergeColumns(node.unique_id, node.columns, context.catalogTable(node.unique_id), context.diagnostics);
  return asset;
}

export function assetFromSource(source: DbtSource, context: AssetContext): SnapshotAsset {
  const asset = commonAsset(source, "SOURCE", context, [source.source_meta]);
  asset.database = textOrNull(source.database);
  asset.schema = textOrNull(source.schema);
  asset.relationName = textOrNull(source.relation_name);
  asset.description = textOrNull(source.description) ?? textOrNull(source.source_description);
  asset.columns = mergeColumns(
    source.unique_id,
    source.columns,
    context.catalogTable(source.unique_id),
    context.diagnostics,
  );
  return asset;
}

export function assetFromExposure(exposure: DbtExposure, context: AssetContext): SnapshotAsset {
  const asset = commonAsset(exposure, "EXPOSURE", context, [], exposure.owner ?? undefined);
  asset.subtype = textOrNull(exposure.type);
  asset.url = textOrNull(exposure.url);
  withDefinition(asset, exposureDefinitionOf(exposure, asset.uniqueId, context.diagnostics));
  return asset;
}

export function assetFromMetric(metric: DbtMetric, context: AssetContext): SnapshotAsset {
  const asset = commonAsset(metric, "METRIC", context);
  asset.subtype = textOrNull(metric.type) ?? textOrNull(metric.calculation_method);
  withDefinition(asset, metricDefinitionOf(metric, asset.uniqueId, context.diagnostics));
  return asset;
}

export function assetFromSavedQuery(query: DbtSavedQuery, context: AssetContext): SnapshotAsset {
  const asset = commonAsset(query, "SAVED_QUERY", context);
  withDefinition(asset, savedQueryDefinitionOf(query, asset.uniqueId, context.diagnostics));
  return asset;
}

export function assetFromSemanticModel(model: DbtSemanticModel, context: AssetContext): SnapshotAsset {
  const asset = commonAsset(model, "SEMANTIC_MODEL", context);
  asset.database = textOrNull(model.node_relation?.database);
  asset.schema = textOrNull(model.node_relation?.schema_name);
  asset.relationName = textOrNull(model.node_relation?.relation_name);
  const definition = semanticModelDefinitionOf(model, asset.uniqueId, context.diagnostics);
  if (definition) {
    asset.definition = definition;
    asset.columns = semanticModelColumns(definition);
  }
  return asset;
}

/** An optional field: an asset without a definition hashes as it did before definitions were read. */
function withDefinition(asset: SnapshotAsset, definition: SnapshotAsset["definition"]): void {
  if (definition) asset.definition = definition;
}

function commonAsset(
  resource: DbtCommonFields,
  kind: AssetKind,
  context: AssetContext,
  extraMetas: (Meta | null | undefined)[] = [],
  declaredOwner?: unknown,
): SnapshotAsset {
  const asset = blankAsset(resource.unique_id, resource.name, kind);
  const configMeta = resource.config?.meta ?? {};
  const ownMeta = resource.meta ?? {};
  asset.meta = { ...configMeta, ...ownMeta };
  asset.packageName = textOrNull(resource.package_name);
  asset.filePath = textOrNull(resource.original_file_path);
  asset.description = textOrNull(resource.description);
  asset.tags = tagSet(resource.tags, resource.config?.tags);
  asset.groupName = textOrNull(resource.group ?? resource.config?.group);
  asset.layer = layerOf(asset, context);
  asset.owners = ownersOf(
    { metas: [ownMeta, configMeta, ...extraMetas], groupName: asset.groupName, declared: declaredOwner },
    context.groupsByName,
  );
  return asset;
}

/**
 * Sources, seeds, snapshots, exposures and saved queries have no layer. Metrics and semantic models sit on
 * top of the marts and face the business directly, so they count as MART unless they say
 * otherwise.
 */
function layerOf(asset: SnapshotAsset, context: AssetContext): Layer | null {
  if (asset.kind !== "MODEL" && asset.kind !== "METRIC" && asset.kind !== "SEMANTIC_MODEL") return null;
  const explicit = asset.meta[context.layerRules.metaKey];
  if (asset.kind !== "MODEL") return explicitLayer(explicit, context.layerRules) ?? "MART";
  const decision = classifyLayer({ name: asset.name, filePath: asset.filePath, explicit }, context.layerRules);
  if (decision.unknownExplicit !== undefined) {
    context.diagnostics.push({
      code: "UNKNOWN_LAYER",
      severity: "warning",
      message: `meta.${context.layerRules.metaKey} is "${decision.unknownExplicit}", which names no layer; the layer rule decided ${decision.layer}.`,
      uniqueId: asset.uniqueId,
    });
  }
  return decision.layer;
}

function versionText(version: string | number | null | undefined): string | null {
  return version === null || version === undefined ? null : String(version);
}
