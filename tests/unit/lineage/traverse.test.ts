import { describe, expect, it } from "vitest";
import { knownGraphs } from "../../../bench/generate/graph.js";
import { buildLineageIndex, LineageQueryError, traverse, type LineageResult } from "../../../src/core/lineage/index.js";

const degrees = (result: LineageResult): Record<string, number> =>
  Object.fromEntries(result.nodes.map((node) => [node.id, node.degree]));
const edgeKeys = (result: LineageResult): string[] => result.edges.map((edge) => `${edge.from}>${edge.to}`);

describe("traverse: depth on a chain", () => {
  const chain = knownGraphs.chain(6);
  const index = buildLineageIndex(chain.assets, chain.edges);

  it("stops at the depth and says it was truncated", () => {
    const result = traverse(index, { start: "n000", direction: "DOWNSTREAM", depth: 2 });
    expect(degrees(result)).toEqual({ n001: 1, n002: 2 });
    expect(result.truncated).toBe(true);
    expect(edgeKeys(result)).toEqual(["n000>n001", "n001>n002"]);
  });

  it("is not truncated when the depth reaches the end exactly", () => {
    const result = traverse(index, { start: "n000", direction: "DOWNSTREAM", depth: 5 });
    expect(result.nodes.map((node) => node.id)).toEqual(["n001", "n002", "n003", "n004", "n005"]);
    expect(result.truncated).toBe(false);
  });

  it("walks upstream with depth null to the root", () => {
    const result = traverse(index, { start: "n004", direction: "UPSTREAM", depth: null });
    expect(degrees(result)).toEqual({ n003: 1, n002: 2, n001: 3, n000: 4 });
    expect(result.nodes.every((node) => node.direction === "UPSTREAM")).toBe(true);
    expect(result.truncated).toBe(false);
  });

  it("walks both ways from the middle without reaching siblings", () => {
    const result = traverse(index, { start: "n002", direction: "BOTH", depth: 1 });
    expect(result.nodes).toEqual([
      { id: "n001", kind: "MODEL", degree: 1, direction: "UPSTREAM" },
      { id: "n003", kind: "MODEL", degree: 1, direction: "DOWNSTREAM" },
    ]);
    expect(edgeKeys(result)).toEqual(["n001>n002", "n002>n003"]);
    expect(result.truncated).toBe(true);
  });

  it("caps the number of nodes and reports truncation", () => {
    const result = traverse(index, { start: "n000", direction: "DOWNSTREAM", depth: null, maxNodes: 3 });
    expect(result.nodes.map((node) => node.id)).toEqual(["n001", "n002", "n003"]);
    expect(result.truncated).toBe(true);
  });

  it("rejects a depth below 1 and an unknown start", () => {
    expect(() => traverse(index, { start: "n000", direction: "DOWNSTREAM", depth: 0 })).toThrow(LineageQueryError);
    expect(() => traverse(index, { start: "nope", direction: "DOWNSTREAM", depth: 1 })).toThrow(/unknown asset nope/);
  });
});

describe("traverse: diamond", () => {
  const diamond = knownGraphs.diamond();
  const index = buildLineageIndex(diamond.assets, diamond.edges);

  it("counts a node reached by several paths once, at its lowest degree", () => {
    const result = traverse(index, { start: "a", direction: "DOWNSTREAM", depth: null });
    expect(result.nodes.map((node) => [node.id, node.degree])).toEqual([
      ["b", 1], ["c", 1], ["f", 1], ["d", 2], ["g", 2], ["e", 3], ["h", 3],
    ]);
    expect(result.totalCount).toBe(7);
  });

  it("returns every edge among the returned nodes and the start", () => {
    const result = traverse(index, { start: "a", direction: "DOWNSTREAM", depth: null });
    expect(edgeKeys(result)).toEqual(["a>b", "a>c", "a>f", "b>d", "c>d", "d>e", "f>g", "g>h", "h>d"]);
    expect(result.cycles).toEqual([]);
  });

  it("leaves out edges to nodes beyond the depth", () => {
    const result = traverse(index, { start: "a", direction: "DOWNSTREAM", depth: 2 });
    expect(edgeKeys(result)).toEqual(["a>b", "a>c", "a>f", "b>d", "c>d", "f>g"]);
  });
});

describe("traverse: cycles", () => {
  const graph = knownGraphs.cycle();
  const index = buildLineageIndex(graph.assets, graph.edges);

  it("terminates, visits each node once, and reports each cycle", () => {
    const result = traverse(index, { start: "s", direction: "DOWNSTREAM", depth: null });
    expect(degrees(result)).toEqual({ a: 1, b: 2, c: 3, d: 4, x: 5 });
    expect(result.cycles).toEqual([["a", "b", "c"], ["x"]]);
    expect(edgeKeys(result)).toContain("c>a");
    expect(edgeKeys(result)).toContain("x>x");
    expect(result.edges.find((edge) => edge.from === "c" && edge.to === "a")?.origin).toBe("INFERRED");
  });

  it("lists a node on both sides of a cycle once", () => {
    const result = traverse(index, { start: "b", direction: "BOTH", depth: null });
    const ids = result.nodes.map((node) => node.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(result.nodes.find((node) => node.id === "a")).toMatchObject({ degree: 1, direction: "UPSTREAM" });
    expect(result.nodes.find((node) => node.id === "c")).toMatchObject({ degree: 1, direction: "DOWNSTREAM" });
    expect(result.cycles).toEqual([["a", "b", "c"], ["x"]]);
  });

  it("only reports cycles within the traversed nodes", () => {
    const result = traverse(index, { start: "s", direction: "DOWNSTREAM", depth: 2 });
    expect(result.cycles).toEqual([]);
  });
});

describe("traverse: kinds filter", () => {
  const graph = knownGraphs.mixedKinds();
  const index = buildLineageIndex(graph.assets, graph.edges);

  it("hides other kinds but walks through them and bridges the gap", () => {
    const result = traverse(index, { start: "m1", direction: "DOWNSTREAM", depth: null, kinds: ["MODEL"] });
    expect(degrees(result)).toEqual({ m3: 1, m2: 2 });
    expect(result.edges).toEqual([
      { from: "m1", to: "m2", origin: "INFERRED", via: ["codes"] },
      { from: "m1", to: "m3", origin: "DECLARED", via: [] },
    ]);
  });

  it("counts hidden nodes in the depth", () => {
    const result = traverse(index, { start: "m1", direction: "DOWNSTREAM", depth: 1, kinds: ["MODEL"] });
    expect(degrees(result)).toEqual({ m3: 1 });
    expect(result.truncated).toBe(true);
  });

  it("keeps the kind of every returned node", () => {
    const result = traverse(index, { start: "m1", direction: "BOTH", depth: null, kinds: ["SOURCE", "EXPOSURE"] });
    expect(result.nodes).toEqual([
      { id: "raw", kind: "SOURCE", degree: 1, direction: "UPSTREAM" },
      { id: "dash", kind: "EXPOSURE", degree: 3, direction: "DOWNSTREAM" },
    ]);
    expect(result.edges).toEqual([
      { from: "m1", to: "dash", origin: "INFERRED", via: ["codes", "m2"] },
      { from: "raw", to: "m1", origin: "DECLARED", via: [] },
    ]);
  });

  it("treats an empty kinds list as no filter", () => {
    const result = traverse(index, { start: "m1", direction: "DOWNSTREAM", depth: null, kinds: [] });
    expect(result.totalCount).toBe(4);
  });
});

describe("traverse: origins", () => {
  it("merges a declared and an inferred row for one edge into BOTH", () => {
    const index = buildLineageIndex(
      [{ id: "a", kind: "MODEL" }, { id: "b", kind: "MODEL" }],
      [
        { fromId: "a", toId: "b", origin: "DECLARED" },
        { fromId: "a", toId: "b", origin: "INFERRED" },
        { fromId: "a", toId: "ghost", origin: "DECLARED" },
      ],
    );
    expect(index.edgeCount).toBe(1);
    expect(index.skippedEdges).toBe(1);
    const result = traverse(index, { start: "a", direction: "DOWNSTREAM", depth: 1 });
    expect(result.edges).toEqual([{ from: "a", to: "b", origin: "BOTH", via: [] }]);
  });
});
