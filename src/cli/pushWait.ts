/**
 * `tributary push --wait`: after a proposal whose verdict is APPROVAL_REQUIRED, polls
 * `GET /api/v1/change-requests/<id>` (answer `{changeRequest: {id, status}, verdict}`) until the
 * verdict changes or the timeout passes, so a pull request check can wait for the owners.
 */
import { getJson, NetworkError } from "./pushUpload.js";
import { UsageError } from "./run.js";

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** `30m`, `90s`, `1h`, `1h30m`, `500ms`; a bare number is seconds. */
export function parseDuration(text: string, option: string): number {
  const trimmed = text.trim().toLowerCase();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed) * 1000;
  const parts = [...trimmed.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join("") !== trimmed) {
    throw new UsageError(`${option} expects a duration such as 30m, 90s or 1h (got "${text}")`);
  }
  return parts.reduce((sum, p) => sum + Number(p[1]) * UNITS[p[2]!]!, 0);
}

export interface ChangeRequestState {
  changeRequest: { id: string; status?: string; url?: string } & Record<string, unknown>;
  verdict: string;
}

export class WaitError extends Error {
  override name = "WaitError";
}

export interface WaitOptions {
  server: URL;
  token: string;
  changeRequestId: string;
  timeoutMs: number;
  intervalMs: number;
  /** Told about each verdict seen (for a line on stderr). */
  onPoll?: (state: ChangeRequestState) => void;
}

/** Resolves with the last state: a verdict other than APPROVAL_REQUIRED, or `timedOut`. */
export async function waitForVerdict(options: WaitOptions): Promise<{ state: ChangeRequestState | null; timedOut: boolean }> {
  const url = new URL(`api/v1/change-requests/${encodeURIComponent(options.changeRequestId)}`, withTrailingSlash(options.server));
  const deadline = Date.now() + options.timeoutMs;
  let last: ChangeRequestState | null = null;
  for (;;) {
    const state = await pollOnce(url, options.token).catch((error: unknown) => {
      // A network blip during a long wait is retried until the deadline; anything else stops.
      if (error instanceof NetworkError) return null;
      throw error;
    });
    if (state !== null) {
      last = state;
      options.onPoll?.(state);
      if (state.verdict !== "APPROVAL_REQUIRED") return { state, timedOut: false };
    }
    const left = deadline - Date.now();
    if (left <= 0) return { state: last, timedOut: true };
    await new Promise((resolve) => setTimeout(resolve, Math.min(options.intervalMs, left)));
  }
}

async function pollOnce(url: URL, token: string): Promise<ChangeRequestState> {
  const { status, body } = await getJson(url, token);
  const error = (body as { error?: { code?: string; message?: string } } | null)?.error;
  if (status === 404) {
    const said = error?.message ? ` (${error.code ?? "NOT_FOUND"}: ${error.message})` : "";
    throw new WaitError(`cannot wait for approvals: GET ${url.pathname} answered 404${said}: this server has no change-request endpoint yet, or the change request is gone`);
  }
  if (status < 200 || status >= 300) {
    throw new WaitError(`waiting for the change request failed: ${status}${error ? ` ${error.code ?? ""}: ${error.message ?? ""}` : ""}`.trim());
  }
  const state = body as Partial<ChangeRequestState> | null;
  if (!state || typeof state.verdict !== "string" || !state.changeRequest || typeof state.changeRequest.id !== "string") {
    throw new WaitError(`GET ${url.pathname} answered without {changeRequest: {id}, verdict}`);
  }
  return state as ChangeRequestState;
}

export function withTrailingSlash(url: URL): URL {
  return url.pathname.endsWith("/") ? url : new URL(`${url.href}/`);
}
