import { describe, expect, it } from "vitest";
import { buildLineageIndex, type AssetKind } from "../../../src/core/lineage/index.js";
import { walkMarquezGraph } from "../../../src/core/openlineage/marquezWalk.js";

/**
 * raw → load → staged → transform → mart → export → file; `transform` also reads `lookup`;
 * `audit` reads `staged`; a dashboard (an exposure) reads `mart`; `model_a` → `model_b` are dbt models.
 */
const kinds: Record<string, AssetKind> = {
  raw: "DATASET", load: "JOB", staged: "DATASET", transform: "JOB", lookup: "DATASET", mart: "DATASET", export: "JOB", file: "DATASET",
  audit: "JOB", dashboard: "EXPOSURE", model_a: "MODEL", model_b: "MODEL",
};
const edges: [string, string][] = [
  ["raw", "load"], ["load", "staged"], ["staged", "transform"], ["lookup", "transform"], ["transform", "mart"], ["mart", "export"], ["export", "file"],
  ["staged", "audit"], ["mart", "dashboard"], ["mart", "model_a"], ["model_a", "model_b"],
];
const index = buildLineageIndex(
  Object.entries(kinds).map(([id, kind]) => ({ id, kind })),
  edges.map(([fromId, toId]) => ({ fromId, toId, origin: "DECLARED" as const })),
);
const isNode = (kind: AssetKind) => kind !== "EXPOSURE";
const walk = (start: string, depth: number, maxNodes = 100) => walkMarquezGraph(index, { start, depth, isNode, maxNodes });

describe("Marquez's lineage walk", () => {
  it("counts depth in job levels: each is a job and its datasets", () => {
    expect(walk("mart", 1).nodes.sort()).toEqual(["export", "file", "lookup", "mart", "model_a", "model_b", "staged", "transform"]);
    // `audit` reads `staged` too: a sibling, not an ancestor or descendant of `mart`.
    expect(walk("mart", 2).nodes.sort()).toEqual(["export", "file", "load", "lookup", "mart", "model_a", "model_b", "raw", "staged", "transform"]);
  });

  it("brings every input and output of the jobs it reaches, but walks no further from them", () => {
    // From `file` upstream: export, mart, transform (and its other input lookup), staged; not audit (a sibling).
    const nodes = walk("file", 2).nodes;
    expect(nodes).toContain("lookup");
    expect(nodes).not.toContain("audit");
  });

  it("leaves out what is not a Marquez node, and lists the edges among the nodes", () => {
    const answer = walk("mart", 1);
    expect(answer.nodes).not.toContain("dashboard");
    expect(answer.edges).toContainEqual({ from: "transform", to: "mart" });
    expect(answer.edges).toContainEqual({ from: "mart", to: "model_a" });
    expect(answer.edges.every((e) => answer.nodes.includes(e.from) && answer.nodes.includes(e.to))).toBe(true);
    expect(answer.truncated).toBe(false);
  });

  it("stops at the node cap and says so", () => {
    const answer = walk("mart", 5, 3);
    expect(answer.nodes).toHaveLength(3);
    expect(answer.nodes[0]).toBe("mart");
    expect(answer.truncated).toBe(true);
  });
});
