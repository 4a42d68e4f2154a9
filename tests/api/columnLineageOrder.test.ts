/**
 * columnLineage lists its columns in reading order, not in the order of the rows' random ids:
 * nodes by hop, then asset unique id, then column name; edges by upstream column, then
 * downstream column, then transform. The assets' row ids here run against their unique ids.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { columnDefinitionId } from "../../src/core/manifest/index.js";
import type { AssetKind, ColumnTransform } from "../../src/generated/prisma/client.js";
import { toGlobalId } from "../../src/graphql/globalId.js";
import { columnLineage } from "../../src/services/lineage/columnLineage.js";
import { operatorContext } from "../../src/services/tenants.js";
import { startTestServer, type TestServer } from "../support/server.js";

// [row id, unique id, kind, columns as [row id, name]]
const ASSETS: [string, string, AssetKind, [string, string][]][] = [
  ["a9", "source.p.raw", "SOURCE", [["c1", "x"]]],
  ["a5", "model.p.start", "MODEL", [["c2", "x"]]],
  ["a3", "model.p.alpha", "MODEL", [["c4", "a_col"], ["c3", "b_col"]]],
  ["a2", "model.p.beta", "MODEL", [["c5", "c"]]],
  ["a1", "model.p.gamma", "MODEL", [["c6", "c"]]],
  ["a0", "model.p.delta", "MODEL", [["c7", "d"]]],
];
const EDGES: [string, string, ColumnTransform][] = [
  ["c1", "c2", "DIRECT"],
  ["c2", "c6", "DIRECT"],
  ["c2", "c5", "DIRECT"],
  ["c2", "c3", "DIRECT"],
  ["c2", "c4", "AGGREGATED"],
  ["c2", "c4", "DIRECT"],
  ["c6", "c7", "TRANSFORMED"],
];

describe("column lineage order", () => {
  let server: TestServer;
  let token: string;

  beforeAll(async () => {
    server = await startTestServer();
    const tenant = await server.tenant("order");
    token = tenant.token;
    const prisma = server.database.db.prisma;
    const project = await prisma.project.create({ data: { tenantId: tenant.id, name: "p" } });
    await prisma.asset.createMany({
      data: ASSETS.map(([id, uniqueId, kind]) => ({ tenantId: tenant.id, id, projectId: project.id, uniqueId, name: uniqueId.split(".").pop()!, kind, contentHash: id })),
    });
    const assetOf = new Map(ASSETS.flatMap(([assetId, , , columns]) => columns.map(([id]) => [id, assetId] as const)));
    await prisma.column.createMany({
      data: ASSETS.flatMap(([assetId, , , columns]) => columns.map(([id, name]) => ({ tenantId: tenant.id, id, assetId, name, definitionId: columnDefinitionId(name, null) }))),
    });
    await prisma.columnLineageEdge.createMany({
      data: EDGES.map(([from, to, transform]) => ({ tenantId: tenant.id, fromColumnId: from, toColumnId: to, transform, fromAssetId: assetOf.get(from)!, toAssetId: assetOf.get(to)! })),
    });
  });
  afterAll(() => server.stop());

  it("lists nodes by hop, asset unique id and column name, and edges by their columns, then transform", async () => {
    const { columnLineage } = await server.data(
      token,
      `query($id: ID!) { columnLineage(assetId: $id, column: "x") {
        nodes { asset { uniqueId } column degree direction }
        edges { fromAsset fromColumn toAsset toColumn transform } } }`,
      { id: toGlobalId("Asset", "a5") },
    );
    expect(columnLineage.nodes.map((n: { asset: { uniqueId: string }; column: string; degree: number; direction: string }) => `${n.degree} ${n.asset.uniqueId}.${n.column} ${n.direction}`)).toEqual([
      "1 model.p.alpha.a_col DOWNSTREAM",
      "1 model.p.alpha.b_col DOWNSTREAM",
      "1 model.p.beta.c DOWNSTREAM",
      "1 model.p.gamma.c DOWNSTREAM",
      "1 source.p.raw.x UPSTREAM",
      "2 model.p.delta.d DOWNSTREAM",
    ]);
    const uniqueIdOf = new Map(ASSETS.map(([id, uniqueId]) => [toGlobalId("Asset", id), uniqueId]));
    expect(
      columnLineage.edges.map(
        (e: { fromAsset: string; fromColumn: string; toAsset: string; toColumn: string; transform: string }) =>
          `${uniqueIdOf.get(e.fromAsset)}.${e.fromColumn} -> ${uniqueIdOf.get(e.toAsset)}.${e.toColumn} ${e.transform}`,
      ),
    ).toEqual([
      "model.p.gamma.c -> model.p.delta.d TRANSFORMED",
      "model.p.start.x -> model.p.alpha.a_col DIRECT",
      "model.p.start.x -> model.p.alpha.a_col AGGREGATED",
      "model.p.start.x -> model.p.alpha.b_col DIRECT",
      "model.p.start.x -> model.p.beta.c DIRECT",
      "model.p.start.x -> model.p.gamma.c DIRECT",
      "source.p.raw.x -> model.p.start.x DIRECT",
    ]);
  });

  it("cut at maxNodes, keeps the columns of the last hop that come first in reading order, not in row id order", async () => {
    const ctx = await operatorContext(server.database.db.prisma, "order");
    const cut = await columnLineage(ctx, { assetId: "a5", column: "x", direction: "DOWNSTREAM", depth: 1, maxNodes: 2 });
    expect(cut.truncated).toBe(true);
    // Row ids run a1 gamma, a2 beta, a3 alpha: the row id order would keep gamma.c and beta.c.
    expect(cut.nodes.map((node) => `${node.assetId}.${node.column}`)).toEqual(["a3.a_col", "a3.b_col"]);
  });
});
