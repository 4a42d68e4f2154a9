/**
 * Tenants: created by an operator (CLI, or the first start of the embedded database), each
 * with a first ADMIN token.
 */
import { z } from "zod";
import { AppError, notFound } from "../core/errors.js";
import type { PrismaClient } from "../generated/prisma/client.js";
import { CLI_ACTOR, tenantContext, type Actor, type TenantContext } from "./actor.js";
import { createToken } from "./tokens.js";

export const tenantSlug = z
  .string()
  .regex(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/, "expected lower-case letters, digits and dashes (1–63), like acme-data");

export const createTenantInput = z.object({
  slug: tenantSlug,
  name: z.string().trim().min(1).max(200).optional(),
});
export type CreateTenantInput = z.infer<typeof createTenantInput>;

export async function createTenant(prisma: PrismaClient, input: CreateTenantInput, actor: Actor = CLI_ACTOR) {
  const { slug, name } = createTenantInput.parse(input);
  if (await prisma.tenant.findUnique({ where: { slug } })) {
    throw new AppError("CONFLICT", `A tenant with slug ${JSON.stringify(slug)} already exists`);
  }
  const tenant = await prisma.tenant.create({ data: { slug, name: name ?? slug } });
  const ctx = tenantContext(prisma, tenant, actor);
  const { secret } = await createToken(ctx, { name: "admin", role: "ADMIN" });
  return { tenant, token: secret };
}

/** Operator access to one tenant (CLI): the tenant comes from the operator, not a client. */
export async function operatorContext(prisma: PrismaClient, slug: string): Promise<TenantContext> {
  const tenant = await prisma.tenant.findUnique({ where: { slug } });
  if (!tenant) throw notFound("Tenant", slug);
  return tenantContext(prisma, tenant, CLI_ACTOR);
}
