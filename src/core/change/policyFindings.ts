/**
 * The field's rules, checked on every post:
 *
 * - staging models need `unique` and `not_null` tests on their primary key (primaryKey.ts);
 * - marts need those plus at least one other test (any test that is not one of the key checks);
 * - marts need a description on the model and on every column.
 *
 * Findings are reported for every model; a finding blocks only when the tenant lists its code
 * as blocking and, under `enforceOn: CHANGED_ASSETS`, the post adds or changes that model.
 */
import type { DefinitionConflict } from "../definitions/conflicts.js";
import type { CatalogSnapshot, SnapshotAsset, SnapshotTest } from "../manifest/snapshot.js";
import type { LayerCoverage } from "./coverage.js";
import { coverageFindings } from "./coverageFindings.js";
import { definitionConflictFindings } from "./definitionFindings.js";
import type { FindingCode } from "./findingCodes.js";
import type { ChangePolicy } from "./policy.js";
import { findPrimaryKey, isKeyTest, keyTestCoverage } from "./primaryKey.js";
import { testsByAsset } from "./testTarget.js";
import { normalizedText } from "./text.js";

export interface PolicyFinding {
  code: FindingCode;
  severity: "error" | "warning";
  blocking: boolean;
  assetUniqueId: string;
  message: string;
  columnNames?: string[];
}

export interface PolicyEvaluationOptions {
  /** Assets this post adds or modifies; when omitted every asset counts as changed. */
  changedAssets?: ReadonlySet<string>;
  /** Conflicting definitions this post introduces (always in scope: the post caused them). */
  newConflicts?: readonly DefinitionConflict[];
  /** The project posted to (its definitions' project in newConflicts). */
  project?: string;
  /** Documentation coverage per layer after the post, checked against the tenant's minimums. */
  coverage?: readonly LayerCoverage[];
}

type Draft = Omit<PolicyFinding, "severity" | "blocking">;

export function evaluatePolicies(
  snapshot: CatalogSnapshot,
  policy: ChangePolicy,
  options: PolicyEvaluationOptions = {},
): PolicyFinding[] {
  const tests = testsByAsset(snapshot);
  const drafts: Draft[] = [];
  for (const asset of snapshot.assets) {
    if (asset.kind !== "MODEL") continue;
    if (asset.layer === "STAGING") drafts.push(...keyFindings(asset, tests.get(asset.uniqueId) ?? [], "Staging"));
    if (asset.layer === "MART") drafts.push(...martFindings(asset, tests.get(asset.uniqueId) ?? []));
  }
  const caused = new Set<Draft>(definitionConflictFindings(options.newConflicts ?? [], options.project ?? snapshot.projectName ?? ""));
  for (const draft of coverageFindings(options.coverage ?? [], policy)) {
    // A layer's coverage is the post's doing when the post changed a model of that layer.
    const layer = draft.assetUniqueId.slice("layer:".length);
    if (snapshot.assets.some((a) => a.layer === layer && (options.changedAssets === undefined || options.changedAssets.has(a.uniqueId)))) caused.add(draft);
    else drafts.push(draft);
  }
  drafts.push(...caused);
  const blockingCodes = new Set<FindingCode>(policy.findings.blocking);
  const inScope = (draft: Draft): boolean =>
    caused.has(draft) || policy.findings.enforceOn === "ALL_ASSETS" || options.changedAssets === undefined || options.changedAssets.has(draft.assetUniqueId);
  return drafts
    .map((draft) => {
      const blocking = blockingCodes.has(draft.code) && inScope(draft);
      return { ...draft, severity: blocking ? ("error" as const) : ("warning" as const), blocking };
    })
    .sort((a, b) => (a.assetUniqueId < b.assetUniqueId ? -1 : a.assetUniqueId > b.assetUniqueId ? 1 : a.code < b.code ? -1 : 1));
}

function keyFindings(asset: SnapshotAsset, tests: readonly SnapshotTest[], layerName: string): Draft[] {
  const what = `${layerName} model ${asset.name}`;
  const key = findPrimaryKey(asset, tests);
  if (key === null) {
    return [
      {
        code: "PRIMARY_KEY_NOT_FOUND",
        assetUniqueId: asset.uniqueId,
        message: `${what} has no identifiable primary key: add unique and not_null tests to its key column.`,
      },
    ];
  }
  const coverage = keyTestCoverage(asset, tests, key);
  const missing = [
    ...(coverage.missingUnique ? ["a unique test"] : []),
    ...(coverage.missingNotNull.length === key.columns.length
      ? ["a not_null test"]
      : coverage.missingNotNull.length > 0
        ? [`a not_null test on ${coverage.missingNotNull.join(", ")}`]
        : []),
  ];
  if (missing.length === 0) return [];
  return [
    {
      code: "PRIMARY_KEY_NOT_TESTED",
      assetUniqueId: asset.uniqueId,
      columnNames: key.columns,
      message: `${what} lacks ${missing.join(" and ")} for its primary key ${key.columns.join(", ")}.`,
    },
  ];
}

function martFindings(asset: SnapshotAsset, tests: readonly SnapshotTest[]): Draft[] {
  const drafts = keyFindings(asset, tests, "Mart");
  const key = findPrimaryKey(asset, tests);
  if (!tests.some((t) => !isKeyTest(t, key))) {
    drafts.push({
      code: "MART_BUSINESS_TEST_MISSING",
      assetUniqueId: asset.uniqueId,
      message: `Mart model ${asset.name} has no test beyond its primary key checks: add one that checks a business rule.`,
    });
  }
  if (normalizedText(asset.description) === "") {
    drafts.push({
      code: "MART_DESCRIPTION_MISSING",
      assetUniqueId: asset.uniqueId,
      message: `Mart model ${asset.name} has no description.`,
    });
  }
  const undocumented = asset.columns.filter((c) => normalizedText(c.description) === "").map((c) => c.name);
  if (undocumented.length > 0) {
    drafts.push({
      code: "MART_COLUMN_DESCRIPTION_MISSING",
      assetUniqueId: asset.uniqueId,
      columnNames: undocumented,
      message: `Mart model ${asset.name} has ${undocumented.length} undocumented column${undocumented.length === 1 ? "" : "s"}: ${undocumented.join(", ")}.`,
    });
  }
  return drafts;
}
