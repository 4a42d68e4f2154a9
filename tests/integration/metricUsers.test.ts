/**
 * Where a metric is used (metricDefinition.usedBy): the exposures and saved queries downstream
 * of it through metrics built on it, found with the same statements however many metric
 * levels lie between.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AssetKind, PrismaClient } from "../../src/generated/prisma/client.js";
import type { TenantContext } from "../../src/services/actor.js";
import { metricUsers } from "../../src/services/catalog/metricDefinition.js";
import { createTenant, operatorContext } from "../../src/services/tenants.js";
import { createTestDatabase, statementLoggingClient, type TestDatabase } from "../support/db.js";

describe("metric users", () => {
  let database: TestDatabase;
  let prisma: PrismaClient;
  let ctx: TenantContext;
  const statements: string[] = [];

  // m1 → m2 → … → m6, and m6 → m1 (a cycle). m3 feeds an exposure, m6 a saved query; m2 feeds a
  // model that feeds another exposure (not a use through metrics), m4 a removed metric that feeds one.
  const assets: [string, AssetKind, boolean?][] = [
    ...[1, 2, 3, 4, 5, 6].map((n): [string, AssetKind] => [`m${n}`, "METRIC"]),
    ["board", "EXPOSURE"],
    ["weekly", "SAVED_QUERY"],
    ["mart", "MODEL"],
    ["via_model", "EXPOSURE"],
    ["gone", "METRIC", true],
    ["via_gone", "EXPOSURE"],
  ];
  const edges = [["m1", "m2"], ["m2", "m3"], ["m3", "m4"], ["m4", "m5"], ["m5", "m6"], ["m6", "m1"], ["m3", "board"], ["m6", "weekly"], ["m2", "mart"], ["mart", "via_model"], ["m4", "gone"], ["gone", "via_gone"]];

  beforeAll(async () => {
    database = await createTestDatabase();
    prisma = statementLoggingClient(database, statements);
    await createTenant(prisma, { slug: "metrics" });
    ctx = await operatorContext(prisma, "metrics");
    const project = await ctx.db.project.create({ data: { tenantId: ctx.tenant.id, name: "shop" } });
    await ctx.db.asset.createMany({
      data: assets.map(([id, kind, removed]) => ({ tenantId: ctx.tenant.id, id, projectId: project.id, uniqueId: `${kind.toLowerCase()}.shop.${id}`, name: id, kind, contentHash: id, removedAt: removed ? new Date() : null })),
    });
    await ctx.db.lineageEdge.createMany({ data: edges.map(([fromAssetId, toAssetId]) => ({ tenantId: ctx.tenant.id, projectId: project.id, fromAssetId: fromAssetId!, toAssetId: toAssetId!, origin: "DECLARED" as const })) });
  });
  afterAll(async () => {
    await prisma.$disconnect();
    await database.dispose();
  });

  async function usersOf(metric: string) {
    statements.length = 0;
    const users = ((await metricUsers(ctx, [metric])).get(metric) ?? []).map((asset) => asset.uniqueId);
    return { users, statements: statements.length };
  }

  it("finds the uses through every level of metrics built on it, once, past a cycle, not through models or removed metrics", async () => {
    expect((await usersOf("m5")).users).toEqual(["exposure.shop.board", "saved_query.shop.weekly"]);
    expect((await usersOf("m6")).users).toEqual(["exposure.shop.board", "saved_query.shop.weekly"]);
  });

  it("asks the database the same two statements for one metric level as for six", async () => {
    const near = await usersOf("m6");
    const far = await usersOf("m1");
    expect(far.users).toEqual(near.users);
    expect(near.statements).toBe(2);
    expect(far.statements).toBe(near.statements);
  });

  it("answers a page of metrics with the same two statements, each metric its own users", async () => {
    statements.length = 0;
    const users = await metricUsers(ctx, ["m1", "m2", "m3", "m4", "m5", "m6", "gone"]);
    expect(statements.length).toBe(2);
    for (const metric of ["m1", "m2", "m3", "m4", "m5", "m6"]) {
      expect(users.get(metric)?.map((asset) => asset.uniqueId), metric).toEqual(["exposure.shop.board", "saved_query.shop.weekly"]);
    }
    expect(users.get("gone")?.map((asset) => asset.uniqueId)).toEqual(["exposure.shop.via_gone"]);
  });
});
