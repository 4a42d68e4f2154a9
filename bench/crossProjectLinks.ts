/**
 * What cross-project linking adds to building a tenant's lineage graph: crossProjectEdges over
 * N projects of M models and sources each, every project reading every other's marts through
 * sources (relation links) and Mesh refs. Pure core, no database.
 *
 * Then resolving the relations models read for another project's columns (resolveRelationReads):
 * each Mesh child reads its parent's relation (compiled SQL), a model of each project reads each
 * of its sources' relations (sources that list no columns), and every model reads one raw
 * relation that no project builds (a column-less raw source), which must stay unresolved.
 *
 * Then what merging OpenLineage datasets adds (core/openlineage/datasetIdentity.ts): D datasets,
 * half naming a model's relation (Snowflake namespace), a quarter storage paths whose `symlinks`
 * name a table, the rest names of their own.
 *
 *   npx tsx bench/crossProjectLinks.ts [--projects 3] [--assets 7000] [--datasets 10000]
 */
import { Command } from "commander";
import { crossProjectEdges, resolveRelationReads, type LinkableAsset, type MeshDependencyRow, type RelationReadRow } from "../src/core/lineage/index.js";
import { datasetIdentity, type DatasetSymlinkRow, type IdentityDataset } from "../src/core/openlineage/datasetIdentity.js";

const options = new Command()
  .option("--projects <n>", "projects in the tenant", "3")
  .option("--assets <n>", "models per project", "7000")
  .option("--datasets <n>", "OpenLineage datasets", "10000")
  .parse()
  .opts<{ projects: string; assets: string; datasets: string }>();
const projects = Number(options.projects);
const perProject = Number(options.assets);

const assets: LinkableAsset[] = [];
const mesh: MeshDependencyRow[] = [];
for (let p = 0; p < projects; p++) {
  for (let m = 0; m < perProject; m++) {
    const name = `model_${m}`;
    assets.push({ id: `p${p}m${m}`, projectId: `p${p}`, uniqueId: `model.p${p}.${name}`, kind: "MODEL", name, database: null, schema: null, relationName: `ANALYTICS.P${p}.${name.toUpperCase()}`, adapter: "snowflake" });
  }
  // Each project reads 1% of every other project's models through sources, and 1% through Mesh refs.
  for (let other = 0; other < projects; other++) {
    if (other === p) continue;
    for (let m = 0; m < perProject; m += 100) {
      assets.push({ id: `p${p}s${other}_${m}`, projectId: `p${p}`, uniqueId: `source.p${p}.p${other}.model_${m}`, kind: "SOURCE", name: `model_${m}`, database: null, schema: null, relationName: `analytics.p${other}.model_${m}`, adapter: "snowflake" });
      mesh.push({ assetId: `p${p}m${m + 1}`, parentUniqueId: `model.p${other}.model_${m + 1}` });
    }
  }
}

const times: number[] = [];
let links = { relations: 0, mesh: 0 };
for (let run = 0; run < 7; run++) {
  const start = performance.now();
  const edges = crossProjectEdges(assets, mesh);
  times.push(performance.now() - start);
  links = { relations: edges.relations.length, mesh: edges.mesh.length };
}
times.sort((a, b) => a - b);
console.log(`crossProjectEdges: ${projects} projects, ${assets.length} assets, ${mesh.length} Mesh refs → ${links.relations} relation links, ${links.mesh} Mesh links`);
console.log(`  median ${times[3]!.toFixed(1)} ms, max ${times[6]!.toFixed(1)} ms (7 runs)`);

const reads: RelationReadRow[] = [];
for (const { assetId, parentUniqueId } of mesh) {
  const [, project, name] = parentUniqueId.split(".");
  reads.push({ assetId, parentRelation: `ANALYTICS.${project!.toUpperCase()}.${name!.toUpperCase()}` });
}
for (const asset of assets) {
  if (asset.kind === "SOURCE") reads.push({ assetId: asset.id.replace(/s.*$/, "m0"), parentRelation: asset.relationName!.toUpperCase() });
  else reads.push({ assetId: asset.id, parentRelation: `RAW.${asset.projectId.toUpperCase()}.${asset.name.toUpperCase()}` });
}
const edges = crossProjectEdges(assets, mesh);
const readTimes: number[] = [];
let resolved = 0;
for (let run = 0; run < 7; run++) {
  const start = performance.now();
  resolved = resolveRelationReads(assets, edges, reads).length;
  readTimes.push(performance.now() - start);
}
readTimes.sort((a, b) => a - b);
console.log(`resolveRelationReads: ${reads.length} relation reads → ${resolved} resolved`);
console.log(`  median ${readTimes[3]!.toFixed(1)} ms, max ${readTimes[6]!.toFixed(1)} ms (7 runs)`);

const datasets: IdentityDataset[] = [];
const symlinks: DatasetSymlinkRow[] = [];
const datasetCount = Number(options.datasets);
for (let d = 0; d < datasetCount; d++) {
  const p = d % projects;
  const m = Math.floor(d / projects) % perProject;
  if (d % 4 < 2) datasets.push({ assetId: `d${d}`, namespace: "snowflake://acme", name: `analytics.p${p}.model_${m}` });
  else if (d % 4 === 2) {
    datasets.push({ assetId: `d${d}`, namespace: "s3://lake", name: `tables/t${d}` });
    symlinks.push({ namespace: "s3://lake", name: `tables/t${d}`, targetNamespace: "hive://metastore:9083", targetName: `lake.t${d}` });
  } else datasets.push({ assetId: `d${d}`, namespace: "kafka://broker:9092", name: `topic_${d}` });
}
const identityTimes: number[] = [];
let merged = 0;
for (let run = 0; run < 7; run++) {
  const start = performance.now();
  merged = datasetIdentity({ datasets, symlinks, dbtAssets: assets, mappings: [] }).aliases.size;
  identityTimes.push(performance.now() - start);
}
identityTimes.sort((a, b) => a - b);
console.log(`datasetIdentity: ${datasets.length} datasets, ${symlinks.length} symlinks, ${assets.length} dbt assets → ${merged} merged`);
console.log(`  median ${identityTimes[3]!.toFixed(1)} ms, max ${identityTimes[6]!.toFixed(1)} ms (7 runs)`);
