/**
 * How much SQL-inferred lineage the real dbt fixtures get: per project, how many models have
 * inferred table edges and how many have upstream column lineage (a column edge or a row
 * dependency into one of their columns). Pure core, no database.
 *
 *   npx tsx bench/dbtLineageCoverage.ts [fixture dir …]   (default: the three real fixtures in tests/fixtures/dbt)
 *   NO_CATALOG=1 …   the same without catalog.json (columns only where the YAML documents them)
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { hasAnalysableSql, inferDependencies } from "../src/core/inference/inferDependencies.js";
import { inferMissingColumns } from "../src/core/inference/inferColumns.js";
import { RelationResolver } from "../src/core/inference/relationResolver.js";
import { parseManifest } from "../src/core/manifest/index.js";
import { parseDialect } from "../src/core/sql/index.js";
import { fixturePath } from "../tests/support/fixtures.js";

const dirs = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ["fivetran_hubspot", "fivetran_jira_v4_bigquery", "jaffle_shop_duckdb/base"].map((d) => fixturePath(d));

for (const dir of dirs) {
  const read = (file: string) => (existsSync(path.join(dir, file)) ? JSON.parse(readFileSync(path.join(dir, file), "utf8")) : undefined);
  const parsed = parseManifest({ manifest: read("manifest.json"), catalog: process.env.NO_CATALOG ? undefined : read("catalog.json") });
  if (!parsed.ok) throw new Error(parsed.error.message);
  const snapshot = parsed.snapshot;
  const withoutColumns = snapshot.assets.filter((a) => a.kind === "MODEL" && hasAnalysableSql(a) && a.columns.length === 0).length;
  const started = performance.now();
  inferMissingColumns(snapshot);
  const assets = new Map(snapshot.assets.map((a) => [a.uniqueId, a]));
  const parents = new Map<string, Set<string>>();
  for (const edge of snapshot.edges) parents.set(edge.to, (parents.get(edge.to) ?? new Set()).add(edge.from));
  const resolver = new RelationResolver(snapshot.assets, parseDialect(snapshot.adapter));
  const dialect = parseDialect(snapshot.adapter);
  let models = 0, withTableEdges = 0, withColumnLineage = 0, inferred = 0;
  for (const asset of snapshot.assets) {
    if (asset.kind !== "MODEL" || !hasAnalysableSql(asset)) continue;
    models++;
    if (asset.columns.some((c) => c.inferred)) inferred++;
    const found = inferDependencies(asset, { resolver, dialect, assets, declaredParents: parents.get(asset.uniqueId) ?? new Set() });
    if (found.upstream.length > 0) withTableEdges++;
    if (found.columnEdges.length + found.rowDependencies.length > 0) withColumnLineage++;
  }
  const ms = (performance.now() - started).toFixed(0);
  console.log(`${path.relative(fixturePath(), dir).padEnd(28)} models ${models}  with inferred table edges ${withTableEdges}  with upstream column lineage ${withColumnLineage}  without columns ${withoutColumns}, inferred for ${inferred}  (${ms} ms)`);
}
