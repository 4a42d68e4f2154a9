/**
 * Documentation and test coverage of the models in each layer, and how a post moves it.
 * Percentages have one decimal; they are null when the layer has nothing to measure.
 */
import { LAYERS, type CatalogSnapshot, type Layer } from "../manifest/snapshot.js";
import { testedColumnsOf, testsByAsset } from "./testTarget.js";
import { normalizedText } from "./text.js";

export interface LayerCoverage {
  layer: Layer;
  models: number;
  documentedModels: number;
  modelsWithTests: number;
  columns: number;
  documentedColumns: number;
  testedColumns: number;
  documentedModelsPct: number | null;
  modelsWithTestsPct: number | null;
  documentedColumnsPct: number | null;
  testedColumnsPct: number | null;
}

export type CoveragePercent = "documentedModelsPct" | "modelsWithTestsPct" | "documentedColumnsPct" | "testedColumnsPct";

export interface LayerCoverageChange {
  layer: Layer;
  before: LayerCoverage | null;
  after: LayerCoverage;
  /** Percentage points gained (positive) or lost (negative); null when either side has no value. */
  delta: Record<CoveragePercent, number | null>;
}

export function coverageByLayer(snapshot: CatalogSnapshot): LayerCoverage[] {
  const tests = testsByAsset(snapshot);
  const counts = new Map<Layer, Omit<LayerCoverage, CoveragePercent>>(
    LAYERS.map((layer) => [
      layer,
      { layer, models: 0, documentedModels: 0, modelsWithTests: 0, columns: 0, documentedColumns: 0, testedColumns: 0 },
    ]),
  );
  for (const asset of snapshot.assets) {
    if (asset.kind !== "MODEL" || asset.layer === null) continue;
    const entry = counts.get(asset.layer);
    if (entry === undefined) continue;
    const assetTests = tests.get(asset.uniqueId) ?? [];
    const tested = new Set(assetTests.flatMap(testedColumnsOf));
    entry.models += 1;
    if (normalizedText(asset.description) !== "") entry.documentedModels += 1;
    if (assetTests.length > 0) entry.modelsWithTests += 1;
    entry.columns += asset.columns.length;
    entry.documentedColumns += asset.columns.filter((c) => normalizedText(c.description) !== "").length;
    entry.testedColumns += asset.columns.filter((c) => tested.has(c.name.toLowerCase())).length;
  }
  return [...counts.values()].map((c) => ({
    ...c,
    documentedModelsPct: percent(c.documentedModels, c.models),
    modelsWithTestsPct: percent(c.modelsWithTests, c.models),
    documentedColumnsPct: percent(c.documentedColumns, c.columns),
    testedColumnsPct: percent(c.testedColumns, c.columns),
  }));
}

export function coverageChange(current: CatalogSnapshot | null, next: CatalogSnapshot): LayerCoverageChange[] {
  const before = new Map((current === null ? [] : coverageByLayer(current)).map((c) => [c.layer, c]));
  return coverageByLayer(next).map((after) => {
    const was = before.get(after.layer) ?? null;
    const delta = (key: CoveragePercent): number | null => {
      const a = after[key];
      const b = was?.[key] ?? null;
      return a === null || b === null ? null : Math.round((a - b) * 10) / 10;
    };
    return {
      layer: after.layer,
      before: was,
      after,
      delta: {
        documentedModelsPct: delta("documentedModelsPct"),
        modelsWithTestsPct: delta("modelsWithTestsPct"),
        documentedColumnsPct: delta("documentedColumnsPct"),
        testedColumnsPct: delta("testedColumnsPct"),
      },
    };
  });
}

function percent(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.round((part / whole) * 1000) / 10;
}
