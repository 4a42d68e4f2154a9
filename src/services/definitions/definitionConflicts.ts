/**
 * Conflicting definitions, listed, and owners' decisions about definitions (canonical, alias,
 * deprecated, with a note).
 */
import { z } from "zod";
import { DEFINITION_STATUSES, type DefinitionConflict } from "../../core/definitions/index.js";
import { badInput, notFound } from "../../core/errors.js";
import { parseInput } from "../../core/validation.js";
import type { TenantContext } from "../actor.js";
import { recordAudit } from "../audit.js";
import { assertRole } from "../tokens.js";
import { tenantDefinitions } from "./tenantDefinitions.js";

export interface ConflictPage {
  conflicts: DefinitionConflict[];
  total: number;
}

/** Conflicts with a definition in the project (by name), or all of the tenant's; in concept-name order. */
export async function listDefinitionConflicts(ctx: TenantContext, project: string | null | undefined, page: { skip: number; take: number }): Promise<ConflictPage> {
  const { conflicts } = await tenantDefinitions(ctx);
  if (project != null && !(await ctx.db.project.findFirst({ where: { name: project }, select: { id: true } }))) throw notFound("Project", project);
  const matching = project == null ? conflicts : conflicts.filter((c) => c.definitions.some((d) => d.project === project));
  return { conflicts: matching.slice(page.skip, page.skip + page.take), total: matching.length };
}

const markInput = z.strictObject({
  assetId: z.string().min(1),
  columnName: z.string().trim().min(1).max(1000).nullish(),
  status: z.enum(DEFINITION_STATUSES),
  note: z.string().trim().max(2000, "must be at most 2000 characters").nullish(),
});

/** An owner's decision about one definition; the asset must be live (and the column, when given). */
export async function markDefinition(ctx: TenantContext, input: z.input<typeof markInput>) {
  assertRole(ctx, "OWNER");
  const parsed = parseInput(markInput, input);
  const { assetId, status } = parsed;
  const columnName = parsed.columnName ?? "";
  const note = parsed.note || null;
  return ctx.db.$transaction(async (tx) => {
    const asset = await tx.asset.findFirst({ where: { id: assetId, removedAt: null }, select: { id: true } });
    if (!asset) throw notFound("Asset", assetId);
    if (columnName !== "" && !(await tx.column.findFirst({ where: { assetId, name: columnName, removedAt: null }, select: { id: true } }))) {
      throw badInput(`The asset has no column ${JSON.stringify(columnName)}`, { argument: "columnName" });
    }
    const data = { status, note, markedBy: ctx.actor.label, markedAt: new Date() };
    const mark = await tx.definitionMark.upsert({
      where: { tenantId_assetId_columnName: { tenantId: ctx.tenant.id, assetId, columnName } },
      create: { tenantId: ctx.tenant.id, assetId, columnName, ...data },
      update: data,
    });
    await recordAudit(ctx, tx, { action: "definition.mark", targetType: "Asset", targetId: assetId, details: { columnName, status, note } });
    return mark;
  });
}
