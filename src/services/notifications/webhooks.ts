/**
 * Webhook endpoints a tenant's ADMIN registers. Each has its own signing secret, shown once
 * at creation (it must stay readable to sign, so it is stored as is; see schema.prisma).
 */
import { randomBytes } from "node:crypto";
import { lookup } from "node:dns/promises";
import { badInput, notFound } from "../../core/errors.js";
import { addressRefusal, literalAddress } from "../../core/notify/publicAddress.js";
import { createWebhookInput, type CreateWebhookInput } from "../../core/notify/webhookInput.js";
import type { TenantContext } from "../actor.js";
import { recordAudit } from "../audit.js";

const newSecret = () => `whsec_${randomBytes(32).toString("base64url")}`;

/**
 * Refuses a URL whose host is, or resolves to, a non-public address, so an ADMIN learns it at
 * once rather than from failed deliveries. A host that does not resolve now is accepted: its
 * deliveries fail and are retried until it does.
 */
async function requirePublicHost(url: string): Promise<void> {
  const parsed = new URL(url);
  const literal = literalAddress(parsed);
  const addresses = literal ? [literal] : await lookup(parsed.hostname, { all: true }).then((found) => found.map((a) => a.address), () => []);
  const refused = addressRefusal(addresses);
  if (refused) throw badInput(refused, { argument: "url" });
}

/** `allowPrivateNetworks`: TRIBUTARY_WEBHOOK_ALLOW_PRIVATE (the delivery worker enforces it again on every connection). */
export async function createWebhook(ctx: TenantContext, input: CreateWebhookInput, options: { allowPrivateNetworks: boolean }) {
  const { url, events, format } = createWebhookInput.parse(input);
  if (!options.allowPrivateNetworks) await requirePublicHost(url);
  const secret = newSecret();
  return ctx.db.$transaction(async (tx) => {
    const webhook = await tx.webhookEndpoint.create({ data: { tenantId: ctx.tenant.id, url, events, format, secret } });
    // The audit log never holds the secret; the URL may carry a token of the receiver's, so only its origin.
    await recordAudit(ctx, tx, {
      action: "webhook.create",
      targetType: "WebhookEndpoint",
      targetId: webhook.id,
      details: { origin: new URL(url).origin, events, format },
    });
    return { webhook, secret };
  });
}

export function listWebhooks(ctx: Pick<TenantContext, "db">) {
  return ctx.db.webhookEndpoint.findMany({ orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
}

export async function getWebhook(ctx: Pick<TenantContext, "db">, id: string) {
  const webhook = await ctx.db.webhookEndpoint.findFirst({ where: { id } });
  if (!webhook) throw notFound("Webhook", id);
  return webhook;
}

/** Deleting drops the webhook and its delivery history; nothing more is sent to it. */
export async function deleteWebhook(ctx: TenantContext, id: string) {
  return ctx.db.$transaction(async (tx) => {
    const webhook = await tx.webhookEndpoint.findFirst({ where: { id } });
    if (!webhook) throw notFound("Webhook", id);
    await tx.webhookEndpoint.deleteMany({ where: { id } });
    await recordAudit(ctx, tx, { action: "webhook.delete", targetType: "WebhookEndpoint", targetId: id });
    return webhook;
  });
}

/**
 * Disabling keeps the webhook and its history but sends nothing more: new events queue no
 * delivery and pending ones are cancelled (FAILED, "webhook disabled"), so enabling it again
 * does not replay a backlog of stale events.
 */
export async function disableWebhook(ctx: TenantContext, id: string) {
  return ctx.db.$transaction(async (tx) => {
    const webhook = await tx.webhookEndpoint.findFirst({ where: { id } });
    if (!webhook) throw notFound("Webhook", id);
    if (webhook.disabledAt) return webhook;
    const disabled = await tx.webhookEndpoint.update({
      where: { tenantId_id: { tenantId: ctx.tenant.id, id } },
      data: { disabledAt: new Date() },
    });
    const cancelled = await tx.delivery.updateMany({
      where: { webhookId: id, status: "PENDING" },
      data: { status: "FAILED", lastError: "webhook disabled before delivery", leaseToken: null },
    });
    await recordAudit(ctx, tx, {
      action: "webhook.disable",
      targetType: "WebhookEndpoint",
      targetId: id,
      details: { cancelledDeliveries: cancelled.count },
    });
    return disabled;
  });
}

export async function enableWebhook(ctx: TenantContext, id: string) {
  return ctx.db.$transaction(async (tx) => {
    const webhook = await tx.webhookEndpoint.findFirst({ where: { id } });
    if (!webhook) throw notFound("Webhook", id);
    if (!webhook.disabledAt) return webhook;
    const enabled = await tx.webhookEndpoint.update({
      where: { tenantId_id: { tenantId: ctx.tenant.id, id } },
      data: { disabledAt: null },
    });
    await recordAudit(ctx, tx, { action: "webhook.enable", targetType: "WebhookEndpoint", targetId: id });
    return enabled;
  });
}

/** A webhook's deliveries, newest first, for an ADMIN checking what reached the receiver. */
export async function listDeliveries(
  ctx: Pick<TenantContext, "db">,
  webhookId: string,
  page: { skip: number; take: number },
  status?: "PENDING" | "DELIVERED" | "FAILED" | null,
) {
  const where = { webhookId, ...(status ? { status } : {}) };
  const [rows, total] = await Promise.all([
    ctx.db.delivery.findMany({ where, orderBy: [{ createdAt: "desc" }, { id: "desc" }], skip: page.skip, take: page.take }),
    ctx.db.delivery.count({ where }),
  ]);
  return { rows, total };
}
