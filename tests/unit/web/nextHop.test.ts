import { describe, expect, it } from "vitest";
import { extendable, mergeNextHop } from "../../../web/src/lineage/nextHop.js";
import type { LineageAsset } from "../../../web/src/lineage/view.js";

const asset = (id: string, side: LineageAsset["side"], degree: number): LineageAsset => ({
  id, uniqueId: `model.p.${id}`, name: id, kind: "MODEL", layer: "STAGING", schema: "core", project: "p", degree, side,
});
const answered = (id: string) => ({ id, uniqueId: `model.p.${id}`, name: id, kind: "SOURCE", layer: null, schema: "raw", project: "p" });

describe("one more hop from one asset of the lineage picture", () => {
  const graph = {
    assets: [asset("mart", "CENTER", 0), asset("stg_a", "UPSTREAM", 1), asset("stg_b", "UPSTREAM", 1), asset("report", "DOWNSTREAM", 1)],
    edges: [{ from: "stg_a", to: "mart" }, { from: "stg_b", to: "mart" }, { from: "mart", to: "report" }],
    totalCount: 3,
  };

  it("puts the new assets one hop further out on the same side, and keeps what the picture had", () => {
    // stg_a reads raw_a (new) and stg_b (already drawn, one hop upstream of the mart).
    const { graph: merged, added } = mergeNextHop(graph, graph.assets[1]!, {
      nodes: [{ degree: 1, asset: answered("raw_a") }, { degree: 1, asset: { ...answered("stg_b"), kind: "MODEL" } }],
      edges: [{ from: "raw_a", to: "stg_a" }, { from: "stg_b", to: "stg_a" }, { from: "stg_a", to: "mart" }],
    });
    expect(added).toEqual(["raw_a"]);
    expect(merged.assets.find((a) => a.id === "raw_a")).toMatchObject({ side: "UPSTREAM", degree: 2, kind: "SOURCE" });
    expect(merged.assets.find((a) => a.id === "stg_b")).toMatchObject({ side: "UPSTREAM", degree: 1, kind: "MODEL" });
    expect(merged.assets).toHaveLength(5);
    // New edges only, each once; the graph's other fields stay.
    expect(merged.edges.slice(3)).toEqual([{ from: "raw_a", to: "stg_a" }, { from: "stg_b", to: "stg_a" }]);
    expect(merged.totalCount).toBe(3);
    expect(graph.assets).toHaveLength(4);
  });

  it("grows downstream to the right", () => {
    const { graph: merged } = mergeNextHop(graph, graph.assets[3]!, { nodes: [{ degree: 1, asset: answered("dash") }], edges: [{ from: "report", to: "dash" }] });
    expect(merged.assets.at(-1)).toMatchObject({ id: "dash", side: "DOWNSTREAM", degree: 2 });
  });

  it("offers a + on the outermost hop when the depth cut the answer, and on what a + added until it is extended", () => {
    expect(extendable(graph.assets, { truncated: false, added: new Set(), extended: new Set() })).toEqual(new Set());
    expect(extendable(graph.assets, { truncated: true, added: new Set(), extended: new Set() })).toEqual(new Set(["stg_a", "stg_b", "report"]));
    const { graph: merged, added } = mergeNextHop(graph, graph.assets[1]!, { nodes: [{ degree: 1, asset: answered("raw_a") }], edges: [{ from: "raw_a", to: "stg_a" }] });
    expect(extendable(merged.assets, { truncated: false, added: new Set(added), extended: new Set(["stg_a"]) })).toEqual(new Set(["raw_a"]));
    expect(extendable(merged.assets, { truncated: true, added: new Set(added), extended: new Set(["stg_a"]) })).toEqual(new Set(["stg_b", "report", "raw_a"]));
  });
});
