/**
 * A metric, semantic model or saved query whose definition changed: same name, different
 * numbers. Compared only when both sides have a definition, so assets stored before
 * definitions were read do not all show as changed on the first post that reads them.
 */
import { sortedKeys } from "../canonicalJson.js";
import { metricFormula } from "../metrics/formula.js";
import type { AssetDefinition, SemanticModelDefinition } from "../manifest/semantic/definition.js";
import type { SnapshotAsset } from "../manifest/snapshot.js";
import { createChange, type Change } from "./change.js";
import { assetLabel, capitalize } from "./text.js";

export function diffDefinition(before: SnapshotAsset, after: SnapshotAsset): Change[] {
  const was = before.definition;
  const now = after.definition;
  if (!was || !now || was.definitionKind === "exposure" || same(was, now)) return [];
  return [
    createChange({
      reasonCode: "DEFINITION_CHANGED",
      assetUniqueId: after.uniqueId,
      message: `${capitalize(assetLabel(after))} is defined differently: ${whatChanged(was, now)}.`,
      before: { definition: was },
      after: { definition: now },
    }),
  ];
}

function same(a: AssetDefinition, b: AssetDefinition): boolean {
  return JSON.stringify(sortedKeys(a)) === JSON.stringify(sortedKeys(b));
}

function whatChanged(was: AssetDefinition, now: AssetDefinition): string {
  if (was.definitionKind === "metric" && now.definitionKind === "metric") {
    const noMeasures = () => undefined;
    const before = metricFormula(was, noMeasures);
    const after = metricFormula(now, noMeasures);
    return before === after ? "its measures, inputs or options changed" : `formula ${after} (was ${before})`;
  }
  if (was.definitionKind === "semantic_model" && now.definitionKind === "semantic_model") {
    const changed = changedParts(was, now);
    return changed.length > 0 ? changed.join("; ") : "its defaults changed";
  }
  return "its query or exports changed";
}

/** "measure order_total: sum(amount) → sum(amount_net)" for each part whose aggregation or expression moved. */
function changedParts(was: SemanticModelDefinition, now: SemanticModelDefinition): string[] {
  const text = (part: { expr: string | null; agg?: string | null; name: string }) =>
    part.agg ? `${part.agg}(${part.expr ?? part.name})` : (part.expr ?? part.name);
  const parts = (d: SemanticModelDefinition) =>
    new Map<string, string>([
      ...d.entities.map((e) => [`entity ${e.name}`, text(e)] as const),
      ...d.dimensions.map((x) => [`dimension ${x.name}`, text(x)] as const),
      ...d.measures.map((m) => [`measure ${m.name}`, text(m)] as const),
    ]);
  const before = parts(was);
  const after = parts(now);
  const out: string[] = [];
  for (const [name, value] of after) {
    const old = before.get(name);
    if (old !== undefined && old !== value) out.push(`${name}: ${value} (was ${old})`);
  }
  return out;
}
