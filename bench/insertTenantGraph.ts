/**
 * Writes a generated lineage graph (bench/generate/graph.ts) straight into one tenant's tables
 * with the ingest's bulk writer (raw SQL: every row names its tenant), skipping manifest parsing: the way benchmarks and tests get a
 * graph of known shape and size. Assets keep the generator's ids, so known answers carry over.
 * A few owners own and subscribe to assets, so impact has people to report. Like an applied
 * post, it moves the tenant's revisions, so caches built before see the graph.
 */
import { columnDefinition, ownerKey } from "../src/core/manifest/index.js";
import { bulkInsert, type BulkColumns } from "../src/db/bulkInsert.js";
import type { TenantContext } from "../src/services/actor.js";
import { markCatalogChanged } from "../src/services/catalogRevision.js";
import { inLongTransaction } from "../src/db/longTransaction.js";
import type { GeneratedTenant } from "./generate/graph.js";

const CHUNK = 5_000;

async function inChunks<T>(rows: readonly T[], write: (chunk: T[]) => Promise<unknown>, size = CHUNK): Promise<void> {
  for (let i = 0; i < rows.length; i += size) await write(rows.slice(i, i + size));
}

export interface InsertedGraph {
  projectId: string;
  /** Owner email → asset ids it owns / subscribes to. */
  owners: { email: string; id: string; owns: string[]; subscribes: string[] }[];
}

export async function insertTenantGraph(ctx: TenantContext, graph: GeneratedTenant, options: { projectName?: string; bulk?: boolean } = {}): Promise<InsertedGraph> {
  if (options.bulk) {
    return inLongTransaction(ctx.db, async (tx) => {
      const indexes = await withoutSearchIndexes(tx);
      // The generated rows refer to each other consistently by construction: no foreign key
      // trigger per row (a superuser's session setting, undone with the transaction).
      await tx.$executeRawUnsafe("SET LOCAL session_replication_role = replica");
      const inserted = await insertTenantGraph({ ...ctx, db: tx as unknown as TenantContext["db"] }, graph, { projectName: options.projectName });
      for (const { indexdef } of indexes) await tx.$executeRawUnsafe(indexdef);
      return inserted;
    }, 30 * 60_000);
  }
  const tenantId = ctx.tenant.id;
  const project = await ctx.db.project.create({ data: { tenantId, name: options.projectName ?? "generated" } });
  const projectId = project.id;
  let phase = performance.now();
  const lap = (what: string) => {
    if (process.env.BENCH_PHASES) console.error(`    ${what} ${((performance.now() - phase) / 1000).toFixed(1)} s`);
    phase = performance.now();
  };
  await bulkInsert(ctx.db, "Asset", ASSET_COLUMNS, graph.assets.map((a) => ({ ...a, tenantId, projectId, contentHash: a.id })));
  lap("assets");
  await bulkInsert(ctx.db, "LineageEdge", EDGE_COLUMNS, graph.edges.map((e) => ({ tenantId, projectId, fromAssetId: e.fromId, toAssetId: e.toId, origin: e.origin })));
  lap("edges");
  const definitions = new Map<string, ReturnType<typeof columnDefinition> & { tenantId: string }>();
  const columns = graph.columns.map((c) => {
    const definition = columnDefinition(c.name, c.description);
    definitions.set(definition.id, { tenantId, ...definition });
    return { ...c, tenantId, definitionId: definition.id };
  });
  await bulkInsert(ctx.db, "ColumnDefinition", DEFINITION_COLUMNS, [...definitions.values()]);
  lap("definitions");
  await bulkInsert(ctx.db, "Column", COLUMN_COLUMNS, columns);
  lap("columns");
  await bulkInsert(ctx.db, "ColumnLineageEdge", COLUMN_EDGE_COLUMNS, graph.columnEdges.map((e) => ({ ...e, tenantId })));
  lap("column edges");
  const owners = await addPeople(ctx, graph);
  lap("owners");
  await markCatalogChanged(ctx.db, tenantId, "lineage");
  return { projectId, owners };
}

/**
 * Drops the full-text and trigram (GIN) indexes of the tables the graph fills, for the caller to
 * create again after writing: built once over all rows, they cost a fraction of being updated
 * row by row (which made loading the 60k-asset tenant take minutes on PGlite).
 */
async function withoutSearchIndexes(tx: { $queryRawUnsafe<T>(sql: string): Promise<T>; $executeRawUnsafe(sql: string): Promise<number> }): Promise<{ indexname: string; indexdef: string }[]> {
  const indexes = await tx.$queryRawUnsafe<{ indexname: string; indexdef: string }[]>(
    `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename IN ('Asset', 'Column', 'ColumnDefinition') AND indexdef LIKE '%USING gin%'`,
  );
  for (const { indexname } of indexes) await tx.$executeRawUnsafe(`DROP INDEX "${indexname}"`);
  return indexes;
}

const ASSET_COLUMNS: BulkColumns = {
  tenantId: "text", id: "text", projectId: "text", uniqueId: "text", name: "text", kind: { enum: "AssetKind" }, layer: { enum: "Layer" },
  description: "text", tags: "text[]", subtype: "text", contentHash: "text",
};
const EDGE_COLUMNS: BulkColumns = { tenantId: "text", projectId: "text", fromAssetId: "text", toAssetId: "text", origin: { enum: "EdgeOrigin" } };
const COLUMN_COLUMNS: BulkColumns = {
  tenantId: "text", id: "text", assetId: "text", name: "text", description: "text", dataType: "text", position: "int", definitionId: "text",
};
const DEFINITION_COLUMNS: BulkColumns = { tenantId: "text", id: "text", name: "text", description: "text" };
const COLUMN_EDGE_COLUMNS: BulkColumns = {
  tenantId: "text", fromColumnId: "text", toColumnId: "text", transform: { enum: "ColumnTransform" }, fromAssetId: "text", toAssetId: "text",
};

/**
 * Owner i owns every asset whose position is i mod 7 among the non-source assets and
 * subscribes to every hub: deterministic, and every impact answer names people.
 */
async function addPeople(ctx: TenantContext, graph: GeneratedTenant): Promise<InsertedGraph["owners"]> {
  const people = Array.from({ length: 7 }, (_, i) => ({ email: `owner${i}@example.com`, name: `Owner ${i}` }));
  const owners = [];
  const ownable = graph.assets.filter((asset) => asset.kind !== "SOURCE");
  for (const [i, person] of people.entries()) {
    const row = await ctx.db.owner.create({ data: { tenantId: ctx.tenant.id, key: ownerKey({ ...person, handle: null }), email: person.email, name: person.name } });
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
