/**
 * The tenant's documentation standard per layer (policy `documentationCoverage`): a layer whose
 * documented models or columns fall below the minimum raises DOCUMENTATION_COVERAGE_BELOW_MINIMUM.
 * The finding names the layer (`assetUniqueId` is `layer:<LAYER>`), since no one model is at fault.
 */
import type { LayerCoverage } from "./coverage.js";
import type { ChangePolicy } from "./policy.js";
import type { PolicyFinding } from "./policyFindings.js";

export type CoverageDraft = Omit<PolicyFinding, "severity" | "blocking">;

export function coverageFindings(coverage: readonly LayerCoverage[], policy: ChangePolicy): CoverageDraft[] {
  const drafts: CoverageDraft[] = [];
  for (const layer of coverage) {
    const minimum = policy.documentationCoverage[layer.layer];
    if (minimum === undefined) continue;
    const short = [
      ...(layer.documentedModelsPct !== null && layer.documentedModelsPct < minimum ? [`${layer.documentedModelsPct} % of models`] : []),
      ...(layer.documentedColumnsPct !== null && layer.documentedColumnsPct < minimum ? [`${layer.documentedColumnsPct} % of columns`] : []),
    ];
    if (short.length === 0) continue;
    drafts.push({
      code: "DOCUMENTATION_COVERAGE_BELOW_MINIMUM",
      assetUniqueId: `layer:${layer.layer}`,
      message: `The ${layer.layer.toLowerCase()} layer documents ${short.join(" and ")}; the tenant requires ${minimum} %.`,
    });
  }
  return drafts;
}
