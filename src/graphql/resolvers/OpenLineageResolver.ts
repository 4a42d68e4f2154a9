/**
 * OpenLineage identity in the API: which asset a merged dataset is (`sameAs`), a job's parent
 * and child jobs (from the runs' `parent` facets), and the namespace mappings that settle which
 * project's model a dataset is (docs/openlineage.md#one-thing-one-node).
 */
import { Arg, Authorized, Ctx, Field, FieldResolver, InputType, Mutation, ObjectType, Query, Resolver, Root } from "type-graphql";
import { childJobsOf, parentJobOf } from "../../services/openlineage/jobParents.js";
import { namespaceMappings, setNamespaceMapping } from "../../services/openlineage/namespaceMappings.js";
import { crossProjectLinks } from "../../services/lineage/tenantGraphs.js";
import type { GraphQLContext } from "../context.js";
import { Asset } from "../types/Asset.js";
import { NEIGHBOURS_COST } from "../types/listCost.js";
import { loadAsset, loadAssets } from "./lineageSupport.js";

@ObjectType({ description: "An OpenLineage dataset namespace whose datasets are one project's relations." })
class OpenLineageNamespaceMapping {
  @Field(() => String, { description: "e.g. postgres://warehouse:5432" })
  namespace!: string;

  @Field(() => String, { description: "The project's name." })
  project!: string;
}

@InputType()
class SetOpenLineageNamespaceMappingInput {
  @Field(() => String, { description: "The dataset namespace, as producers send it (postgres://warehouse:5432)." })
  namespace!: string;

  @Field(() => String, { nullable: true, description: "The project whose relations the namespace's datasets name; null removes the mapping." })
  project!: string | null;
}

const mappingsOf = (rows: { namespace: string; project: string }[]) => rows.map((row) => Object.assign(new OpenLineageNamespaceMapping(), row));

@Resolver()
export class OpenLineageResolver {
  @Authorized("READER")
  @Query(() => [OpenLineageNamespaceMapping], { description: "OpenLineage namespaces mapped to projects, by namespace." })
  async openLineageNamespaceMappings(@Ctx() ctx: GraphQLContext): Promise<OpenLineageNamespaceMapping[]> {
    return mappingsOf(await namespaceMappings(ctx));
  }

  @Authorized("ADMIN")
  @Mutation(() => [OpenLineageNamespaceMapping], {
    description: "Map an OpenLineage dataset namespace to a project (ADMIN): its datasets are merged with that project's models and sources of the same relation. Answers every mapping.",
  })
  async setOpenLineageNamespaceMapping(@Arg("input", () => SetOpenLineageNamespaceMappingInput) input: SetOpenLineageNamespaceMappingInput, @Ctx() ctx: GraphQLContext): Promise<OpenLineageNamespaceMapping[]> {
    return mappingsOf(await setNamespaceMapping(ctx, { namespace: input.namespace, project: input.project }));
  }
}

@Resolver(() => Asset)
export class OpenLineageAssetResolver {
  @FieldResolver(() => Asset, {
    nullable: true,
    description: "An OpenLineage dataset that is another asset: the dbt model or source of the same relation, or the table its storage location names (symlinks). Lineage and impact answer with that asset.",
  })
  async sameAs(@Root() asset: Asset, @Ctx() ctx: GraphQLContext): Promise<Asset | null> {
    if (asset.kind !== "DATASET") return null;
    const id = (await crossProjectLinks(ctx)).identity.aliases.get(asset.rowId);
    return id ? loadAsset(ctx, id) : null;
  }

  @FieldResolver(() => Asset, { nullable: true, description: "An OpenLineage job's parent job (an Airflow task's DAG), from its latest run's parent facet." })
  async parentJob(@Root() asset: Asset, @Ctx() ctx: GraphQLContext): Promise<Asset | null> {
    if (asset.kind !== "JOB") return null;
    const id = await parentJobOf(ctx, asset.rowId);
    return id ? loadAsset(ctx, id) : null;
  }

  @FieldResolver(() => [Asset], { complexity: NEIGHBOURS_COST, description: "The jobs whose runs name this job as parent (a DAG's tasks), by unique id." })
  async childJobs(@Root() asset: Asset, @Ctx() ctx: GraphQLContext): Promise<Asset[]> {
    if (asset.kind !== "JOB") return [];
    return loadAssets(ctx, await childJobsOf(ctx, asset.rowId));
  }
}
