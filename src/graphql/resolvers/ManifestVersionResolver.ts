import { Arg, Args, Authorized, Ctx, FieldResolver, Query, Resolver, Root } from "type-graphql";
import { listManifestVersions } from "../../services/catalog/projects.js";
import type { GraphQLContext } from "../context.js";
import { Connection, PageArgs, pageOf, toConnection } from "../types/connection.js";
import { ManifestVersion } from "../types/ManifestVersion.js";
import { Project } from "../types/Project.js";

const ManifestVersionConnection = Connection(ManifestVersion, "ManifestVersion");

@Resolver(() => ManifestVersion)
export class ManifestVersionResolver {
  @Authorized("READER")
  @Query(() => ManifestVersionConnection, { description: "A project's manifest posts, newest first. NOT_FOUND for a project your tenant does not have." })
  async manifestVersions(@Arg("project", () => String) project: string, @Args(() => PageArgs) args: PageArgs, @Ctx() ctx: GraphQLContext) {
    const page = pageOf(args);
    const { rows, total } = await listManifestVersions(ctx, project, page);
    return toConnection(rows.map(ManifestVersion.from), page, total);
  }

  @FieldResolver(() => Project)
  async project(@Root() version: ManifestVersion, @Ctx() ctx: GraphQLContext): Promise<Project> {
    return Project.from((await ctx.loaders.project.load(version.projectId))!);
  }
}
