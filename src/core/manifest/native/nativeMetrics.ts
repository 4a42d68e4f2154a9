/** A native manifest's metric → a METRIC asset whose definition reads like a dbt ≤ 1.5 metric's: an aggregation over a model. */
import { blankAsset, tagSet, textOrNull } from "../assetDefaults.js";
import { mergeOwners, ownersFromValue } from "../owners.js";
import { blankMetricDefinition } from "../semantic/definition.js";
import type { SnapshotAsset } from "../snapshot.js";
import type { NativeMetric } from "./nativeManifestSchema.js";

export const metricId = (project: string, name: string): string => `metric.${project}.${name}`;

export function metricAsset(metric: NativeMetric, project: string): SnapshotAsset {
  const asset = blankAsset(metricId(project, metric.name), metric.name, "METRIC");
  asset.packageName = project;
  asset.layer = "MART";
  asset.subtype = metric.aggregation;
  asset.description = textOrNull(metric.description);
  asset.owners = mergeOwners((metric.owners ?? []).flatMap((owner) => ownersFromValue(owner)));
  asset.tags = tagSet(metric.tags);
  asset.meta = metric.meta ?? {};
  const definition = blankMetricDefinition("legacy");
  definition.type = metric.aggregation;
  definition.aggregation = metric.aggregation;
  definition.label = metric.label ?? null;
  definition.expression = metric.expression;
  definition.model = metric.model ?? null;
  definition.timestamp = metric.timestamp ?? null;
  definition.timeGrains = metric.time_grains ?? [];
  definition.dimensions = metric.dimensions ?? [];
  definition.filters = metric.filters ?? [];
  definition.window = metric.window ?? null;
  definition.inputMetrics = (metric.metrics ?? []).map((name) => ({ name, filters: [], alias: null, offset: null, role: null }));
  asset.definition = definition;
  return asset;
}
