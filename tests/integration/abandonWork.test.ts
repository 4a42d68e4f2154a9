/**
 * An abandoned request's work stops at its next database call: model queries and raw SQL on
 * the tenant-scoped client both refuse to run under an aborted signal, and shared work does not.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { abandonableWith, sharedWork } from "../../src/db/abandonWork.js";
import { scopeToTenant, type TenantDb } from "../../src/db/tenantScope.js";
import { createTenant } from "../../src/services/tenants.js";
import { createTestDatabase, type TestDatabase } from "../support/db.js";

describe("abandoned work stops at the database", () => {
  let database: TestDatabase;
  let db: TenantDb;

  beforeAll(async () => {
    database = await createTestDatabase();
    db = scopeToTenant(database.db.prisma, (await createTenant(database.db.prisma, { slug: "alpha" })).tenant.id);
  });
  afterAll(() => database.dispose());

  it("refuses model queries and raw SQL once the signal has aborted, with its reason", async () => {
    const controller = new AbortController();
    // Prisma's queries are lazy: they run, and are checked, when awaited inside the work.
    const counted = await abandonableWith(controller.signal, async () => await db.apiToken.count());
    expect(counted).toBe(1);
    controller.abort(new Error("over budget"));
    await expect(abandonableWith(controller.signal, async () => await db.apiToken.count())).rejects.toThrow("over budget");
    await expect(abandonableWith(controller.signal, async () => await db.$queryRaw`SELECT 1`)).rejects.toThrow("over budget");
    // The signal travels through awaits inside the abandoned work.
    await expect(
      abandonableWith(controller.signal, async () => {
        await new Promise((resolve) => setImmediate(resolve));
        return await db.apiToken.findMany();
      }),
    ).rejects.toThrow("over budget");
  });

  it("runs shared work and work outside any request whatever a request's signal says", async () => {
    const controller = new AbortController();
    controller.abort(new Error("over budget"));
    expect(await abandonableWith(controller.signal, () => sharedWork(async () => await db.apiToken.count()))).toBe(1);
    expect(await db.apiToken.count()).toBe(1);
  });
});
