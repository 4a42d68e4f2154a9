/**
 * Request logs (pino-http) never hold a credential: the Authorization and Cookie headers are
 * redacted, the rest of the request is logged.
 */
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../src/logger.js";
import { startTestServer, type TestServer } from "../support/server.js";

describe("request logs", () => {
  let server: TestServer;
  const lines: string[] = [];

  beforeAll(async () => {
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(...chunk.toString().split("\n").filter(Boolean));
        done();
      },
    });
    server = await startTestServer({}, { logger: createLogger("info", sink) });
  });
  afterAll(() => server.stop());

  it("redacts the bearer token and cookies but keeps the request's other headers", async () => {
    const secret = "trb_tenant_id_thisIsASecretThatMustNotBeLogged";
    const response = await fetch(`${server.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${secret}`, cookie: `session=${secret}`, "x-trace": "kept" },
      body: JSON.stringify({ query: "{ viewer { tenant { slug } } }" }),
    });
    await response.text();
    const request = lines.map((line) => JSON.parse(line) as { req?: { url?: string; headers?: Record<string, string> } }).find((entry) => entry.req?.url === "/graphql");
    expect(request?.req?.headers).toMatchObject({ authorization: "[redacted]", cookie: "[redacted]", "x-trace": "kept" });
    expect(lines.join("\n")).not.toContain(secret);
  });
});
