/**
 * A newcomer's first start: on an empty embedded database, a `demo` tenant with an ADMIN
 * token, so the explorer can be used at once.
 */
import type { PrismaClient } from "../generated/prisma/client.js";
import { createTenant } from "./tenants.js";

export const DEMO_TENANT = "demo";

export interface DemoBootstrap {
  tenantSlug: string;
  /** Set only when the tenant was created now: a token is shown once. */
  token: string | null;
}

export async function ensureDemoTenant(prisma: PrismaClient): Promise<DemoBootstrap | null> {
  if ((await prisma.tenant.count()) > 0) {
    const demo = await prisma.tenant.findUnique({ where: { slug: DEMO_TENANT } });
    return demo ? { tenantSlug: DEMO_TENANT, token: null } : null;
  }
  const { token } = await createTenant(prisma, { slug: DEMO_TENANT, name: "Demo" });
  return { tenantSlug: DEMO_TENANT, token };
}
