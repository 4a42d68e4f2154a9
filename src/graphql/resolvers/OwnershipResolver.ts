import { Arg, Authorized, Ctx, Field, ID, InputType, Mutation, ObjectType, Resolver } from "type-graphql";
import { notFound } from "../../core/errors.js";
import { setAssetOwners, setSubscription } from "../../services/changes/ownership.js";
import type { GraphQLContext } from "../context.js";
import { rowIdOf } from "../globalId.js";
import { Asset } from "../types/Asset.js";

@InputType()
class OwnerInput {
  @Field(() => String, { nullable: true })
  email?: string;

  @Field(() => String, { nullable: true })
  name?: string;

  @Field(() => String, { nullable: true, description: "Chat handle, e.g. @ana" })
  handle?: string;
}

@InputType()
class SetAssetOwnersInput {
  @Field(() => ID)
  assetId!: string;

  @Field(() => [OwnerInput], { description: "Replaces the owners set through the API; owners from manifests stay." })
  owners!: OwnerInput[];
}

@ObjectType()
class AssetPayload {
  @Field(() => Asset)
  asset!: Asset;
}

const assetRowId = (id: string): string => {
  const row = rowIdOf(id, "Asset");
  if (!row) throw notFound("Asset", id);
  return row;
};

@Resolver()
export class OwnershipResolver {
  @Authorized("OWNER")
  @Mutation(() => AssetPayload, { description: "Set the people who own an asset (they approve its breaking changes)." })
  async setAssetOwners(@Arg("input", () => SetAssetOwnersInput) input: SetAssetOwnersInput, @Ctx() ctx: GraphQLContext): Promise<AssetPayload> {
    return { asset: Asset.from(await setAssetOwners(ctx, assetRowId(input.assetId), input.owners)) };
  }

  @Authorized("READER")
  @Mutation(() => AssetPayload, { description: "Hear about changes to this asset and everything upstream of it (the token's person)." })
  async subscribe(@Arg("assetId", () => ID) assetId: string, @Ctx() ctx: GraphQLContext): Promise<AssetPayload> {
    return { asset: Asset.from(await setSubscription(ctx, assetRowId(assetId), true)) };
  }

  @Authorized("READER")
  @Mutation(() => AssetPayload)
  async unsubscribe(@Arg("assetId", () => ID) assetId: string, @Ctx() ctx: GraphQLContext): Promise<AssetPayload> {
    return { asset: Asset.from(await setSubscription(ctx, assetRowId(assetId), false)) };
  }
}
