/**
 * Marquez's lineage read (`GET /api/v1/lineage`) answered as JSON bytes, kept per tenant, node
 * and depth for the tenant's revisions (catalogRevision.ts). A 1,000-job answer is ~3 MB built
 * from eight statements; the same question asked again at the same revisions is the same bytes.
 *
 * Exact: the answer is made of the lineage graph (lineage revision), the assets' names,
 * descriptions, tags and columns (catalog revision: every such write is audited or is an
 * applied post), and OpenLineage's runs and facets, which change only in an intake transaction
 * that stores a new event and moves the openLineage revision in it. A request reads the
 * revisions before the answer's rows (with its authentication), so a stored answer is never
 * older than its key. Errors (an unknown node) are not kept.
 */
import { TenantGraphCache } from "../../core/lineage/index.js";
import { sharedWork } from "../../db/abandonWork.js";
import type { TenantContext } from "../actor.js";
import { catalogRevisions } from "../catalogRevision.js";
import { assertRole } from "../tokens.js";
import { marquezLineage } from "./marquezReads.js";

/** A few large graphs' answers, or many small ones; an answer over the budget is served, not kept. */
const ANSWERS_BUDGET_BYTES = 64 * 2 ** 20;

export interface LineageAnswer {
  /** `JSON.stringify` of marquezLineage's answer, as UTF-8. */
  body: Buffer;
  byteSize: number;
}

const answers = new TenantGraphCache<LineageAnswer>(ANSWERS_BUDGET_BYTES);

/** `keep: false` computes every answer (the response caches are off) and keeps none. */
export async function marquezLineageAnswer(ctx: TenantContext, query: { nodeId: string; depth: number }, { keep }: { keep: boolean }): Promise<LineageAnswer> {
  assertRole(ctx, "READER");
  const revisions = await catalogRevisions(ctx);
  const atRevisions = { ...ctx, revisions };
  const key = `${ctx.tenant.id}\u0000${query.depth}\u0000${query.nodeId}`;
  const compute = async () => {
    const body = Buffer.from(JSON.stringify(await marquezLineage(atRevisions, query)));
    return { body, byteSize: body.length + 2 * key.length };
  };
  if (!keep) return compute();
  const version = `${revisions.catalog}.${revisions.lineage}.${revisions.openLineage}`;
  return answers.get(key, version, () => sharedWork(compute));
}
