/**
 * Writes a generated lineage graph (bench/generate/graph.ts) straight into one tenant's tables
 * with tenant-scoped createMany, skipping manifest parsing: the way benchmarks and tests get a
 * graph of known shape and size. Assets keep the generator's ids, so known answers carry over.
 * A few owners own and subscribe to assets, so impact has people to report.
 */
import type { GeneratedTenant } from "./generate/graph.js";
import type { TenantContext } from "../src/services/actor.js";

const CHUNK = 5_000;

async function inChunks<T>(rows: readonly T[], write: (chunk: T[]) => Promise<unknown>, size = CHUNK): Promise<void> {
  for (let i = 0; i < rows.length; i += size) await write(rows.slice(i, i + size));
}

export interface InsertedGraph {
  projectId: string;
  /** Owner email → asset ids it owns / subscribes to. */
  owners: { email: string; id: string; owns: string[]; subscribes: string[] }[];
}

/**
 * `bulk` writes the big tables with one INSERT … SELECT FROM unnest(arrays) per 50k rows instead
 * of createMany: 20k assets, 300k columns and 560k edges then take about a minute on PGlite
 * instead of 7.5. Those statements name the tenant explicitly (raw SQL is not tenant-scoped).
 */
export async function insertTenantGraph(
  ctx: TenantContext,
  graph: GeneratedTenant,
  options: { projectName?: string; bulk?: boolean } = {},
): Promise<InsertedGraph> {
  const db = ctx.db;
  const project = await db.project.create({ data: { tenantId: ctx.tenant.id, name: options.projectName ?? "generated" } });
  if (options.bulk) {
    await bulkInsert(ctx, project.id, graph);
    return { projectId: project.id, owners: await addPeople(ctx, graph) };
  }
  await inChunks(graph.assets, (chunk) =>
    db.asset.createMany({
      data: chunk.map((asset) => ({
        tenantId: ctx.tenant.id,
        id: asset.id,
        projectId: project.id,
        uniqueId: asset.uniqueId,
        name: asset.name,
        kind: asset.kind,
        layer: asset.layer,
        description: asset.description,
        tags: asset.tags,
        subtype: asset.subtype,
        contentHash: asset.id,
      })),
    }),
  );
  await inChunks(graph.edges, (chunk) =>
    db.lineageEdge.createMany({
      data: chunk.map((edge) => ({ tenantId: ctx.tenant.id, projectId: project.id, fromAssetId: edge.fromId, toAssetId: edge.toId, origin: edge.origin })),
    }),
  );
  await inChunks(graph.columns, (chunk) =>
    db.column.createMany({
      data: chunk.map((column) => ({
        tenantId: ctx.tenant.id,
        id: column.id,
        assetId: column.assetId,
        name: column.name,
        description: column.description,
        dataType: column.dataType,
        position: column.position,
      })),
    }),
  );
  await inChunks(graph.columnEdges, (chunk) =>
    db.columnLineageEdge.createMany({
      data: chunk.map((edge) => ({
        tenantId: ctx.tenant.id,
        fromColumnId: edge.fromColumnId,
        toColumnId: edge.toColumnId,
        transform: edge.transform,
        fromAssetId: edge.fromAssetId,
        toAssetId: edge.toAssetId,
      })),
    }),
  );
  return { projectId: project.id, owners: await addPeople(ctx, graph) };
}

/**
 * Owner i owns every asset whose position is i mod 7 among the non-source assets and
 * subscribes to every hub: deterministic, and every impact answer names people.
 */
async function addPeople(ctx: TenantContext, graph: GeneratedTenant): Promise<InsertedGraph["owners"]> {
  const people = Array.from({ length: 7 }, (_, i) => ({ email: `owner${i}@example.com`, name: `Owner ${i}` }));
  const owners = [];
  const ownable = graph.assets.filter((asset) => asset.kind !== "SOURCE");
  for (const [i, person] of people.entries()) {
    const row = await ctx.db.owner.create({ data: { tenantId: ctx.tenant.id, key: person.email, email: person.email, name: person.name } });
    const owns = ownable.filter((_, position) => position % people.length === i).map((asset) => asset.id);
    const subscribes = i === 0 ? graph.hubs.map((hub) => hub.id) : [];
    await inChunks(owns, (chunk) => ctx.db.assetOwner.createMany({ data: chunk.map((assetId) => ({ tenantId: ctx.tenant.id, assetId, ownerId: row.id })) }));
    if (subscribes.length > 0) {
      await ctx.db.subscription.createMany({ data: subscribes.map((assetId) => ({ tenantId: ctx.tenant.id, assetId, ownerId: row.id })) });
    }
    owners.push({ email: person.email, id: row.id, owns, subscribes });
  }
  return owners;
}

const BULK = 50_000;

async function bulkInsert(ctx: TenantContext, projectId: string, graph: GeneratedTenant): Promise<void> {
  const tenantId = ctx.tenant.id;
  const db = ctx.db;
  await inChunks(graph.assets, (c) => db.$executeRaw`
    INSERT INTO "Asset" ("tenantId", "id", "projectId", "uniqueId", "name", "kind", "layer", "description", "tags", "subtype", "contentHash")
    SELECT ${tenantId}, u.id, ${projectId}, u.unique_id, u.name, u.kind::"AssetKind", u.layer::"Layer", u.description,
           string_to_array(u.tags, ','), u.subtype, u.id
    FROM unnest(${c.map((a) => a.id)}::text[], ${c.map((a) => a.uniqueId)}::text[], ${c.map((a) => a.name)}::text[],
                ${c.map((a) => a.kind)}::text[], ${c.map((a) => a.layer)}::text[], ${c.map((a) => a.description)}::text[],
                ${c.map((a) => a.tags.join(","))}::text[], ${c.map((a) => a.subtype)}::text[])
         AS u(id, unique_id, name, kind, layer, description, tags, subtype)`, BULK);
  await inChunks(graph.edges, (c) => db.$executeRaw`
    INSERT INTO "LineageEdge" ("tenantId", "projectId", "fromAssetId", "toAssetId", "origin")
    SELECT ${tenantId}, ${projectId}, u.f, u.t, u.o::"EdgeOrigin"
    FROM unnest(${c.map((e) => e.fromId)}::text[], ${c.map((e) => e.toId)}::text[], ${c.map((e) => e.origin)}::text[]) AS u(f, t, o)`, BULK);
  await inChunks(graph.columns, (c) => db.$executeRaw`
    INSERT INTO "Column" ("tenantId", "id", "assetId", "name", "description", "dataType", "position")
    SELECT ${tenantId}, u.id, u.asset_id, u.name, u.description, u.data_type, u.position
    FROM unnest(${c.map((x) => x.id)}::text[], ${c.map((x) => x.assetId)}::text[], ${c.map((x) => x.name)}::text[],
                ${c.map((x) => x.description)}::text[], ${c.map((x) => x.dataType)}::text[], ${c.map((x) => x.position)}::int[])
         AS u(id, asset_id, name, description, data_type, position)`, BULK);
  await inChunks(graph.columnEdges, (c) => db.$executeRaw`
    INSERT INTO "ColumnLineageEdge" ("tenantId", "fromColumnId", "toColumnId", "transform", "fromAssetId", "toAssetId")
    SELECT ${tenantId}, u.f, u.t, u.x::"ColumnTransform", u.fa, u.ta
    FROM unnest(${c.map((e) => e.fromColumnId)}::text[], ${c.map((e) => e.toColumnId)}::text[], ${c.map((e) => e.transform)}::text[],
                ${c.map((e) => e.fromAssetId)}::text[], ${c.map((e) => e.toAssetId)}::text[]) AS u(f, t, x, fa, ta)`, BULK);
}
