/**
 * Time to compute a change request through the real ingest service: a 2k-model project is
 * applied, then a pull request that edits ~5% of the models (SQL of some, a removed column on
 * some marts) is proposed. Printed: propose time (diff, scope, impact, approvers, findings,
 * notifications, all in its transaction) against the first apply, on PGlite.
 *
 *   npx tsx bench/changeRequest.ts [--models 2000]
 */
import { Command } from "commander";
import { migrate, openEmbeddedDatabase } from "../src/db/database.js";
import { ingestManifest } from "../src/services/ingest/ingestManifest.js";
import { createTenant, operatorContext } from "../src/services/tenants.js";
import { generateDbtManifest } from "./generate/dbtManifest.js";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const { models } = new Command("bench/changeRequest.ts").option("--models <n>", "models in the project", Number, 2000).parse().opts<{ models: number }>();
const db = await openEmbeddedDatabase();
await migrate(db);
await createTenant(db.prisma, { slug: "bench" });
const ctx = await operatorContext(db.prisma, "bench");

const base = generateDbtManifest({ models }) as Json;
const time = async <T>(work: () => Promise<T>): Promise<[T, number]> => {
  const started = performance.now();
  const result = await work();
  return [result, performance.now() - started];
};

const [, applyMs] = await time(() => ingestManifest(ctx, { project: "big", mode: "apply", branch: "main", manifest: base }));

const pr = structuredClone(base);
const modelIds = Object.keys(pr.nodes).filter((id) => pr.nodes[id].resource_type === "model");
let edited = 0;
let dropped = 0;
modelIds.forEach((id, i) => {
  if (i % 20 !== 0) return;
  const node = pr.nodes[id];
  node.raw_code = `${node.raw_code}\n-- tuned\nwhere 1 = 1`;
  edited += 1;
  const columns = Object.keys(node.columns ?? {});
  if (i % 40 === 0 && columns.length > 1) {
    delete node.columns[columns.at(-1)!];
    dropped += 1;
  }
});

const runs: number[] = [];
let last: Json = {};
for (let i = 0; i < 3; i++) {
  const [result, ms] = await time(() => ingestManifest(ctx, { project: "big", mode: "propose", branch: "feature/tuning", gitSha: `sha${i}`, manifest: pr }));
  runs.push(ms);
  last = result as unknown as Json;
}
await db.close();

console.table([
  { step: `apply ${models} models (first post)`, ms: Math.round(applyMs) },
  ...runs.map((ms, i) => ({ step: `propose PR (${edited} models edited, ${dropped} columns dropped), run ${i + 1}`, ms: Math.round(ms) })),
]);
console.log(`verdict ${last.verdict}; ${last.changes?.headline}; change request ${last.changeRequest?.status}`);
