/**
 * A real webhook receiver on 127.0.0.1 for the notify tests: records every request, verifies
 * its signature the way a user's receiver would, and answers as the test says.
 */
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { verifySignature } from "../../src/core/notify/signature.js";

export interface ReceivedRequest {
  headers: IncomingHttpHeaders;
  body: string;
  /** HMAC checked against the secret the test gave, as a receiver would. */
  signatureValid: boolean | null;
  status: number;
  at: number;
}

/** What to answer a request: a status, or "hang" (never answer, for timeouts). */
export type Behaviour = (request: { key: string; attemptForKey: number; index: number }) => number | "hang";

export interface Receiver {
  url: string;
  requests: ReceivedRequest[];
  secret: string | null;
  behave(behaviour: Behaviour): void;
  /** Requests answered 2xx, per Idempotency-Key. */
  acceptedPerKey(): Map<string, number>;
  /** Resolves when the predicate holds (polls the recorded requests; no timing is asserted). */
  waitFor(predicate: (requests: ReceivedRequest[]) => boolean, what: string, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  let behaviour: Behaviour = () => 200;
  const attempts = new Map<string, number>();
  const requests: ReceivedRequest[] = [];
  const hanging = new Set<() => void>();
  const receiver: Receiver = {
    url: "",
    requests,
    secret: null,
    behave(next) {
      behaviour = next;
    },
    acceptedPerKey() {
      const counts = new Map<string, number>();
      for (const r of requests) {
        if (r.status < 200 || r.status >= 300) continue;
        const key = String(r.headers["idempotency-key"]);
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      return counts;
    },
    async waitFor(predicate, what, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      while (!predicate(requests)) {
        if (Date.now() > deadline) throw new Error(`receiver: still waiting for ${what}; got ${requests.length} requests`);
        await new Promise((r) => setTimeout(r, 5));
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const release of hanging) release();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const key = String(req.headers["idempotency-key"] ?? "");
      const attemptForKey = (attempts.get(key) ?? 0) + 1;
      attempts.set(key, attemptForKey);
      const answer = behaviour({ key, attemptForKey, index: requests.length });
      const signatureValid = receiver.secret
        ? verifySignature(receiver.secret, req.headers["x-tributary-timestamp"] as string, body, req.headers["x-tributary-signature"] as string)
        : null;
      requests.push({ headers: req.headers, body, signatureValid, status: answer === "hang" ? 0 : answer, at: Date.now() });
      if (answer === "hang") {
        const release = () => res.destroy();
        hanging.add(release);
        res.on("close", () => hanging.delete(release));
        return;
      }
      res.writeHead(answer, { "content-type": "text/plain" }).end(answer >= 300 ? "receiver says no" : "ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return receiver;
}
