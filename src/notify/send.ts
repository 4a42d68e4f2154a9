/**
 * One HTTP attempt of one delivery: sign, POST, classify the answer. Never throws.
 */
import { parseRetryAfter } from "../core/notify/backoff.js";
import { renderBody, type EventEnvelope, type WebhookFormat } from "../core/notify/payload.js";
import { signBody } from "../core/notify/signature.js";
import { fetch, type Response } from "undici";
import type { DeliveryNetwork } from "./deliveryDispatcher.js";

export interface DeliveryRequest {
  url: string;
  secret: string;
  format: WebhookFormat;
  deliveryId: string;
  idempotencyKey: string;
  attempt: number;
  envelope: EventEnvelope;
  timeoutMs: number;
  now: Date;
  /** Aborted when the worker stops. */
  signal?: AbortSignal;
  /** Which addresses may be called, and the client that enforces it. */
  network: DeliveryNetwork;
}

export type SendResult =
  | { ok: true; status: number }
  | { ok: false; status: number | null; error: string; retryAfterMs: number | null; aborted: boolean };

const USER_AGENT = "Tributary-Webhooks/1";
const ERROR_SNIPPET = 300;

export function deliveryHeaders(request: DeliveryRequest, body: string): Record<string, string> {
  const timestamp = Math.floor(request.now.getTime() / 1000);
  return {
    "Content-Type": "application/json; charset=utf-8",
    "User-Agent": USER_AGENT,
    "X-Tributary-Event": request.envelope.type,
    "X-Tributary-Delivery": request.deliveryId,
    "X-Tributary-Attempt": String(request.attempt),
    "Idempotency-Key": request.idempotencyKey,
    "X-Tributary-Timestamp": String(timestamp),
    "X-Tributary-Signature": signBody(request.secret, timestamp, body),
  };
}

export async function sendDelivery(request: DeliveryRequest): Promise<SendResult> {
  const refused = request.network.refused(request.url);
  if (refused) return { ok: false, status: null, error: refused, retryAfterMs: null, aborted: false };
  const body = renderBody(request.format, request.envelope);
  const timeout = AbortSignal.timeout(request.timeoutMs);
  const signal = request.signal ? AbortSignal.any([timeout, request.signal]) : timeout;
  try {
    const response = await fetch(request.url, {
      method: "POST",
      headers: deliveryHeaders(request, body),
      body,
      // A redirect is a failure: following it would send a signed body somewhere not registered.
      redirect: "manual",
      signal,
      dispatcher: request.network.dispatcher,
    });
    const text = await readSnippet(response);
    if (response.status >= 200 && response.status < 300) return { ok: true, status: response.status };
    return {
      ok: false,
      status: response.status,
      error: `HTTP ${response.status}${text ? `: ${text}` : ""}`,
      retryAfterMs: parseRetryAfter(response.headers.get("retry-after"), request.now),
      aborted: false,
    };
  } catch (error) {
    const aborted = Boolean(request.signal?.aborted);
    const message = timeout.aborted && !aborted ? `timed out after ${request.timeoutMs} ms` : describeFetchError(error);
    return { ok: false, status: null, error: message, retryAfterMs: null, aborted };
  }
}

/** The start of the answer, for lastError; the rest is discarded so the socket is freed. */
async function readSnippet(response: Response): Promise<string> {
  if (!response.body) return "";
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < ERROR_SNIPPET) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  return Buffer.concat(chunks).toString("utf8").slice(0, ERROR_SNIPPET).replace(/\s+/g, " ").trim();
}

function describeFetchError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  if (cause?.code) return `${error.message}: ${cause.code}`;
  if (cause?.message) return `${error.message}: ${cause.message}`;
  return error.message;
}
