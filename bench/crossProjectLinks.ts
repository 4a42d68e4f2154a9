/**
 * What cross-project linking adds to building a tenant's lineage graph: crossProjectEdges over
 * N projects of M models and sources each, every project reading every other's marts through
 * sources (relation links) and Mesh refs. Pure core, no database.
 *
 *   npx tsx bench/crossProjectLinks.ts [--projects 3] [--assets 7000]
 */
import { Command } from "commander";
import { crossProjectEdges, type LinkableAsset, type MeshDependencyRow } from "../src/core/lineage/index.js";

const options = new Command()
  .option("--projects <n>", "projects in the tenant", "3")
  .option("--assets <n>", "models per project", "7000")
  .parse()
  .opts<{ projects: string; assets: string }>();
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
