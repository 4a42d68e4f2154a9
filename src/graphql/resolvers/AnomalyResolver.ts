import DataLoader from "dataloader";
import { Arg, Args, ArgsType, Authorized, Ctx, Field, FieldResolver, Float, ID, InputType, Int, Mutation, ObjectType, Query, Resolver, Root } from "type-graphql";
import { notFound } from "../../core/errors.js";
import { decideAnomaly, type AnomalyDecision } from "../../services/anomalies/decide.js";
import { recordObservations } from "../../services/anomalies/observations.js";
import { findAnomalies, findAnomaly, listAnomalies } from "../../services/anomalies/queries.js";
import { setAnomalySettings, tenantAnomalySettings } from "../../services/anomalies/settings.js";
import { resolveAssetRefs } from "../../services/anomalies/assetRefs.js";
import { historyWindow, seriesHistories, seriesMatches, seriesOfAssets, type SeriesHistory, type SeriesRef } from "../../services/anomalies/seriesHistory.js";
import type { GraphQLContext } from "../context.js";
import { rowIdOf } from "../globalId.js";
import { Anomaly, AnomalySettings, AnomalyStatus, MetricHistory, MetricSeries, Seasonality } from "../types/Anomaly.js";
import { Asset } from "../types/Asset.js";
import { Connection, PageArgs, pageOf, toConnection } from "../types/connection.js";
import { JSONScalar } from "../types/scalars.js";
import { nodeFetchers } from "./NodeResolver.js";

@InputType({ description: "One metric value. Give exactly one of at and date (a date is its UTC midnight)." })
class ObservationInput {
  @Field(() => String, { description: "The measured asset's unique id (a model, source, dbt metric, …)." })
  asset!: string;

  @Field(() => String, { nullable: true, description: "The asset's project, when the unique id is in several." })
  project?: string | null;

  @Field(() => String, { nullable: true, description: "The measure's name; default \"value\"." })
  name?: string | null;

  @Field(() => Date, { nullable: true })
  at?: Date | null;

  @Field(() => String, { nullable: true, description: "YYYY-MM-DD." })
  date?: string | null;

  @Field(() => Float)
  value!: number;

  @Field(() => JSONScalar, { nullable: true, description: "Dimension values as an object of strings, e.g. {\"region\": \"EU\"}: each combination is its own series." })
  dimensions?: Record<string, string> | null;
}

@InputType()
class RecordObservationsInput {
  @Field(() => [ObservationInput])
  observations!: ObservationInput[];
}

@ObjectType()
class RecordObservationsPayload {
  @Field(() => Int, { description: "Points stored (a time posted twice for one series counts once)." })
  accepted!: number;

  @Field(() => Int, { description: "Series the points belong to." })
  series!: number;

  @Field(() => [Anomaly], { description: "Anomalies found among the posted points." })
  anomalies!: Anomaly[];
}

@InputType()
class DecideAnomalyInput {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { nullable: true })
  comment?: string | null;
}

@ObjectType()
class AnomalyPayload {
  @Field(() => Anomaly)
  anomaly!: Anomaly;
}

@InputType({ description: "Without asset: the tenant's defaults (ADMIN). With asset and name: that metric's series (its owners). With dimensions too: one series." })
class SetAnomalySettingsInput {
  @Field(() => String, { nullable: true })
  asset?: string | null;

  @Field(() => String, { nullable: true })
  project?: string | null;

  @Field(() => String, { nullable: true })
  name?: string | null;

  @Field(() => JSONScalar, { nullable: true })
  dimensions?: Record<string, string> | null;

  @Field(() => Int, { nullable: true, description: "Points in the baseline (N, 2–366); null inherits." })
  window?: number | null;

  @Field(() => Float, { nullable: true, description: "z-score threshold; null inherits." })
  threshold?: number | null;

  @Field(() => Seasonality, { nullable: true, description: "null inherits." })
  seasonality?: Seasonality | null;
}

@ArgsType()
class AnomaliesArgs extends PageArgs {
  @Field(() => AnomalyStatus, { nullable: true })
  status?: AnomalyStatus | null;
}

@ArgsType()
class TenantAnomaliesArgs extends AnomaliesArgs {
  @Field(() => String, { nullable: true, description: "Only this asset's (unique id)." })
  asset?: string | null;
}

const AnomalyConnection = Connection(Anomaly, "Anomaly");

nodeFetchers.Anomaly = async (ctx, id) => {
  const row = await findAnomaly(ctx, id);
  return row && Anomaly.from(row);
};

/** GraphQL leaves omitted nullable fields undefined but passes explicit nulls; the zod schema wants them absent. */
function withoutNulls<T extends object>(value: T): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null && v !== undefined));
}

async function decide(ctx: GraphQLContext, input: DecideAnomalyInput, decision: AnomalyDecision): Promise<AnomalyPayload> {
  const id = rowIdOf(input.id, "Anomaly");
  if (!id) throw notFound("Anomaly", input.id);
  return { anomaly: Anomaly.from(await decideAnomaly(ctx, id, decision, { comment: input.comment, now: ctx.now })) };
}

@Resolver(() => Anomaly)
export class AnomalyResolver {
  @Query(() => AnomalyConnection, { description: "The tenant's anomalies, newest point first." })
  async anomalies(@Args(() => TenantAnomaliesArgs) args: TenantAnomaliesArgs, @Ctx() ctx: GraphQLContext) {
    const page = pageOf(args);
    const assetId = args.asset ? (await resolveAssetRefs(ctx.db, [{ asset: args.asset }], () => "$.asset"))[0]!.id : undefined;
    const { rows, total } = await listAnomalies(ctx, { assetId, status: args.status }, page);
    return toConnection(rows.map(Anomaly.from), page, total);
  }

  @Query(() => AnomalySettings, { description: "The tenant's detection parameters (defaults: 7 points, 2.5, no seasonality)." })
  async anomalySettings(@Ctx() ctx: GraphQLContext): Promise<AnomalySettings> {
    return tenantAnomalySettings(ctx);
  }

  @FieldResolver(() => Asset, { nullable: true, description: "The measured asset." })
  async asset(@Root() anomaly: Anomaly, @Ctx() ctx: GraphQLContext) {
    const row = await ctx.loaders.asset.load(anomaly.assetRowId);
    return row && Asset.from(row);
  }

  @Authorized("CI")
  @Mutation(() => RecordObservationsPayload, { description: "Stores metric values (CI or above) and judges each against its series' baseline." })
  async recordObservations(@Arg("input", () => RecordObservationsInput) input: RecordObservationsInput, @Ctx() ctx: GraphQLContext): Promise<RecordObservationsPayload> {
    const observations = input.observations.map((o) => withoutNulls({ ...o, at: o.at?.toISOString() }));
    const result = await recordObservations(ctx, { observations }, { links: ctx.links, now: ctx.now });
    const rows = await findAnomalies(ctx, result.anomalies.map((a) => a.id));
    return { accepted: result.accepted, series: result.series, anomalies: rows.map(Anomaly.from) };
  }

  @Authorized("OWNER")
  @Mutation(() => AnomalyPayload, { description: "An owner of the asset (or an ADMIN) says the anomaly is being handled." })
  async acknowledgeAnomaly(@Arg("input", () => DecideAnomalyInput) input: DecideAnomalyInput, @Ctx() ctx: GraphQLContext): Promise<AnomalyPayload> {
    return decide(ctx, input, "ACKNOWLEDGED");
  }

  @Authorized("OWNER")
  @Mutation(() => AnomalyPayload, { description: "An owner of the asset (or an ADMIN) says it is not a real problem; the point leaves later baselines." })
  async dismissAnomaly(@Arg("input", () => DecideAnomalyInput) input: DecideAnomalyInput, @Ctx() ctx: GraphQLContext): Promise<AnomalyPayload> {
    return decide(ctx, input, "DISMISSED");
  }

  @Authorized("OWNER")
  @Mutation(() => AnomalySettings, { description: "Sets detection parameters for the tenant, a metric or a series; answers those now in force there." })
  async setAnomalySettings(@Arg("input", () => SetAnomalySettingsInput) input: SetAnomalySettingsInput, @Ctx() ctx: GraphQLContext): Promise<AnomalySettings> {
    const { asset, project, name, dimensions, ...overrides } = input;
    return setAnomalySettings(ctx, { asset, project, name, dimensions }, overrides);
  }
}

@Resolver(() => Asset)
export class AssetAnomaliesResolver {
  @FieldResolver(() => AnomalyConnection, { description: "Anomalies in this asset's metrics, newest point first." })
  async anomalies(@Root() asset: Asset, @Args(() => AnomaliesArgs) args: AnomaliesArgs, @Ctx() ctx: GraphQLContext) {
    const page = pageOf(args);
    const { rows, total } = await listAnomalies(ctx, { assetId: asset.rowId, status: args.status }, page);
    return toConnection(rows.map(Anomaly.from), page, total);
  }
}

@ArgsType()
class MetricSeriesArgs {
  @Field(() => String, { nullable: true, description: "Only this measure's series." })
  name?: string | null;

  @Field(() => JSONScalar, { nullable: true, description: "Only the series with exactly these dimension values ({} for the one without)." })
  dimensions?: Record<string, string> | null;
}

@ArgsType()
class MetricHistoryArgs {
  @Field(() => Date, { nullable: true, description: "Default: 30 days before `to`. A window spans at most 366 days." })
  from?: Date | null;

  @Field(() => Date, { nullable: true, description: "Default: now." })
  to?: Date | null;
}

/** Per request: the assets' series (one statement for a page of assets), and histories per window (one read for all series asked). */
const seriesLoaders = new WeakMap<GraphQLContext, DataLoader<string, SeriesRef[]>>();
const historyLoaders = new WeakMap<GraphQLContext, Map<string, DataLoader<SeriesRef, SeriesHistory>>>();

function seriesLoader(ctx: GraphQLContext): DataLoader<string, SeriesRef[]> {
  let loader = seriesLoaders.get(ctx);
  if (!loader) {
    loader = new DataLoader(async (assetIds) => {
      const found = await seriesOfAssets(ctx, assetIds);
      return assetIds.map((id) => found.get(id) ?? []);
    });
    seriesLoaders.set(ctx, loader);
  }
  return loader;
}

function historyLoader(ctx: GraphQLContext, window: { from: Date; to: Date }): DataLoader<SeriesRef, SeriesHistory> {
  let byWindow = historyLoaders.get(ctx);
  if (!byWindow) historyLoaders.set(ctx, (byWindow = new Map()));
  const key = `${window.from.toISOString()}/${window.to.toISOString()}`;
  let loader = byWindow.get(key);
  if (!loader) {
    loader = new DataLoader(
      async (series) => {
        const found = await seriesHistories(ctx, series, window);
        return series.map((s) => found.get(s.id)!);
      },
      { cacheKeyFn: (s) => s.id },
    );
    byWindow.set(key, loader);
  }
  return loader;
}

@Resolver(() => Asset)
export class AssetMetricSeriesResolver {
  @FieldResolver(() => [MetricSeries], { description: "The asset's metric series (posted observations and run measures), by name and dimension values." })
  async metricSeries(@Root() asset: Asset, @Args(() => MetricSeriesArgs) args: MetricSeriesArgs, @Ctx() ctx: GraphQLContext): Promise<MetricSeries[]> {
    // Observations that find no anomaly do not move the catalog revision: never stored in the response cache.
    ctx.cachePolicy.storable = false;
    const series = await seriesLoader(ctx).load(asset.rowId);
    return series.filter((s) => seriesMatches(s, args)).map(MetricSeries.from);
  }
}

@Resolver(() => MetricSeries)
export class MetricSeriesResolver {
  @FieldResolver(() => MetricHistory, { complexity: 20, description: "The series' points over a window, each with its expected range and its anomaly, to draw a trend with its band." })
  async history(@Root() series: MetricSeries, @Args(() => MetricHistoryArgs) args: MetricHistoryArgs, @Ctx() ctx: GraphQLContext): Promise<MetricHistory> {
    ctx.cachePolicy.storable = false;
    const window = historyWindow(args.from, args.to, ctx.now());
    const history = await historyLoader(ctx, window).load(series.ref);
    return Object.assign(new MetricHistory(), {
      ...window,
      settings: history.settings,
      points: history.points.map((p) => ({
        ...p,
        expectedRange: p.lower === null || p.upper === null ? null : { lower: p.lower, upper: p.upper },
        anomaly: p.anomaly && Anomaly.from(p.anomaly),
      })),
    });
  }
}
