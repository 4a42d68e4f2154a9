/**
 * Request logs (pino-http) never hold a credential: the Authorization and Cookie headers are
 * redacted, the rest of the request is logged.
 */
import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { tributarySchema } from "../../src/graphql/schema.js";
import { createHttpApp, type HttpApp } from "../../src/http/app.js";
import { createLogger } from "../../src/logger.js";
import { createTestDatabase, type TestDatabase } from "../support/db.js";

describe("request logs", () => {
  let database: TestDatabase;
  let app: HttpApp;
  let url: string;
  const lines: string[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(...chunk.toString().split("\n").filter(Boolean));
        done();
      },
    });
    app = await createHttpApp({ db: database.db, config: loadConfig({ PORT: "0" }), logger: createLogger("info", sink), schema: await tributarySchema() });
    await new Promise<void>((resolve) => app.server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await app.apollo.stop();
    await database.dispose();
  });

  it("redacts the bearer token and cookies but keeps the request's other headers", async () => {
    const secret = "trb_tenant_id_thisIsASecretThatMustNotBeLogged";
    const response = await fetch(`${url}/graphql`, {
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
