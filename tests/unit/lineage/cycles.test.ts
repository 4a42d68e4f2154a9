/** The whole-graph cycle flags that let traversals skip looking for cycles, against brute force. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { findCycles } from "../../../src/core/lineage/cycles.js";
import { buildLineageIndex, type LineageIndex } from "../../../src/core/lineage/index.js";

const graphs = fc
  .integer({ min: 1, max: 14 })
  .chain((size) =>
    fc.record({
      size: fc.constant(size),
      edges: fc.array(fc.tuple(fc.nat(size - 1), fc.nat(size - 1)), { maxLength: size * 2 }),
      subset: fc.array(fc.boolean(), { minLength: size, maxLength: size }),
    }),
  );

function indexOf(size: number, edges: [number, number][]): LineageIndex {
  const id = (n: number) => `n${String(n).padStart(2, "0")}`;
  return buildLineageIndex(
    Array.from({ length: size }, (_, n) => ({ id: id(n), kind: "MODEL" as const })),
    edges.map(([from, to]) => ({ fromId: id(from), toId: id(to), origin: "DECLARED" as const })),
  );
}

/** A node is on a cycle when it reaches itself over one edge or more. */
function reachesItself(index: LineageIndex, node: number): boolean {
  const { offsets, targets } = index.downstream;
  const seen = new Set<number>();
  const queue = [node];
  while (queue.length > 0) {
    const current = queue.shift()!;
    for (let e = offsets[current]!; e < offsets[current + 1]!; e++) {
      const next = targets[e]!;
      if (next === node) return true;
      if (!seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return false;
}

describe("cycle flags", () => {
  it("flag exactly the nodes that reach themselves", () => {
    fc.assert(
      fc.property(graphs, ({ size, edges }) => {
        const index = indexOf(size, edges);
        const expected = Array.from({ length: index.nodeCount }, (_, node) => (reachesItself(index, node) ? 1 : 0));
        expect([...index.onCycles]).toEqual(expected);
      }),
    );
  });

  it("leave the cycles found among any set of nodes unchanged", () => {
    fc.assert(
      fc.property(graphs, ({ size, edges, subset }) => {
        const index = indexOf(size, edges);
        const nodes = subset.flatMap((keep, node) => (keep ? [node] : []));
        const exhaustive = findCycles(index.downstream, index.scratch, nodes);
        expect(findCycles(index.downstream, index.scratch, nodes, index.onCycles)).toEqual(exhaustive);
      }),
    );
  });
});
