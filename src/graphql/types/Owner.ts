import { Field, ObjectType } from "type-graphql";
import { toGlobalId } from "../globalId.js";
import { Node } from "./Node.js";

@ObjectType({ implements: Node, description: "A person or team that owns assets, approves changes and gets notified." })
export class Owner extends Node {
  @Field(() => String, { nullable: true })
  name!: string | null;

  @Field(() => String, { nullable: true })
  email!: string | null;

  @Field(() => String, { nullable: true, description: "Chat handle, e.g. @alice" })
  handle!: string | null;

  static from(row: { id: string; name: string | null; email: string | null; handle: string | null }): Owner {
    return Object.assign(new Owner(), { id: toGlobalId("Owner", row.id), name: row.name, email: row.email, handle: row.handle });
  }
}
