import { Field, Float, Int, ObjectType, registerEnumType } from "type-graphql";
import { expectedRange } from "../../core/anomaly/detect.js";
import { AnomalyStatus, Seasonality } from "../../generated/prisma/enums.js";
import type { AnomalyWithSeries } from "../../services/anomalies/queries.js";
import type { SeriesRef } from "../../services/anomalies/seriesHistory.js";
import { toGlobalId } from "../globalId.js";
import { Node } from "./Node.js";
import { JSONScalar } from "./scalars.js";

registerEnumType(AnomalyStatus, {
  name: "AnomalyStatus",
  description: "OPEN (new), ACKNOWLEDGED (an owner is on it), DISMISSED (not a real problem: the point stays out of later baselines).",
});
registerEnumType(Seasonality, {
  name: "Seasonality",
  description: "NONE: the baseline is the N points before. DAY_OF_WEEK: the N points before on the same weekday (UTC).",
});

export { AnomalyStatus, Seasonality };

@ObjectType({ description: "A range of values: the expected range is mean ± threshold × stddev." })
export class ValueRange {
  @Field(() => Float)
  lower!: number;

  @Field(() => Float)
  upper!: number;
}

@ObjectType({ description: "The points an anomaly was compared with." })
export class BaselineWindow {
  @Field(() => Int, { description: "How many points (N)." })
  points!: number;

  @Field(() => Seasonality)
  seasonality!: Seasonality;

  @Field(() => Date)
  from!: Date;

  @Field(() => Date)
  to!: Date;
}

@ObjectType({ implements: Node, description: "A metric value outside the range its baseline predicts." })
export class Anomaly extends Node {
  @Field(() => String, { description: "The measured asset's unique id." })
  assetUniqueId!: string;

  @Field(() => String)
  assetName!: string;

  @Field(() => String, { description: "The measure's name (row_count, revenue, …)." })
  metric!: string;

  @Field(() => JSONScalar, { description: "The series' dimension values, e.g. {\"region\": \"EU\"}." })
  dimensions!: Record<string, string>;

  @Field(() => Date, { description: "The point's time." })
  at!: Date;

  @Field(() => Float)
  actual!: number;

  @Field(() => ValueRange)
  expectedRange!: ValueRange;

  @Field(() => Float)
  mean!: number;

  @Field(() => Float)
  stddev!: number;

  @Field(() => Float, { description: "|actual − mean| / stddev." })
  zScore!: number;

  @Field(() => Float)
  threshold!: number;

  @Field(() => BaselineWindow)
  baselineWindow!: BaselineWindow;

  @Field(() => AnomalyStatus)
  status!: AnomalyStatus;

  @Field(() => Date)
  detectedAt!: Date;

  @Field(() => Date, { nullable: true })
  decidedAt!: Date | null;

  @Field(() => String, { nullable: true, description: "Who acknowledged or dismissed it (the token's name)." })
  decidedBy!: string | null;

  @Field(() => String, { nullable: true })
  comment!: string | null;

  /** The asset's row id, for the `asset` field resolver (not part of the API). */
  assetRowId!: string;

  static from(row: AnomalyWithSeries): Anomaly {
    return Object.assign(new Anomaly(), {
      id: toGlobalId("Anomaly", row.id),
      assetUniqueId: row.series.asset.uniqueId,
      assetName: row.series.asset.name,
      metric: row.series.name,
      dimensions: row.series.dimensions as Record<string, string>,
      at: row.at,
      actual: row.value,
      expectedRange: expectedRange(row.mean, row.stddev, row.threshold),
      mean: row.mean,
      stddev: row.stddev,
      zScore: row.zScore,
      threshold: row.threshold,
      baselineWindow: { points: row.window, seasonality: row.seasonality, from: row.baselineFrom, to: row.baselineTo },
      status: row.status,
      detectedAt: row.detectedAt,
      decidedAt: row.decidedAt,
      decidedBy: row.decidedByLabel,
      comment: row.comment,
      assetRowId: row.series.assetId,
    });
  }
}

@ObjectType({ description: "Detection parameters in force at one level (tenant, metric or series)." })
export class AnomalySettings {
  @Field(() => Int, { description: "Points in the baseline (N)." })
  window!: number;

  @Field(() => Float, { description: "The z-score above which a point is an anomaly." })
  threshold!: number;

  @Field(() => Seasonality)
  seasonality!: Seasonality;
}

@ObjectType({ description: "One value of a metric series, with the range detection expects it in." })
export class MetricPoint {
  @Field(() => Date)
  at!: Date;

  @Field(() => Float)
  value!: number;

  @Field(() => Boolean, { description: "A dismissed anomaly's point: drawn, but in no baseline." })
  excluded!: boolean;

  @Field(() => ValueRange, { nullable: true, description: "mean ± threshold × stddev of the N points before (same weekday when seasonal), with the series' settings now; null while fewer than N points precede it or they do not vary." })
  expectedRange!: ValueRange | null;

  @Field(() => Float, { nullable: true })
  mean!: number | null;

  @Field(() => Float, { nullable: true })
  stddev!: number | null;

  @Field(() => Float, { nullable: true, description: "|value − mean| / stddev." })
  zScore!: number | null;

  @Field(() => Anomaly, { nullable: true, description: "The anomaly stored for this point (judged when it was posted, with the settings then)." })
  anomaly!: Anomaly | null;
}

@ObjectType({ description: "A metric series over a window: its points and the detection settings they are drawn with." })
export class MetricHistory {
  @Field(() => Date)
  from!: Date;

  @Field(() => Date)
  to!: Date;

  @Field(() => AnomalySettings)
  settings!: AnomalySettings;

  @Field(() => [MetricPoint], { description: "Oldest first." })
  points!: MetricPoint[];
}

@ObjectType({ description: "The values of one measure of an asset with given dimension values (observations posted, or derived from runs)." })
export class MetricSeries {
  @Field(() => String, { description: "The measure's name (row_count, revenue, …)." })
  metric!: string;

  @Field(() => JSONScalar, { description: "The series' dimension values, e.g. {\"region\": \"EU\"}." })
  dimensions!: Record<string, string>;

  /** The series as the service knows it (not part of the API). */
  ref!: SeriesRef;

  static from(ref: SeriesRef): MetricSeries {
    return Object.assign(new MetricSeries(), { metric: ref.name, dimensions: ref.dimensions, ref });
  }
}
