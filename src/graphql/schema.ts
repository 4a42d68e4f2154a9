import type { GraphQLSchema } from "graphql";
import { DateTimeResolver } from "graphql-scalars";
import { type AuthChecker, buildSchema } from "type-graphql";
import { roleAtLeast, type Role } from "../core/tokens.js";
import type { GraphQLContext } from "./context.js";
import { ApiTokenResolver } from "./resolvers/ApiTokenResolver.js";
import { AssetDefinitionResolver } from "./resolvers/AssetDefinitionResolver.js";
import { AssetDetailsResolver } from "./resolvers/AssetDetailsResolver.js";
import { AssetResolver } from "./resolvers/AssetResolver.js";
import { DataTestResolver } from "./resolvers/DataTestResolver.js";
import { ManifestVersionResolver } from "./resolvers/ManifestVersionResolver.js";
import { NodeResolver } from "./resolvers/NodeResolver.js";
import { NotificationResolver } from "./resolvers/NotificationResolver.js";
import { OpenLineageFacetsResolver } from "./resolvers/OpenLineageFacetsResolver.js";
import { ProjectResolver } from "./resolvers/ProjectResolver.js";
import { AssetGroupResolver, ProjectGroupsResolver } from "./resolvers/GroupResolver.js";
import { ViewerResolver } from "./resolvers/ViewerResolver.js";
import { WebhookResolver } from "./resolvers/WebhookResolver.js";
import { AdminResolver } from "./resolvers/AdminResolver.js";
import { ChangeRequestResolver } from "./resolvers/ChangeRequestResolver.js";
import { OwnershipResolver } from "./resolvers/OwnershipResolver.js";
import { SubmitManifestResolver } from "./resolvers/SubmitManifestResolver.js";
import { AssetInsightsResolver } from "./resolvers/AssetInsightsResolver.js";
import { ImpactExposuresResolver, ImpactResolver } from "./resolvers/ImpactResolver.js";
import { LineageResolver } from "./resolvers/LineageResolver.js";
import { SearchResolver } from "./resolvers/SearchResolver.js";
import { AssetTrustResolver, FreshnessMutationResolver, ProjectTrustResolver } from "./resolvers/TrustSignalsResolver.js";
import { AnomalyResolver, AssetAnomaliesResolver, AssetMetricSeriesResolver, MetricSeriesResolver } from "./resolvers/AnomalyResolver.js";
import { OpenLineageAssetResolver, OpenLineageResolver } from "./resolvers/OpenLineageResolver.js";
import { GlossaryResolver } from "./resolvers/GlossaryResolver.js";
import { DefinitionResolver } from "./resolvers/DefinitionResolver.js";
import { AssetOpenLineageResolver, OpenLineageNamespaceResolver } from "./resolvers/OpenLineageNamesResolver.js";

/** `@Authorized("OWNER")` means: this role or a higher one. */
const authChecker: AuthChecker<GraphQLContext, Role> = ({ context }, roles) =>
  roles.every((role) => roleAtLeast(context.actor.role, role));

export const resolvers = [
  ViewerResolver,
  NodeResolver,
  ApiTokenResolver,
  ProjectResolver,
  ProjectGroupsResolver,
  AssetGroupResolver,
  AssetResolver,
  AssetDetailsResolver,
  OpenLineageFacetsResolver,
  AssetDefinitionResolver,
  DataTestResolver,
  ManifestVersionResolver,
  NotificationResolver,
  WebhookResolver,
  ChangeRequestResolver,
  OwnershipResolver,
  AdminResolver,
  SubmitManifestResolver,
  LineageResolver,
  ImpactResolver,
  ImpactExposuresResolver,
  SearchResolver,
  AssetInsightsResolver,
  AssetTrustResolver,
  ProjectTrustResolver,
  FreshnessMutationResolver,
  AnomalyResolver,
  AssetAnomaliesResolver,
  AssetMetricSeriesResolver,
  MetricSeriesResolver,
  GlossaryResolver,
  DefinitionResolver,
  OpenLineageResolver,
  OpenLineageAssetResolver,
  AssetOpenLineageResolver,
  OpenLineageNamespaceResolver,
] as const;


let built: Promise<GraphQLSchema> | undefined;

/** Built once per process: type-graphql schemas are immutable and building costs ~100 ms. */
export function tributarySchema(): Promise<GraphQLSchema> {
  built ??= buildSchema({
    resolvers: [...resolvers],
    authChecker,
    validate: false,
    scalarsMap: [{ type: Date, scalar: DateTimeResolver }],
  });
  return built;
}
