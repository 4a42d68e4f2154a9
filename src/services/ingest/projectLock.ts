import type { TenantTx as Tx } from "../../db/tenantScope.js";



/**
 * Serializes posts for one project across processes: a transaction-scoped advisory lock,
 * released at commit or rollback. (PGlite has one connection, so it serializes anyway.)
 */
export async function lockProject(tx: Tx, tenantId: string, project: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`ingest:${tenantId}:${project}`}, 0))`;
}
