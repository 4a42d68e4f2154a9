import { describe, expect, it } from "vitest";
import { knownGraphs } from "../../../bench/generate/graph.js";
import { buildLineageIndex, impact, lineageCounts, traverse } from "../../../src/core/lineage/index.js";

describe("impact", () => {
  it("groups a diamond's downstream by degree with one shortest path each", () => {
    const diamond = knownGraphs.diamond();
    const result = impact(buildLineageIndex(diamond.assets, diamond.edges), { start: "a" });
    expect(result.groups.map((group) => [group.degree, group.assets.map((asset) => asset.id)])).toEqual([
      [1, ["b", "c", "f"]],
      [2, ["d", "g"]],
      [3, ["e", "h"]],
    ]);
    const paths = Object.fromEntries(result.assets.map((asset) => [asset.id, asset.path]));
    // Two shortest paths reach d; the one through the lower id is shown.
    expect(paths.d).toEqual(["a", "b", "d"]);
    expect(paths.e).toEqual(["a", "b", "d", "e"]);
    expect(paths.h).toEqual(["a", "f", "g", "h"]);
    expect(result.truncated).toBe(false);
  });

  it("lists the exposures of a hub and terminates on cycles", () => {
    const hub = knownGraphs.hub(1_000);
    const result = impact(buildLineageIndex(hub.assets, hub.edges), { start: "src" });
    expect(result.assets).toHaveLength(1_002);
    expect(result.groups.map((group) => group.assets.length)).toEqual([1, 1_000, 1]);
    expect(result.exposures).toEqual([{ id: "report", kind: "EXPOSURE", degree: 3, path: ["src", "hub", "child0000", "report"] }]);

    const cycle = knownGraphs.cycle();
    const cyclic = impact(buildLineageIndex(cycle.assets, cycle.edges), { start: "b" });
    expect(cyclic.assets.map((asset) => [asset.id, asset.degree])).toEqual([["c", 1], ["a", 2], ["d", 2], ["x", 3]]);
    expect(cyclic.cycles).toEqual([["a", "b", "c"], ["x"]]);
  });

  it("is deterministic whatever the row order", () => {
    const diamond = knownGraphs.diamond();
    const forward = impact(buildLineageIndex(diamond.assets, diamond.edges), { start: "a" });
    const backward = impact(buildLineageIndex([...diamond.assets].reverse(), [...diamond.edges].reverse()), { start: "a" });
    expect(backward).toEqual(forward);
  });

  it("stops at the node cap and says so", () => {
    const chain = knownGraphs.chain(10);
    const result = impact(buildLineageIndex(chain.assets, chain.edges), { start: "n000", maxNodes: 4 });
    expect(result.assets.map((asset) => asset.id)).toEqual(["n001", "n002", "n003", "n004"]);
    expect(result.truncated).toBe(true);
  });
});

describe("lineageCounts", () => {
  it("counts transitive upstream, downstream and downstream exposures", () => {
    const hub = knownGraphs.hub(50);
    const index = buildLineageIndex(hub.assets, hub.edges);
    expect(lineageCounts(index, "hub")).toEqual({ upstream: 1, downstream: 51, exposures: 1 });
    expect(lineageCounts(index, "report")).toEqual({ upstream: 5 + 1 + 1, downstream: 0, exposures: 0 });
  });
});

describe("impact: paging", () => {
  const hub = knownGraphs.hub(1_000);
  const index = buildLineageIndex(hub.assets, hub.edges);

  it("pages through every downstream asset once, with whole-answer counts and all exposures on every page", () => {
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const page = impact(index, { start: "src", first: 300, after });
      pages++;
      expect(page.totalCount).toBe(1_002);
      expect(page.degreeCounts).toEqual([{ degree: 1, count: 1 }, { degree: 2, count: 1_000 }, { degree: 3, count: 1 }]);
      expect(page.exposures.map((asset) => asset.id)).toEqual(["report"]);
      seen.push(...page.assets.map((asset) => asset.id));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    expect(pages).toBe(4);
    expect(seen).toEqual(impact(index, { start: "src" }).assets.map((asset) => asset.id));
  });

  it("refuses a lineage cursor", () => {
    const cursor = traverse(index, { start: "src", direction: "DOWNSTREAM", depth: null, first: 10 }).pageInfo.endCursor;
    expect(() => impact(index, { start: "src", first: 10, after: cursor })).toThrow(expect.objectContaining({ code: "INVALID_CURSOR" }));
  });
});

describe("impact: order and paths do not depend on discovery order", () => {
  // p is found before q, so z (via p) is discovered before y (via q); w has parents y and z.
  const model = (id: string) => ({ id, kind: "MODEL" as const });
  const edge = (fromId: string, toId: string) => ({ fromId, toId, origin: "DECLARED" as const });
  const index = buildLineageIndex(
    ["s", "p", "q", "z", "y", "w"].map(model),
    [edge("s", "p"), edge("s", "q"), edge("p", "z"), edge("q", "y"), edge("z", "w"), edge("y", "w")],
  );

  it("orders each degree by id and takes the lowest-id parent", () => {
    const result = impact(index, { start: "s" });
    expect(result.assets.map((asset) => asset.id)).toEqual(["p", "q", "y", "z", "w"]);
    expect(result.assets.find((asset) => asset.id === "w")!.path).toEqual(["s", "q", "y", "w"]);
    const lineage = traverse(index, { start: "s", direction: "DOWNSTREAM", depth: null });
    expect(lineage.nodes.map((node) => node.id)).toEqual(["p", "q", "y", "z", "w"]);
  });
});
