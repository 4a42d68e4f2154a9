/**
 * Trust signals on assets and projects: freshness (stored state, cacheable by catalog
 * revision), run history, health over a window (which slides with time, so a request asking
 * for it is never stored in the response cache), and the SLA mutations.
 */
import DataLoader from "dataloader";
import { Arg, Args, ArgsType, Authorized, Ctx, Field, FieldResolver, ID, InputType, Int, Mutation, ObjectType, Resolver, Root, Float } from "type-graphql";
import { notFound } from "../../core/errors.js";
import { DEFAULT_LAYER_SLA_MINUTES, FRESHNESS_LAYERS, type FreshnessSettings } from "../../core/freshness/settings.js";
import type { HealthWindow as HealthWindowName } from "../../core/health/health.js";
import { Layer } from "../../generated/prisma/enums.js";
import { assetsByIds } from "../../services/catalog/assets.js";
import { assetFreshnessOf, assetRunsOf, type AssetFreshnessView } from "../../services/freshness/freshnessReads.js";
import { setAssetFreshnessSla, setFreshnessDefaults } from "../../services/freshness/freshnessSettings.js";
import { healthOf } from "../../services/health/health.js";
import type { GraphQLContext } from "../context.js";
import { rowIdOf } from "../globalId.js";
import { Asset } from "../types/Asset.js";
import { DEFAULT_PAGE_SIZE, PageArgs, pageOf, toConnection } from "../types/connection.js";
import { Project } from "../types/Project.js";
import { AssetFreshness, AssetRun, AssetRunConnection, FreshnessDefaults, Health, HealthWindow } from "../types/TrustSignals.js";
import { pagedCost } from "./lineageSupport.js";

const perRequest = new WeakMap<GraphQLContext, DataLoader<string, AssetFreshnessView | null>>();

function freshnessLoader(ctx: GraphQLContext): DataLoader<string, AssetFreshnessView | null> {
  let loader = perRequest.get(ctx);
  if (!loader) {
    loader = new DataLoader(async (ids) => {
      const found = await assetFreshnessOf(ctx, ids);
      return ids.map((id) => found.get(id) ?? null);
    });
    perRequest.set(ctx, loader);
  }
  return loader;
}

@ArgsType()
class HealthArgs {
  @Field(() => HealthWindow, { defaultValue: "WEEK" })
  window!: HealthWindowName;
}

@ArgsType()
class ProjectHealthArgs extends HealthArgs {
  @Field(() => Layer, { nullable: true, description: "Only this layer's assets." })
  layer?: Layer | null;
}

@ArgsType()
class RunsArgs extends PageArgs {}

@Resolver(() => Asset)
export class AssetTrustResolver {
  @FieldResolver(() => AssetFreshness, { description: "The asset's freshness: state, since when, last load, and its SLA." })
  async freshness(@Root() asset: Asset, @Ctx() ctx: GraphQLContext): Promise<AssetFreshness> {
    const view = await freshnessLoader(ctx).load(asset.rowId);
    return AssetFreshness.from(view ?? { state: "UNKNOWN", since: null, lastLoadedAt: null, sla: null });
  }

  @FieldResolver(() => AssetRunConnection, { complexity: pagedCost(DEFAULT_PAGE_SIZE), description: "Production runs of the asset (builds, source freshness checks), newest first." })
  async runs(@Root() asset: Asset, @Args(() => RunsArgs) args: RunsArgs, @Ctx() ctx: GraphQLContext) {
    const page = pageOf(args);
    const { runs, total } = await assetRunsOf(ctx, asset.rowId, page);
    return toConnection(runs.map(AssetRun.from), page, total);
  }

  @FieldResolver(() => Health, { complexity: 20, description: "Run success, recovery, SLA compliance, tests and a quality score over a window ending now." })
  async health(@Root() asset: Asset, @Args(() => HealthArgs) args: HealthArgs, @Ctx() ctx: GraphQLContext): Promise<Health> {
    ctx.cachePolicy.storable = false;
    return Health.from(await healthOf(ctx, { assetId: asset.rowId }, args.window, ctx.now()));
  }
}

@Resolver(() => Project)
export class ProjectTrustResolver {
  @FieldResolver(() => Health, { complexity: 50, description: "The project's health (optionally one layer's) over a window ending now, with a trend." })
  async health(@Root() project: Project, @Args(() => ProjectHealthArgs) args: ProjectHealthArgs, @Ctx() ctx: GraphQLContext): Promise<Health> {
    ctx.cachePolicy.storable = false;
    return Health.from(await healthOf(ctx, { projectId: project.rowId, layer: args.layer ?? null }, args.window, ctx.now()));
  }
}

@InputType()
class SetAssetFreshnessSlaInput {
  @Field(() => ID)
  assetId!: string;

  @Field(() => Int, { nullable: true, description: "Minutes after the last load at which the asset is LATE; null returns to meta, dbt or layer defaults." })
  minutes!: number | null;
}

@InputType()
class SetFreshnessDefaultsInput {
  @Field(() => String, { nullable: true, description: "The project whose defaults these are; the tenant's when absent." })
  project?: string | null;

  @Field(() => Int, { nullable: true, description: "Minutes; null removes the override." }) source?: number | null;
  @Field(() => Int, { nullable: true }) staging?: number | null;
  @Field(() => Int, { nullable: true }) intermediate?: number | null;
  @Field(() => Int, { nullable: true }) mart?: number | null;

  @Field(() => Int, { nullable: true, description: "Tenant-wide: remind of a lasting breach this often; null: never." })
  reminderMinutes?: number | null;

  @Field(() => Float, { nullable: true, description: "Tenant-wide: STALE at this many times the SLA (default 2)." })
  staleAfterFactor?: number | null;
}

@ObjectType()
class SetAssetFreshnessSlaPayload {
  @Field(() => Asset)
  asset!: Asset;
}

@ObjectType()
class SetFreshnessDefaultsPayload {
  @Field(() => FreshnessDefaults, { description: "The SLA minutes per layer that now apply to the scope (project, else tenant)." })
  defaults!: FreshnessDefaults;
}

@Resolver()
export class FreshnessMutationResolver {
  @Authorized("OWNER")
  @Mutation(() => SetAssetFreshnessSlaPayload, { description: "Set (or clear) one asset's freshness SLA; it wins over meta.freshness_sla, dbt's source freshness and layer defaults." })
  async setAssetFreshnessSla(@Arg("input", () => SetAssetFreshnessSlaInput) input: SetAssetFreshnessSlaInput, @Ctx() ctx: GraphQLContext): Promise<SetAssetFreshnessSlaPayload> {
    const rowId = rowIdOf(input.assetId, "Asset");
    if (!rowId) throw notFound("Asset", input.assetId);
    await setAssetFreshnessSla(ctx, rowId, input.minutes ?? null, ctx.now());
    const asset = (await assetsByIds(ctx, [rowId])).get(rowId);
    if (!asset) throw notFound("Asset", input.assetId);
    return { asset: Asset.from(asset) };
  }

  @Authorized("ADMIN")
  @Mutation(() => SetFreshnessDefaultsPayload, { description: "Set the tenant's (or one project's) freshness SLA per layer, the stale factor and the reminder interval." })
  async setFreshnessDefaults(@Arg("input", () => SetFreshnessDefaultsInput) input: SetFreshnessDefaultsInput, @Ctx() ctx: GraphQLContext): Promise<SetFreshnessDefaultsPayload> {
    const settings = await setFreshnessDefaults(ctx, { ...input }, ctx.now());
    return { defaults: defaultsFor(settings, input.project ?? null) };
  }
}

function defaultsFor(settings: FreshnessSettings, project: string | null): FreshnessDefaults {
  const layers = Object.fromEntries(
    FRESHNESS_LAYERS.map((layer) => [layer, (project ? settings.projects[project]?.[layer] : undefined) ?? settings.layers[layer] ?? DEFAULT_LAYER_SLA_MINUTES[layer]]),
  );
  return Object.assign(new FreshnessDefaults(), { ...layers, reminderMinutes: settings.reminderMinutes, staleAfterFactor: settings.staleAfterFactor });
}
