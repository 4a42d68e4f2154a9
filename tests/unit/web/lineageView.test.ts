import { describe, expect, it } from "vitest";
import { buildView, type LineageAsset } from "../../../web/src/lineage/view.js";

const asset = (id: string, side: LineageAsset["side"], degree: number, layer: string | null = "STAGING", schema: string | null = "core"): LineageAsset => ({
  id, uniqueId: `model.p.${id}`, name: id, kind: "MODEL", layer, schema, project: "p", degree, side,
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
    expect(view.hops).toEqual([
      { key: "UPSTREAM|1", side: "UPSTREAM", degree: 1, count: 50, open: true },
      { key: "DOWNSTREAM|1", side: "DOWNSTREAM", degree: 1, count: 1, open: true },
    ]);
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

  it("closes a hop into its boxes on request, and opens a hop of the overview whole", () => {
    const all = [center, ...upstream, ...downstream];
    const closed = buildView(all, edges, { limit: 100, groupBy: "layer", expanded: new Set(), hopState: new Map([["UPSTREAM|1", "closed"]]) });
    expect(closed.collapsed).toBe(false);
    const box = closed.nodes.find((n) => n.type === "group");
    expect(box).toMatchObject({ key: "UPSTREAM|1|staging", count: 50 });
    expect(box?.type === "group" && box.members).toEqual(upstream.map((a) => a.id));
    expect(closed.nodes.find((n) => n.id === "report")?.type).toBe("asset");
    expect(closed.hops.map((h) => [h.key, h.open])).toEqual([["UPSTREAM|1", false], ["DOWNSTREAM|1", true]]);

    const opened = buildView(all, edges, { limit: 10, groupBy: "layer", expanded: new Set(), hopState: new Map([["UPSTREAM|1", "open"]]) });
    expect(opened.collapsed).toBe(true);
    expect(opened.nodes.filter((n) => n.type === "asset")).toHaveLength(51);
    expect(opened.nodes.filter((n) => n.type === "group").map((n) => n.id)).toEqual(["group:DOWNSTREAM|1|mart"]);
  });

  it("groups by schema, with assets that have none in a box of their own", () => {
    const mixed = [center, asset("a", "UPSTREAM", 1, "STAGING", "raw"), asset("b", "UPSTREAM", 1, "STAGING", "raw"), asset("c", "UPSTREAM", 1, null, null)];
    const view = buildView(mixed, [], { limit: 1, groupBy: "schema", expanded: new Set() });
    expect(view.nodes.filter((n) => n.type === "group").map((n) => n.type === "group" && [n.label, n.count])).toEqual([
      ["raw · 1 hop upstream", 2],
      ["no schema · 1 hop upstream", 1],
    ]);
  });
});
