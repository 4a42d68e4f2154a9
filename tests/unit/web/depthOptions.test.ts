import { describe, expect, it } from "vitest";
import { depthOptions } from "../../../web/src/lineage/depthOptions.js";

describe("the lineage page's Depth menu", () => {
  it("offers the usual depths and no limit", () => {
    expect(depthOptions(2).map((o) => o.label)).toEqual(["1 hop", "2 hops", "3 hops", "5 hops", "10 hops", "all hops"]);
    expect(depthOptions(null).map((o) => o.value)).toEqual(["1", "2", "3", "5", "10", "all"]);
  });

  it("lists a depth the address asks for that is not a usual one, in its place", () => {
    expect(depthOptions(9).map((o) => o.value)).toEqual(["1", "2", "3", "5", "9", "10", "all"]);
    expect(depthOptions(9).find((o) => o.value === "9")?.label).toBe("9 hops");
  });
});
