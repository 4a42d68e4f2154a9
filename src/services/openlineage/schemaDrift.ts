/**
 * Schema drift between what a producer observed (the stored `schema` facet of an OpenLineage
 * dataset) and what dbt declares for the same relation (the live, declared columns of the model,
 * source, seed or snapshot). The dataset and the dbt asset are matched by relation as the
 * warehouse compares identifiers, with the key cross-project lineage links them by
 * (core/lineage relationKey): so the match holds whether the dataset is an asset of its own or
 * the same node as the model. An unknown side (no schema facet, an empty one, no declared
 * columns) shows no drift.
 *
 * On a mart, a new drift is announced to the owners and subscribers downstream of it, as a
 * breaking change is (notification `asset.schema_drift`, once per distinct drift).
 */
import { pushTo } from "../../core/listMap.js";
import { relationKey } from "../../core/lineage/index.js";
import { datasetRelation, datasetUniqueId } from "../../core/openlineage/catalogNames.js";
import { nameKey, type NameRow } from "../../core/openlineage/eventRows.js";
import { observedColumns } from "../../core/openlineage/facets.js";
import { driftFingerprint, schemaDrift, type SchemaDriftDifference } from "../../core/openlineage/schemaDrift.js";
import type { TenantDb, TenantTx } from "../../db/tenantScope.js";
import type { TenantContext } from "../actor.js";
import { downstreamImpact } from "../changes/downstream.js";
import { notify } from "../notifications/index.js";
import { storedFacetReader, type FacetReader } from "./facetStore.js";

type Db = TenantTx | TenantDb;

interface DbtAsset {
  id: string;
  uniqueId: string;
  kind: string;
  layer: string | null;
  name: string;
  database: string | null;
  schema: string | null;
  relationName: string | null;
  adapter: string | null;
  project: string;
}

export interface Drift {
  dataset: NameRow;
  asset: DbtAsset;
  differences: SchemaDriftDifference[];
}

const DBT_KINDS = `('MODEL', 'SOURCE', 'SEED', 'SNAPSHOT')`;

/** The relation's last part, unquoted and lower case: a cheap filter before the full key. */
const identifierOf = (relation: string) => relation.slice(relation.lastIndexOf(".") + 1).replace(/["`[\]]/g, "").toLowerCase();

function datasetKey(dataset: NameRow): string | null {
  const relation = datasetRelation(dataset.namespace, dataset.name);
  return relation && relationKey({ relationName: dataset.name, database: relation.database, schema: relation.schema, name: relation.identifier, adapter: relation.adapter });
}

/** The dbt assets that may be of a relation with each of these identifiers (one look-up for all of a batch's datasets). */
async function dbtAssetsNamed(db: Db, tenantId: string, identifiers: readonly string[]): Promise<Map<string, DbtAsset[]>> {
  const named = new Map<string, DbtAsset[]>();
  if (identifiers.length === 0) return named;
  const rows = await db.$queryRawUnsafe<(DbtAsset & { identifier: string })[]>(
    `SELECT i."identifier", a."id", a."uniqueId", a."kind"::text AS "kind", a."layer"::text AS "layer", a."name", a."database", a."schema", a."relationName", p."adapter", p."name" AS "project"
     FROM unnest($2::text[]) AS i("identifier")
     JOIN "Asset" a ON a."tenantId" = $1 AND a."removedAt" IS NULL AND a."kind"::text IN ${DBT_KINDS}
       AND (lower(a."name") = i."identifier" OR strpos(lower(a."relationName"), i."identifier") > 0)
     JOIN "Project" p ON p."tenantId" = a."tenantId" AND p."id" = a."projectId"
     ORDER BY a."uniqueId"`,
    tenantId,
    [...new Set(identifiers)],
  );
  for (const { identifier, ...asset } of rows) pushTo(named, identifier, asset);
  return named;
}

/** The drift of each pair of (dataset, dbt asset of its relation), for these datasets. */
async function driftOfPairs(db: Db, pairs: readonly { dataset: NameRow; asset: DbtAsset }[], read: FacetReader): Promise<Drift[]> {
  if (pairs.length === 0) return [];
  const schemas = await read("DATASET", "schema", pairs.map((p) => nameKey(p.dataset.namespace, p.dataset.name)));
  const declared = await db.column.findMany({
    where: { assetId: { in: [...new Set(pairs.map((p) => p.asset.id))] }, removedAt: null, inferred: false },
    orderBy: [{ position: "asc" }, { name: "asc" }],
    select: { assetId: true, name: true, dataType: true },
  });
  return pairs.flatMap(({ dataset, asset }) => {
    const observed = observedColumns(schemas.get(nameKey(dataset.namespace, dataset.name))?.value ?? null);
    const columns = declared.filter((c) => c.assetId === asset.id);
    if (!observed || observed.length === 0 || columns.length === 0) return [];
    const differences = schemaDrift(columns, observed);
    return differences.length > 0 ? [{ dataset, asset, differences }] : [];
  });
}

/** The drift of these datasets against the dbt assets of their relations. */
export async function driftOfDatasets(db: Db, tenantId: string, datasets: readonly NameRow[], read: FacetReader = storedFacetReader(db, tenantId)): Promise<Drift[]> {
  const keyed = datasets.flatMap((dataset) => {
    const key = datasetKey(dataset);
    return key ? [{ dataset, key }] : [];
  });
  const named = await dbtAssetsNamed(db, tenantId, keyed.map(({ dataset }) => identifierOf(dataset.name)));
  const pairs: { dataset: NameRow; asset: DbtAsset }[] = [];
  for (const { dataset, key } of keyed) {
    for (const asset of named.get(identifierOf(dataset.name)) ?? []) {
      if (relationKey(asset) === key) pairs.push({ dataset, asset });
    }
  }
  return driftOfPairs(db, pairs, read);
}

/** The drift of a dbt asset against the OpenLineage datasets of its relation. */
async function driftOfDbtAsset(db: Db, tenantId: string, asset: DbtAsset): Promise<Drift[]> {
  const key = relationKey(asset);
  if (!key) return [];
  const identifier = identifierOf(asset.relationName ?? asset.name);
  const datasets = await db.$queryRawUnsafe<NameRow[]>(
    `SELECT "namespace", "name" FROM "OpenLineageDataset"
     WHERE "tenantId" = $1 AND (lower("name") = $2 OR right(lower("name"), length($2) + 1) = '.' || $2)
     ORDER BY 1, 2`,
    tenantId,
    identifier,
  );
  return driftOfPairs(db, datasets.filter((d) => datasetKey(d) === key).map((dataset) => ({ dataset, asset })), storedFacetReader(db, tenantId));
}

export interface AssetDrift extends SchemaDriftDifference {
  /** The dbt asset that declares the columns (unique id). */
  declaredBy: string;
  /** The OpenLineage dataset that observed them (`dataset:<namespace>:<name>`). */
  observedBy: string;
}

/** Each asset's drift: a dataset's against its dbt asset, a dbt asset's against its datasets. */
export async function schemaDriftOfAssets(ctx: TenantContext, assetIds: readonly string[]): Promise<Map<string, AssetDrift[]>> {
  const tenantId = ctx.tenant.id;
  const assets = await ctx.db.$queryRawUnsafe<(DbtAsset & { projectId: string })[]>(
    `SELECT a."id", a."uniqueId", a."kind"::text AS "kind", a."layer"::text AS "layer", a."name", a."database", a."schema", a."relationName", p."adapter", p."name" AS "project"
     FROM "Asset" a JOIN "Project" p ON p."tenantId" = a."tenantId" AND p."id" = a."projectId"
     WHERE a."tenantId" = $1 AND a."id" = ANY($2::text[]) AND a."kind"::text IN ('MODEL', 'SOURCE', 'SEED', 'SNAPSHOT', 'DATASET')`,
    tenantId,
    [...assetIds],
  );
  const answer = new Map<string, AssetDrift[]>();
  for (const asset of assets) {
    let drifts: Drift[];
    if (asset.kind === "DATASET") {
      const [dataset] = await ctx.db.$queryRawUnsafe<NameRow[]>(
        `SELECT "namespace", "name" FROM "OpenLineageDataset" WHERE "tenantId" = $1 AND 'dataset:' || "namespace" || ':' || "name" = $2`,
        tenantId,
        asset.uniqueId,
      );
      drifts = dataset ? await driftOfDatasets(ctx.db, tenantId, [dataset]) : [];
    } else {
      drifts = await driftOfDbtAsset(ctx.db, tenantId, asset);
    }
    answer.set(
      asset.id,
      drifts.flatMap((d) => d.differences.map((difference) => ({ ...difference, declaredBy: d.asset.uniqueId, observedBy: datasetUniqueId(d.dataset.namespace, d.dataset.name) }))),
    );
  }
  return answer;
}

/**
 * Announces the drift of these datasets against marts: to the owners and subscribers of
 * everything downstream of the mart, and the mart's own owners. Once per distinct drift.
 */
export async function announceMartDrift(tx: TenantTx, tenantId: string, datasets: readonly NameRow[], read: FacetReader): Promise<number> {
  const drifts = (await driftOfDatasets(tx, tenantId, datasets, read)).filter((d) => d.asset.kind === "MODEL" && d.asset.layer === "MART");
  let sent = 0;
  for (const drift of drifts) {
    const observedBy = datasetUniqueId(drift.dataset.namespace, drift.dataset.name);
    const eventKey = `schema_drift:${drift.asset.id}:${observedBy}:${driftFingerprint(drift.differences)}`;
    // Announced already (every run of the producer reports the same schema): the impact walk is spared.
    if (await tx.notification.findFirst({ where: { dedupeKey: eventKey }, select: { id: true } })) continue;
    const impact = await downstreamImpact(tx, tenantId, [drift.asset.id]);
    const own = await tx.assetOwner.findMany({ where: { assetId: drift.asset.id }, select: { ownerId: true } });
    const recipients = [...impact.owners, ...impact.subscribers].map((p) => p.ownerId).concat(own.map((o) => o.ownerId));
    const counts = { missing: 0, added: 0, retyped: 0 };
    for (const d of drift.differences) counts[d.change === "MISSING" ? "missing" : d.change === "ADDED" ? "added" : "retyped"]++;
    const result = await notify(
      tx,
      tenantId,
      {
        type: "asset.schema_drift",
        eventKey,
        title: `${drift.asset.name}: the warehouse schema differs from dbt's (${drift.differences.map((d) => `${d.column} ${d.change.toLowerCase()}`).join(", ")})`.slice(0, 500),
        payload: {
          asset: { uniqueId: drift.asset.uniqueId, name: drift.asset.name, project: drift.asset.project },
          observedBy,
          differences: drift.differences,
          counts,
          impact: { assets: impact.assets.length, owners: impact.owners.map((o) => o.email ?? o.name) },
        },
      },
      recipients,
    );
    sent += result.notifications;
  }
  return sent;
}
