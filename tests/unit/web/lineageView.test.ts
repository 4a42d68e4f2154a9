import { describe, expect, it } from "vitest";
import { buildView, type LineageAsset } from "../../../web/src/lineage/view.js";

const asset = (id: string, side: LineageAsset["side"], degree: number, layer: string | null = "STAGING"): LineageAsset => ({
  id, uniqueId: `model.p.${id}`, name: id, kind: "MODEL", layer, project: "p", degree, side,
});

describe("the lineage picture's view", () => {
  const center = asset("mart", "CENTER", 0, "MART");
  const upstream = Array.from({ length: 50 }, (_, i) => asset(`stg_${i}`, "UPSTREAM", 1));
  const downstream = [asset("report", "DOWNSTREAM", 1, "MART")];
  const edges = [...upstream.map((a) => ({ from: a.id, to: "mart" })), { from: "mart", to: "report" }];

  it("draws every asset while the neighbourhood is small", () => {
    const view = buildView([center, ...upstream, ...downstream], edges, { limit: 100, groupBy: "layer", expanded: new Set() });
    expect(view.collapsed).toBe(false);
    expect(view.nodes).toHaveLength(52);
    expect(view.edges).toHaveLength(51);
  });

  it("collapses a wide neighbourhood into counted boxes with merged edges, and opens a box on request", () => {
    const view = buildView([center, ...upstream, ...downstream], edges, { limit: 10, groupBy: "layer", expanded: new Set() });
    expect(view.collapsed).toBe(true);
    const groups = view.nodes.filter((n) => n.type === "group");
    expect(groups.map((g) => g.type === "group" && [g.count, g.label])).toEqual([[50, "staging · 1 hop upstream"], [1, "mart · 1 hop downstream"]]);
    expect(view.nodes.find((n) => n.id === "mart")?.type).toBe("asset");
    expect(view.edges).toEqual([
      { id: "group:UPSTREAM|1|staging->mart", source: "group:UPSTREAM|1|staging", target: "mart", count: 50 },
      { id: "mart->group:DOWNSTREAM|1|mart", source: "mart", target: "group:DOWNSTREAM|1|mart", count: 1 },
    ]);

    const opened = buildView([center, ...upstream, ...downstream], edges, { limit: 10, groupBy: "layer", expanded: new Set(["UPSTREAM|1|staging"]) });
    expect(opened.nodes.filter((n) => n.type === "asset")).toHaveLength(51);
  });
});
