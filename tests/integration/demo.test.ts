import { describe, expect, it } from "vitest";
import { ensureDemoTenant } from "../../src/services/demo.js";
import { createTestDatabase } from "../support/db.js";

describe("the demo tenant of a fresh embedded database", () => {
  it("is created once with an ADMIN token and the jaffle_shop example", async () => {
    const { db, dispose } = await createTestDatabase();
    try {
      const first = await ensureDemoTenant(db.prisma, { loadExample: true });
      expect(first).toMatchObject({ tenantSlug: "demo", token: expect.stringMatching(/^trb_/), models: 7 });
      const project = await db.prisma.project.findFirstOrThrow({ where: { name: "jaffle_shop" }, include: { tenant: true } });
      expect(project.tenant.slug).toBe("demo");
      expect(await db.prisma.asset.count({ where: { projectId: project.id, kind: "MODEL" } })).toBe(7);
      expect(await db.prisma.column.count({ where: { asset: { projectId: project.id } } })).toBeGreaterThan(30);

      const again = await ensureDemoTenant(db.prisma, { loadExample: true });
      expect(again).toEqual({ tenantSlug: "demo", token: null, models: null });
      expect(await db.prisma.tenant.count()).toBe(1);
    } finally {
      await dispose();
    }
  });

  it("starts empty with TRIBUTARY_DEMO=0", async () => {
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
