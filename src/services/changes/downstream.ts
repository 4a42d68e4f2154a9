/**
 * Who a change reaches: every asset downstream of the changed ones (any project of the
 * tenant, through the links between projects too), and the owners and subscribers of all of
 * them. A recursive CTE: a change request touches few assets, and the database walks their
 * descendants faster than loading the graph. The cross-project links are not rows, so they are
 * read in this transaction and joined in as a list.
 */
import type { TenantTx } from "../../db/tenantScope.js";
import { jsonRows } from "../../db/jsonRows.js";
import { Prisma } from "../../generated/prisma/client.js";
import { aliasedEdges, loadCrossProjectEdges } from "../lineage/crossProjectLinks.js";

export interface ImpactedAsset {
  id: string;
  uniqueId: string;
  name: string;
  kind: string;
  project: string;
  degree: number;
}

export interface Person {
  ownerId: string;
  key: string;
  name: string | null;
  email: string | null;
  /** uniqueIds of the assets through which this person is concerned */
  assets: string[];
}

/** A metric whose numbers the change alters: redefined by it (degree 0) or downstream of it. */
export interface AlteredMetric {
  uniqueId: string;
  name: string;
  project: string;
  degree: number;
  /** Its owners' e-mails (else handle, else name), for "this change alters metric X (owned by …)". */
  owners: string[];
}

export interface Impact {
  assets: ImpactedAsset[];
  exposures: ImpactedAsset[];
  /** Absent from impacts stored before metrics were reported. */
  metrics?: AlteredMetric[];
  owners: Person[];
  subscribers: Person[];
}

/** Depth cap: a cycle in a bad manifest must not loop; no real chain of models is this long. */
const MAX_DEPTH = 100;

export async function downstreamImpact(tx: TenantTx, tenantId: string, changedAssetIds: string[]): Promise<Impact> {
  if (changedAssetIds.length === 0) return { assets: [], exposures: [], metrics: [], owners: [], subscribers: [] };
  const { relations, mesh, identity } = await loadCrossProjectEdges(tx, tenantId);
  // An OpenLineage dataset merged into a model is that model: its edges start from the model.
  const links = [...relations, ...mesh, ...(await aliasedEdges(tx, tenantId, identity))];
  const linkFrom = links.map((link) => link.fromId);
  const linkTo = links.map((link) => link.toId);
  const walked = await tx.$queryRaw<{ id: string; uniqueId: string; name: string; kind: string; project: string; degree: number }[]>`
    WITH RECURSIVE link(f, t) AS (SELECT * FROM unnest(${linkFrom}::text[], ${linkTo}::text[])),
    down(id, degree) AS (
      SELECT e."toAssetId", 1 FROM "LineageEdge" e
       WHERE e."tenantId" = ${tenantId} AND e."fromAssetId" IN (${Prisma.join(changedAssetIds)})
      UNION
      SELECT l.t, 1 FROM link l WHERE l.f IN (${Prisma.join(changedAssetIds)})
      UNION
      SELECT n.id, d.degree + 1 FROM down d
        CROSS JOIN LATERAL (
          SELECT e."toAssetId" AS id FROM "LineageEdge" e WHERE e."tenantId" = ${tenantId} AND e."fromAssetId" = d.id
          UNION ALL
          SELECT l.t FROM link l WHERE l.f = d.id
        ) n
       WHERE d.degree < ${MAX_DEPTH}
    )
    SELECT a.id, a."uniqueId", a.name, a.kind::text AS kind, p.name AS project, MIN(d.degree)::int AS degree
      FROM down d
      JOIN "Asset" a ON a."tenantId" = ${tenantId} AND a.id = d.id AND a."removedAt" IS NULL
      JOIN "Project" p ON p."tenantId" = ${tenantId} AND p.id = a."projectId"
     WHERE a.id NOT IN (${Prisma.join(changedAssetIds)})
     GROUP BY a.id, a."uniqueId", a.name, a.kind, p.name
     ORDER BY degree, a."uniqueId"`;
  const rows = walked.filter((r) => !identity.aliases.has(r.id));
  const concerned = [...changedAssetIds, ...rows.map((r) => r.id)];
  const [owners, subscribers, changedMetrics] = await Promise.all([
    tx.assetOwner.findMany({ where: { assetId: { in: concerned } }, include: { owner: true, asset: { select: { uniqueId: true } } } }),
    tx.subscription.findMany({ where: { assetId: { in: concerned } }, include: { owner: true, asset: { select: { uniqueId: true } } } }),
    tx.asset.findMany({ where: { id: { in: changedAssetIds }, kind: "METRIC" }, include: { project: { select: { name: true } } } }),
  ]);
  const assets = rows.map((r) => ({ ...r, degree: Number(r.degree) }));
  const ownerKeysOf = (uniqueId: string) =>
    owners.filter((link) => link.asset.uniqueId === uniqueId).map(({ owner }) => owner.email ?? owner.handle ?? owner.name ?? owner.key);
  const metrics = [
    ...changedMetrics.map((m) => ({ uniqueId: m.uniqueId, name: m.name, project: m.project.name, degree: 0 })),
    ...assets.filter((a) => a.kind === "METRIC").map(({ uniqueId, name, project, degree }) => ({ uniqueId, name, project, degree })),
  ].map((metric) => ({ ...metric, owners: [...new Set(ownerKeysOf(metric.uniqueId))].sort() }));
  return {
    assets: assets.filter((a) => a.kind !== "EXPOSURE"),
    exposures: assets.filter((a) => a.kind === "EXPOSURE"),
    metrics,
    owners: people(owners),
    subscribers: people(subscribers),
  };
}

function people(links: { owner: { id: string; key: string; name: string | null; email: string | null }; asset: { uniqueId: string } }[]): Person[] {
  const byId = new Map<string, Person>();
  for (const { owner, asset } of links) {
    const person = byId.get(owner.id) ?? { ownerId: owner.id, key: owner.key, name: owner.name, email: owner.email, assets: [] };
    if (!person.assets.includes(asset.uniqueId)) person.assets.push(asset.uniqueId);
    byId.set(owner.id, person);
  }
  return [...byId.values()].sort((a, b) => a.key.localeCompare(b.key));
}

/** Who hears of one asset's news: how much is downstream of it, and the people concerned. */
export interface Audience {
  /** Live assets downstream (exposures apart), through the links between projects too. */
  downstreamAssets: number;
  exposures: number;
  /** Owners of the asset and of everything downstream of it (as downstreamImpact's owners). */
  ownerIds: string[];
  /** People subscribed to the asset itself. */
  subscriberIds: string[];
}

/** Roots per statement: each root's walk is its own rows, so a mass breach is cut in slices. */
const AUDIENCE_SLICE = 500;

/**
 * downstreamImpact's people and counts for each of many assets at once (a mass freshness
 * breach), with one statement per slice of assets instead of one walk per asset: the walk
 * carries its root, so each asset's downstream stays its own.
 */
export async function downstreamAudiences(tx: TenantTx, tenantId: string, assetIds: readonly string[]): Promise<Map<string, Audience>> {
  const audiences = new Map<string, Audience>();
  if (assetIds.length === 0) return audiences;
  const { relations, mesh } = await loadCrossProjectEdges(tx, tenantId);
  const links = [...relations, ...mesh];
  const linkFrom = links.map((link) => link.fromId);
  const linkTo = links.map((link) => link.toId);
  for (let i = 0; i < assetIds.length; i += AUDIENCE_SLICE) {
    const roots = assetIds.slice(i, i + AUDIENCE_SLICE);
    const rows = await jsonRows<[string, number, number, string[], string[]]>(tx.$queryRaw`
      WITH RECURSIVE link(f, t) AS (SELECT * FROM unnest(${linkFrom}::text[], ${linkTo}::text[])),
      down(root, id) AS (
        SELECT r, r FROM unnest(${roots}::text[]) AS r
        UNION
        SELECT d.root, n.id FROM down d
          CROSS JOIN LATERAL (
            SELECT e."toAssetId" AS id FROM "LineageEdge" e WHERE e."tenantId" = ${tenantId} AND e."fromAssetId" = d.id
            UNION ALL
            SELECT l.t FROM link l WHERE l.f = d.id
          ) n
      ),
      concerned AS (
        SELECT d.root, d.id, a.kind FROM down d
          JOIN "Asset" a ON a."tenantId" = ${tenantId} AND a.id = d.id
         WHERE d.id = d.root OR a."removedAt" IS NULL
      ),
      counts AS (
        SELECT root, count(*) FILTER (WHERE id <> root AND kind <> 'EXPOSURE') AS assets, count(*) FILTER (WHERE id <> root AND kind = 'EXPOSURE') AS exposures
          FROM concerned GROUP BY root
      ),
      owners AS (
        SELECT c.root, array_agg(DISTINCT o."ownerId") AS ids FROM concerned c
          JOIN "AssetOwner" o ON o."tenantId" = ${tenantId} AND o."assetId" = c.id
         GROUP BY c.root
      ),
      subscribers AS (
        SELECT s."assetId" AS root, array_agg(DISTINCT s."ownerId") AS ids FROM "Subscription" s
         WHERE s."tenantId" = ${tenantId} AND s."assetId" = ANY(${roots}::text[])
         GROUP BY s."assetId"
      )
      SELECT json_agg(json_build_array(c.root, c.assets, c.exposures, coalesce(o.ids, '{}'), coalesce(s.ids, '{}')))::text AS rows
        FROM counts c LEFT JOIN owners o ON o.root = c.root LEFT JOIN subscribers s ON s.root = c.root`);
    for (const [root, downstreamAssets, exposures, ownerIds, subscriberIds] of rows) audiences.set(root, { downstreamAssets, exposures, ownerIds, subscriberIds });
  }
  return audiences;
}
