/**
 * A newcomer's first start: on an empty embedded database, a `demo` tenant with an ADMIN
 * token and the jaffle_shop example loaded, so the web app has something to show at once.
 */
import { readFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { PrismaClient } from "../generated/prisma/client.js";
import { ingestManifest } from "./ingest/ingestManifest.js";
import { createTenant, operatorContext } from "./tenants.js";

export const DEMO_TENANT = "demo";
export const DEMO_PROJECT = "jaffle_shop";
const EXAMPLE_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "../../examples/jaffle_shop");

export interface DemoBootstrap {
  tenantSlug: string;
  /** Set only when the tenant was created now: a token is shown once. */
  token: string | null;
  /** Models loaded into the demo project, when it was created now. */
  models: number | null;
}

export async function ensureDemoTenant(prisma: PrismaClient, options: { loadExample: boolean }): Promise<DemoBootstrap | null> {
  if ((await prisma.tenant.count()) > 0) {
    const demo = await prisma.tenant.findUnique({ where: { slug: DEMO_TENANT } });
    return demo ? { tenantSlug: DEMO_TENANT, token: null, models: null } : null;
  }
  const { token } = await createTenant(prisma, { slug: DEMO_TENANT, name: "Demo" });
  if (!options.loadExample) return { tenantSlug: DEMO_TENANT, token, models: null };
  const read = async (file: string) => JSON.parse(await readFile(join(EXAMPLE_DIR, file), "utf8")) as unknown;
  const ctx = await operatorContext(prisma, DEMO_TENANT);
  const result = await ingestManifest(ctx, {
    project: DEMO_PROJECT,
    mode: "apply",
    branch: "main",
    manifest: await read("manifest.json"),
    catalog: await read("catalog.json"),
  });
  return { tenantSlug: DEMO_TENANT, token, models: Number(result.counts.models ?? 0) };
}
