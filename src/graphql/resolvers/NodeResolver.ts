import { Arg, Ctx, ID, Query, Resolver } from "type-graphql";
import type { GraphQLContext } from "../context.js";
import { fromGlobalId } from "../globalId.js";
import { ApiToken } from "../types/ApiToken.js";
import { Asset } from "../types/Asset.js";
import { DataTest } from "../types/DataTest.js";
import { ManifestVersion } from "../types/ManifestVersion.js";
import { ChangeRequest } from "../types/ChangeRequest.js";
import { Node } from "../types/Node.js";
import { Owner } from "../types/Owner.js";
import { Project } from "../types/Project.js";
import { Tenant } from "../types/Tenant.js";

type Fetcher = (ctx: GraphQLContext, id: string) => Promise<Node | null>;

/** How to load each node type by row id, always within the caller's tenant. */
export const nodeFetchers: Record<string, Fetcher> = {
  ChangeRequest: async (ctx, id) => {
    const row = await ctx.db.changeRequest.findFirst({ where: { id } });
    return row && ChangeRequest.from(row);
  },
  Tenant: async (ctx, id) => (id === ctx.tenant.id ? Tenant.from(ctx.tenant) : null),
  Owner: async (ctx, id) => {
    const row = await ctx.loaders.owner.load(id);
    return row && Owner.from(row);
  },
  ApiToken: async (ctx, id) => {
    if (ctx.actor.role !== "ADMIN" && id !== ctx.actor.tokenId) return null;
    const row = await ctx.db.apiToken.findFirst({ where: { id }, include: { owner: true } });
    return row && ApiToken.from(row);
  },
  Project: async (ctx, id) => {
    const row = await ctx.loaders.project.load(id);
    return row && Project.from(row);
  },
  Asset: async (ctx, id) => {
    const row = await ctx.loaders.asset.load(id);
    return row && Asset.from(row);
  },
  DataTest: async (ctx, id) => {
    const row = await ctx.loaders.dataTest.load(id);
    return row && DataTest.from(row);
  },
  ManifestVersion: async (ctx, id) => {
    const row = await ctx.loaders.manifestVersion.load(id);
    return row && ManifestVersion.from(row);
  },
};

@Resolver()
export class NodeResolver {
  @Query(() => Node, { nullable: true, description: "Any object by its global id; null when it does not exist in your tenant." })
  async node(@Arg("id", () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<Node | null> {
    const parsed = fromGlobalId(id);
    const fetch = parsed && nodeFetchers[parsed.type];
    return fetch ? fetch(ctx, parsed.id) : null;
  }
}
