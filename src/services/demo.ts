/**
 * A newcomer's first start: on an empty embedded database, a `demo` tenant with an ADMIN
 * token and the jaffle_shop example loaded, so the web app has something to show at once:
 * owners (from the manifest's `meta.owner`), a dashboard exposure, the last build's test results,
 * one open change request waiting for an owner's approval (examples/jaffle_shop/NOTICE.md), and
 * an Airflow task reading the `orders` mart, as its OpenLineage events tell (examples/openlineage/).
 */
import { readFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { ownerKey } from "../core/manifest/index.js";
import type { PrismaClient } from "../generated/prisma/client.js";
import type { TenantContext } from "./actor.js";
import { ingestManifest, type IngestResult } from "./ingest/ingestManifest.js";
import { ingestOpenLineageEvents } from "./openlineage/ingestEvents.js";
import { createTenant, operatorContext } from "./tenants.js";

export const DEMO_TENANT = "demo";
export const DEMO_PROJECT = "jaffle_shop";
const EXAMPLE_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "../../examples/jaffle_shop");
const OPENLINEAGE_EXAMPLE = resolve(EXAMPLE_DIR, "../openlineage/airflow_export_orders.json");

/** The proposal's author: a platform engineer, not an owner of the mart she changes. */
const PROPOSAL_AUTHOR = { name: "Priya Natarajan", email: "priya.natarajan@jaffle.example" };
const PROPOSAL_BRANCH = "remove-customer-last-name";
const PROPOSAL_SUMMARY = "the customers mart drops its PII column last_name";

export interface DemoBootstrap {
  tenantSlug: string;
  /** Set only when the tenant was created now: a token is shown once. */
  token: string | null;
  /** Models loaded into the demo project, when it was created now. */
  models: number | null;
  /** The example's open change request, when it was created now. */
  openChangeRequest: DemoChangeRequest | null;
}

export interface DemoChangeRequest {
  id: string;
  /** What the proposal changes, in a few words. */
  summary: string;
  /** Where the explorer shows it, relative to the service's URL. */
  path: string;
  /** The owners whose approval it waits for, as `Name <email>`. */
  waitingFor: string[];
}

export async function ensureDemoTenant(prisma: PrismaClient, options: { loadExample: boolean }): Promise<DemoBootstrap | null> {
  if ((await prisma.tenant.count()) > 0) {
    const demo = await prisma.tenant.findUnique({ where: { slug: DEMO_TENANT } });
    return demo ? { tenantSlug: DEMO_TENANT, token: null, models: null, openChangeRequest: null } : null;
  }
  const { token } = await createTenant(prisma, { slug: DEMO_TENANT, name: "Demo" });
  if (!options.loadExample) return { tenantSlug: DEMO_TENANT, token, models: null, openChangeRequest: null };
  const ctx = await operatorContext(prisma, DEMO_TENANT);
  const applied = await ingestManifest(ctx, {
    project: DEMO_PROJECT,
    mode: "apply",
    branch: "main",
    manifest: await readExample("manifest.json"),
    catalog: await readExample("catalog.json"),
    runResults: await readExample("run_results.json"),
  });
  await ingestOpenLineageEvents(ctx, JSON.parse(await readFile(OPENLINEAGE_EXAMPLE, "utf8")) as unknown[], { retentionDays: 30 });
  const proposed = await ingestManifest(await asProposalAuthor(ctx), {
    project: DEMO_PROJECT,
    mode: "propose",
    branch: PROPOSAL_BRANCH,
    manifest: await readExample("proposal/manifest.json"),
    catalog: await readExample("proposal/catalog.json"),
  });
  return {
    tenantSlug: DEMO_TENANT,
    token,
    models: Number(applied.counts.models ?? 0),
    openChangeRequest: proposed.changeRequest && (await describeChangeRequest(ctx, proposed.changeRequest)),
  };
}

async function readExample(file: string): Promise<unknown> {
  return JSON.parse(await readFile(join(EXAMPLE_DIR, file), "utf8")) as unknown;
}

async function describeChangeRequest(ctx: TenantContext, changeRequest: NonNullable<IngestResult["changeRequest"]>): Promise<DemoChangeRequest> {
  const keys = changeRequest.missingApprovals.flatMap((missing) => missing.waitingFor);
  const owners = await ctx.db.owner.findMany({ where: { key: { in: keys } }, orderBy: { key: "asc" } });
  const waitingFor = owners.map((o) => (o.name && o.email ? `${o.name} <${o.email}>` : (o.email ?? o.name ?? o.key)));
  return { id: changeRequest.id, summary: PROPOSAL_SUMMARY, path: changeRequest.url, waitingFor };
}

/** The proposal is posted as its author would post it: acting for her, an owner the manifest named. */
async function asProposalAuthor(ctx: TenantContext): Promise<TenantContext> {
  const key = ownerKey({ ...PROPOSAL_AUTHOR, handle: null });
  const author = await ctx.db.owner.findFirstOrThrow({ where: { key } });
  return { ...ctx, actor: { tokenId: null, role: "OWNER", ownerId: author.id, label: PROPOSAL_AUTHOR.name } };
}
