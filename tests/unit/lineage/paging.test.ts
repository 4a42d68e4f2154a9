import { describe, expect, it } from "vitest";
import { knownGraphs } from "../../../bench/generate/graph.js";
import { buildLineageIndex, LineageQueryError, traverse, type LineageQuery } from "../../../src/core/lineage/index.js";

const hub = knownGraphs.hub(1_200);
const index = buildLineageIndex(hub.assets, hub.edges);

function allPages(query: LineageQuery): { ids: string[]; edges: string[]; pages: number } {
  const ids: string[] = [];
  const edges: string[] = [];
  let after: string | null = null;
  let pages = 0;
  for (;;) {
    const page = traverse(index, { ...query, after });
    pages++;
    ids.push(...page.nodes.map((node) => node.id));
    edges.push(...page.edges.map((edge) => `${edge.from}>${edge.to}`));
    if (!page.pageInfo.hasNextPage) return { ids, edges, pages };
    after = page.pageInfo.endCursor;
  }
}

describe("traverse: paging through a hub with 1,200 children", () => {
  const query: LineageQuery = { start: "hub", direction: "DOWNSTREAM", depth: null, first: 100 };

  it("returns every node once, in order, without gaps", () => {
    const { ids, pages } = allPages(query);
    const whole = traverse(index, { ...query, first: undefined });
    expect(pages).toBe(13);
    expect(ids).toEqual(whole.nodes.map((node) => node.id));
    expect(new Set(ids).size).toBe(1_201);
    expect(ids.slice(0, 3)).toEqual(["child0000", "child0001", "child0002"]);
    expect(ids[ids.length - 1]).toBe("report");
  });

  it("returns every edge exactly once across the pages", () => {
    const { edges } = allPages(query);
    expect(edges.length).toBe(1_200 + 120);
    expect(new Set(edges).size).toBe(edges.length);
  });

  it("gives the first page the edges among its nodes and the start", () => {
    const page = traverse(index, query);
    expect(page.nodes).toHaveLength(100);
    expect(page.totalCount).toBe(1_201);
    expect(page.edges.filter((edge) => edge.from === "hub")).toHaveLength(100);
    expect(page.edges.filter((edge) => edge.to === "report")).toHaveLength(0);
  });

  it("ends with an empty page when asked past the end", () => {
    const last = traverse(index, { ...query, first: 1_201 });
    expect(last.pageInfo.hasNextPage).toBe(false);
    const past = traverse(index, { ...query, after: last.pageInfo.endCursor });
    expect(past.nodes).toEqual([]);
    expect(past.pageInfo).toEqual({ hasNextPage: false, endCursor: null });
  });

  it("refuses a cursor of another query", () => {
    const cursor = traverse(index, query).pageInfo.endCursor;
    expect(() => traverse(index, { ...query, direction: "BOTH", after: cursor })).toThrow(
      expect.objectContaining({ code: "INVALID_CURSOR" }),
    );
    expect(() => traverse(index, { ...query, after: "garbage" })).toThrow(LineageQueryError);
  });

  it("refuses a cursor once the graph changed", () => {
    const cursor = traverse(index, query).pageInfo.endCursor;
    const changed = buildLineageIndex(hub.assets, [...hub.edges, { fromId: "src", toId: "report", origin: "DECLARED" }]);
    expect(changed.fingerprint).not.toBe(index.fingerprint);
    expect(() => traverse(changed, { ...query, after: cursor })).toThrow(expect.objectContaining({ code: "STALE_CURSOR" }));
    const rebuilt = buildLineageIndex([...hub.assets].reverse(), [...hub.edges].reverse());
    expect(traverse(rebuilt, { ...query, after: cursor }).nodes[0]!.id).toBe("child0100");
  });
});
