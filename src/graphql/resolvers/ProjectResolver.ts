import { Arg, Args, Authorized, Ctx, FieldResolver, Query, Resolver, Root } from "type-graphql";
import { findProject, listProjects } from "../../services/catalog/projects.js";
import type { GraphQLContext } from "../context.js";
import { Connection, PageArgs, pageOf, toConnection } from "../types/connection.js";
import { ManifestVersion } from "../types/ManifestVersion.js";
import { AssetCounts, Project } from "../types/Project.js";

const ProjectConnection = Connection(Project, "Project");

@Resolver(() => Project)
export class ProjectResolver {
  @Authorized("READER")
  @Query(() => Project, { nullable: true, description: "A project by name; null when your tenant has none of that name." })
  async project(@Arg("name", () => String) name: string, @Ctx() ctx: GraphQLContext): Promise<Project | null> {
    const row = await findProject(ctx, name);
    return row && Project.from(row);
  }

  @Authorized("READER")
  @Query(() => ProjectConnection, { description: "The tenant's projects, by name." })
  async projects(@Args(() => PageArgs) args: PageArgs, @Ctx() ctx: GraphQLContext) {
    const page = pageOf(args);
    const { rows, total } = await listProjects(ctx, page);
    return toConnection(rows.map(Project.from), page, total);
  }

  @FieldResolver(() => ManifestVersion, { nullable: true, description: "The manifest version whose snapshot the catalog shows now." })
  async currentVersion(@Root() project: Project, @Ctx() ctx: GraphQLContext): Promise<ManifestVersion | null> {
    if (!project.currentVersionId) return null;
    const row = await ctx.loaders.manifestVersion.load(project.currentVersionId);
    return row && ManifestVersion.from(row);
  }

  @FieldResolver(() => AssetCounts)
  async assetCounts(@Root() project: Project, @Ctx() ctx: GraphQLContext): Promise<AssetCounts> {
    return AssetCounts.from(await ctx.loaders.projectAssetCounts.load(project.rowId));
  }
}
