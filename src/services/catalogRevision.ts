/**
 * A tenant's revisions: what caches of read answers are keyed by (the lineage graphs, the
 * search index, whole GraphQL responses).
 *
 * - `catalog` moves with every write that can change what a catalog read answers. Every such
 *   write goes through the API and is audited, so recordAudit moves it (an identical post,
 *   which writes nothing, does not).
 * - `lineage` moves with every applied post, the only writer of assets and edges; the lineage
 *   graphs, costly to rebuild, are keyed by it alone.
 * - `openLineage` moves with every OpenLineage intake transaction that stores a new event (runs
 *   and facets change with nearly every event, and no catalog read shows them); with the two
 *   others it keys the answers of Marquez's lineage read (openlineage/lineageAnswers.ts).
 *
 * Both live on the Tenant row and move inside the writing transaction, at its end (the row
 * lock is then held only until the commit). A reader that sees revision N sees at least N's
 * rows, in this process or any other sharing the database. Authentication reads them in its
 * own statement, so a request gets them with no extra round trip.
 */
import { Prisma } from "../generated/prisma/client.js";
import type { TenantTx } from "../db/tenantScope.js";
import type { TenantContext } from "./actor.js";

export interface CatalogRevisions {
  catalog: number;
  lineage: number;
  openLineage: number;
}

/** What a write changed: catalog data, or also lineage (assets and edges, which implies catalog). */
export type CatalogChange = "catalog" | "lineage";

export async function markCatalogChanged(db: Pick<TenantTx, "$executeRaw">, tenantId: string, change: CatalogChange): Promise<void> {
  await moveRevisions(db, tenantId, change, false);
}

/** An OpenLineage intake transaction stored new events: the openLineage revision moves, and the others as `change` says (one statement). */
export async function markOpenLineageChanged(db: Pick<TenantTx, "$executeRaw">, tenantId: string, change: CatalogChange | null): Promise<void> {
  await moveRevisions(db, tenantId, change, true);
}

async function moveRevisions(db: Pick<TenantTx, "$executeRaw">, tenantId: string, change: CatalogChange | null, openLineage: boolean): Promise<void> {
  const moved = [
    ...(change !== null ? [Prisma.sql`"catalogRevision" = "catalogRevision" + 1`] : []),
    ...(change === "lineage" ? [Prisma.sql`"lineageRevision" = "lineageRevision" + 1`] : []),
    ...(openLineage ? [Prisma.sql`"openLineageRevision" = "openLineageRevision" + 1`] : []),
  ];
  if (moved.length > 0) await db.$executeRaw`UPDATE "Tenant" SET ${Prisma.join(moved)} WHERE "id" = ${tenantId}`;
}

/**
 * The tenant's revisions: those read when the request was authenticated, else (CLI, workers,
 * requests that write) read now.
 */
export async function catalogRevisions(ctx: TenantContext): Promise<CatalogRevisions> {
  if (ctx.revisions) return ctx.revisions;
  const [row] = await ctx.db.$queryRaw<CatalogRevisions[]>`
    SELECT "catalogRevision" AS "catalog", "lineageRevision" AS "lineage", "openLineageRevision" AS "openLineage" FROM "Tenant" WHERE "id" = ${ctx.tenant.id}`;
  if (!row) throw new Error(`Tenant ${ctx.tenant.id} does not exist`);
  return row;
}
