/**
 * What the stored catalog holds for business definitions, per project: the live assets that can
 * define something (mart models, metrics with the semantic models they resolve through, and any
 * asset whose or whose columns' `meta` or API links name a glossary term), with their SQL,
 * definitions, columns and owners, the API links and owners' decisions.
 *
 * Raw SQL is not tenant-scoped, so every query names the tenant explicitly.
 */
import { Prisma } from "../../generated/prisma/client.js";
import type { DefinitionSource, DefinitionSourceAsset, DefinitionStatus } from "../../core/definitions/index.js";
import { definitionKey } from "../../core/definitions/index.js";
import type { TenantDb, TenantTx } from "../../db/tenantScope.js";
import { jsonRows } from "../../db/jsonRows.js";

type Db = Pick<TenantDb | TenantTx, "$queryRaw">;

/** A candidate asset as the query answers it: JSON nulls where it has no owners or columns. */
type AssetRow = Omit<DefinitionSourceAsset, "owners" | "columns"> & {
  id: string;
  projectId: string;
  owners: string[] | null;
  columns: DefinitionSourceAsset["columns"] | null;
};

export interface StoredDefinitionSources {
  sources: DefinitionSource[];
  /** Asset id → project name and unique id, to turn stored links into definition keys. */
  assets: Map<string, { project: string; uniqueId: string }>;
}

export async function loadDefinitionSources(db: Db, tenantId: string): Promise<StoredDefinitionSources> {
  const [projects, assets, links, marks] = await Promise.all([
    jsonRows<{ id: string; name: string; adapter: string | null }>(db.$queryRaw`
      SELECT json_agg(json_build_object('id', "id", 'name', "name", 'adapter', "adapter"))::text AS "rows"
      FROM "Project" WHERE "tenantId" = ${tenantId}`),
    jsonRows<AssetRow>(db.$queryRaw`
      SELECT json_agg(json_build_object(
        'id', a."id", 'projectId', a."projectId", 'uniqueId', a."uniqueId", 'name', a."name", 'kind', a."kind", 'layer', a."layer",
        'description', a."description", 'sql', coalesce(a."compiledSql", a."rawSql"), 'meta', a."meta",
        'definition', (SELECT d."definition" FROM "AssetDefinition" d WHERE d."tenantId" = ${tenantId} AND d."assetId" = a."id"),
        'owners', (SELECT json_agg(DISTINCT o."key") FROM "AssetOwner" ao JOIN "Owner" o ON o."tenantId" = ao."tenantId" AND o."id" = ao."ownerId"
                   WHERE ao."tenantId" = ${tenantId} AND ao."assetId" = a."id"),
        'columns', (SELECT json_agg(json_build_object('name', c."name", 'description', c."description", 'meta', c."meta") ORDER BY c."position", c."name")
                    FROM "Column" c WHERE c."tenantId" = ${tenantId} AND c."assetId" = a."id" AND c."removedAt" IS NULL)
      ))::text AS "rows"
      FROM "Asset" a
      WHERE a."tenantId" = ${tenantId} AND a."removedAt" IS NULL
        AND (a."layer" = 'MART' OR a."kind" IN ('METRIC', 'SEMANTIC_MODEL') OR ${linkedSql(tenantId)})`),
    jsonRows<{ assetId: string; columnName: string; term: string }>(db.$queryRaw`
      SELECT json_agg(json_build_object('assetId', l."assetId", 'columnName', l."columnName", 'term', t."name"))::text AS "rows"
      FROM "GlossaryTermLink" l JOIN "GlossaryTerm" t ON t."tenantId" = l."tenantId" AND t."id" = l."termId"
      WHERE l."tenantId" = ${tenantId}`),
    jsonRows<{ assetId: string; columnName: string; status: DefinitionStatus }>(db.$queryRaw`
      SELECT json_agg(json_build_object('assetId', "assetId", 'columnName', "columnName", 'status', "status"))::text AS "rows"
      FROM "DefinitionMark" WHERE "tenantId" = ${tenantId}`),
  ]);
  const projectOf = new Map(projects.map((p) => [p.id, p]));
  const assetInfo = new Map<string, { project: string; uniqueId: string }>();
  const byProject = new Map<string, DefinitionSourceAsset[]>();
  for (const row of assets) {
    const project = projectOf.get(row.projectId);
    if (!project) continue;
    assetInfo.set(row.id, { project: project.name, uniqueId: row.uniqueId });
    const list = byProject.get(row.projectId) ?? [];
    list.push({ uniqueId: row.uniqueId, name: row.name, kind: row.kind, layer: row.layer, description: row.description, sql: row.sql, meta: row.meta, definition: row.definition, owners: row.owners ?? [], columns: row.columns ?? [] });
    byProject.set(row.projectId, list);
  }
  const apiLinks = new Map<string, Map<string, Map<string, string[]>>>();
  for (const link of links) {
    const info = assetInfo.get(link.assetId);
    if (!info) continue;
    const perProject = apiLinks.get(info.project) ?? new Map<string, Map<string, string[]>>();
    apiLinks.set(info.project, perProject);
    const perAsset = perProject.get(info.uniqueId) ?? new Map<string, string[]>();
    perProject.set(info.uniqueId, perAsset);
    perAsset.set(link.columnName, [...(perAsset.get(link.columnName) ?? []), link.term]);
  }
  const statuses = new Map<string, DefinitionStatus>();
  for (const mark of marks) {
    const info = assetInfo.get(mark.assetId);
    if (info) statuses.set(definitionKey(info.project, info.uniqueId, mark.columnName === "" ? null : mark.columnName), mark.status);
  }
  const sources = [...byProject].map(([projectId, list]) => {
    const project = projectOf.get(projectId)!;
    return { project: project.name, adapter: project.adapter, assets: list, apiLinks: apiLinks.get(project.name), statuses };
  });
  return { sources, assets: assetInfo };
}

/** An asset linked to a term: by the API, by its `meta`, or by a column's `meta`. */
function linkedSql(tenantId: string) {
  return Prisma.sql`(EXISTS (SELECT 1 FROM "GlossaryTermLink" l WHERE l."tenantId" = ${tenantId} AND l."assetId" = a."id")
    OR a."meta" ?| array['tributary', 'openmetadata']
    OR EXISTS (SELECT 1 FROM "Column" c WHERE c."tenantId" = ${tenantId} AND c."assetId" = a."id" AND c."meta" ?| array['tributary', 'openmetadata']))`;
}
