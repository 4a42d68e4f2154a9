import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { largeColumnLineageEvent } from "../support/largeOpenLineageEvent.js";
import { startTestServer, type TestServer } from "../support/server.js";

describe("a 5 MB OpenLineage event", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.stop());

  it("with 2,000 columns' lineage is taken whole under the default 10 MB limit, gzip-compressed", async () => {
    const { id, token } = await server.tenant("wide");
    const text = JSON.stringify(largeColumnLineageEvent(2_000));
    expect(text.length).toBeGreaterThan(5_000_000);
    const response = await fetch(`${server.url}/api/v1/lineage`, {
      method: "POST",
      headers: { "content-type": "application/json", "content-encoding": "gzip", authorization: `Bearer ${token}` },
      body: new Uint8Array(gzipSync(text)),
    });
    expect(response.status).toBe(201);
    const lineage = await server.database.db.prisma.openLineageFacet.findFirstOrThrow({ where: { tenantId: id, name: "columnLineage" } });
    expect(Object.keys((lineage.value as { fields: object }).fields)).toHaveLength(2_000);
    // Folded into the catalog: the observed columns, and one edge per input column and transformation.
    const wide = { tenantId: id, uniqueId: "dataset:s3://lake:rollups/wide" };
    expect(await server.database.db.prisma.column.count({ where: { tenantId: id, asset: wide, removedAt: null } })).toBe(2_000);
    expect(await server.database.db.prisma.columnLineageEdge.count({ where: { tenantId: id, to: { asset: wide } } })).toBe(24_000);
  });
});
