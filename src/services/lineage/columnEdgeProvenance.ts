/**
 * Where each column edge of an answer comes from: DECLARED when an OpenLineage producer's
 * `columnLineage` facet said so, INFERRED when read from SQL (a dbt model's, an OpenLineage `sql`
 * facet's) or from a link by relation; and whether the producer said the value is masked. Read
 * for the edges of one answer only, so the lineage walk and index stay as they are.
 */
import type { ColumnLineageEdge, EdgeOrigin } from "../../core/lineage/index.js";
import type { TenantContext } from "../actor.js";

export interface EdgeProvenance {
  origin: EdgeOrigin;
  masking: boolean;
}

/** The provenance of each edge, in the order given. */
export async function columnEdgeProvenance(ctx: TenantContext, edges: readonly ColumnLineageEdge[]): Promise<EdgeProvenance[]> {
  if (edges.length === 0) return [];
  const rows = await ctx.db.$queryRawUnsafe<{ i: number; origin: EdgeOrigin | null; masking: boolean | null }[]>(
    `SELECT x."i", COALESCE(e."origin", d."origin")::text AS "origin", COALESCE(e."masking", d."masking") AS "masking"
     FROM jsonb_to_recordset($2::jsonb) AS x("i" int, "from" text, "to" text, "transform" text)
     LEFT JOIN "ColumnLineageEdge" e ON e."tenantId" = $1 AND e."fromColumnId" = x."from" AND e."toColumnId" = x."to" AND e."transform"::text = x."transform"
     LEFT JOIN "Column" c ON e."fromColumnId" IS NULL AND c."tenantId" = $1 AND c."id" = x."to"
     LEFT JOIN "ModelColumnDependency" d ON d."tenantId" = $1 AND d."toAssetId" = c."assetId" AND d."fromColumnId" = x."from" AND d."transform"::text = x."transform"`,
    ctx.tenant.id,
    JSON.stringify(edges.map((edge, i) => ({ i, from: edge.from, to: edge.to, transform: edge.transform }))),
  );
  const found = new Map(rows.map((row) => [row.i, row]));
  return edges.map((_, i) => ({ origin: found.get(i)?.origin ?? "INFERRED", masking: found.get(i)?.masking ?? false }));
}
