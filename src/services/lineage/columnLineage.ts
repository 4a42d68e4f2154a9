/**
 * Column lineage of one column, walked in the database one hop at a time.
 *
 * Why not the in-memory column index: a 3-hop question touches a few dozen rows, while the
 * index must first load every column and column edge of the tenant (300k + 500k rows: seconds
 * on first use, ~30 MB kept per tenant). Measured numbers are in the README (Lineage, impact and search).
 * Each hop is one indexed query for the frontier's neighbours (the edge primary key starts with
 * fromColumnId, and (tenantId, toColumnId) is indexed; a row dependency, stored once per model,
 * reaches every column of its model); visited columns are kept here, so every
 * column is expanded once, degrees are shortest distances, and cycles cannot loop. The answer
 * has the same shape and order as the core's traverseColumns over the index (a test checks
 * they agree). A source that reads another project's model relation adds hops from each of the
 * model's columns to the source's column of the same name (tenantGraphs.ts holds the links), and
 * a model that reads another project's model through a dbt Mesh ref adds the column edges and row
 * dependencies its SQL gives, unless the query asks to stay in the project (`crossProject: false`).
 */
import { COLUMN_TRANSFORMS, traverseColumns, type ColumnLineageQuery, type ColumnLineageEdge, type ColumnLineageNode, type ColumnLineageResult, type ColumnRef, type ColumnTransform } from "../../core/lineage/index.js";
import { LineageQueryError, relationColumnEdges, type AssetEdgeRow } from "../../core/lineage/index.js";
import { pushTo } from "../../core/listMap.js";
import type { TenantContext } from "../actor.js";
import { answer, asApiError } from "./errors.js";
import { MAX_COLUMN_NODES } from "./limits.js";
import { columnGraph, crossProjectLinks, type GraphScope } from "./tenantGraphs.js";
import type { ProjectLinks } from "./crossProjectLinks.js";

type ColumnLinks = Pick<ProjectLinks, "relations" | "meshColumns" | "meshRowDependencies">;
const IN_PROJECT: ColumnLinks = { relations: [], meshColumns: [], meshRowDependencies: [] };


export async function columnLineage(ctx: TenantContext, query: ColumnLineageQuery & GraphScope): Promise<ColumnLineageResult> {
  try {
    return await walkColumns(ctx, query);
  } catch (error) {
    throw asApiError(error);
  }
}

/** The same question answered from the in-memory column index (for comparison and tests). */
export async function columnLineageFromIndex(ctx: TenantContext, query: ColumnLineageQuery): Promise<ColumnLineageResult> {
  const graph = await columnGraph(ctx);
  return answer(() => traverseColumns(graph, { ...query, maxNodes: query.maxNodes ?? MAX_COLUMN_NODES }));
}

interface Reached {
  id: string;
  degree: number;
  direction: "UPSTREAM" | "DOWNSTREAM";
}

async function walkColumns(ctx: TenantContext, query: ColumnLineageQuery & GraphScope): Promise<ColumnLineageResult> {
  if (query.depth !== null && (!Number.isInteger(query.depth) || query.depth < 1)) {
    throw new LineageQueryError("INVALID_ARGUMENT", `depth must be an integer of at least 1 or null, got ${query.depth}`);
  }
  const maxDepth = query.depth ?? Number.POSITIVE_INFINITY;
  const maxNodes = query.maxNodes ?? MAX_COLUMN_NODES;
  const start = await startColumn(ctx, query.assetId, query.column);
  const links = query.crossProject === false ? IN_PROJECT : await crossProjectLinks(ctx);

  // The two sides, and then the names and the edges, are independent: each pair is asked at once.
  const directions = query.direction === "BOTH" ? (["DOWNSTREAM", "UPSTREAM"] as const) : [query.direction];
  const sides = await Promise.all(directions.map((direction) => walkSide(ctx, { start: start.columnId, direction, links }, maxDepth, maxNodes)));
  const best = new Map<string, Reached>();
  let truncated = false;
  for (const side of sides) {
    truncated ||= side.truncated;
    for (const entry of side.reached) {
      const known = best.get(entry.id);
      if (!known || entry.degree < known.degree) best.set(entry.id, entry);
    }
  }
  best.delete(start.columnId);

  const reached = [start.columnId, ...best.keys()];
  const [refs, storedEdges] = await Promise.all([columnRefs(ctx, reached), edgesAmong(ctx, reached)]);
  const edgeRows = [...storedEdges, ...linkedEdgesAmong(links.relations, refs), ...meshEdgesAmong(links, refs)];
  const order = (a: ColumnRef, b: ColumnRef) => compare(a.assetId, b.assetId) || compare(a.column, b.column);
  const nodes: ColumnLineageNode[] = [...best.values()]
    .filter((entry) => refs.has(entry.id))
    .map((entry) => ({ ...refs.get(entry.id)!, degree: entry.degree, direction: entry.direction }))
    .sort((a, b) => a.degree - b.degree || order(a, b));
  if (nodes.length > maxNodes) truncated = true;
  const kept = nodes.slice(0, maxNodes);
  const shown = new Set([start.columnId, ...kept.map((node) => node.columnId)]);
  const rank = (transform: ColumnTransform) => COLUMN_TRANSFORMS.indexOf(transform);
  const edges = edgeRows
    .filter((edge) => shown.has(edge.from) && shown.has(edge.to))
    .sort((a, b) => order(refs.get(a.from)!, refs.get(b.from)!) || order(refs.get(a.to)!, refs.get(b.to)!) || rank(a.transform) - rank(b.transform));
  return { start, nodes: kept, edges, truncated };
}

/** Exact name first, else the one case-insensitive match (warehouses fold case differently). */
async function startColumn(ctx: TenantContext, assetId: string, name: string): Promise<ColumnRef> {
  // The live asset, with its live columns of that name (a null column when it has none).
  const rows = await ctx.db.$queryRaw<{ id: string | null; name: string | null }[]>`
    SELECT c."id", c."name" FROM "Asset" a
    LEFT JOIN "Column" c ON c."tenantId" = a."tenantId" AND c."assetId" = a."id" AND c."removedAt" IS NULL AND lower(c."name") = lower(${name})
    WHERE a."tenantId" = ${ctx.tenant.id} AND a."id" = ${assetId} AND a."removedAt" IS NULL`;
  if (rows.length === 0) throw new LineageQueryError("UNKNOWN_ASSET", `unknown asset ${assetId}`);
  const candidates = rows.filter((column): column is { id: string; name: string } => column.id !== null);
  const exact = candidates.find((column) => column.name === name);
  const match = exact ?? (candidates.length === 1 ? candidates[0] : undefined);
  if (!match) throw new LineageQueryError("UNKNOWN_COLUMN", `asset ${assetId} has no column ${name}`);
  return { columnId: match.id, assetId, column: match.name };
}

interface Walk {
  start: string;
  direction: "UPSTREAM" | "DOWNSTREAM";
  /** Cross-project links; empty when the walk stays in the project. */
  links: ColumnLinks;
}

async function walkSide(ctx: TenantContext, { start, direction, links }: Walk, maxDepth: number, maxNodes: number): Promise<{ reached: Reached[]; truncated: boolean }> {
  const seen = new Set<string>([start]);
  const reached: Reached[] = [];
  let frontier = [start];
  const linked = linkedAssets(links.relations, direction);
  const mesh = meshHops(links, direction);
  for (let degree = 1; frontier.length > 0; degree++) {
    const hops = await Promise.all([neighbours(ctx, frontier, direction), linkedNeighbours(ctx, frontier, linked), meshNeighbours(ctx, frontier, mesh, direction)]);
    const next = [...new Set(hops.flat())].filter((id) => !seen.has(id));
    if (next.length === 0) break;
    if (degree > maxDepth) return { reached, truncated: true };
    for (const id of next) {
      seen.add(id);
      reached.push({ id, degree, direction });
    }
    // Keep walking only while the cap leaves room; the next level could not be returned anyway.
    if (reached.length > maxNodes) return { reached, truncated: true };
    frontier = next;
  }
  return { reached, truncated: false };
}

/**
 * Live columns one hop away from any of `columns`, each once: through column edges, and through
 * row dependencies, which reach every column of their model.
 */
async function neighbours(ctx: TenantContext, columns: string[], direction: "UPSTREAM" | "DOWNSTREAM"): Promise<string[]> {
  const tenantId = ctx.tenant.id;
  const rows =
    direction === "DOWNSTREAM"
      ? await ctx.db.$queryRaw<{ id: string }[]>`
          SELECT e."toColumnId" AS "id" FROM "ColumnLineageEdge" e
          JOIN "Column" c ON c."tenantId" = e."tenantId" AND c."id" = e."toColumnId" AND c."removedAt" IS NULL
          WHERE e."tenantId" = ${tenantId} AND e."fromColumnId" = ANY(${columns}::text[])
          UNION
          SELECT c."id" FROM "ModelColumnDependency" d
          JOIN "Column" c ON c."tenantId" = d."tenantId" AND c."assetId" = d."toAssetId" AND c."removedAt" IS NULL
          WHERE d."tenantId" = ${tenantId} AND d."fromColumnId" = ANY(${columns}::text[])`
      : await ctx.db.$queryRaw<{ id: string }[]>`
          SELECT e."fromColumnId" AS "id" FROM "ColumnLineageEdge" e
          JOIN "Column" c ON c."tenantId" = e."tenantId" AND c."id" = e."fromColumnId" AND c."removedAt" IS NULL
          WHERE e."tenantId" = ${tenantId} AND e."toColumnId" = ANY(${columns}::text[])
          UNION
          SELECT d."fromColumnId" FROM "Column" t
          JOIN "ModelColumnDependency" d ON d."tenantId" = t."tenantId" AND d."toAssetId" = t."assetId"
          JOIN "Column" c ON c."tenantId" = d."tenantId" AND c."id" = d."fromColumnId" AND c."removedAt" IS NULL
          WHERE t."tenantId" = ${tenantId} AND t."id" = ANY(${columns}::text[])`;
  return rows.map((row) => row.id);
}

/** Each asset's linked assets in the walk's direction, built once per walk. */
function linkedAssets(links: readonly AssetEdgeRow[], direction: "UPSTREAM" | "DOWNSTREAM"): Map<string, string[]> {
  const linked = new Map<string, string[]>();
  for (const link of links) {
    const [from, to] = direction === "DOWNSTREAM" ? [link.fromId, link.toId] : [link.toId, link.fromId];
    pushTo(linked, from, to);
  }
  return linked;
}

/** The same-named columns of the assets linked to the columns' assets in another project. */
async function linkedNeighbours(ctx: TenantContext, columns: string[], linked: ReadonlyMap<string, string[]>): Promise<string[]> {
  if (linked.size === 0) return [];
  const targets = [...(await columnRefs(ctx, columns)).values()].flatMap((ref) =>
    (linked.get(ref.assetId) ?? []).map((assetId) => ({ assetId, name: ref.column.toLowerCase() })),
  );
  if (targets.length === 0) return [];
  const rows = await ctx.db.$queryRaw<{ id: string }[]>`
    SELECT c."id" FROM "Column" c
    JOIN unnest(${targets.map((t) => t.assetId)}::text[], ${targets.map((t) => t.name)}::text[]) AS t("assetId", "name")
      ON c."assetId" = t."assetId" AND lower(c."name") = t."name"
    WHERE c."tenantId" = ${ctx.tenant.id} AND c."removedAt" IS NULL`;
  return rows.map((row) => row.id);
}

/** The dbt Mesh column links in the walk's direction, indexed once per walk. */
interface MeshHops {
  /** Column → the columns one Mesh column edge away. */
  columns: Map<string, string[]>;
  /** Downstream: column → the models whose rows it shapes. Upstream: model → the columns shaping its rows. */
  rows: Map<string, string[]>;
}

function meshHops(links: ColumnLinks, direction: "UPSTREAM" | "DOWNSTREAM"): MeshHops {
  const hops: MeshHops = { columns: new Map(), rows: new Map() };
  for (const edge of links.meshColumns) {
    if (direction === "DOWNSTREAM") pushTo(hops.columns, edge.fromColumnId, edge.toColumnId);
    else pushTo(hops.columns, edge.toColumnId, edge.fromColumnId);
  }
  for (const row of links.meshRowDependencies) {
    if (direction === "DOWNSTREAM") pushTo(hops.rows, row.fromColumnId, row.toAssetId);
    else pushTo(hops.rows, row.toAssetId, row.fromColumnId);
  }
  return hops;
}

/** Columns one dbt Mesh hop away: through a column edge, or a row dependency (every column of its model). */
async function meshNeighbours(ctx: TenantContext, columns: string[], hops: MeshHops, direction: "UPSTREAM" | "DOWNSTREAM"): Promise<string[]> {
  const found = columns.flatMap((id) => hops.columns.get(id) ?? []);
  if (hops.rows.size === 0) return found;
  if (direction === "UPSTREAM") {
    const refs = await columnRefs(ctx, columns);
    return [...found, ...[...new Set([...refs.values()].map((ref) => ref.assetId))].flatMap((assetId) => hops.rows.get(assetId) ?? [])];
  }
  const models = [...new Set(columns.flatMap((id) => hops.rows.get(id) ?? []))];
  if (models.length === 0) return found;
  const rows = await ctx.db.$queryRaw<{ id: string }[]>`
    SELECT c."id" FROM "Column" c WHERE c."tenantId" = ${ctx.tenant.id} AND c."assetId" = ANY(${models}::text[]) AND c."removedAt" IS NULL`;
  return [...found, ...rows.map((row) => row.id)];
}

/** The dbt Mesh column edges among the reached columns (a row dependency reaches each column of its model). */
function meshEdgesAmong(links: ColumnLinks, refs: ReadonlyMap<string, ColumnRef>): ColumnLineageEdge[] {
  const edges = links.meshColumns.filter((edge) => refs.has(edge.fromColumnId) && refs.has(edge.toColumnId)).map((edge) => ({ from: edge.fromColumnId, to: edge.toColumnId, transform: edge.transform }));
  const reachedRows = links.meshRowDependencies.filter((row) => refs.has(row.fromColumnId));
  for (const ref of reachedRows.length > 0 ? refs.values() : []) {
    for (const row of reachedRows) if (row.toAssetId === ref.assetId) edges.push({ from: row.fromColumnId, to: ref.columnId, transform: row.transform });
  }
  return edges;
}

/** The cross-project hops among the reached columns, as edges. */
function linkedEdgesAmong(links: readonly AssetEdgeRow[], refs: ReadonlyMap<string, ColumnRef>): ColumnLineageEdge[] {
  const columns = [...refs.values()].map((ref) => ({ id: ref.columnId, assetId: ref.assetId, name: ref.column }));
  return relationColumnEdges(links, columns).map((edge) => ({ from: edge.fromColumnId, to: edge.toColumnId, transform: edge.transform }));
}

/** Asset and name of each column, leaving out columns of removed assets. */
async function columnRefs(ctx: TenantContext, ids: string[]): Promise<Map<string, ColumnRef>> {
  const rows = await ctx.db.$queryRaw<{ id: string; assetId: string; name: string }[]>`
    SELECT c."id", c."assetId", c."name" FROM "Column" c
    JOIN "Asset" a ON a."tenantId" = c."tenantId" AND a."id" = c."assetId" AND a."removedAt" IS NULL
    WHERE c."tenantId" = ${ctx.tenant.id} AND c."id" = ANY(${ids}::text[])`;
  return new Map(rows.map((row) => [row.id, { columnId: row.id, assetId: row.assetId, column: row.name }]));
}

/** Every column edge among the given columns (direct ones, and row dependencies reaching them). */
async function edgesAmong(ctx: TenantContext, ids: string[]): Promise<ColumnLineageEdge[]> {
  return ctx.db.$queryRaw<ColumnLineageEdge[]>`
    SELECT "fromColumnId" AS "from", "toColumnId" AS "to", "transform"::text AS "transform" FROM "ColumnLineageEdge"
    WHERE "tenantId" = ${ctx.tenant.id} AND "fromColumnId" = ANY(${ids}::text[]) AND "toColumnId" = ANY(${ids}::text[])
    UNION
    SELECT d."fromColumnId", c."id", d."transform"::text FROM "ModelColumnDependency" d
    JOIN "Column" c ON c."tenantId" = d."tenantId" AND c."assetId" = d."toAssetId" AND c."id" = ANY(${ids}::text[])
    WHERE d."tenantId" = ${ctx.tenant.id} AND d."fromColumnId" = ANY(${ids}::text[])`;
}

/** Code-unit order, as the core sorts ids and names (not the database's collation). */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
