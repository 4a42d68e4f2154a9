import { Field, ID, ObjectType } from "type-graphql";
import type { Notification as NotificationRow } from "../../generated/prisma/client.js";
import { toGlobalId } from "../globalId.js";
import { Node } from "./Node.js";
import { JSONScalar } from "./scalars.js";

@ObjectType({ implements: Node, description: "Something the viewer was told: a change request opened, updated, approved, rejected or applied." })
export class Notification extends Node {
  @Field(() => String, { description: "The event type, e.g. change_request.opened." })
  event!: string;

  @Field(() => String)
  title!: string;

  @Field(() => JSONScalar, { description: "The change request summary at the time of the event (project, branch, status, changes, impact, approvers, link)." })
  body!: unknown;

  @Field(() => ID, { nullable: true, description: "Global id of the change request it is about." })
  changeRequestId!: string | null;

  @Field(() => Boolean)
  read!: boolean;

  @Field(() => Date, { nullable: true })
  readAt!: Date | null;

  @Field(() => Date)
  createdAt!: Date;

  static from(row: NotificationRow): Notification {
    return Object.assign(new Notification(), {
      id: toGlobalId("Notification", row.id),
      event: row.event,
      title: row.title,
      body: row.body,
      changeRequestId: row.changeRequestId ? toGlobalId("ChangeRequest", row.changeRequestId) : null,
      read: row.readAt !== null,
      readAt: row.readAt,
      createdAt: row.createdAt,
    });
  }
}
