import { describe, expect, it } from "vitest";
import { seriesGeometry, seriesWindow, type SeriesPoint } from "../../../web/src/lib/seriesChart.js";

const day = (d: number) => new Date(Date.UTC(2024, 9, d)).toISOString();
const point = (d: number, value: number, range: [number, number] | null = null, anomaly: string | null = null): SeriesPoint => ({
  at: day(d),
  value,
  expectedRange: range ? { lower: range[0], upper: range[1] } : null,
  excluded: false,
  anomaly: anomaly ? { status: anomaly } : null,
});
const pairs = (polygon: string) => polygon.split(" ").map((xy) => xy.split(",").map(Number) as [number, number]);

describe("the metric series chart's geometry", () => {
  it("places points by time, scales to the values and the band together, and marks the anomalies", () => {
    // Days 1, 2 and 4: the gap of a missing day is kept.
    const g = seriesGeometry([point(1, 10), point(2, 20, [4, 40]), point(4, 0, [8, 30], "OPEN")], 100, 50, 0);
    expect(g.points.map((p) => Math.round(p.x * 10) / 10)).toEqual([0, 33.3, 100]);
    // The band's upper bound (40) is the top, the anomaly's value (0) the bottom.
    expect([g.low, g.high]).toEqual([0, 40]);
    expect(g.points.map((p) => p.y)).toEqual([37.5, 25, 50]);
    expect(g.points.map((p) => p.anomaly)).toEqual([null, null, "OPEN"]);
    // One band over the two points with a range: upper bounds left to right, lower bounds back.
    expect(g.bands).toHaveLength(1);
    expect(pairs(g.bands[0]!)).toEqual([[33.3, 0], [100, 12.5], [100, 40], [33.3, 45]]);
  });

  it("breaks the band where a point has no range, and draws a lone range as a narrow bar", () => {
    const g = seriesGeometry([point(1, 10, [5, 15]), point(2, 11, [6, 16]), point(3, 12), point(4, 2, [8, 14], "ACKNOWLEDGED")], 90, 40, 0);
    expect(g.bands).toHaveLength(2);
    const bar = pairs(g.bands[1]!);
    expect(bar.map(([x]) => x)).toEqual([85, 95, 95, 85]);
    expect(new Set(bar.map(([, y]) => y)).size).toBe(2);
  });

  it("draws nothing for no point, and one point in the middle", () => {
    expect(seriesGeometry([], 100, 50)).toMatchObject({ line: "", bands: [], points: [] });
    expect(seriesGeometry([point(1, 3)], 100, 50).points[0]!.x).toBe(50);
  });

  it("shows the last 30 days, or the 30 days to a week after an anomaly older than that", () => {
    const now = new Date("2026-12-07T12:00:00Z");
    expect(seriesWindow("2026-12-01T00:00:00Z", now)).toEqual({ from: "2026-11-07T12:00:00.000Z", to: "2026-12-07T12:00:00.000Z" });
    expect(seriesWindow("2024-11-05T00:00:00Z", now)).toEqual({ from: "2024-10-13T00:00:00.000Z", to: "2024-11-12T00:00:00.000Z" });
  });
});
