import { Arg, Args, ArgsType, Authorized, Ctx, Field, FieldResolver, Float, ID, InputType, Int, Mutation, ObjectType, Query, Resolver, Root } from "type-graphql";
import { notFound } from "../../core/errors.js";
import { decideAnomaly, type AnomalyDecision } from "../../services/anomalies/decide.js";
import { recordObservations } from "../../services/anomalies/observations.js";
import { findAnomalies, findAnomaly, listAnomalies } from "../../services/anomalies/queries.js";
import { setAnomalySettings, tenantAnomalySettings } from "../../services/anomalies/settings.js";
import { resolveAssetRefs } from "../../services/anomalies/assetRefs.js";
import type { GraphQLContext } from "../context.js";
import { rowIdOf } from "../globalId.js";
import { Anomaly, AnomalySettings, AnomalyStatus, Seasonality } from "../types/Anomaly.js";
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
