import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scopeToTenant } from "../../src/db/tenantScope.js";
import { createTenant } from "../../src/services/tenants.js";
import { createTestDatabase, type TestDatabase } from "../support/db.js";

describe("tenant scoping of every Prisma query", () => {
  let database: TestDatabase;
  let a: { id: string };
  let b: { id: string };

  beforeAll(async () => {
    database = await createTestDatabase();
    a = (await createTenant(database.db.prisma, { slug: "alpha" })).tenant;
    b = (await createTenant(database.db.prisma, { slug: "beta" })).tenant;
  });
  afterAll(() => database.dispose());

  it("reads only the scoped tenant's rows", async () => {
    const alpha = scopeToTenant(database.db.prisma, a.id);
    const tokens = await alpha.apiToken.findMany();
    expect(tokens).toHaveLength(1);
    expect(tokens.every((t) => t.tenantId === a.id)).toBe(true);
    expect(await alpha.apiToken.count()).toBe(1);
  });

  it("treats another tenant's row as not there", async () => {
    const betaToken = await database.db.prisma.apiToken.findFirstOrThrow({ where: { tenantId: b.id } });
    const alpha = scopeToTenant(database.db.prisma, a.id);
    expect(await alpha.apiToken.findFirst({ where: { id: betaToken.id } })).toBeNull();
    // Even a compound key naming the other tenant finds nothing.
    expect(await alpha.apiToken.findUnique({ where: { tenantId_id: { tenantId: b.id, id: betaToken.id } } })).toBeNull();
    const updated = await alpha.apiToken.updateMany({ where: { id: betaToken.id }, data: { name: "hijacked" } });
    expect(updated.count).toBe(0);
    const deleted = await alpha.apiToken.deleteMany({});
    expect(deleted.count).toBe(1);
    expect(await database.db.prisma.apiToken.count({ where: { tenantId: b.id } })).toBe(1);
  });

  it("writes rows into the scoped tenant whatever the caller passes", async () => {
    const alpha = scopeToTenant(database.db.prisma, a.id);
    const owner = await alpha.owner.create({ data: { tenantId: b.id, key: "x@example.com", email: "x@example.com" } });
    expect(owner.tenantId).toBe(a.id);
    await alpha.owner.createMany({ data: [{ tenantId: b.id, key: "y@example.com" }] });
    expect(await database.db.prisma.owner.count({ where: { tenantId: b.id } })).toBe(0);
    await alpha.owner.updateMany({ where: { key: "x@example.com" }, data: { tenantId: b.id } as never });
    expect((await database.db.prisma.owner.findFirstOrThrow({ where: { key: "x@example.com" } })).tenantId).toBe(a.id);
  });

  it("keeps the scope inside interactive transactions", async () => {
    const beta = scopeToTenant(database.db.prisma, b.id);
    const seen = await beta.$transaction(async (tx) => tx.apiToken.findMany());
    expect(seen.map((t) => t.tenantId)).toEqual([b.id]);
  });
});
