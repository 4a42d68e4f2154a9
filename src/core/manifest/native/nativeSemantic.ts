/**
 * A native manifest's semantic layer → SEMANTIC_MODEL, METRIC and SAVED_QUERY assets with the
 * definitions a dbt ≥ 1.6 manifest gives them (semantic/definition.ts), and what each depends on
 * as dbt declares it: a semantic model on its model, a metric on the semantic models of its
 * measures and on its input metrics, a saved query on its metrics.
 */
import type { Diagnostic } from "../../diagnostic.js";
import { blankAsset, tagSet, textOrNull } from "../assetDefaults.js";
import { mergeOwners, ownersFromValue } from "../owners.js";
import {
  blankMetricDefinition,
  type MeasureUse,
  type MetricDefinition,
  type MetricUse,
  type SavedQueryDefinition,
  type SemanticModelDefinition,
  uniqueUses,
} from "../semantic/definition.js";
import { constantPropertiesOf, nonAdditiveDimensionOf, percentileOf } from "../semantic/measureParameters.js";
import { semanticModelColumns } from "../semantic/semanticColumns.js";
import type { SnapshotAsset } from "../snapshot.js";
import type { NativeManifest, NativeOwner, NativeSemanticMetric } from "./nativeManifestSchema.js";
import { metricId } from "./nativeMetrics.js";

type MeasureRef = NonNullable<NativeSemanticMetric["measure"]>;
type MetricRef = NonNullable<NativeSemanticMetric["numerator"]>;

export interface SemanticDeclared {
  uniqueId: string;
  /** A semantic model's model, as written. */
  references: string[];
  path: string;
  /** Semantic models and metrics, by unique id. */
  parentIds: string[];
  inputsPath: string;
}

export const semanticModelId = (project: string, name: string): string => `semantic_model.${project}.${name}`;
export const savedQueryId = (project: string, name: string): string => `saved_query.${project}.${name}`;

interface Common {
  name: string;
  description?: string | undefined;
  owners?: readonly unknown[] | undefined;
  tags?: string[] | undefined;
  meta?: Record<string, unknown> | undefined;
  group?: string | undefined;
}

export function semanticAssets(
  manifest: NativeManifest,
  groupOwners: ReadonlyMap<string, NativeOwner | undefined>,
  diagnostics: Diagnostic[],
): { assets: SnapshotAsset[]; declared: SemanticDeclared[] } {
  const project = manifest.project;
  const assets: SnapshotAsset[] = [];
  const declared: SemanticDeclared[] = [];
  const common = (id: string, entry: Common, kind: SnapshotAsset["kind"]): SnapshotAsset => {
    const asset = blankAsset(id, entry.name, kind);
    asset.packageName = project;
    // As from a dbt manifest: metrics and semantic models face the business, on top of the marts.
    asset.layer = kind === "SAVED_QUERY" ? null : "MART";
    asset.description = textOrNull(entry.description);
    const groupOwner = entry.group === undefined ? undefined : groupOwners.get(entry.group);
    asset.owners = mergeOwners([...(entry.owners ?? []), ...(groupOwner ? [groupOwner] : [])].flatMap((owner) => ownersFromValue(owner)));
    asset.tags = tagSet(entry.tags);
    asset.meta = entry.meta ?? {};
    asset.groupName = entry.group ?? null;
    return asset;
  };

  const modelOfMeasure = new Map<string, string>();
  manifest.semantic_models.forEach((model, index) => {
    const asset = common(semanticModelId(project, model.name), model, "SEMANTIC_MODEL");
    const definition: SemanticModelDefinition = {
      definitionKind: "semantic_model",
      model: /^\s*ref\(/.test(model.model) ? model.model : `ref('${model.model}')`,
      aggTimeDimension: model.agg_time_dimension ?? null,
      primaryEntity: model.primary_entity ?? null,
      entities: model.entities.map((e) => ({ name: e.name, type: e.type, expr: e.expr ?? null, description: textOrNull(e.description) })),
      dimensions: model.dimensions.map((d) => ({ name: d.name, type: d.type, expr: d.expr ?? null, description: textOrNull(d.description), timeGranularity: d.time_granularity ?? null })),
      measures: model.measures.map((m) => ({
        name: m.name,
        agg: m.agg,
        expr: m.expr ?? null,
        description: textOrNull(m.description),
        aggTimeDimension: m.agg_time_dimension ?? null,
        percentile: percentileOf(m.agg_params),
        nonAdditiveDimension: nonAdditiveDimensionOf(m.non_additive_dimension),
      })),
    };
    asset.definition = definition;
    asset.columns = semanticModelColumns(definition);
    for (const measure of model.measures) if (!modelOfMeasure.has(measure.name)) modelOfMeasure.set(measure.name, asset.uniqueId);
    assets.push(asset);
    declared.push({ uniqueId: asset.uniqueId, references: [model.model], path: `$.semantic_models[${index}].model`, parentIds: [], inputsPath: "" });
  });

  const byName = new Map(manifest.semantic_metrics.map((m) => [m.name, m]));
  manifest.semantic_metrics.forEach((metric, index) => {
    const asset = common(metricId(project, metric.name), metric, "METRIC");
    asset.subtype = metric.type;
    const definition = metricDefinition(metric, byName);
    asset.definition = definition;
    assets.push(asset);
    // As dbt declares it: the semantic models of the metric's own measures; those of its inputs' through the inputs.
    const own = metric.measure ? [measureUse(metric.measure)] : [];
    const measures = [...own, ...(definition.conversion ? [definition.conversion.baseMeasure!, definition.conversion.conversionMeasure!] : [])];
    const models = new Set<string>();
    for (const measure of measures) {
      const model = modelOfMeasure.get(measure.name);
      if (model) models.add(model);
      else {
        diagnostics.push({ code: "UNKNOWN_MEASURE", severity: "warning", message: `Measure ${measure.name} is in no semantic model of this manifest.`, path: `$.semantic_metrics[${index}]`, uniqueId: asset.uniqueId });
      }
    }
    const inputs = definition.inputMetrics.map((input) => metricId(project, input.name));
    declared.push({ uniqueId: asset.uniqueId, references: [], path: `$.semantic_metrics[${index}]`, parentIds: [...models, ...new Set(inputs)], inputsPath: `$.semantic_metrics[${index}].inputs` });
  });

  manifest.saved_queries.forEach((query, index) => {
    const asset = common(savedQueryId(project, query.name), query, "SAVED_QUERY");
    const definition: SavedQueryDefinition = {
      definitionKind: "saved_query",
      label: query.label ?? null,
      metrics: query.metrics,
      groupBy: query.group_by ?? [],
      where: query.where ?? [],
      exports: (query.exports ?? []).map((e) => ({ name: e.name, exportAs: e.export_as ?? null, schema: e.schema ?? null, alias: e.alias ?? null })),
    };
    asset.definition = definition;
    assets.push(asset);
    declared.push({ uniqueId: asset.uniqueId, references: [], path: `$.saved_queries[${index}]`, parentIds: query.metrics.map((name) => metricId(project, name)), inputsPath: `$.saved_queries[${index}].metrics` });
  });
  return { assets, declared };
}

function metricDefinition(metric: NativeSemanticMetric, byName: ReadonlyMap<string, NativeSemanticMetric>): MetricDefinition {
  const definition = blankMetricDefinition("semantic");
  definition.type = metric.type;
  definition.label = metric.label ?? null;
  definition.filters = metric.filters ?? [];
  definition.timeGranularity = metric.time_granularity ?? null;
  definition.window = metric.window ?? null;
  definition.grainToDate = metric.grain_to_date ?? null;
  definition.expression = metric.expression ?? null;
  const inputs: MetricUse[] = [];
  if (metric.numerator) inputs.push(metricUse(metric.numerator, "numerator"));
  if (metric.denominator) inputs.push(metricUse(metric.denominator, "denominator"));
  for (const input of metric.metrics ?? []) inputs.push(metricUse(input, null));
  definition.inputMetrics = inputs;
  // As dbt's input_measures: the metric's own measure first, then those its inputs read in the end.
  definition.measures = uniqueUses([...(metric.measure ? [measureUse(metric.measure)] : []), ...inputs.flatMap((input) => inputMeasures(input.name, byName, new Set([metric.name])))]);
  const conversion = metric.conversion;
  definition.conversion = conversion
    ? { entity: conversion.entity, calculation: conversion.calculation ?? "conversion_rate", baseMeasure: measureUse(conversion.base_measure), conversionMeasure: measureUse(conversion.conversion_measure), window: conversion.window ?? null, constantProperties: constantPropertiesOf(conversion.constant_properties) }
    : null;
  if (definition.conversion) definition.measures = uniqueUses([...definition.measures, definition.conversion.baseMeasure!, definition.conversion.conversionMeasure!]);
  return definition;
}

function inputMeasures(name: string, byName: ReadonlyMap<string, NativeSemanticMetric>, visiting: Set<string>): MeasureUse[] {
  const metric = byName.get(name);
  if (!metric || visiting.has(name)) return [];
  visiting.add(name);
  const refs = [metric.numerator, metric.denominator, ...(metric.metrics ?? [])].filter((ref): ref is MetricRef => ref !== undefined);
  return [...(metric.measure ? [{ ...measureUse(metric.measure), filters: [] }] : []), ...refs.flatMap((ref) => inputMeasures(refName(ref), byName, visiting))];
}

function measureUse(ref: MeasureRef): MeasureUse {
  return typeof ref === "string" ? { name: ref, filters: [], alias: null } : { name: ref.name, filters: ref.filters ?? [], alias: ref.alias ?? null };
}

function metricUse(ref: MetricRef, role: string | null): MetricUse {
  if (typeof ref === "string") return { name: ref, filters: [], alias: null, offset: null, role };
  return { name: ref.name, filters: ref.filters ?? [], alias: ref.alias ?? null, offset: ref.offset ?? null, role };
}

const refName = (ref: MetricRef): string => (typeof ref === "string" ? ref : ref.name);
