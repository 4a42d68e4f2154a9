/**
 * Posting manifests to tenants of a test server over HTTP, as the cross-project lineage tests
 * do: each expects success and returns the JSON (they ask GraphQL with the server's data()).
 */
import { expect } from "vitest";
import { toGlobalId } from "../../src/graphql/globalId.js";
import type { TestServer } from "./server.js";

type Json = Record<string, any>;

export function tenantPosts(server: () => TestServer) {
  const post = async (token: string, body: object): Promise<Json> => {
    const response = await fetch(`${server().url}/api/v1/manifests`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({ mode: "apply", ...body }),
    });
    const json = (await response.json()) as Json;
    expect(response.status, JSON.stringify(json)).toBe(200);
    return json;
  };
  /** The global id of the live asset of that unique id in the tenant. */
  const assetId = async (tenantSlug: string, uniqueId: string): Promise<string> => {
    const row = await server().database.db.prisma.asset.findFirstOrThrow({ where: { uniqueId, removedAt: null, tenant: { slug: tenantSlug } }, select: { id: true } });
    return toGlobalId("Asset", row.id);
  };
  /** A new tenant with the posts applied in order; its token. */
  const tenantWith = async (slug: string, posts: object[]): Promise<string> => {
    const { token } = await server().tenant(slug);
    for (const body of posts) expect((await post(token, body)).status).toBe("APPLIED");
    return token;
  };
  return { post, assetId, tenantWith };
}
