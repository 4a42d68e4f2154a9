/**
 * A tenant's glossary: business terms with their definitions, other names, owner and status, and
 * the assets and columns that implement them. OWNER and ADMIN tokens write; every write is
 * audited (which moves the catalog revision, so search sees it on the next request).
 */
import { AppError, badInput, notFound } from "../../core/errors.js";
import { normalizeTermName } from "../../core/glossary/termNames.js";
import { termInputSchema, termUpdateSchema, type TermInput } from "../../core/glossary/termInput.js";
import { parseInput } from "../../core/validation.js";
import type { TenantTx } from "../../db/tenantScope.js";
import type { GlossaryTerm, Prisma } from "../../generated/prisma/client.js";
import type { TenantContext } from "../actor.js";
import { recordAudit } from "../audit.js";
import { upsertOwner } from "../owners.js";
import { assertRole } from "../tokens.js";

export async function createTerm(ctx: TenantContext, input: unknown): Promise<GlossaryTerm> {
  assertRole(ctx, "OWNER");
  const term = parseInput(termInputSchema, input);
  return ctx.db.$transaction(async (tx) => {
    await assertNameFree(tx, term.name, null);
    const ownerId = term.ownerEmail ? (await upsertOwner(ctx.tenant.id, tx, { email: term.ownerEmail })).id : null;
    const row = await tx.glossaryTerm.create({ data: { tenantId: ctx.tenant.id, ...fields(term), ownerId } });
    await recordAudit(ctx, tx, { action: "glossary.term.create", targetType: "GlossaryTerm", targetId: row.id, details: auditDetails(row) });
    return row;
  });
}

export async function updateTerm(ctx: TenantContext, termId: string, input: unknown): Promise<GlossaryTerm> {
  assertRole(ctx, "OWNER");
  const update = parseInput(termUpdateSchema, input);
  return ctx.db.$transaction(async (tx) => {
    const existing = await findTerm(tx, termId);
    if (update.name !== undefined) await assertNameFree(tx, update.name, existing.id);
    const ownerId =
      update.ownerEmail === undefined ? undefined : update.ownerEmail === null ? null : (await upsertOwner(ctx.tenant.id, tx, { email: update.ownerEmail })).id;
    const row = await tx.glossaryTerm.update({
      where: { tenantId_id: { tenantId: ctx.tenant.id, id: existing.id } },
      data: {
        ...(update.name !== undefined ? { name: update.name, key: normalizeTermName(update.name) } : {}),
        ...(update.definition !== undefined ? { definition: update.definition } : {}),
        ...(update.synonyms !== undefined ? { synonyms: update.synonyms } : {}),
        ...(update.abbreviations !== undefined ? { abbreviations: update.abbreviations } : {}),
        ...(update.status !== undefined ? { status: update.status } : {}),
        ...(ownerId !== undefined ? { ownerId } : {}),
      },
    });
    await recordAudit(ctx, tx, { action: "glossary.term.update", targetType: "GlossaryTerm", targetId: row.id, details: auditDetails(row) });
    return row;
  });
}

export async function deleteTerm(ctx: TenantContext, termId: string): Promise<string> {
  assertRole(ctx, "OWNER");
  return ctx.db.$transaction(async (tx) => {
    const existing = await findTerm(tx, termId);
    await tx.glossaryTerm.delete({ where: { tenantId_id: { tenantId: ctx.tenant.id, id: existing.id } } });
    await recordAudit(ctx, tx, { action: "glossary.term.delete", targetType: "GlossaryTerm", targetId: existing.id, details: { name: existing.name } });
    return existing.id;
  });
}

/** Links (or, with `linked: false`, unlinks) an asset or one of its columns to a term. */
export async function setTermLink(ctx: TenantContext, input: { termId: string; assetId: string; columnName?: string | null; linked: boolean }): Promise<GlossaryTerm> {
  assertRole(ctx, "OWNER");
  const columnName = input.columnName?.trim() ?? "";
  return ctx.db.$transaction(async (tx) => {
    const term = await findTerm(tx, input.termId);
    const asset = await tx.asset.findFirst({ where: { id: input.assetId, removedAt: null }, select: { id: true } });
    if (!asset) throw notFound("Asset", input.assetId);
    if (columnName !== "" && !(await tx.column.findFirst({ where: { assetId: asset.id, name: columnName, removedAt: null }, select: { id: true } }))) {
      throw badInput(`The asset has no column ${JSON.stringify(columnName)}`, { argument: "columnName" });
    }
    const key = { tenantId: ctx.tenant.id, termId: term.id, assetId: asset.id, columnName };
    if (input.linked) await tx.glossaryTermLink.createMany({ data: [key], skipDuplicates: true });
    else await tx.glossaryTermLink.deleteMany({ where: key });
    await recordAudit(ctx, tx, {
      action: input.linked ? "glossary.term.link" : "glossary.term.unlink",
      targetType: "GlossaryTerm",
      targetId: term.id,
      details: { assetId: asset.id, columnName },
    });
    return term;
  });
}

export async function findTerm(db: Pick<TenantTx, "glossaryTerm">, termId: string): Promise<GlossaryTerm> {
  const term = await db.glossaryTerm.findFirst({ where: { id: termId } });
  if (!term) throw notFound("GlossaryTerm", termId);
  return term;
}

function fields(term: TermInput) {
  return { name: term.name, key: normalizeTermName(term.name), definition: term.definition, synonyms: term.synonyms, abbreviations: term.abbreviations, status: term.status };
}

async function assertNameFree(tx: TenantTx, name: string, exceptId: string | null): Promise<void> {
  const clash = await tx.glossaryTerm.findFirst({ where: { key: normalizeTermName(name), ...(exceptId ? { id: { not: exceptId } } : {}) }, select: { name: true } });
  if (clash) throw new AppError("CONFLICT", `A term named ${JSON.stringify(clash.name)} already exists`, { argument: "name" });
}

function auditDetails(row: GlossaryTerm): Prisma.InputJsonValue {
  return { name: row.name, status: row.status, synonyms: row.synonyms, abbreviations: row.abbreviations };
}
