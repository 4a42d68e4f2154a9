import { Field, ObjectType } from "type-graphql";
import { toGlobalId } from "../globalId.js";
import { Node } from "./Node.js";

@ObjectType({ implements: Node })
export class Tenant extends Node {
  @Field(() => String)
  slug!: string;

  @Field(() => String)
  name!: string;

  static from(row: { id: string; slug: string; name: string }): Tenant {
    return Object.assign(new Tenant(), { id: toGlobalId("Tenant", row.id), slug: row.slug, name: row.name });
  }
}
