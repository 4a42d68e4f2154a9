/**
 * Per-request DataLoaders: every per-asset (and per-project, per-test) field of the API goes
 * through one of these, so a page of N assets costs one query per field, not N. Created anew
 * for each request (src/http/app.ts): the cache then never outlives a request nor crosses
 * tenants, since each is bound to the request's tenant-scoped context.
 */
import type { AssetKind } from "../generated/prisma/client.js";
import type { TenantContext } from "../services/actor.js";
import { assetDetailsByIds, assetsByIds } from "../services/catalog/assets.js";
import { columnsOfAssets, definitionsOfAssets, downstreamOfAssets, ownersOfAssets, upstreamOfAssets } from "../services/catalog/assetDetails.js";
import { dataTestsByIds, latestResultsOfTests, testsOfAssets, testsReadingAssets } from "../services/catalog/dataTests.js";
import { peopleOfAssets, type AssetPeople } from "../services/lineage/people.js";
import { jobFacetsOfAssets } from "../services/openlineage/jobFacets.js";
import { schemaDriftOfAssets, type AssetDrift } from "../services/openlineage/schemaDrift.js";
import { assetCountsByProject, manifestVersionsByIds, projectsByIds } from "../services/catalog/projects.js";
import { ownersByIds } from "../services/owners.js";
import { mapLoader } from "../services/mapLoader.js";
import { MetricDefinitions } from "../services/catalog/metricDefinition.js";

const none = () => null;
const empty = () => [];

export function createLoaders(ctx: TenantContext) {
  return {
    asset: mapLoader((ids) => assetsByIds(ctx, ids), none),
    assetDetails: mapLoader((ids) => assetDetailsByIds(ctx, ids), none),
    project: mapLoader((ids) => projectsByIds(ctx, ids), none),
    projectAssetCounts: mapLoader((ids) => assetCountsByProject(ctx, ids), () => new Map<AssetKind, number>()),
    manifestVersion: mapLoader((ids) => manifestVersionsByIds(ctx, ids), none),
    columns: mapLoader((ids) => columnsOfAssets(ctx, ids), empty),
    definitions: mapLoader((ids) => definitionsOfAssets(ctx, ids), none),
    owners: mapLoader((ids) => ownersOfAssets(ctx, ids), empty),
    /** An owner by its id (a glossary term's). */
    owner: mapLoader((ids) => ownersByIds(ctx, ids), none),
    /** Owners and subscribers, as the change process reads them (by owner key). */
    people: mapLoader((ids) => peopleOfAssets(ctx, ids), (): AssetPeople => ({ owners: [], subscribers: [] })),
    tests: mapLoader((ids) => testsOfAssets(ctx, ids), empty),
    testsReading: mapLoader((ids) => testsReadingAssets(ctx, ids), empty),
    dataTest: mapLoader((ids) => dataTestsByIds(ctx, ids), none),
    lastTestResult: mapLoader((ids) => latestResultsOfTests(ctx, ids), none),
    upstream: mapLoader((ids) => upstreamOfAssets(ctx, ids), empty),
    downstream: mapLoader((ids) => downstreamOfAssets(ctx, ids), empty),
    schemaDrift: mapLoader((ids) => schemaDriftOfAssets(ctx, ids), (): AssetDrift[] => []),
    jobFacets: mapLoader((ids) => jobFacetsOfAssets(ctx, ids), none),
    /** Metrics' resolved definitions, read together for a page of metrics. */
    metricDefinitions: new MetricDefinitions(ctx),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
