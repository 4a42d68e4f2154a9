import { describe, expect, it } from "vitest";
import { layeredLayout } from "../../../web/src/lineage/layered.js";

const box = (id: string, rank: number) => ({ id, rank, width: 200, height: 50 });

describe("the lineage picture's layered layout", () => {
  it("puts upstream hops left of the asset and downstream hops right, one column per hop", () => {
    const at = layeredLayout([box("a", 0), box("u1", -1), box("u2", -2), box("d1", 1)], [
      { source: "u2", target: "u1" },
      { source: "u1", target: "a" },
      { source: "a", target: "d1" },
    ]);
    expect(at.u2!.x).toBeLessThan(at.u1!.x);
    expect(at.u1!.x).toBeLessThan(at.a!.x);
    expect(at.a!.x).toBeLessThan(at.d1!.x);
  });

  it("orders a column by its neighbours nearer the asset, so edges do not cross", () => {
    // x1 feeds the top upstream model, x2 the bottom one; given in the crossing order.
    const at = layeredLayout([box("a", 0), box("top", -1), box("bottom", -1), box("x2", -2), box("x1", -2)], [
      { source: "top", target: "a" },
      { source: "bottom", target: "a" },
      { source: "x1", target: "top" },
      { source: "x2", target: "bottom" },
    ]);
    expect(at.top!.y).toBeLessThan(at.bottom!.y);
    expect(at.x1!.y).toBeLessThan(at.x2!.y);
  });

  it("places 10,000 boxes without overlap in a column", () => {
    const nodes = [box("a", 0), ...Array.from({ length: 10_000 }, (_, i) => box(`n${i}`, (i % 2 ? 1 : -1) * (1 + (i % 5))))];
    const edges = nodes.slice(1).map((n) => (n.rank < 0 ? { source: n.id, target: "a" } : { source: "a", target: n.id }));
    const at = layeredLayout(nodes, edges);
    const column = nodes.filter((n) => n.rank === 3).map((n) => at[n.id]!.y).sort((p, q) => p - q);
    for (let i = 1; i < column.length; i++) expect(column[i]! - column[i - 1]!).toBeGreaterThanOrEqual(50);
  });
});
