import { Field, ObjectType } from "type-graphql";
import { ApiToken } from "./ApiToken.js";
import { Role } from "./enums.js";
import { Owner } from "./Owner.js";
import { Tenant } from "./Tenant.js";

@ObjectType({ description: "Who is asking: the tenant and role the bearer token grants." })
export class Viewer {
  @Field(() => Tenant)
  tenant!: Tenant;

  @Field(() => Role)
  role!: Role;

  @Field(() => ApiToken)
  token!: ApiToken;

  @Field(() => Owner, { nullable: true, description: "The person the token acts for, if any." })
  owner!: Owner | null;
}
