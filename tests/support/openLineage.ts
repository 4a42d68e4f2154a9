/**
 * OpenLineage fixtures and a comparable picture of what a tenant holds after taking them.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { PrismaClient } from "../../src/generated/prisma/client.js";

const DIR = join(import.meta.dirname, "../fixtures/openlineage");

export const VALID_FIXTURES = ["airflow_dag", "spark_column_lineage", "dbt_ol_run", "flink_streaming", "out_of_order", "static_events"] as const;

export function openLineageFixture(name: (typeof VALID_FIXTURES)[number]): Record<string, unknown>[] {
  return JSON.parse(readFileSync(join(DIR, `${name}.json`), "utf8")) as Record<string, unknown>[];
}

export function allValidEvents(): Record<string, unknown>[] {
  return VALID_FIXTURES.flatMap((name) => openLineageFixture(name));
}

export function invalidFixtures(): { name: string; expect: { status: number; pointer: string }; event: unknown }[] {
  return readdirSync(join(DIR, "invalid"))
    .filter((file) => file.endsWith(".json"))
    .sort()
    .map((file) => ({ name: file.replace(/\.json$/, ""), ...(JSON.parse(readFileSync(join(DIR, "invalid", file), "utf8")) as { expect: { status: number; pointer: string }; event: unknown }) }));
}

/** A deterministic shuffle (seeded), so a failing order can be replayed. */
export function shuffled<T>(items: readonly T[], seed: number): T[] {
  const copy = [...items];
  let state = seed >>> 0 || 1;
  for (let i = copy.length - 1; i > 0; i--) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    const j = state % (i + 1);
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

/** Everything OpenLineage intake wrote for a tenant, without arrival times: equal for equal histories. */
export async function openLineageState(prisma: PrismaClient, tenantId: string) {
  const where = { tenantId };
  const [events, jobs, datasets, edges, runs, facets] = await Promise.all([
    prisma.openLineageEvent.findMany({ where, select: { eventHash: true, kind: true, eventType: true, eventTime: true, runId: true, flags: true }, orderBy: { eventHash: "asc" } }),
    prisma.openLineageJob.findMany({ where, select: { namespace: true, name: true }, orderBy: [{ namespace: "asc" }, { name: "asc" }] }),
    prisma.openLineageDataset.findMany({ where, select: { namespace: true, name: true }, orderBy: [{ namespace: "asc" }, { name: "asc" }] }),
    prisma.openLineageJobDataset.findMany({ where, omit: { tenantId: true }, orderBy: [{ jobNamespace: "asc" }, { jobName: "asc" }, { direction: "asc" }, { datasetNamespace: "asc" }, { datasetName: "asc" }] }),
    prisma.openLineageRun.findMany({ where, omit: { tenantId: true }, orderBy: { runId: "asc" } }),
    prisma.openLineageFacet.findMany({ where, omit: { tenantId: true }, orderBy: [{ owner: "asc" }, { ownerKey: "asc" }, { name: "asc" }] }),
  ]);
  // The catalog's side: OpenLineage's assets and their lineage edges, by unique id.
  const assets = await prisma.asset.findMany({
    where: { tenantId, project: { name: "@openlineage" } },
    select: { uniqueId: true, kind: true, name: true, description: true, relationName: true },
    orderBy: { uniqueId: "asc" },
  });
  const lineage = (
    await prisma.lineageEdge.findMany({ where: { tenantId, from: { project: { name: "@openlineage" } } }, select: { from: { select: { uniqueId: true } }, to: { select: { uniqueId: true } } } })
  )
    .map((edge) => `${edge.from.uniqueId} -> ${edge.to.uniqueId}`)
    .sort();
  // Facets folded into the catalog: live observed columns and column edges, by names.
  const ofProject = { asset: { project: { name: "@openlineage" } } };
  const columns = (await prisma.column.findMany({ where: { tenantId, removedAt: null, ...ofProject }, select: { asset: { select: { uniqueId: true } }, name: true, dataType: true, position: true } }))
    .map((c) => `${c.asset.uniqueId}.${c.name} ${c.dataType} ${c.position}`)
    .sort();
  const columnEdges = (
    await prisma.columnLineageEdge.findMany({
      where: { tenantId, to: ofProject },
      select: { from: { select: { name: true, asset: { select: { uniqueId: true } } } }, to: { select: { name: true, asset: { select: { uniqueId: true } } } }, transform: true, origin: true, masking: true },
    })
  )
    .map((e) => `${e.from.asset.uniqueId}.${e.from.name} -> ${e.to.asset.uniqueId}.${e.to.name} ${e.transform} ${e.origin} ${e.masking}`)
    .sort();
  // The run history OpenLineage runs wrote (services/openlineage/runHistory.ts), and the loads it moved.
  const history = (
    await prisma.assetRun.findMany({
      where: { tenantId, source: "OPENLINEAGE" },
      select: { asset: { select: { uniqueId: true, freshness: { select: { lastLoadedAt: true } } } }, status: true, startedAt: true, completedAt: true, durationMs: true, rowsAffected: true, message: true, invocationId: true },
    })
  )
    .map(({ asset, ...run }) => ({ asset: asset.uniqueId, lastLoadedAt: asset.freshness?.lastLoadedAt ?? null, ...run }))
    .sort((a, b) => (a.asset === b.asset ? a.completedAt.getTime() - b.completedAt.getTime() : a.asset < b.asset ? -1 : 1));
  return { events, jobs, datasets, edges, runs, facets, assets, lineage, columns, columnEdges, history };
}
