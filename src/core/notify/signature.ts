/**
 * Webhook signatures: HMAC-SHA256 over "<timestamp>.<body>" with the webhook's secret,
 * sent as `X-Tributary-Signature: sha256=<hex>` beside `X-Tributary-Timestamp` (Unix seconds).
 * Signing the timestamp with the body lets a receiver refuse replays of old deliveries.
 */
import { createHmac, timingSafeEqual } from "node:crypto";

export const SIGNATURE_PREFIX = "sha256=";

export function signatureBase(timestamp: number, body: string): string {
  return `${timestamp}.${body}`;
}

export function signBody(secret: string, timestamp: number, body: string): string {
  return SIGNATURE_PREFIX + createHmac("sha256", secret).update(signatureBase(timestamp, body)).digest("hex");
}

export interface VerifyOptions {
  /** Oldest acceptable timestamp, in seconds from `nowSeconds` (default 300). */
  toleranceSeconds?: number;
  nowSeconds?: number;
}

/** What a receiver does: recompute, compare in constant time, and check the timestamp is recent. */
export function verifySignature(
  secret: string,
  timestampHeader: string | undefined,
  body: string,
  signatureHeader: string | undefined,
  options: VerifyOptions = {},
): boolean {
  if (!timestampHeader || !signatureHeader || !/^\d{1,12}$/.test(timestampHeader)) return false;
  const timestamp = Number(timestampHeader);
  const now = options.nowSeconds ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - timestamp) > (options.toleranceSeconds ?? 300)) return false;
  const expected = Buffer.from(signBody(secret, timestamp, body));
  const given = Buffer.from(signatureHeader);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
