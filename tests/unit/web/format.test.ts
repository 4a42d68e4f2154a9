import { describe, expect, it } from "vitest";
import { duration, kindLabel, minutes, openLineageNamespace, percent, trendWord } from "../../../web/src/lib/format.js";

describe("how the web app words numbers, kinds and trends", () => {
  it("reads an OpenLineage asset's namespace back from its unique id, colons and all", () => {
    expect(openLineageNamespace({ kind: "JOB", uniqueId: "job:airflow-prod:jaffle_daily.export_orders", name: "jaffle_daily.export_orders" })).toBe("airflow-prod");
    // A warehouse dataset is named by its relation; its namespace holds a scheme and a port.
    expect(openLineageNamespace({ kind: "DATASET", uniqueId: "dataset:postgres://db:5432:shop.public.orders", name: "orders", relationName: "shop.public.orders" })).toBe("postgres://db:5432");
    expect(openLineageNamespace({ kind: "DATASET", uniqueId: "dataset:s3://bucket:orders/daily.csv", name: "orders/daily.csv", relationName: null })).toBe("s3://bucket");
    expect(openLineageNamespace({ kind: "MODEL", uniqueId: "model.p.orders", name: "orders" })).toBeNull();
  });

  it("labels kinds, shares, spans and trends", () => {
    expect([kindLabel("JOB"), kindLabel("SEMANTIC_MODEL"), kindLabel("MODEL")]).toEqual(["OpenLineage job", "semantic model", "model"]);
    expect([percent(1), percent(0.9391), percent(null)]).toEqual(["100 %", "93.9 %", "—"]);
    expect([minutes(15), minutes(95), minutes(1500)]).toEqual(["15 min", "1 h 35 min", "1 d 1 h"]);
    expect([duration(870), duration(61_500), duration(60_000)]).toEqual(["0.9 s", "1 min 2 s", "1 min"]);
    expect(trendWord([0.4, null, 0.9])).toEqual({ word: "rising", className: "trend-better" });
    expect(trendWord([30, 90], false)).toEqual({ word: "rising", className: "trend-worse" });
    expect(trendWord([null, 1]).word).toBe("no trend yet");
  });
});
