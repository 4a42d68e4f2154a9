import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import { groupNamed, groupsOfProject } from "../../services/catalog/groups.js";
import type { GraphQLContext } from "../context.js";
import { Asset } from "../types/Asset.js";
import { AssetGroup } from "../types/AssetGroup.js";
import { Project } from "../types/Project.js";

@Resolver(() => Project)
export class ProjectGroupsResolver {
  @FieldResolver(() => [AssetGroup], { description: "The project's dbt groups, by name, with their owners." })
  async groups(@Root() project: Project, @Ctx() ctx: GraphQLContext): Promise<AssetGroup[]> {
    return (await groupsOfProject(ctx, project.rowId)).map(AssetGroup.from);
  }
}

@Resolver(() => Asset)
export class AssetGroupResolver {
  @FieldResolver(() => AssetGroup, { nullable: true, description: "The dbt group the asset belongs to (groupName), with its owner; null when none, or when the manifest did not declare it." })
  async group(@Root() asset: Asset, @Ctx() ctx: GraphQLContext): Promise<AssetGroup | null> {
    if (asset.groupName === null) return null;
    const row = await groupNamed(ctx, asset.projectId, asset.groupName);
    return row && AssetGroup.from(row);
  }
}
