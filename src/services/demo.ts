/**
 * A newcomer's first start: on an empty embedded database, a `demo` tenant with an ADMIN
 * token and the jaffle_shop example loaded, so the web app has something to show at once:
 * owners (from the manifest's `meta.owner`), a dashboard exposure, three metrics on a semantic model of
 * the orders mart, the last build's test results, one open change request waiting for an owner's
 * approval (examples/jaffle_shop/NOTICE.md), and an Airflow task reading the `orders` mart, as its
 * OpenLineage events tell (examples/openlineage/).
 */
import { readFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { ownerKey } from "../core/manifest/index.js";
import type { PrismaClient } from "../generated/prisma/client.js";
import type { TenantContext } from "./actor.js";
import { ingestManifest, type IngestResult } from "./ingest/ingestManifest.js";
import { recordObservations } from "./anomalies/observations.js";
import { ingestOpenLineageEvents } from "./openlineage/ingestEvents.js";
import { createTenant, operatorContext } from "./tenants.js";
import { recordRuns } from "./runs/recordRuns.js";
import type { RunFactInput } from "../core/runs/runFact.js";
import { STANDARD_DOCUMENTATION_COVERAGE } from "../core/change/index.js";
import { setChangePolicy } from "./changes/policySettings.js";
import { createTerm, setTermLink } from "./glossary/terms.js";

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

export async function ensureDemoTenant(prisma: PrismaClient, options: { loadExample: boolean; now?: () => Date }): Promise<DemoBootstrap | null> {
  if ((await prisma.tenant.count()) > 0) {
    const demo = await prisma.tenant.findUnique({ where: { slug: DEMO_TENANT } });
    return demo ? { tenantSlug: DEMO_TENANT, token: null, models: null, openChangeRequest: null } : null;
  }
  const { token } = await createTenant(prisma, { slug: DEMO_TENANT, name: "Demo" });
  if (!options.loadExample) return { tenantSlug: DEMO_TENANT, token, models: null, openChangeRequest: null };
  const ctx = await operatorContext(prisma, DEMO_TENANT);
  await setChangePolicy(ctx, { documentationCoverage: { STAGING: STANDARD_DOCUMENTATION_COVERAGE, INTERMEDIATE: STANDARD_DOCUMENTATION_COVERAGE, MART: STANDARD_DOCUMENTATION_COVERAGE } });
  const applied = await ingestManifest(ctx, {
    project: DEMO_PROJECT,
    mode: "apply",
    branch: "main",
    manifest: await readExample("manifest.json"),
    catalog: await readExample("catalog.json"),
    runResults: await readExample("run_results.json"),
  });
  await recordDemoRuns(ctx, options.now?.() ?? new Date());
  // A week of orders and then a 40 % drop: the demo's one anomaly, in Omar's inbox.
  await recordObservations(ctx, await readExample("observations.json"));
  await seedGlossary(ctx);
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

/** The late source the demo shows (docs/trust-signals.md): loaded 20 minutes ago, its SLA is 15. */
export const DEMO_LATE_ASSET = "source.jaffle_shop.jaffle-shop-data.raw_orders";

/**
 * A production run as of now: the models built ten minutes ago and the sources loaded five
 * minutes ago, except raw_orders, whose load is 20 minutes old: one late asset to look at.
 */
async function recordDemoRuns(ctx: TenantContext, now: Date): Promise<void> {
  const ago = (minutes: number) => new Date(now.getTime() - minutes * 60_000).toISOString();
  const assets = await ctx.db.asset.findMany({ where: { kind: { in: ["MODEL", "SOURCE"] }, removedAt: null }, select: { uniqueId: true, kind: true } });
  const runs: RunFactInput[] = assets.map(({ uniqueId, kind }) =>
    kind === "SOURCE"
      ? { asset: uniqueId, source: "DBT", status: "PASS", completedAt: ago(1), snapshottedAt: ago(1), maxLoadedAt: ago(uniqueId === DEMO_LATE_ASSET ? 20 : 5) }
      : { asset: uniqueId, source: "DBT", status: "SUCCESS", startedAt: ago(11), completedAt: ago(10) },
  );
  await recordRuns(ctx, { project: DEMO_PROJECT, runs }, { now: () => now });
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

/**
 * The business terms people search the demo for. "Lifetime value" is computed three ways (two
 * marts' customer_lifetime_value and the customers' total order amount, linked to it): the
 * demo's conflicting definition.
 */
const DEMO_TERMS = [
  {
    term: {
      name: "Lifetime value",
      definition: "What a customer has spent with us over the whole relationship.",
      synonyms: ["customer lifetime value"],
      abbreviations: ["LTV", "CLV"],
      ownerEmail: "maya.chen@jaffle.example",
      status: "APPROVED",
    },
    links: [
      ["model.jaffle_shop.customer_segments", "customer_lifetime_value"],
      ["model.jaffle_shop.customers", "total_order_amount"],
    ],
  },
  {
    term: {
      name: "Revenue",
      definition: "Money received for orders, whatever the payment method.",
      synonyms: ["order amount", "sales"],
      abbreviations: [],
      ownerEmail: "omar.haddad@jaffle.example",
      status: "APPROVED",
    },
    links: [["model.jaffle_shop.orders", "amount"]],
  },
] as const;

async function seedGlossary(ctx: TenantContext): Promise<void> {
  for (const { term, links } of DEMO_TERMS) {
    const created = await createTerm(ctx, { ...term, synonyms: [...term.synonyms], abbreviations: [...term.abbreviations] });
    for (const [uniqueId, columnName] of links) {
      const asset = await ctx.db.asset.findFirstOrThrow({ where: { uniqueId }, select: { id: true } });
      await setTermLink(ctx, { termId: created.id, assetId: asset.id, columnName, linked: true });
    }
  }
}
