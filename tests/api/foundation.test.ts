import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseToken } from "../../src/core/tokens.js";
import { startTestServer, type TestServer } from "../support/server.js";

const VIEWER = `{ viewer { role tenant { id slug name } token { id name lastUsedAt } owner { email } } }`;

describe("GraphQL API over HTTP: auth, tenancy, errors, limits", () => {
  let server: TestServer;
  let acme: { id: string; token: string };
  let globex: { id: string; token: string };

  beforeAll(async () => {
    server = await startTestServer({ GRAPHQL_MAX_DEPTH: "4", GRAPHQL_MAX_COST: "2000" });
    acme = await server.tenant("acme");
    globex = await server.tenant("globex");
  });
  afterAll(() => server.stop());

  it("answers 401 with a JSON error, without running GraphQL, when the token is missing or bad", async () => {
    const missing = await server.graphql(null, VIEWER);
    expect(missing.status).toBe(401);
    expect(missing.body.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    expect(missing.body.data).toBeUndefined();

    const forged = acme.token.replace(/.{6}$/, "AAAAAA");
    const bad = await server.graphql(forged, VIEWER);
    expect(bad.status).toBe(401);
    expect(bad.body.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");

    const garbage = await server.graphql("not-a-token", VIEWER);
    expect(garbage.status).toBe(401);
  });

  it("tells the viewer their tenant and role, and records the token's last use", async () => {
    const { status, body } = await server.graphql<{ viewer: { role: string; tenant: { slug: string }; token: { lastUsedAt: string } } }>(
      acme.token,
      VIEWER,
    );
    expect(status).toBe(200);
    expect(body.data?.viewer.role).toBe("ADMIN");
    expect(body.data?.viewer.tenant.slug).toBe("acme");
    expect(Date.parse(body.data!.viewer.token.lastUsedAt)).toBeGreaterThan(Date.now() - 60_000);
  });

  it("creates tokens that work, shows the secret once, and revokes them", async () => {
    const created = await server.graphql<{ createApiToken: { secret: string; apiToken: { id: string; role: string; owner: { email: string } } } }>(
      acme.token,
      `mutation($input: CreateApiTokenInput!) { createApiToken(input: $input) { secret apiToken { id role owner { email } } } }`,
      { input: { name: "ci", role: "READER", ownerEmail: "Ana@Example.com" } },
    );
    expect(created.body.errors).toBeUndefined();
    const { secret, apiToken } = created.body.data!.createApiToken;
    expect(apiToken.owner.email).toBe("ana@example.com");

    const asReader = await server.graphql<{ viewer: { role: string; owner: { email: string } } }>(secret, VIEWER);
    expect(asReader.body.data?.viewer.role).toBe("READER");
    expect(asReader.body.data?.viewer.owner.email).toBe("ana@example.com");

    const listed = await server.graphql<{ apiTokens: { totalCount: number; nodes: { id: string }[] } }>(
      acme.token,
      `{ apiTokens(first: 10) { totalCount nodes { id } } }`,
    );
    expect(listed.body.data?.apiTokens.totalCount).toBe(2);
    expect(JSON.stringify(listed.body)).not.toContain(parseToken(secret)!.secret);

    const revoked = await server.graphql(acme.token, `mutation($id: ID!) { revokeApiToken(input: { id: $id }) { apiToken { revokedAt } } }`, {
      id: apiToken.id,
    });
    expect(revoked.body.errors).toBeUndefined();
    expect((await server.graphql(secret, VIEWER)).status).toBe(401);
  });

  it("gates operations by role with FORBIDDEN", async () => {
    const reader = await server.graphql<{ createApiToken: { secret: string } }>(
      acme.token,
      `mutation { createApiToken(input: { name: "r", role: READER }) { secret } }`,
    );
    const readerToken = reader.body.data!.createApiToken.secret;
    const attempt = await server.graphql(readerToken, `mutation { createApiToken(input: { name: "x", role: ADMIN }) { secret } }`);
    expect(attempt.body.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect(attempt.body.data).toBeNull();
  });

  it("never shows another tenant's objects: node() is null and revoke is NOT_FOUND", async () => {
    const theirs = await server.graphql<{ viewer: { token: { id: string }; tenant: { id: string } } }>(globex.token, VIEWER);
    const theirTokenId = theirs.body.data!.viewer.token.id;
    const theirTenantId = theirs.body.data!.viewer.tenant.id;
    const lookup = await server.graphql<{ a: unknown; b: unknown }>(
      acme.token,
      `query($a: ID!, $b: ID!) { a: node(id: $a) { id } b: node(id: $b) { id } }`,
      { a: theirTokenId, b: theirTenantId },
    );
    expect(lookup.body.data).toEqual({ a: null, b: null });
    const revoke = await server.graphql(acme.token, `mutation($id: ID!) { revokeApiToken(input: { id: $id }) { apiToken { id } } }`, {
      id: theirTokenId,
    });
    expect(revoke.body.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
    expect((await server.graphql(globex.token, VIEWER)).status).toBe(200);
  });

  it("resolves its own objects through node()", async () => {
    const mine = await server.graphql<{ viewer: { tenant: { id: string } } }>(acme.token, VIEWER);
    const id = mine.body.data!.viewer.tenant.id;
    const lookup = await server.graphql<{ node: { __typename: string; slug: string } }>(
      acme.token,
      `query($id: ID!) { node(id: $id) { __typename ... on Tenant { slug } } }`,
      { id },
    );
    expect(lookup.body.data?.node).toEqual({ __typename: "Tenant", slug: "acme" });
  });

  it("rejects bad input with one BAD_USER_INPUT error naming the field, never a stack or a zod dump", async () => {
    const badEmail = await server.graphql(acme.token, `mutation { createApiToken(input: { name: "x", role: READER, ownerEmail: "nope" }) { secret } }`);
    const error = badEmail.body.errors?.[0];
    expect(error?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(error?.message).toContain("$.input.ownerEmail");
    expect(error?.extensions).not.toHaveProperty("stacktrace");
    expect(error?.message).not.toContain("[{");

    const badEnum = await server.graphql(acme.token, `mutation { createApiToken(input: { name: "x", role: KING }) { secret } }`);
    expect(badEnum.body.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");

    const syntax = await server.graphql(acme.token, `{ viewer { `);
    expect(syntax.body.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(syntax.body.errors?.[0]?.extensions?.reason).toBe("GRAPHQL_PARSE_FAILED");
  });

  it("limits query depth and cost with BAD_USER_INPUT naming the limit", async () => {
    const withinDepth = await server.graphql(acme.token, `{ apiTokens { nodes { owner { id } } } }`);
    expect(withinDepth.body.errors).toBeUndefined();
    const tooDeep = await server.graphql(acme.token, `{ apiTokens { edges { node { owner { id } } } } }`);
    expect(tooDeep.body.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(tooDeep.body.errors?.[0]?.message).toContain("depth limit of 4");
    expect(tooDeep.body.data).toBeUndefined();

    const cheap = await server.graphql(acme.token, `{ apiTokens(first: 100) { nodes { id name } } }`);
    expect(cheap.body.errors).toBeUndefined();
    const costly = await server.graphql(acme.token, `{ apiTokens(first: 500) { nodes { id name createdAt lastUsedAt revokedAt } } }`);
    expect(costly.body.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(costly.body.errors?.[0]?.message).toContain("limit of 2000");
    expect(costly.body.errors?.[0]?.extensions).toMatchObject({ limit: 2000, cost: expect.any(Number) });
  });

  it("serves health, readiness and the explorer without a token", async () => {
    expect(await (await fetch(`${server.url}/healthz`)).json()).toEqual({ status: "ok" });
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: "ready" });
    for (const [path, marker] of [["/", '<div id="root">'], ["/explorer", "tributary-token"]]) {
      const page = await fetch(`${server.url}${path}`);
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain(marker);
      expect(html).not.toMatch(/<script[^>]+src="https?:/);
      expect(html).not.toMatch(/<link[^>]+href="https?:/);
    }
  });

  it("answers unknown routes with a JSON 404 and echoes request ids", async () => {
    const response = await fetch(`${server.url}/nope`, { headers: { "x-request-id": "req-123" } });
    expect(response.status).toBe(404);
    expect(response.headers.get("x-request-id")).toBe("req-123");
    expect(await response.json()).toEqual({ error: { code: "NOT_FOUND", message: "No such route" } });
  });
});
