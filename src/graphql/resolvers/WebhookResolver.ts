import { Arg, Args, ArgsType, Authorized, Ctx, Field, FieldResolver, ID, InputType, Mutation, ObjectType, Query, Resolver, Root } from "type-graphql";
import { notFound } from "../../core/errors.js";
import {
  createWebhook,
  deleteWebhook,
  disableWebhook,
  enableWebhook,
  listDeliveries,
  listWebhooks,
} from "../../services/notifications/webhooks.js";
import type { GraphQLContext } from "../context.js";
import { rowIdOf } from "../globalId.js";
import { Connection, PageArgs, pageOf, toConnection } from "../types/connection.js";
import { DeliveryStatus, Webhook, WebhookDelivery, WebhookFormat } from "../types/Webhook.js";
import { nodeFetchers } from "./NodeResolver.js";

@InputType()
class CreateWebhookInput {
  @Field(() => String, { description: "http:// or https:// URL the events are POSTed to." })
  url!: string;

  @Field(() => [String], { description: "Event types: change_request.opened, .updated, .approved, .rejected, .applied; or \"*\" for all." })
  events!: string[];

  @Field(() => WebhookFormat)
  format!: WebhookFormat;
}

@ObjectType()
class CreateWebhookPayload {
  @Field(() => Webhook)
  webhook!: Webhook;

  @Field(() => String, { description: "The HMAC-SHA256 signing secret. It is shown only this once." })
  secret!: string;
}

@InputType()
class WebhookIdInput {
  @Field(() => ID)
  id!: string;
}

@ObjectType()
class WebhookPayload {
  @Field(() => Webhook)
  webhook!: Webhook;
}

@ObjectType()
class DeleteWebhookPayload {
  @Field(() => ID)
  deletedWebhookId!: string;
}

@ArgsType()
class DeliveriesArgs extends PageArgs {
  @Field(() => DeliveryStatus, { nullable: true })
  status?: DeliveryStatus;
}

const WebhookConnection = Connection(Webhook, "Webhook");
const WebhookDeliveryConnection = Connection(WebhookDelivery, "WebhookDelivery");

function webhookRowId(globalId: string): string {
  const id = rowIdOf(globalId, "Webhook");
  if (!id) throw notFound("Webhook", globalId);
  return id;
}

nodeFetchers.Webhook = async (ctx, id) => {
  if (ctx.actor.role !== "ADMIN") return null;
  const row = await ctx.db.webhookEndpoint.findFirst({ where: { id } });
  return row && Webhook.from(row);
};
nodeFetchers.WebhookDelivery = async (ctx, id) => {
  if (ctx.actor.role !== "ADMIN") return null;
  const row = await ctx.db.delivery.findFirst({ where: { id } });
  return row && WebhookDelivery.from(row);
};

@Resolver(() => Webhook)
export class WebhookResolver {
  @Authorized("ADMIN")
  @Query(() => WebhookConnection, { description: "The tenant's webhooks (ADMIN)." })
  async webhooks(@Args(() => PageArgs) args: PageArgs, @Ctx() ctx: GraphQLContext) {
    const page = pageOf(args);
    const all = await listWebhooks(ctx);
    return toConnection(all.slice(page.skip, page.skip + page.take).map(Webhook.from), page, all.length);
  }

  @FieldResolver(() => WebhookDeliveryConnection, { description: "Its deliveries, newest first." })
  async deliveries(@Root() webhook: Webhook, @Args(() => DeliveriesArgs) args: DeliveriesArgs, @Ctx() ctx: GraphQLContext) {
    const page = pageOf(args);
    const { rows, total } = await listDeliveries(ctx, webhook.rowId, page, args.status);
    return toConnection(rows.map(WebhookDelivery.from), page, total);
  }

  @Authorized("ADMIN")
  @Mutation(() => CreateWebhookPayload, { description: "Registers a webhook (ADMIN). Its signing secret is in the payload, only this once." })
  async createWebhook(
    @Arg("input", () => CreateWebhookInput) input: CreateWebhookInput,
    @Ctx() ctx: GraphQLContext,
  ): Promise<CreateWebhookPayload> {
    const { webhook, secret } = await createWebhook(ctx, input, { allowPrivateNetworks: ctx.webhookAllowPrivate });
    return { webhook: Webhook.from(webhook), secret };
  }

  @Authorized("ADMIN")
  @Mutation(() => DeleteWebhookPayload, { description: "Deletes a webhook and its delivery history (ADMIN)." })
  async deleteWebhook(@Arg("input", () => WebhookIdInput) input: WebhookIdInput, @Ctx() ctx: GraphQLContext): Promise<DeleteWebhookPayload> {
    await deleteWebhook(ctx, webhookRowId(input.id));
    return { deletedWebhookId: input.id };
  }

  @Authorized("ADMIN")
  @Mutation(() => WebhookPayload, { description: "Stops sending to a webhook (ADMIN); its pending deliveries are cancelled." })
  async disableWebhook(@Arg("input", () => WebhookIdInput) input: WebhookIdInput, @Ctx() ctx: GraphQLContext): Promise<WebhookPayload> {
    return { webhook: Webhook.from(await disableWebhook(ctx, webhookRowId(input.id))) };
  }

  @Authorized("ADMIN")
  @Mutation(() => WebhookPayload, { description: "Sends events to a disabled webhook again, from now on (ADMIN)." })
  async enableWebhook(@Arg("input", () => WebhookIdInput) input: WebhookIdInput, @Ctx() ctx: GraphQLContext): Promise<WebhookPayload> {
    return { webhook: Webhook.from(await enableWebhook(ctx, webhookRowId(input.id))) };
  }
}
