/**
 * One dbt project's lineage as OpenLineage JobEvents and DatasetEvents (core/openlineage/
 * exportEvents.ts), read from the catalog: its live relations with their columns, descriptions
 * and owners, its asset edges, and its column edges with the row dependencies expanded to every
 * column of their model (as column lineage readers expand them).
 */
import { z } from "zod";
import { AppError, notFound } from "../../core/errors.js";
import { OPENLINEAGE_PROJECT } from "../../core/openlineage/catalogNames.js";
import { exportOpenLineageEvents, type ExportAsset, type ExportColumnEdge } from "../../core/openlineage/exportEvents.js";
import type { OpenLineageEvent } from "../../core/openlineage/types.js";
import type { ColumnTransform } from "../../core/lineage/types.js";
import type { AssetKind } from "../../core/manifest/snapshot.js";
import { pushTo } from "../../core/listMap.js";
import { parseInput } from "../../core/validation.js";
import { jsonRows } from "../../db/jsonRows.js";
import type { TenantContext } from "../actor.js";
import { assertRole } from "../tokens.js";

/** Who produced the events, as OpenLineage's `producer` and `_producer` name it. */
export const EXPORT_PRODUCER = "urn:tributary:openlineage-export";

const exportInput = z.object({
  project: z.string().min(1).max(200),
  /** Default `<adapter>://<project>`, e.g. `duckdb://jaffle_shop`. */
  datasetNamespace: z.string().min(1).max(500).nullish(),
  /** Default: the project's name. */
  jobNamespace: z.string().min(1).max(500).nullish(),
});

export type ExportInput = z.input<typeof exportInput>;

export interface OpenLineageExport {
  project: string;
  datasetNamespace: string;
  jobNamespace: string;
  events: OpenLineageEvent[];
}

export async function exportProjectOpenLineage(ctx: TenantContext, input: ExportInput): Promise<OpenLineageExport> {
  assertRole(ctx, "READER");
  const { project: name, ...given } = parseInput(exportInput, input, "$");
  if (name === OPENLINEAGE_PROJECT) {
    throw new AppError("BAD_USER_INPUT", `${OPENLINEAGE_PROJECT} holds the OpenLineage events taken: read them with GET /api/v1/events/lineage`, { path: "$.project" });
  }
  const project = await ctx.db.project.findFirst({ where: { name }, select: { id: true, adapter: true, updatedAt: true, currentVersionId: true } });
  if (!project) throw notFound("Project", name);
  const version = project.currentVersionId ? await ctx.db.manifestVersion.findFirst({ where: { id: project.currentVersionId }, select: { createdAt: true } }) : null;
  const datasetNamespace = given.datasetNamespace ?? `${project.adapter ?? "dbt"}://${name}`;
  const jobNamespace = given.jobNamespace ?? name;
  const lineage = await readProjectLineage(ctx, project.id);
  const events = exportOpenLineageEvents(lineage, {
    datasetNamespace,
    jobNamespace,
    eventTime: (version?.createdAt ?? project.updatedAt).toISOString(),
    producer: EXPORT_PRODUCER,
  });
  return { project: name, datasetNamespace, jobNamespace, events };
}

type AssetRow = [string, string, AssetKind, string, string | null, string | null, string | null, string | null];
type ColumnRow = [string, string, string | null, string | null];
type OwnerRow = [string, string | null, string | null, string | null];
type ColumnEdgeRow = [string, string, string, string, ColumnTransform];

async function readProjectLineage(ctx: TenantContext, projectId: string) {
  const tenantId = ctx.tenant.id;
  const db = ctx.db;
  const [assets, columns, owners, edges, columnEdges] = await Promise.all([
    jsonRows<AssetRow>(db.$queryRaw`
      SELECT json_agg(json_build_array(a."id", a."uniqueId", a."kind", a."name", a."database", a."schema", a."relationName", a."description") ORDER BY a."uniqueId")::text AS "rows"
      FROM "Asset" a WHERE a."tenantId" = ${tenantId} AND a."projectId" = ${projectId} AND a."removedAt" IS NULL`),
    jsonRows<ColumnRow>(db.$queryRaw`
      SELECT json_agg(json_build_array(c."assetId", c."name", c."dataType", c."description") ORDER BY c."assetId", c."position" NULLS LAST, c."name")::text AS "rows"
      FROM "Column" c JOIN "Asset" a ON a."tenantId" = c."tenantId" AND a."id" = c."assetId"
      WHERE c."tenantId" = ${tenantId} AND a."projectId" = ${projectId} AND a."removedAt" IS NULL AND c."removedAt" IS NULL`),
    jsonRows<OwnerRow>(db.$queryRaw`
      SELECT json_agg(DISTINCT jsonb_build_array(ao."assetId", o."name", o."email", o."handle"))::text AS "rows"
      FROM "AssetOwner" ao
      JOIN "Owner" o ON o."tenantId" = ao."tenantId" AND o."id" = ao."ownerId"
      JOIN "Asset" a ON a."tenantId" = ao."tenantId" AND a."id" = ao."assetId"
      WHERE ao."tenantId" = ${tenantId} AND a."projectId" = ${projectId} AND a."removedAt" IS NULL`),
    jsonRows<[string, string]>(db.$queryRaw`
      SELECT json_agg(json_build_array(e."fromAssetId", e."toAssetId"))::text AS "rows"
      FROM "LineageEdge" e WHERE e."tenantId" = ${tenantId} AND e."projectId" = ${projectId}`),
    // Column edges, and each row dependency as an edge to every live column of its model.
    jsonRows<ColumnEdgeRow>(db.$queryRaw`
      SELECT json_agg(x.edge)::text AS "rows" FROM (
        SELECT json_build_array(f."assetId", f."name", t."assetId", t."name", e."transform") AS edge
        FROM "ColumnLineageEdge" e
        JOIN "Column" f ON f."tenantId" = e."tenantId" AND f."id" = e."fromColumnId"
        JOIN "Column" t ON t."tenantId" = e."tenantId" AND t."id" = e."toColumnId"
        JOIN "Asset" a ON a."tenantId" = e."tenantId" AND a."id" = e."toAssetId"
        WHERE e."tenantId" = ${tenantId} AND a."projectId" = ${projectId} AND a."removedAt" IS NULL AND f."removedAt" IS NULL AND t."removedAt" IS NULL
        UNION ALL
        SELECT json_build_array(f."assetId", f."name", t."assetId", t."name", d."transform")
        FROM "ModelColumnDependency" d
        JOIN "Column" f ON f."tenantId" = d."tenantId" AND f."id" = d."fromColumnId"
        JOIN "Column" t ON t."tenantId" = d."tenantId" AND t."assetId" = d."toAssetId"
        JOIN "Asset" a ON a."tenantId" = d."tenantId" AND a."id" = d."toAssetId"
        WHERE d."tenantId" = ${tenantId} AND a."projectId" = ${projectId} AND a."removedAt" IS NULL AND f."removedAt" IS NULL AND t."removedAt" IS NULL
      ) x`),
  ]);
  const columnsOf = new Map<string, ColumnRow[]>();
  for (const column of columns) pushTo(columnsOf, column[0], column);
  const ownersOf = new Map<string, OwnerRow[]>();
  for (const owner of owners) pushTo(ownersOf, owner[0], owner);
  return {
    assets: assets.map(([id, uniqueId, kind, name, database, schema, relationName, description]): ExportAsset => ({
      id,
      uniqueId,
      kind,
      name,
      database,
      schema,
      relationName,
      description,
      columns: (columnsOf.get(id) ?? []).map(([, column, dataType, text]) => ({ name: column, dataType, description: text })),
      owners: (ownersOf.get(id) ?? []).map(([, owner, email, handle]) => ({ name: owner, email, handle })),
    })),
    edges: edges.map(([fromId, toId]) => ({ fromId, toId })),
    columnEdges: columnEdges.map(([fromAssetId, fromColumn, toAssetId, toColumn, transform]): ExportColumnEdge => ({ fromAssetId, fromColumn, toAssetId, toColumn, transform })),
  };
}
