import { Arg, Args, Authorized, Ctx, Field, ID, InputType, Mutation, ObjectType, Query, Resolver } from "type-graphql";
import { notFound } from "../../core/errors.js";
import { createToken, listTokens, revokeToken } from "../../services/tokens.js";
import type { GraphQLContext } from "../context.js";
import { rowIdOf } from "../globalId.js";
import { ApiToken } from "../types/ApiToken.js";
import { Connection, PageArgs, pageOf, toConnection } from "../types/connection.js";
import { Role } from "../types/enums.js";

@InputType()
class CreateApiTokenInput {
  @Field(() => String, { description: "What the token is for, e.g. 'github-actions'" })
  name!: string;

  @Field(() => Role)
  role!: Role;

  @Field(() => String, { nullable: true, description: "Email of the person the token acts for (needed to approve changes)." })
  ownerEmail?: string;
}

@ObjectType()
class CreateApiTokenPayload {
  @Field(() => ApiToken)
  apiToken!: ApiToken;

  @Field(() => String, { description: "The bearer token. It is shown only this once." })
  secret!: string;
}

@InputType()
class RevokeApiTokenInput {
  @Field(() => ID)
  id!: string;
}

@ObjectType()
class RevokeApiTokenPayload {
  @Field(() => ApiToken)
  apiToken!: ApiToken;
}

const ApiTokenConnection = Connection(ApiToken, "ApiToken");

@Resolver(() => ApiToken)
export class ApiTokenResolver {
  @Authorized("ADMIN")
  @Query(() => ApiTokenConnection, { description: "The tenant's API tokens (ADMIN)." })
  async apiTokens(@Args(() => PageArgs) args: PageArgs, @Ctx() ctx: GraphQLContext) {
    const page = pageOf(args);
    const all = await listTokens(ctx);
    return toConnection(all.slice(page.skip, page.skip + page.take).map(ApiToken.from), page, all.length);
  }

  @Authorized("ADMIN")
  @Mutation(() => CreateApiTokenPayload)
  async createApiToken(
    @Arg("input", () => CreateApiTokenInput) input: CreateApiTokenInput,
    @Ctx() ctx: GraphQLContext,
  ): Promise<CreateApiTokenPayload> {
    const { token, owner, secret } = await createToken(ctx, input);
    return { apiToken: ApiToken.from({ ...token, owner }), secret };
  }

  @Authorized("ADMIN")
  @Mutation(() => RevokeApiTokenPayload)
  async revokeApiToken(
    @Arg("input", () => RevokeApiTokenInput) input: RevokeApiTokenInput,
    @Ctx() ctx: GraphQLContext,
  ): Promise<RevokeApiTokenPayload> {
    const id = rowIdOf(input.id, "ApiToken");
    if (!id) throw notFound("API token", input.id);
    return { apiToken: ApiToken.from(await revokeToken(ctx, id)) };
  }
}
