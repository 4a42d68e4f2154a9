/**
 * GraphQL over HTTP conformance: every MUST and SHOULD audit of the graphql-http package's
 * server audit suite passes against the real /graphql route (with a bearer token, which the
 * route needs before anything else).
 */
import { serverAudits } from "graphql-http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/server.js";

describe("GraphQL over HTTP (graphql-http server audits)", () => {
  let server: TestServer;
  let token: string;

  beforeAll(async () => {
    server = await startTestServer();
    token = (await server.tenant("audits")).token;
  });
  afterAll(() => server.stop());

  const audits = serverAudits({
    url: () => `${server.url}/graphql`,
    fetchFn: (input: RequestInfo | URL, init: RequestInit = {}) => {
      const headers = new Headers(init.headers);
      headers.set("authorization", `Bearer ${token}`);
      return fetch(input, { ...init, headers });
    },
  });

  it("has MUST and SHOULD audits to run", () => {
    expect(audits.filter((audit) => audit.name.startsWith("MUST")).length).toBeGreaterThan(10);
    expect(audits.filter((audit) => audit.name.startsWith("SHOULD")).length).toBeGreaterThan(10);
  });

  for (const audit of audits.filter((a) => a.name.startsWith("MUST") || a.name.startsWith("SHOULD"))) {
    it(`${audit.id}: ${audit.name}`, async () => {
      const result = await audit.fn();
      expect(result.status === "ok" ? "ok" : `${result.status}: ${result.reason}`).toBe("ok");
    });
  }
});
