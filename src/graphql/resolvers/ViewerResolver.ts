import { Ctx, Query, Resolver } from "type-graphql";
import type { GraphQLContext } from "../context.js";
import { ApiToken } from "../types/ApiToken.js";
import { Tenant } from "../types/Tenant.js";
import { Viewer } from "../types/Viewer.js";

@Resolver(() => Viewer)
export class ViewerResolver {
  @Query(() => Viewer, { description: "The tenant, role and person behind the bearer token." })
  async viewer(@Ctx() ctx: GraphQLContext): Promise<Viewer> {
    const token = await ctx.db.apiToken.findFirstOrThrow({ where: { id: ctx.actor.tokenId! }, include: { owner: true } });
    const apiToken = ApiToken.from(token);
    return Object.assign(new Viewer(), {
      tenant: Tenant.from(ctx.tenant),
      role: ctx.actor.role,
      token: apiToken,
      owner: apiToken.owner,
    });
  }
}
