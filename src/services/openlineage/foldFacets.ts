/**
 * Folds the facets of new events into the catalog, from the stored facets (the latest of each
 * by event time), so the result does not depend on the order events arrive in. What each facet
 * becomes is in docs/openlineage.md (Facets in the catalog):
 *
 * - `schema` → the dataset's observed columns; then drift against dbt, announced on a mart;
 * - `columnLineage`, else a writer's `sql` → the dataset's column lineage;
 * - `ownership` → owners (source OPENLINEAGE), only on an asset no person gave owners to;
 * - `dataQualityAssertions` (input facet) → tests of the dataset with the run's results;
 * - `errorMessage` → the run's failure reason;
 * - `jobType`, `processing_engine` are read where they are stored (services/openlineage/jobFacets.ts);
 *   the catalog changes only when what it shows of them does (foldJobFacets).
 */
import { sha256Hex } from "../../core/canonicalJson.js";
import { datasetUniqueId } from "../../core/openlineage/catalogNames.js";
import { nameKey, type EventRows, type FacetRow, type NameRow } from "../../core/openlineage/eventRows.js";
import { assertionResults, facetOwners, observedColumns, type ObservedColumn } from "../../core/openlineage/facets.js";
import type { TenantTx } from "../../db/tenantScope.js";
import { upsertOwner } from "../owners.js";
import { writeFacetColumnLineage } from "./facetColumnLineage.js";
import { foldJobFacets } from "./jobFacets.js";
import { openLineageAssetIds, type FacetReader, type TransactionFacets } from "./facetStore.js";
import { writeObservedColumns } from "./observedColumns.js";
import { announceMartDrift } from "./schemaDrift.js";

/** The owner source of owners an `ownership` facet names (AssetOwner.source). */
export const OPENLINEAGE_OWNER_SOURCE = "OPENLINEAGE";

export interface FoldedFacets {
  /** Catalog data changed (owners, tests, job facets). */
  catalog: boolean;
  /** Columns or column lineage changed. */
  lineage: boolean;
}

const namesOf = (facets: readonly FacetRow[]): NameRow[] =>
  facets.map((f) => {
    const [namespace, name] = JSON.parse(f.ownerKey) as [string, string];
    return { namespace, name };
  });

/** `assetIds`: the rows' assets by unique id, as the asset upsert answered them. */
export async function foldFacets(tx: TenantTx, tenantId: string, projectId: string, rows: EventRows, facets: TransactionFacets, assetIds: ReadonlyMap<string, string>): Promise<FoldedFacets> {
  const named = (owner: FacetRow["owner"], name: string) => rows.facets.filter((f) => f.owner === owner && f.name === name);
  const schemaDatasets = namesOf(named("DATASET", "schema"));
  const columnsChanged = await foldSchemas(tx, tenantId, projectId, schemaDatasets, facets.read, assetIds);

  const lineageChanged = await writeFacetColumnLineage(tx, tenantId, projectId, await lineageOutputs(tx, tenantId, rows, facets), facets.read);

  const ownersChanged = await foldOwnership(tx, tenantId, projectId, [...named("DATASET", "ownership"), ...named("JOB", "ownership")], facets.read);
  const testsChanged = await foldAssertions(tx, tenantId, projectId, named("INPUT", "dataQualityAssertions"), facets.read);
  await foldErrorMessages(tx, tenantId, named("RUN", "errorMessage").map((f) => f.ownerKey));
  if (schemaDatasets.length > 0) await announceMartDrift(tx, tenantId, schemaDatasets, facets.read);

  const jobFacets = await foldJobFacets(tx, tenantId, rows);
  // Drift reads the stored schema facet: one that changes anything changes the observed columns (lineage).
  return { catalog: ownersChanged || testsChanged || jobFacets, lineage: columnsChanged || lineageChanged };
}

/**
 * The datasets whose column lineage these events may change: those given a columnLineage facet,
 * those written by a job given a sql facet, and those these events write that have a stored
 * columnLineage facet or a writer with a stored sql facet (new inputs can resolve names, #1665,
 * they could not before). One key look-up spares the common event, which has neither, the rest.
 */
async function lineageOutputs(tx: TenantTx, tenantId: string, rows: EventRows, facets: TransactionFacets): Promise<NameRow[]> {
  const outputs = new Map<string, NameRow>();
  const add = (d: NameRow) => outputs.set(nameKey(d.namespace, d.name), d);
  const given = (owner: FacetRow["owner"], name: string) => namesOf(rows.facets.filter((f) => f.owner === owner && f.name === name));
  for (const d of [...given("DATASET", "columnLineage"), ...(await outputsOfJobs(tx, tenantId, given("JOB", "sql")))]) add(d);
  const written = rows.jobDatasets.filter((e) => e.direction === "OUTPUT");
  if (written.length === 0) return [...outputs.values()];
  const stored = await facets.present([
    { owner: "DATASET", name: "columnLineage", ownerKeys: written.map((e) => nameKey(e.datasetNamespace, e.datasetName)) },
    { owner: "JOB", name: "sql", ownerKeys: written.map((e) => nameKey(e.jobNamespace, e.jobName)) },
  ]);
  for (const e of written) {
    if (stored("DATASET", "columnLineage", nameKey(e.datasetNamespace, e.datasetName)) || stored("JOB", "sql", nameKey(e.jobNamespace, e.jobName))) {
      add({ namespace: e.datasetNamespace, name: e.datasetName });
    }
  }
  return [...outputs.values()];
}

async function outputsOfJobs(tx: TenantTx, tenantId: string, jobs: readonly NameRow[]): Promise<NameRow[]> {
  if (jobs.length === 0) return [];
  return tx.$queryRawUnsafe<NameRow[]>(
    `SELECT d."datasetNamespace" AS "namespace", d."datasetName" AS "name"
     FROM "OpenLineageJobDataset" d, jsonb_to_recordset($2::jsonb) AS x("namespace" text, "name" text)
     WHERE d."tenantId" = $1 AND d."direction" = 'OUTPUT' AND d."jobNamespace" = x."namespace" AND d."jobName" = x."name"`,
    tenantId,
    JSON.stringify(jobs),
  );
}

/** Observed columns from each dataset's stored schema facet (missing keeps, empty or deleted clears). */
async function foldSchemas(tx: TenantTx, tenantId: string, projectId: string, datasets: readonly NameRow[], read: FacetReader, assetIds: ReadonlyMap<string, string>): Promise<boolean> {
  if (datasets.length === 0) return false;
  const [facets, assets] = await Promise.all([
    read("DATASET", "schema", datasets.map((d) => nameKey(d.namespace, d.name))),
    openLineageAssetIds(tx, projectId, "DATASET", datasets, assetIds),
  ]);
  const byAsset = new Map<string, ObservedColumn[]>();
  for (const [key, facet] of facets) {
    const assetId = assets.get(key);
    if (assetId) byAsset.set(assetId, (facet.value !== null ? observedColumns(facet.value) : null) ?? []);
  }
  return (await writeObservedColumns(tx, tenantId, byAsset)) > 0;
}

/**
 * Owners from each asset's stored ownership facet, as links of source OPENLINEAGE. An asset a
 * person gave owners to (setAssetOwners, or a manifest) keeps only those: the facet never
 * overrides what a person curated.
 */
async function foldOwnership(tx: TenantTx, tenantId: string, projectId: string, facets: readonly FacetRow[], read: FacetReader): Promise<boolean> {
  if (facets.length === 0) return false;
  let changed = false;
  for (const kind of ["DATASET", "JOB"] as const) {
    const keys = facets.filter((f) => f.owner === kind).map((f) => f.ownerKey);
    if (keys.length === 0) continue;
    const [stored, assets] = await Promise.all([read(kind, "ownership", keys), openLineageAssetIds(tx, projectId, kind, namesOf(facets.filter((f) => f.owner === kind)))]);
    const assetIds = [...assets.values()];
    const links = await tx.assetOwner.findMany({ where: { assetId: { in: assetIds } }, select: { assetId: true, ownerId: true, source: true } });
    for (const [key, assetId] of assets) {
      const curated = links.some((l) => l.assetId === assetId && l.source !== OPENLINEAGE_OWNER_SOURCE);
      const facet = stored.get(key);
      const identities = curated || !facet || facet.value === null ? [] : (facetOwners(facet.value) ?? []);
      const owners = [];
      for (const identity of identities) owners.push(await upsertOwner(tenantId, tx, identity));
      const wanted = [...new Set(owners.map((o) => o.id))].sort();
      const current = links.filter((l) => l.assetId === assetId && l.source === OPENLINEAGE_OWNER_SOURCE).map((l) => l.ownerId).sort();
      if (wanted.join() === current.join()) continue;
      await tx.assetOwner.deleteMany({ where: { assetId, source: OPENLINEAGE_OWNER_SOURCE } });
      await tx.assetOwner.createMany({ data: wanted.map((ownerId) => ({ tenantId, assetId, ownerId, source: OPENLINEAGE_OWNER_SOURCE })), skipDuplicates: true });
      changed = true;
    }
  }
  return changed;
}

/**
 * A run's `dataQualityAssertions` on an input dataset: one test of the dataset per assertion
 * (and column), with this run's result (PASS or FAIL) at the facet's event time. Ids are
 * derived from the dataset, assertion and run, so replays and concurrent writers meet.
 */
async function foldAssertions(tx: TenantTx, tenantId: string, projectId: string, facets: readonly FacetRow[], read: FacetReader): Promise<boolean> {
  if (facets.length === 0) return false;
  const stored = await read("INPUT", "dataQualityAssertions", facets.map((f) => f.ownerKey));
  const datasets = facets.map((f) => {
    const [, namespace, name] = JSON.parse(f.ownerKey) as [string, string, string];
    return { namespace, name };
  });
  const assets = await openLineageAssetIds(tx, projectId, "DATASET", datasets);
  const tests: Record<string, unknown>[] = [];
  const results: Record<string, unknown>[] = [];
  for (const [ownerKey, facet] of stored) {
    const [runId, namespace, name] = JSON.parse(ownerKey) as [string, string, string];
    const assetId = assets.get(nameKey(namespace, name));
    if (!assetId) continue;
    for (const a of facet.value === null ? [] : assertionResults(facet.value)) {
      const uniqueId = `test:${datasetUniqueId(namespace, name)}:${a.assertion}${a.column ? `:${a.column}` : ""}`;
      const testId = sha256Hex(`openlineage-test\u0000${uniqueId}`).slice(0, 32);
      tests.push({ id: testId, uniqueId, name: a.column ? `${a.assertion}_${a.column}` : a.assertion, testType: a.assertion, assetId, columnName: a.column });
      results.push({ id: sha256Hex(`openlineage-result\u0000${uniqueId}\u0000${runId}`).slice(0, 32), testId, assetId, status: a.success ? "PASS" : "FAIL", at: facet.eventTime.toISOString() });
    }
  }
  if (tests.length === 0) return false;
  await tx.$executeRawUnsafe(
    `INSERT INTO "DataTest" ("tenantId", "id", "projectId", "uniqueId", "name", "testType", "assetId", "columnName", "dependsOnAssetIds", "contentHash")
     SELECT DISTINCT ON (x."id") $1, x."id", $2, x."uniqueId", x."name", x."testType", x."assetId", x."columnName", ARRAY[x."assetId"], 'openlineage'
     FROM jsonb_to_recordset($3::jsonb) AS x("id" text, "uniqueId" text, "name" text, "testType" text, "assetId" text, "columnName" text)
     ORDER BY x."id"
     ON CONFLICT ("tenantId", "projectId", "uniqueId") DO UPDATE SET "removedAt" = NULL WHERE "DataTest"."removedAt" IS NOT NULL`,
    tenantId,
    projectId,
    JSON.stringify(tests),
  );
  await tx.$executeRawUnsafe(
    `INSERT INTO "RunResult" AS r ("tenantId", "id", "testId", "assetId", "status", "at")
     SELECT $1, x."id", x."testId", x."assetId", x."status"::"RunStatus", x."at"
     FROM jsonb_to_recordset($2::jsonb) AS x("id" text, "testId" text, "assetId" text, "status" text, "at" timestamptz)
     ORDER BY x."id"
     ON CONFLICT ("tenantId", "id") DO UPDATE SET "status" = EXCLUDED."status", "at" = EXCLUDED."at"
     WHERE (r."status", r."at") IS DISTINCT FROM (EXCLUDED."status", EXCLUDED."at")`,
    tenantId,
    JSON.stringify(results),
  );
  return true;
}

/** Each run's failure reason: the message of its stored errorMessage facet (none once deleted). */
async function foldErrorMessages(tx: TenantTx, tenantId: string, runIds: readonly string[]): Promise<void> {
  if (runIds.length === 0) return;
  await tx.$executeRawUnsafe(
    `UPDATE "OpenLineageRun" r SET "errorMessage" = f."value"->>'message'
     FROM "OpenLineageFacet" f
     WHERE r."tenantId" = $1 AND r."runId" = ANY($2::text[])
       AND f."tenantId" = $1 AND f."owner" = 'RUN' AND f."name" = 'errorMessage' AND f."ownerKey" = r."runId"
       AND r."errorMessage" IS DISTINCT FROM f."value"->>'message'`,
    tenantId,
    [...runIds],
  );
}
