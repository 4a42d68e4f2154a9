import { Field, ObjectType } from "type-graphql";
import type { AssetGroup as AssetGroupRow } from "../../generated/prisma/client.js";

@ObjectType({ description: "A dbt group (dbt ≥ 1.5): resources under one owner; a model's access says who outside the group may ref it." })
export class AssetGroup {
  @Field(() => String)
  name!: string;

  @Field(() => String, { nullable: true })
  description!: string | null;

  @Field(() => String, { nullable: true, description: "The group owner's name (or handle)." })
  ownerName!: string | null;

  @Field(() => String, { nullable: true })
  ownerEmail!: string | null;

  static from(row: AssetGroupRow): AssetGroup {
    return Object.assign(new AssetGroup(), { name: row.name, description: row.description, ownerName: row.ownerName, ownerEmail: row.ownerEmail });
  }
}
