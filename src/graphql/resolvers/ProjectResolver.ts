import { Arg, Args, ArgsType, Authorized, Ctx, Field, FieldResolver, Query, Resolver, Root } from "type-graphql";
import { testsOfProject } from "../../services/catalog/dataTests.js";
import { findProject, listProjects } from "../../services/catalog/projects.js";
import type { GraphQLContext } from "../context.js";
import { Connection, DEFAULT_PAGE_SIZE, PageArgs, pageOf, toConnection } from "../types/connection.js";
import { DataTest } from "../types/DataTest.js";
import { ManifestVersion } from "../types/ManifestVersion.js";
import { AssetCounts, Project } from "../types/Project.js";
import { pagedCost } from "./lineageSupport.js";

const ProjectConnection = Connection(Project, "Project");
const DataTestConnection = Connection(DataTest, "DataTest");

@ArgsType()
class ProjectTestArgs extends PageArgs {
  @Field(() => Boolean, { nullable: true, description: "Only tests that belong to no single asset (singular tests over several models)." })
  unattached?: boolean;
}

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

  @FieldResolver(() => DataTestConnection, { complexity: pagedCost(DEFAULT_PAGE_SIZE), description: "The project's live tests, by name, each with its latest result; singular tests included." })
  async tests(@Root() project: Project, @Args(() => ProjectTestArgs) args: ProjectTestArgs, @Ctx() ctx: GraphQLContext) {
    const page = pageOf(args);
    const { rows, total } = await testsOfProject(ctx, project.rowId, { unattached: args.unattached ?? false }, page);
    return toConnection(rows.map(DataTest.from), page, total);
  }

  @FieldResolver(() => AssetCounts)
  async assetCounts(@Root() project: Project, @Ctx() ctx: GraphQLContext): Promise<AssetCounts> {
    return AssetCounts.from(await ctx.loaders.projectAssetCounts.load(project.rowId));
  }
}
