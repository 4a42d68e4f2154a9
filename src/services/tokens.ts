/**
 * API tokens: created (secret shown once), listed, revoked, and verified on every request.
 */
import { randomBytes } from "node:crypto";
import DataLoader from "dataloader";
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
 * Tokens with their tenants and the tenants' revisions (which key the request's caches), for
 * every request that arrived in one turn of the event loop, in one statement: under load many
 * requests arrive together, and each statement costs far more than a row. Batching by turn
 * keeps every answer fresh for its request: the statement starts after all of them arrived.
 */
const tokenLoaders = new WeakMap<PrismaClient, DataLoader<string, TokenWithTenant | null>>();

function tokenLoader(prisma: PrismaClient): DataLoader<string, TokenWithTenant | null> {
  let loader = tokenLoaders.get(prisma);
  if (!loader) {
    loader = new DataLoader((keys) => findTokensWithTenants(prisma, keys), { cache: false, maxBatchSize: 1_000, batchScheduleFn: (dispatch) => setImmediate(dispatch) });
    tokenLoaders.set(prisma, loader);
  }
  return loader;
}

const tokenKey = (tenantId: string, tokenId: string) => JSON.stringify([tenantId, tokenId]);

async function findTokensWithTenants(prisma: PrismaClient, keys: readonly string[]): Promise<(TokenWithTenant | null)[]> {
  type Row = Omit<TokenWithTenant, "tenant" | "revisions"> & { tenantSlug: string; tenantName: string; catalogRevision: number; lineageRevision: number; openLineageRevision: number };
  const wanted = [...new Set(keys)].map((key) => {
    const [tenantId, id] = JSON.parse(key) as [string, string];
    return { tenantId, id };
  });
  const rows = await prisma.$queryRaw<Row[]>`
    SELECT t."tenantId", t."id", t."name", t."role"::text AS "role", t."secretHash", t."ownerId", t."lastUsedAt", t."revokedAt",
           te."slug" AS "tenantSlug", te."name" AS "tenantName", te."catalogRevision", te."lineageRevision", te."openLineageRevision"
    FROM json_to_recordset(${JSON.stringify(wanted)}::json) AS k("tenantId" text, "id" text)
    JOIN "ApiToken" t ON t."tenantId" = k."tenantId" AND t."id" = k."id"
    JOIN "Tenant" te ON te."id" = t."tenantId"`;
  const found = new Map(
    rows.map(({ tenantSlug, tenantName, catalogRevision, lineageRevision, openLineageRevision, ...token }) => [
      tokenKey(token.tenantId, token.id),
      { ...token, tenant: { id: token.tenantId, slug: tenantSlug, name: tenantName }, revisions: { catalog: catalogRevision, lineage: lineageRevision, openLineage: openLineageRevision } },
    ]),
  );
  // Requests of one batch with the same token share its row (markUsed relies on it).
  return keys.map((key) => found.get(key) ?? null);
}

/** Verifies a bearer token and returns the tenant context it grants, or null. */
export async function authenticate(prisma: PrismaClient, raw: string): Promise<TenantContext | null> {
  const parsed = parseToken(raw);
  if (!parsed) return null;
  const token = await tokenLoader(prisma).load(tokenKey(parsed.tenantId, parsed.tokenId));
  if (!token || !secretMatches(parsed.secret, token.secretHash) || token.revokedAt) return null;
  await markUsed(prisma, token);
  const actor: Actor = { tokenId: token.id, role: token.role, ownerId: token.ownerId, label: `token:${token.name}` };
  return tenantContext(prisma, token.tenant, actor, token.revisions);
}

/** Last-used times, to the minute: the first request of a batch to see a stale one updates it. */
async function markUsed(prisma: PrismaClient, token: TokenWithTenant): Promise<void> {
  const now = new Date();
  if (token.lastUsedAt && now.getTime() - token.lastUsedAt.getTime() <= LAST_USED_RESOLUTION_MS) return;
  token.lastUsedAt = now;
  await prisma.apiToken.update({ where: { tenantId_id: { tenantId: token.tenantId, id: token.id } }, data: { lastUsedAt: now } });
}

export function assertRole(ctx: TenantContext, minimum: (typeof ROLES)[number]): void {
  if (ROLES.indexOf(ctx.actor.role) < ROLES.indexOf(minimum)) {
    throw new AppError("FORBIDDEN", `This needs the ${minimum} role; the token has ${ctx.actor.role}`);
  }
}
