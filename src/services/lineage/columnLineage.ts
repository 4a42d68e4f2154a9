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
import { inReadingOrder, nodesInReadingOrder, traverseColumns, type ColumnLineageQuery, type ColumnLineageEdge, type ColumnLineageNode, type ColumnLineageResult, type ColumnRef } from "../../core/lineage/index.js";
import { LineageQueryError, relationColumnEdges, type AssetEdgeRow } from "../../core/lineage/index.js";
import { pushTo } from "../../core/listMap.js";
import type { TenantContext } from "../actor.js";
import { answer, asApiError } from "./errors.js";
import { MAX_COLUMN_NODES } from "./limits.js";
import { columnGraph, crossProjectLinks, type GraphScope } from "./tenantGraphs.js";
import type { TenantLinks } from "./crossProjectLinks.js";

type ColumnLinks = Pick<TenantLinks, "relations" | "meshColumns" | "meshRowDependencies">;
const IN_PROJECT: ColumnLinks = { relations: [], meshColumns: [], meshRowDependencies: [] };


export async function columnLineage(ctx: TenantContext, query: ColumnLineageQuery & GraphScope): Promise<ColumnLineageResult> {
  try {
    return await walkColumns(ctx, query);
  } catch (error) {
    throw asApiError(error);
  }
}

/**
 * The same question answered from the in-memory column index (for comparison and tests), in the
 * walk's reading order (the index's own order is its column numbering).
 */
export async function columnLineageFromIndex(ctx: TenantContext, query: ColumnLineageQuery): Promise<ColumnLineageResult> {
  const graph = await columnGraph(ctx);
  const result = answer(() => traverseColumns(graph, { ...query, maxNodes: query.maxNodes ?? MAX_COLUMN_NODES }));
  const uniqueIds = await assetUniqueIds(ctx, [...new Set([result.start, ...result.nodes].map((ref) => ref.assetId))]);
  return inReadingOrder(result, (assetId) => uniqueIds.get(assetId) ?? "");
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
  const tenantLinks = query.crossProject === false ? null : await crossProjectLinks(ctx);
  const links: ColumnLinks = tenantLinks ?? IN_PROJECT;
  const aliases = tenantLinks?.identity.aliases ?? new Map<string, string>();
  const asked = await mergedStart(ctx, query.assetId, query.column, aliases);
  const sameOf = sameColumns(ctx, aliases);
  const starts = [asked.columnId, ...(await sameOf([asked.columnId]))];

  // The two sides, and then the names and the edges, are independent: each pair is asked at once.
  const directions = query.direction === "BOTH" ? (["DOWNSTREAM", "UPSTREAM"] as const) : [query.direction];
  const sides = await Promise.all(directions.map((direction) => walkSide(ctx, { starts, direction, links, sameOf }, maxDepth, maxNodes)));
  const best = new Map<string, Reached>();
  let truncated = false;
  for (const side of sides) {
    truncated ||= side.truncated;
    for (const entry of side.reached) {
      const known = best.get(entry.id);
      if (!known || entry.degree < known.degree) best.set(entry.id, entry);
    }
  }
  for (const id of starts) best.delete(id);

  const reached = [...starts, ...best.keys()];
  const uniqueIds = new Map<string, string>();
  const [stored, storedEdges] = await Promise.all([columnRefs(ctx, reached, uniqueIds), edgesAmong(ctx, reached)]);
  const { refs, same } = mergeRefs(stored, aliases);
  const start = refs.get(same.get(asked.columnId) ?? asked.columnId)!;
  const edgeRows = mergeEdges([...storedEdges, ...linkedEdgesAmong(links.relations, refs), ...meshEdgesAmong(links, refs)], same);
  // Cut in reading order (by unique id, not random row id), so the last hop keeps the columns read first.
  // The unique ids came with the columns; an asset a merged dataset stands for may not have.
  const unseen = [...new Set([...refs.values()].map((ref) => ref.assetId))].filter((assetId) => !uniqueIds.has(assetId));
  for (const [assetId, uniqueId] of unseen.length > 0 ? await assetUniqueIds(ctx, unseen) : []) uniqueIds.set(assetId, uniqueId);
  const uniqueIdOf = (assetId: string) => uniqueIds.get(assetId) ?? "";
  const nodes: ColumnLineageNode[] = [...best.values()]
    .filter((entry) => refs.has(entry.id))
    .map((entry) => ({ ...refs.get(entry.id)!, degree: entry.degree, direction: entry.direction }))
    .sort(nodesInReadingOrder(uniqueIdOf));
  if (nodes.length > maxNodes) truncated = true;
  const kept = nodes.slice(0, maxNodes);
  const shown = new Set([start.columnId, ...kept.map((node) => node.columnId)]);
  const edges = edgeRows.filter((edge) => shown.has(edge.from) && shown.has(edge.to));
  return inReadingOrder({ start, nodes: kept, edges, truncated }, uniqueIdOf);
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
  /** The start column and the columns that are the same column (merged OpenLineage datasets). */
  starts: string[];
  direction: "UPSTREAM" | "DOWNSTREAM";
  /** Cross-project links; empty when the walk stays in the project. */
  links: ColumnLinks;
  sameOf: (columns: string[]) => Promise<string[]>;
}

async function walkSide(ctx: TenantContext, { starts, direction, links, sameOf }: Walk, maxDepth: number, maxNodes: number): Promise<{ reached: Reached[]; truncated: boolean }> {
  const seen = new Set<string>(starts);
  const reached: Reached[] = [];
  let frontier = starts;
  const linked = linkedAssets(links.relations, direction);
  const mesh = meshHops(links, direction);
  for (let degree = 1; frontier.length > 0; degree++) {
    const hops = await Promise.all([neighbours(ctx, frontier, direction), linkedNeighbours(ctx, frontier, linked), meshNeighbours(ctx, frontier, mesh, direction)]);
    const found = [...new Set(hops.flat())].filter((id) => !seen.has(id));
    // A column reached is reached with the columns that are it, at the same degree.
    const next = [...new Set([...found, ...(await sameOf(found))])].filter((id) => !seen.has(id));
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

async function assetUniqueIds(ctx: TenantContext, ids: string[]): Promise<Map<string, string>> {
  const rows = await ctx.db.$queryRaw<{ id: string; uniqueId: string }[]>`
    SELECT "id", "uniqueId" FROM "Asset" WHERE "tenantId" = ${ctx.tenant.id} AND "id" = ANY(${ids}::text[])`;
  return new Map(rows.map((row) => [row.id, row.uniqueId]));
}

/** Asset and name of each column, leaving out columns of removed assets. */
async function columnRefs(ctx: TenantContext, ids: string[], uniqueIds?: Map<string, string>): Promise<Map<string, ColumnRef>> {
  const rows = await ctx.db.$queryRaw<{ id: string; assetId: string; name: string; uniqueId: string }[]>`
    SELECT c."id", c."assetId", c."name", a."uniqueId" FROM "Column" c
    JOIN "Asset" a ON a."tenantId" = c."tenantId" AND a."id" = c."assetId" AND a."removedAt" IS NULL
    WHERE c."tenantId" = ${ctx.tenant.id} AND c."id" = ANY(${ids}::text[])`;
  for (const row of uniqueIds ? rows : []) uniqueIds!.set(row.assetId, row.uniqueId);
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

/**
 * The asked column: an OpenLineage dataset merged into another asset answers as that asset, with
 * its column of the name when it has one, else the dataset's own.
 */
async function mergedStart(ctx: TenantContext, assetId: string, name: string, aliases: ReadonlyMap<string, string>): Promise<ColumnRef> {
  const asset = aliases.get(assetId);
  if (asset === undefined) return startColumn(ctx, assetId, name);
  try {
    return await startColumn(ctx, asset, name);
  } catch (error) {
    if (!(error instanceof LineageQueryError) || error.code !== "UNKNOWN_COLUMN") throw error;
    return startColumn(ctx, assetId, name);
  }
}

/**
 * The columns that are the same column as each of `columns`: same name (case-insensitively) on
 * the assets merged with its asset (core/openlineage/datasetIdentity.ts). None without merges.
 */
function sameColumns(ctx: TenantContext, aliases: ReadonlyMap<string, string>): (columns: string[]) => Promise<string[]> {
  if (aliases.size === 0) return async () => [];
  const members = [...aliases.keys(), ...new Set(aliases.values())];
  const groups = members.map((id) => aliases.get(id) ?? id);
  return async (columns) => {
    if (columns.length === 0) return [];
    const rows = await ctx.db.$queryRaw<{ id: string }[]>`
      SELECT DISTINCT c2."id" FROM "Column" c1
      JOIN unnest(${members}::text[], ${groups}::text[]) AS g1("assetId", "grp") ON g1."assetId" = c1."assetId"
      JOIN unnest(${members}::text[], ${groups}::text[]) AS g2("assetId", "grp") ON g2."grp" = g1."grp" AND g2."assetId" <> g1."assetId"
      JOIN "Column" c2 ON c2."tenantId" = c1."tenantId" AND c2."assetId" = g2."assetId" AND lower(c2."name") = lower(c1."name") AND c2."removedAt" IS NULL
      WHERE c1."tenantId" = ${ctx.tenant.id} AND c1."id" = ANY(${columns}::text[])`;
    return rows.map((row) => row.id);
  };
}

/**
 * One column per merged column: a merged dataset's column is its asset's column of the same name
 * when the walk reached one (`same` says which), else a column of that asset.
 */
function mergeRefs(stored: Map<string, ColumnRef>, aliases: ReadonlyMap<string, string>): { refs: Map<string, ColumnRef>; same: Map<string, string> } {
  const same = new Map<string, string>();
  if (aliases.size === 0) return { refs: stored, same };
  const refs = new Map<string, ColumnRef>();
  const byName = new Map<string, string>();
  const key = (assetId: string, column: string) => `${assetId}\u0000${column.toLowerCase()}`;
  const ordered = [...stored.values()].sort((a, b) => Number(aliases.has(a.assetId)) - Number(aliases.has(b.assetId)));
  for (const ref of ordered) {
    const assetId = aliases.get(ref.assetId) ?? ref.assetId;
    const known = byName.get(key(assetId, ref.column));
    if (known !== undefined) {
      same.set(ref.columnId, known);
      continue;
    }
    byName.set(key(assetId, ref.column), ref.columnId);
    refs.set(ref.columnId, { ...ref, assetId });
  }
  return { refs, same };
}

/** Edges between merged columns, each once, none from a column to itself. */
function mergeEdges(edges: ColumnLineageEdge[], same: ReadonlyMap<string, string>): ColumnLineageEdge[] {
  if (same.size === 0) return edges;
  const kept = new Map<string, ColumnLineageEdge>();
  for (const edge of edges) {
    const from = same.get(edge.from) ?? edge.from;
    const to = same.get(edge.to) ?? edge.to;
    if (from !== to) kept.set(`${from}\u0000${to}\u0000${edge.transform}`, { from, to, transform: edge.transform });
  }
  return [...kept.values()];
}
