/**
 * API tokens: created (secret shown once), listed, revoked, and verified on every request.
 */
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { AppError, notFound } from "../core/errors.js";
import { formatToken, hashSecret, parseToken, ROLES, secretMatches } from "../core/tokens.js";
import type { ApiToken, PrismaClient, Tenant } from "../generated/prisma/client.js";
import { tenantContext, type Actor, type TenantContext } from "./actor.js";
import type { CatalogRevisions } from "./catalogRevision.js";
import { recordAudit } from "./audit.js";
import { upsertOwner } from "./owners.js";

export const createTokenInput = z.object({
  name: z.string().trim().min(1).max(100),
  role: z.enum(ROLES),
  ownerEmail: z.email().optional(),
});
export type CreateTokenInput = z.infer<typeof createTokenInput>;

const newSecret = () => randomBytes(32).toString("base64url");

/** Creates a token in the tenant; the returned `secret` is the only time the token is seen. */
export async function createToken(ctx: TenantContext, input: CreateTokenInput) {
  const { name, role, ownerEmail } = createTokenInput.parse(input);
  const secret = newSecret();
  return ctx.db.$transaction(async (tx) => {
    const owner = ownerEmail ? await upsertOwner(ctx.tenant.id, tx, { email: ownerEmail }) : null;
    const token = await tx.apiToken.create({
      data: { tenantId: ctx.tenant.id, name, role, ownerId: owner?.id ?? null, secretHash: hashSecret(secret) },
    });
    await recordAudit(ctx, tx, {
      action: "token.create",
      targetType: "ApiToken",
      targetId: token.id,
      details: { name, role, ownerEmail: ownerEmail ?? null },
    });
    return { token, owner, secret: formatToken({ tenantId: ctx.tenant.id, tokenId: token.id, secret }) };
  });
}

export async function revokeToken(ctx: TenantContext, id: string) {
  return ctx.db.$transaction(async (tx) => {
    const token = await tx.apiToken.findFirst({ where: { id } });
    if (!token) throw notFound("API token", id);
    if (token.revokedAt) return token;
    const revoked = await tx.apiToken.update({
      where: { tenantId_id: { tenantId: ctx.tenant.id, id } },
      data: { revokedAt: new Date() },
    });
    await recordAudit(ctx, tx, { action: "token.revoke", targetType: "ApiToken", targetId: id });
    return revoked;
  });
}

export function listTokens(ctx: Pick<TenantContext, "db">) {
  return ctx.db.apiToken.findMany({ orderBy: { createdAt: "asc" }, include: { owner: true } });
}

/** Updating last-used on every request would make every read a write; once a minute is enough. */
const LAST_USED_RESOLUTION_MS = 60_000;

type TokenWithTenant = Pick<ApiToken, "tenantId" | "id" | "name" | "role" | "secretHash" | "ownerId" | "lastUsedAt" | "revokedAt"> & {
  tenant: Pick<Tenant, "id" | "slug" | "name">;
  revisions: CatalogRevisions;
};

/**
 * The token, its tenant and the tenant's revisions in one round trip: this runs on every
 * request, and Prisma's `include` costs a second query (~1 ms of the ~3.4 ms a
 * `{ __typename }` request took). The revisions key the request's caches.
 */
async function findTokenWithTenant(prisma: PrismaClient, tenantId: string, tokenId: string): Promise<TokenWithTenant | null> {
  type Row = Omit<TokenWithTenant, "tenant" | "revisions"> & { tenantSlug: string; tenantName: string; catalogRevision: number; lineageRevision: number };
  const [row] = await prisma.$queryRaw<Row[]>`
    SELECT t."tenantId", t."id", t."name", t."role"::text AS "role", t."secretHash", t."ownerId", t."lastUsedAt", t."revokedAt",
           te."slug" AS "tenantSlug", te."name" AS "tenantName", te."catalogRevision", te."lineageRevision"
    FROM "ApiToken" t JOIN "Tenant" te ON te."id" = t."tenantId"
    WHERE t."tenantId" = ${tenantId} AND t."id" = ${tokenId}`;
  if (!row) return null;
  const { tenantSlug, tenantName, catalogRevision, lineageRevision, ...token } = row;
  return { ...token, tenant: { id: token.tenantId, slug: tenantSlug, name: tenantName }, revisions: { catalog: catalogRevision, lineage: lineageRevision } };
}

/** Verifies a bearer token and returns the tenant context it grants, or null. */
export async function authenticate(prisma: PrismaClient, raw: string): Promise<TenantContext | null> {
  const parsed = parseToken(raw);
  if (!parsed) return null;
  const token = await findTokenWithTenant(prisma, parsed.tenantId, parsed.tokenId);
  if (!token || !secretMatches(parsed.secret, token.secretHash) || token.revokedAt) return null;
  const now = Date.now();
  if (!token.lastUsedAt || now - token.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    await prisma.apiToken.update({
      where: { tenantId_id: { tenantId: token.tenantId, id: token.id } },
      data: { lastUsedAt: new Date(now) },
    });
  }
  const actor: Actor = { tokenId: token.id, role: token.role, ownerId: token.ownerId, label: `token:${token.name}` };
  return tenantContext(prisma, token.tenant, actor, token.revisions);
}

export function assertRole(ctx: TenantContext, minimum: (typeof ROLES)[number]): void {
  if (ROLES.indexOf(ctx.actor.role) < ROLES.indexOf(minimum)) {
    throw new AppError("FORBIDDEN", `This needs the ${minimum} role; the token has ${ctx.actor.role}`);
  }
}
