import { Field, ObjectType } from "type-graphql";
import type { ApiToken as ApiTokenRow, Owner as OwnerRow } from "../../generated/prisma/client.js";
import { toGlobalId } from "../globalId.js";
import { Role } from "./enums.js";
import { Node } from "./Node.js";
import { Owner } from "./Owner.js";

@ObjectType({ implements: Node, description: "An API token. Its secret is shown only once, when it is created." })
export class ApiToken extends Node {
  @Field(() => String)
  name!: string;

  @Field(() => Role)
  role!: Role;

  @Field(() => Owner, { nullable: true, description: "The person this token acts for." })
  owner!: Owner | null;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => Date, { nullable: true })
  lastUsedAt!: Date | null;

  @Field(() => Date, { nullable: true })
  revokedAt!: Date | null;

  static from(row: ApiTokenRow & { owner?: OwnerRow | null }): ApiToken {
    return Object.assign(new ApiToken(), {
      id: toGlobalId("ApiToken", row.id),
      name: row.name,
      role: row.role,
      owner: row.owner ? Owner.from(row.owner) : null,
      createdAt: row.createdAt,
      lastUsedAt: row.lastUsedAt,
      revokedAt: row.revokedAt,
    });
  }
}
