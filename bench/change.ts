/**
 * How long the pure part of a change request takes on a large project: two snapshots of 2,000
 * models (20 columns, 3 tests and ~1 KB of SQL each), the posted one built into another schema
 * (a pull-request build) with 5 % of the models edited. Also the worst case where every
 * model's SQL differs, so normalizeSql runs on all 4,000 texts.
 *
 *   npx tsx bench/change.ts [--models 2000]
 */
import { performance } from "node:perf_hooks";
import { Command } from "commander";
import {
  assetLayers,
  changeRequestScope,
  coverageChange,
  DEFAULT_CHANGE_POLICY,
  diffSnapshots,
  evaluatePolicies,
  requiredApprovers,
} from "../src/core/change/index.js";
import { blankAsset } from "../src/core/manifest/assetDefaults.js";
import type { CatalogSnapshot, SnapshotAsset, SnapshotTest } from "../src/core/manifest/snapshot.js";

const { models: MODELS } = new Command("bench/change.ts").option("--models <n>", "models in each snapshot", Number, 2000).parse().opts<{ models: number }>();
const COLUMNS = 20;

function buildSnapshot(schema: string, edit: (i: number, asset: SnapshotAsset) => SnapshotAsset): CatalogSnapshot {
  const assets: SnapshotAsset[] = [];
  const tests: SnapshotTest[] = [];
  const edges = [];
  for (let i = 0; i < MODELS; i += 1) {
    const prefix = i % 3 === 0 ? "stg" : i % 3 === 1 ? "int" : "fct";
    const name = `${prefix}_model_${i}`;
    const columns = Array.from({ length: COLUMNS }, (_, c) => ({
      name: c === 0 ? `model_${i}_id` : `column_${c}`,
      dataType: c % 4 === 0 ? "bigint" : c % 4 === 1 ? "varchar" : c % 4 === 2 ? "double" : "date",
      description: c % 2 === 0 ? `Column ${c} of ${name}.` : null,
      position: c + 1,
      tags: [],
      meta: {},
      constraints: [],
    }));
    const upstream = i > 10 ? [`model.bench.${i % 3 === 0 ? "stg" : "int"}_model_${i - 10}`] : [];
    const sql = [
      "with source as (",
      `  select * from {{ ref('upstream_${i}') }}`,
      "),",
      "renamed as (",
      "  select",
      ...columns.map((col, c) => `    ${c === 0 ? "" : ", "}cast(${col.name} as ${col.dataType}) as ${col.name} -- ${col.name}`),
      "  from source",
      "  where deleted_at is null and amount > 0",
      ")",
      "select * from renamed",
    ].join("\n");
    const asset: SnapshotAsset = {
      ...blankAsset(`model.bench.${name}`, name, "MODEL"),
      layer: prefix === "stg" ? "STAGING" : prefix === "int" ? "INTERMEDIATE" : "MART",
      packageName: "bench",
      database: "analytics",
      schema,
      relationName: `"analytics"."${schema}"."${name}"`,
      materialization: "table",
      description: `Model ${i}.`,
      rawSql: sql,
      language: "sql",
      filePath: `models/${name}.sql`,
      tags: ["bench"],
      access: "protected",
      owners: [{ name: null, email: `owner${i % 50}@example.com`, handle: null }],
      columns,
    };
    assets.push(edit(i, asset));
    for (const testType of ["unique", "not_null"]) {
      tests.push({
        uniqueId: `test.bench.${testType}_${name}.${i}`,
        name: `${testType}_${name}`,
        testType,
        namespace: null,
        attachedUniqueId: asset.uniqueId,
        columnName: `model_${i}_id`,
        severity: "ERROR",
        kwargs: { column_name: `model_${i}_id`, model: `{{ get_where_subquery(ref('${name}')) }}` },
        dependsOn: [asset.uniqueId],
      });
    }
    tests.push({
      uniqueId: `test.bench.accepted_values_${name}.${i}`,
      name: `accepted_values_${name}`,
      testType: "accepted_values",
      namespace: null,
      attachedUniqueId: asset.uniqueId,
      columnName: "column_1",
      severity: "ERROR",
      kwargs: { values: ["a", "b", "c"], column_name: "column_1" },
      dependsOn: [asset.uniqueId],
    });
    for (const from of upstream) edges.push({ from, to: asset.uniqueId });
  }
  return { format: "DBT", projectName: "bench", adapter: "postgres", schemaVersion: "v12", assets, tests, edges, runResults: [], diagnostics: [] };
}

function editSome(i: number, asset: SnapshotAsset): SnapshotAsset {
  if (i % 20 !== 0) return asset;
  switch ((i / 20) % 4) {
    case 0:
      return { ...asset, rawSql: `${asset.rawSql}\nlimit 100` };
    case 1:
      return { ...asset, columns: asset.columns.slice(0, -1) };
    case 2:
      return { ...asset, columns: asset.columns.map((c, n) => (n === 3 ? { ...c, name: "column_three" } : c)) };
    default:
      return { ...asset, description: "Edited.", columns: asset.columns.map((c, n) => (n === 2 ? { ...c, dataType: "numeric" } : c)) };
  }
}

function time(label: string, runs: number, work: () => unknown): void {
  work();
  const samples: number[] = [];
  let result: unknown;
  for (let r = 0; r < runs; r += 1) {
    const start = performance.now();
    result = work();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  const median = samples[Math.floor(samples.length / 2)] ?? 0;
  console.log(`${label.padEnd(58)} median ${median.toFixed(1)} ms  (min ${samples[0]?.toFixed(1)}, max ${samples.at(-1)?.toFixed(1)}, ${runs} runs)  ${String(result)}`);
}

const current = buildSnapshot("prod", (_i, a) => a);
const pullRequest = buildSnapshot("dbt_pr_7", editSome);
const allSqlChanged = buildSnapshot("prod", (_i, a) => ({ ...a, rawSql: `${a.rawSql}\n-- v2\nlimit 10` }));
const exposed = new Set(current.assets.filter((_a, i) => i % 7 === 0).map((a) => a.uniqueId));
const owners = new Map(current.assets.map((a) => [a.uniqueId, a.owners.map((o) => o.email ?? "")]));

console.log(`${MODELS} models, ${MODELS * COLUMNS} columns, ${current.tests.length} tests per snapshot`);
time("diffSnapshots (PR build, 5% edited)", 15, () => `${diffSnapshots(current, pullRequest).length} changes`);
time("diffSnapshots (every model's SQL differs)", 7, () => `${diffSnapshots(current, allSqlChanged).length} changes`);
time("diffSnapshots (identical)", 15, () => `${diffSnapshots(current, current).length} changes`);
time("full pure change request (diff+scope+approvers+findings+coverage)", 15, () => {
  const changes = diffSnapshots(current, pullRequest);
  const scope = changeRequestScope({ changes, layers: assetLayers(current, pullRequest), assetsWithDownstreamExposure: exposed, policy: DEFAULT_CHANGE_POLICY });
  const groups = requiredApprovers({ changes: scope.changesNeedingApproval, ownersByAsset: owners, authorOwnerKey: null, policy: DEFAULT_CHANGE_POLICY });
  const findings = evaluatePolicies(pullRequest, DEFAULT_CHANGE_POLICY, { changedAssets: new Set(scope.touchedAssets) });
  coverageChange(current, pullRequest);
  return `${changes.length} changes, ${scope.changesNeedingApproval.length} need approval, ${groups.length} approver groups, ${findings.length} findings`;
});
