/** Validation of what an ADMIN registers as a webhook. */
import { z } from "zod";
import { webhookEventFilter } from "./events.js";

export const webhookUrl = z
  .string()
  .trim()
  .max(2000, "url must be at most 2000 characters")
  .pipe(z.url({ protocol: /^https?$/, error: "url must be an absolute http:// or https:// URL" }));

export const createWebhookInput = z.object({
  url: webhookUrl,
  events: webhookEventFilter,
  format: z.enum(["JSON", "SLACK"]),
});

/** As a client sends it; `createWebhookInput` checks it. */
export interface CreateWebhookInput {
  url: string;
  events: readonly string[];
  format: string;
}
