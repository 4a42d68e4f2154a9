/** Freshness, run history and health as the API shows them (docs/trust-signals.md). */
import { Field, Float, Int, ObjectType, registerEnumType } from "type-graphql";
import { SLA_ORIGINS } from "../../core/freshness/sla.js";
import { HEALTH_WINDOWS } from "../../core/health/health.js";
import { FreshnessState, RunSource } from "../../generated/prisma/enums.js";
import type { AssetFreshnessView, RunView } from "../../services/freshness/freshnessReads.js";
import type { HealthPoint as HealthPointValue, HealthReport } from "../../services/health/health.js";
import { RunStatus } from "./enums.js";
import { Connection } from "./connection.js";

const SlaOrigin = Object.fromEntries(SLA_ORIGINS.map((origin) => [origin, origin])) as { [K in (typeof SLA_ORIGINS)[number]]: K };
const HealthWindow = Object.fromEntries(Object.keys(HEALTH_WINDOWS).map((w) => [w, w])) as { [K in keyof typeof HEALTH_WINDOWS]: K };
export { HealthWindow };

registerEnumType(FreshnessState, { name: "FreshnessState", description: "FRESH within the SLA, LATE past it, STALE past the stale threshold, UNKNOWN without an SLA or without any load seen." });
registerEnumType(RunSource, { name: "RunSource", description: "Who reported a run: a dbt artifact or an OpenLineage event." });
registerEnumType(SlaOrigin, {
  name: "SlaOrigin",
  description: "Where an SLA comes from, most specific first: ASSET (setAssetFreshnessSla), META (meta.freshness_sla), DBT (source freshness warn_after/error_after), PROJECT and TENANT (setFreshnessDefaults), DEFAULT (per layer: source 15 min, staging 1 h, intermediate 4 h, mart 6 h).",
});
registerEnumType(HealthWindow, { name: "HealthWindow", description: "DAY (trend per hour), WEEK and MONTH (30 days; trend per day), ending now." });

@ObjectType({ description: "How old an asset's data may get." })
export class FreshnessSla {
  @Field(() => Int, { description: "LATE after this many minutes without new data." })
  lateAfterMinutes!: number;

  @Field(() => Int, { description: "STALE after this many." })
  staleAfterMinutes!: number;

  @Field(() => SlaOrigin)
  origin!: (typeof SLA_ORIGINS)[number];
}

@ObjectType({ description: "An asset's freshness against its SLA, as the evaluator last found it." })
export class AssetFreshness {
  @Field(() => FreshnessState)
  state!: FreshnessState;

  @Field(() => Date, { nullable: true, description: "When this state began (for LATE: the last load plus the SLA)." })
  since!: Date | null;

  @Field(() => Date, { nullable: true, description: "The last load seen: a source's max_loaded_at, a model's last successful run." })
  lastLoadedAt!: Date | null;

  @Field(() => FreshnessSla, { nullable: true, description: "Null when the asset has no SLA (seeds, exposures, models of layer OTHER without one set)." })
  sla!: FreshnessSla | null;

  static from(view: AssetFreshnessView): AssetFreshness {
    return Object.assign(new AssetFreshness(), { ...view, sla: view.sla && Object.assign(new FreshnessSla(), view.sla) });
  }
}

@ObjectType({ description: "One production run of an asset: a build, or a source freshness check." })
export class AssetRun {
  @Field(() => RunSource)
  source!: RunSource;

  @Field(() => RunStatus)
  status!: RunStatus;

  @Field(() => Date, { nullable: true })
  startedAt!: Date | null;

  @Field(() => Date)
  completedAt!: Date;

  @Field(() => Int, { nullable: true })
  durationMs!: number | null;

  @Field(() => Float, { nullable: true, description: "adapter_response.rows_affected" })
  rowsAffected!: number | null;

  @Field(() => Date, { nullable: true, description: "Sources: the newest row's load time." })
  maxLoadedAt!: Date | null;

  @Field(() => Date, { nullable: true, description: "Sources: when dbt looked." })
  snapshottedAt!: Date | null;

  @Field(() => String, { nullable: true })
  message!: string | null;

  static from(run: RunView): AssetRun {
    return Object.assign(new AssetRun(), run);
  }
}

export const AssetRunConnection = Connection(AssetRun, "AssetRun");

@ObjectType({ description: "Health measures over a span of time; ratios are 0…1, null without data." })
export class HealthMeasures {
  @Field(() => Date)
  from!: Date;

  @Field(() => Date)
  to!: Date;

  @Field(() => Int, { description: "Runs not skipped." })
  runs!: number;

  @Field(() => Int, { description: "Runs that ended in ERROR." })
  failedRuns!: number;

  @Field(() => Float, { nullable: true })
  successRate!: number | null;

  @Field(() => Int, { description: "Failures followed by a successful run in the span." })
  recoveries!: number;

  @Field(() => Float, { nullable: true, description: "From a failure to the next successful run, averaged." })
  meanTimeToRecoveryMinutes!: number | null;

  @Field(() => Float, { nullable: true, description: "Share of asset-time spent FRESH, of the time in a known state." })
  slaCompliance!: number | null;

  @Field(() => Int)
  testResults!: number;

  @Field(() => Float, { nullable: true })
  testPassRate!: number | null;

  @Field(() => Float, { nullable: true, description: "Described models, sources, seeds and snapshots (now)." })
  documentationCoverage!: number | null;

  @Field(() => Float, { nullable: true, description: "0…100: see docs/trust-signals.md for the formula." })
  qualityScore!: number | null;
}

@ObjectType({ description: "One point of a health trend." })
export class HealthPoint extends HealthMeasures {
  static from(point: HealthPointValue): HealthPoint {
    return Object.assign(new HealthPoint(), point);
  }
}

@ObjectType({ description: "Health over a window ending now, with trend points to draw." })
export class Health extends HealthMeasures {
  @Field(() => HealthWindow)
  window!: keyof typeof HEALTH_WINDOWS;

  @Field(() => [HealthPoint])
  trend!: HealthPoint[];

  static from(report: HealthReport): Health {
    return Object.assign(new Health(), { ...report, trend: report.trend.map(HealthPoint.from) });
  }
}

@ObjectType({ description: "The tenant's freshness defaults." })
export class FreshnessDefaults {
  @Field(() => Int, { nullable: true }) source!: number | null;
  @Field(() => Int, { nullable: true }) staging!: number | null;
  @Field(() => Int, { nullable: true }) intermediate!: number | null;
  @Field(() => Int, { nullable: true }) mart!: number | null;
  @Field(() => Int, { nullable: true, description: "A lasting breach is reminded of this often; null: never." })
  reminderMinutes!: number | null;
  @Field(() => Float)
  staleAfterFactor!: number;
}
