import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../../src/services/actor.js";
import { decideChangeRequest } from "../../src/services/changes/decisions.js";
import { changeRequestVerdict } from "../../src/services/changes/queries.js";
import { webAppLinks } from "../../src/services/changes/links.js";
import { DEMO_LATE_ASSET, ensureDemoTenant, type DemoBootstrap } from "../../src/services/demo.js";
import { operatorContext } from "../../src/services/tenants.js";
import { listDefinitionConflicts } from "../../src/services/definitions/definitionConflicts.js";
import { search } from "../../src/services/search/search.js";
import { createTestDatabase, type TestDatabase } from "../support/db.js";

const MAYA = "maya.chen@jaffle.example";
const PRIYA = "priya.natarajan@jaffle.example";

describe("the demo tenant of a fresh embedded database", () => {
  let test: TestDatabase;
  let first: DemoBootstrap | null;
  beforeAll(async () => {
    test = await createTestDatabase();
    first = await ensureDemoTenant(test.db.prisma, { loadExample: true });
  });
  afterAll(() => test.dispose());

  const prisma = () => test.db.prisma;
  const demo = () => operatorContext(prisma(), "demo");
  const actingFor = async (email: string): Promise<Actor> => {
    const owner = await prisma().owner.findFirstOrThrow({ where: { email } });
    return { tokenId: null, role: "OWNER", ownerId: owner.id, label: email };
  };

  it("is created once with an ADMIN token and the jaffle_shop example", async () => {
    expect(first).toMatchObject({ tenantSlug: "demo", token: expect.stringMatching(/^trb_/), models: 7 });
    const project = await prisma().project.findFirstOrThrow({ where: { name: "jaffle_shop" }, include: { tenant: true } });
    expect(project.tenant.slug).toBe("demo");
    expect(await prisma().asset.count({ where: { projectId: project.id, kind: "MODEL" } })).toBe(7);
    expect(await prisma().column.count({ where: { asset: { projectId: project.id } } })).toBeGreaterThan(30);
  });

  it("names the owners of every model and of the dashboard, with their emails", async () => {
    const owned = await prisma().assetOwner.findMany({ include: { asset: true, owner: true } });
    const ownerOf = Object.fromEntries(owned.map((o) => [o.asset.name, o.owner.email]));
    expect(ownerOf).toEqual({
      customers: MAYA,
      customer_segments: MAYA,
      customer_order_pattern: MAYA,
      orders: "omar.haddad@jaffle.example",
      revenue: "omar.haddad@jaffle.example",
      order_count: "omar.haddad@jaffle.example",
      average_order_value: "omar.haddad@jaffle.example",
      stg_customers: PRIYA,
      stg_orders: PRIYA,
      stg_payments: PRIYA,
      customer_health: "sam.rivera@jaffle.example",
    });
    expect(await prisma().owner.findFirst({ where: { email: MAYA } })).toMatchObject({ name: "Maya Chen" });
  });

  it("has a dashboard exposure reading the customer marts", async () => {
    const dashboard = await prisma().asset.findFirstOrThrow({ where: { kind: "EXPOSURE" } });
    expect(dashboard).toMatchObject({ uniqueId: "exposure.jaffle_shop.customer_health", subtype: "dashboard", url: "https://bi.jaffle.example/dashboards/customer-health" });
    const edges = await prisma().lineageEdge.findMany({ where: { toAssetId: dashboard.id }, include: { from: true } });
    expect(edges.map((e) => e.from.name).sort()).toEqual(["customer_segments", "customers"]);
  });

  it("has metrics built on a semantic model of the orders mart, each with its definition", async () => {
    const metrics = await prisma().asset.findMany({ where: { kind: "METRIC" }, include: { definition: true }, orderBy: { name: "asc" } });
    expect(metrics.map((m) => [m.name, m.subtype])).toEqual([
      ["average_order_value", "ratio"],
      ["order_count", "simple"],
      ["revenue", "simple"],
    ]);
    expect(metrics.every((m) => m.definition?.kind === "metric")).toBe(true);
    const semanticModel = await prisma().asset.findFirstOrThrow({ where: { kind: "SEMANTIC_MODEL" } });
    const edges = await prisma().lineageEdge.findMany({ where: { toAssetId: semanticModel.id }, include: { from: true } });
    expect(edges.map((e) => e.from.uniqueId)).toEqual(["model.jaffle_shop.orders"]);
  });

  it("has an Airflow task reading the orders mart (OpenLineage)", async () => {
    const mart = await prisma().asset.findFirstOrThrow({ where: { uniqueId: "model.jaffle_shop.orders" } });
    const { computeImpact } = await import("../../src/services/lineage/impact.js");
    const reached = (await computeImpact(await demo(), mart.id)).assets.map((a) => a.uniqueId);
    expect(reached).toContain("job:airflow-prod:jaffle_daily.export_orders");
    const task = await prisma().asset.findFirstOrThrow({ where: { uniqueId: "job:airflow-prod:jaffle_daily.export_orders" } });
    expect(task).toMatchObject({ kind: "JOB", description: "Exports yesterday's orders to the finance team's bucket." });
  });

  it("has the last build's results: every model built, every test ran, one failed", async () => {
    const results = await prisma().runResult.findMany();
    expect(results).toHaveLength(32);
    const failed = results.filter((r) => r.status === "FAIL");
    expect(failed).toHaveLength(1);
    const failedTest = await prisma().dataTest.findFirstOrThrow({ where: { id: failed[0]!.testId! } });
    expect(failedTest.uniqueId).toMatch(/^test\.jaffle_shop\.relationships_orders_customer_id/);
    expect(failed[0]).toMatchObject({ failures: 2, message: "Got 2 results, configured to fail if != 0" });
  });

  it("shows one late asset: raw_orders, loaded 20 minutes ago with a 15-minute SLA", async () => {
    const states = await prisma().assetFreshness.findMany({ include: { asset: { select: { uniqueId: true } } } });
    const late = states.filter((s) => s.state === "LATE");
    expect(late.map((s) => s.asset.uniqueId)).toEqual([DEMO_LATE_ASSET]);
    // The Airflow task's run (OpenLineage) is history of its job and the file it writes, which have no SLA.
    const openLineage = states.filter((s) => /^(job|dataset):/.test(s.asset.uniqueId));
    expect(openLineage.map((s) => [s.asset.uniqueId, s.state]).sort()).toEqual([
      ["dataset:s3://jaffle-finance-exports:orders/daily.csv", "UNKNOWN"],
      ["job:airflow-prod:jaffle_daily.export_orders", "UNKNOWN"],
    ]);
    expect(states.filter((s) => s.state === "FRESH")).toHaveLength(states.length - openLineage.length - 1);
    expect(await prisma().assetRun.count({ where: { source: { not: "OPENLINEAGE" } } })).toBe(10);
    expect(await prisma().assetRun.count({ where: { source: "OPENLINEAGE" } })).toBe(2);
  });

  it("shows one anomaly: a 40 % drop in orders placed, for the orders model's owner", async () => {
    const anomalies = await prisma().anomaly.findMany({ include: { series: { include: { asset: true } } } });
    expect(anomalies.map((a) => [a.series.asset.uniqueId, a.series.name, a.value, a.status])).toEqual([["model.jaffle_shop.orders", "orders_placed", 600, "OPEN"]]);
    const notified = await prisma().notification.findMany({ where: { event: "anomaly.detected" }, include: { owner: true } });
    expect(notified.map((n) => n.owner.email)).toEqual(["omar.haddad@jaffle.example"]);
  });

  it("has one open change request, by a platform engineer, waiting for the mart's owner", async () => {
    const requests = await prisma().changeRequest.findMany({ include: { changes: true } });
    expect(requests).toHaveLength(1);
    const request = requests[0]!;
    expect(request).toMatchObject({ status: "OPEN", branch: "remove-customer-last-name", authorLabel: "Priya Natarajan" });
    expect(request.changes.map((c) => [c.category, c.reasonCode, c.columnName])).toEqual([["BREAKING", "COLUMN_REMOVED", "last_name"]]);
    expect(first?.openChangeRequest).toEqual({
      id: request.id,
      summary: "the customers mart drops its PII column last_name",
      path: webAppLinks("").changeRequestUrl(request.id),
      waitingFor: [`Maya Chen <${MAYA}>`],
    });
    const verdict = await changeRequestVerdict(await demo(), request.id);
    expect(verdict).toMatchObject({ verdict: "APPROVAL_REQUIRED", missingApprovals: [{ assetUniqueId: "model.jaffle_shop.customers", waitingFor: [`email:${MAYA}`] }] });
  });

  it("lets the owner approve the open change request, and not its author", async () => {
    const ctx = await demo();
    const request = await prisma().changeRequest.findFirstOrThrow();
    const decide = async (email: string) =>
      decideChangeRequest({ ...ctx, actor: await actingFor(email) }, webAppLinks(""), { id: request.id, decision: "APPROVED" });
    await expect(decide(PRIYA)).rejects.toThrow("The author of a change cannot approve or reject it");
    const approved = await decide(MAYA);
    expect(approved.changeRequest.status).toBe("APPROVED");
  });

  it("answers business terms: LTV, CLV and revenue find their glossary term and its columns, and one definition conflicts", async () => {
    const ctx = await demo();
    const columnsFound = async (query: string) => {
      const result = await search(ctx, { query }, { skip: 0, take: 20 });
      expect(result.hits[0]).toMatchObject({ kind: "TERM" });
      return result.hits.filter((h) => h.kind === "COLUMN").map((h) => h.columnName);
    };
    expect(await columnsFound("LTV")).toContain("customer_lifetime_value");
    expect(await columnsFound("clv")).toContain("customer_lifetime_value");
    expect(await columnsFound("revenue")).toEqual(expect.arrayContaining(["amount"]));
    const { conflicts } = await listDefinitionConflicts(ctx, null, { skip: 0, take: 10 });
    expect(conflicts.map((c) => [c.concept.name, c.definitions.map((d) => `${d.assetName}.${d.columnName}`)])).toEqual([
      ["Lifetime value", ["customer_segments.customer_lifetime_value", "customers.customer_lifetime_value", "customers.total_order_amount"]],
    ]);
    expect(await prisma().auditEvent.count({ where: { action: "glossary.term.create" } })).toBe(2);
  });

  it("is not seeded again on the next start", async () => {
    const again = await ensureDemoTenant(prisma(), { loadExample: true });
    expect(again).toEqual({ tenantSlug: "demo", token: null, models: null, openChangeRequest: null });
    expect(await prisma().tenant.count()).toBe(1);
    expect(await prisma().changeRequest.count()).toBe(1);
    expect(await prisma().manifestVersion.count()).toBe(2);
  });
});

describe("the demo tenant with TRIBUTARY_DEMO=0", () => {
  it("starts empty", async () => {
    const { db, dispose } = await createTestDatabase();
    try {
      const created = await ensureDemoTenant(db.prisma, { loadExample: false });
      expect(created?.token).toMatch(/^trb_/);
      expect(await db.prisma.project.count()).toBe(0);
    } finally {
      await dispose();
    }
  });
});
