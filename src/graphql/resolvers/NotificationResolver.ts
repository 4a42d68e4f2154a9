import { Arg, Args, ArgsType, Ctx, Field, ID, InputType, Int, Mutation, ObjectType, Query, Resolver } from "type-graphql";
import {
  encodeNotificationCursor,
  listNotifications,
  markNotificationsRead,
  unreadNotificationCount,
} from "../../services/notifications/inbox.js";
import type { GraphQLContext } from "../context.js";
import { rowIdOf } from "../globalId.js";
import { Connection, PageArgs, pageOf } from "../types/connection.js";
import { Notification } from "../types/Notification.js";
import { nodeFetchers } from "./NodeResolver.js";

const NotificationConnection = Connection(Notification, "Notification");

@ArgsType()
class NotificationsArgs extends PageArgs {
  @Field(() => Boolean, { nullable: true, description: "Only notifications not marked read." })
  unreadOnly?: boolean;
}

@InputType()
class MarkNotificationsReadInput {
  @Field(() => [ID], { nullable: true, description: "Notifications to mark read (at most 500); ids that are not the viewer's are ignored." })
  ids?: string[];

  @Field(() => Boolean, { nullable: true, description: "Mark every unread notification of the viewer read." })
  all?: boolean;
}

@ObjectType()
class MarkNotificationsReadPayload {
  @Field(() => Int, { description: "How many were unread and are now read." })
  updatedCount!: number;

  @Field(() => Int)
  unreadCount!: number;
}

// node(id:) finds a notification only for the person it was sent to.
nodeFetchers.Notification = async (ctx, id) => {
  if (!ctx.actor.ownerId) return null;
  const row = await ctx.db.notification.findFirst({ where: { id, ownerId: ctx.actor.ownerId } });
  return row && Notification.from(row);
};

@Resolver(() => Notification)
export class NotificationResolver {
  @Query(() => NotificationConnection, {
    description: "The viewer's notifications, newest first. The viewer is the person the token acts for (a token created with an owner).",
  })
  async notifications(@Args(() => NotificationsArgs) args: NotificationsArgs, @Ctx() ctx: GraphQLContext) {
    const { take } = pageOf({ first: args.first });
    const { rows, hasNextPage, totalCount } = await listNotifications(ctx, { unreadOnly: args.unreadOnly, take, after: args.after });
    const edges = rows.map((row) => ({ cursor: encodeNotificationCursor(row), node: Notification.from(row) }));
    return {
      edges,
      nodes: edges.map((e) => e.node),
      totalCount,
      pageInfo: { hasNextPage, endCursor: edges.at(-1)?.cursor ?? null },
    };
  }

  @Query(() => Int, { description: "How many of the viewer's notifications are unread." })
  unreadNotificationCount(@Ctx() ctx: GraphQLContext): Promise<number> {
    return unreadNotificationCount(ctx);
  }

  @Mutation(() => MarkNotificationsReadPayload, { description: "Marks the viewer's notifications read: the given ids, or all of them." })
  async markNotificationsRead(
    @Arg("input", () => MarkNotificationsReadInput) input: MarkNotificationsReadInput,
    @Ctx() ctx: GraphQLContext,
  ): Promise<MarkNotificationsReadPayload> {
    // An id of another type or tenant matches no row: the same as another person's notification.
    const ids = input.ids?.map((id) => rowIdOf(id, "Notification") ?? "-");
    const updatedCount = await markNotificationsRead(ctx, { ids, all: input.all });
    return { updatedCount, unreadCount: await unreadNotificationCount(ctx) };
  }
}
