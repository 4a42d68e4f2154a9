/**
 * The indexes against a plain reference implementation on a generated graph (layered, hubs,
 * cycles), and the generator's own promises: exact sizes and determinism.
 */
import { describe, expect, it } from "vitest";
import { generateTenantGraph } from "../../../bench/generate/graph.js";
import {
  buildColumnLineageIndex,
  buildLineageIndex,
  impact,
  traverse,
  traverseColumns,
  type AssetEdgeRow,
} from "../../../src/core/lineage/index.js";

const size = { seed: 7, assets: 1_500, edges: 5_500, columns: 9_000, columnEdges: 15_000, hubChildren: 200 };
const tenant = generateTenantGraph(size);
const index = buildLineageIndex(tenant.assets, tenant.edges);

/** Hop distance from `start` to everything it reaches, by the textbook BFS over the rows. */
function adjacency(edges: readonly AssetEdgeRow[], downstream: boolean): Map<string, string[]> {
  const next = new Map<string, string[]>();
  for (const edge of edges) {
    const [from, to] = downstream ? [edge.fromId, edge.toId] : [edge.toId, edge.fromId];
    const list = next.get(from);
    if (list) list.push(to);
    else next.set(from, [to]);
  }
  return next;
}
const children = adjacency(tenant.edges, true);
const parents = adjacency(tenant.edges, false);

function referenceDistances(next: ReadonlyMap<string, string[]>, start: string): Map<string, number> {
  const distance = new Map<string, number>([[start, 0]]);
  const queue = [start];
  for (let head = 0; head < queue.length; head++) {
    const node = queue[head]!;
    for (const target of next.get(node) ?? []) {
      if (!distance.has(target)) {
        distance.set(target, distance.get(node)! + 1);
        queue.push(target);
      }
    }
  }
  distance.delete(start);
  return distance;
}

describe("generated tenant graph", () => {
  it("has exactly the requested sizes, hubs and cycles, and is deterministic", () => {
    expect([tenant.assets.length, tenant.edges.length, tenant.columns.length, tenant.columnEdges.length]).toEqual([1_500, 5_500, 9_000, 15_000]);
    expect(index.edgeCount).toBe(5_500);
    expect(tenant.hubs.every((hub) => hub.children >= 200)).toBe(true);
    const again = generateTenantGraph(size);
    expect(again.edges.slice(0, 50)).toEqual(tenant.edges.slice(0, 50));
    expect(buildLineageIndex(again.assets, again.edges).fingerprint).toBe(index.fingerprint);
    const someCycles = tenant.assets.some((asset) => impact(index, { start: asset.id }).cycles.length > 0);
    expect(someCycles).toBe(true);
  });

  it("impact matches a reference BFS: same assets, same degrees, valid shortest paths", () => {
    const edgeSet = new Set(tenant.edges.map((edge) => `${edge.fromId}>${edge.toId}`));
    for (const start of [...tenant.hubs.map((hub) => hub.id), tenant.assets[0]!.id, tenant.assets[400]!.id]) {
      const expected = referenceDistances(children, start);
      const result = impact(index, { start });
      expect(new Map(result.assets.map((asset) => [asset.id, asset.degree]))).toEqual(expected);
      const badPaths = result.assets.filter(
        (asset) =>
          asset.path.length !== asset.degree + 1 ||
          asset.path[0] !== start ||
          asset.path.slice(1).some((step, i) => !edgeSet.has(`${asset.path[i]}>${step}`)),
      );
      expect(badPaths).toEqual([]);
    }
  });

  it("BOTH is the union of upstream and downstream, at the lower degree", () => {
    const start = tenant.assets[800]!.id;
    const up = referenceDistances(parents, start);
    const down = referenceDistances(children, start);
    const expected = new Map(up);
    for (const [id, degree] of down) expected.set(id, Math.min(degree, expected.get(id) ?? degree));
    const result = traverse(index, { start, direction: "BOTH", depth: null });
    expect(new Map(result.nodes.map((node) => [node.id, node.degree]))).toEqual(expected);
  });

  it("column traversal reaches what the column edges say, within the depth", () => {
    const columnIndex = buildColumnLineageIndex(tenant.columns, tenant.columnEdges);
    const edge = tenant.columnEdges[0]!;
    const source = tenant.columns.find((column) => column.id === edge.fromColumnId)!;
    const result = traverseColumns(columnIndex, { assetId: source.assetId, column: source.name, direction: "DOWNSTREAM", depth: 3 });
    const direct = tenant.columnEdges.filter((e) => e.fromColumnId === source.id).map((e) => e.toColumnId);
    const degreeOne = result.nodes.filter((node) => node.degree === 1).map((node) => node.columnId);
    expect(new Set(degreeOne)).toEqual(new Set(direct));
    expect(Math.max(...result.nodes.map((node) => node.degree))).toBeLessThanOrEqual(3);
  });
});

describe("paging on the generated graph", () => {
  const edgeKey = (edge: { from: string; to: string; via: string[] }): string => `${edge.from}>${edge.to}|${edge.via.join(",")}`;

  it("pages partition the nodes and the edges (bridges included) of the unpaged answer", () => {
    const queries = [
      { start: tenant.hubs[2]!.id, direction: "DOWNSTREAM" as const, depth: 3, kinds: ["EXPOSURE" as const] },
      { start: tenant.assets[800]!.id, direction: "BOTH" as const, depth: null, kinds: ["SOURCE" as const, "EXPOSURE" as const] },
      { start: tenant.assets[0]!.id, direction: "DOWNSTREAM" as const, depth: null },
    ];
    let bridges = 0;
    for (const query of queries) {
      const whole = traverse(index, query);
      bridges += whole.edges.filter((edge) => edge.via.length > 0).length;
      const nodes: string[] = [];
      const edges: string[] = [];
      let after: string | null = null;
      do {
        const page = traverse(index, { ...query, first: 37, after });
        nodes.push(...page.nodes.map((node) => node.id));
        edges.push(...page.edges.map(edgeKey));
        after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
      } while (after);
      expect(nodes).toEqual(whole.nodes.map((node) => node.id));
      expect(edges.sort()).toEqual(whole.edges.map(edgeKey).sort());
    }
    expect(bridges).toBeGreaterThan(0);
  });
});
