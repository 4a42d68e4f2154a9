import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFixture } from "../support/fixtureDocs.js";
import { startTestServer, type TestServer } from "../support/server.js";

describe("POST /api/v1/manifests", () => {
  let server: TestServer;
  let admin: string;
  let reader: string;
  const base = readFixture(["jaffle_shop_duckdb", "base"]);

  const post = (body: Buffer | string, headers: Record<string, string> = {}, query = "") =>
    fetch(`${server.url}/api/v1/manifests${query}`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${admin}`, ...headers },
      body: typeof body === "string" ? body : new Uint8Array(body),
    });
  const rowCounts = async () => {
    const prisma = server.database.db.prisma;
    return [await prisma.manifestVersion.count(), await prisma.asset.count(), await prisma.column.count(), await prisma.project.count()];
  };

  beforeAll(async () => {
    server = await startTestServer({ TRIBUTARY_MAX_BODY: "1mb" });
    admin = (await server.tenant("rest")).token;
    const created = await server.graphql<{ createApiToken: { secret: string } }>(
      admin,
      `mutation { createApiToken(input: { name: "viewer", role: READER }) { secret } }`,
    );
    reader = created.body.data!.createApiToken.secret;
  });
  afterAll(() => server.stop());

  it("ingests an envelope, and answers an identical gzip post with the same version", async () => {
    const envelope = JSON.stringify({ project: "jaffle", mode: "apply", gitSha: "abc123", branch: "main", ...base });
    const first = await post(envelope);
    expect(first.status).toBe(200);
    const applied = (await first.json()) as { status: string; version: { id: string }; counts: { models: number; tests: number } };
    expect(applied.status).toBe("APPLIED");
    expect(applied.counts).toMatchObject({ models: 7, tests: 25 });

    const again = await post(gzipSync(envelope), { "content-encoding": "gzip" });
    expect(again.status).toBe(200);
    const unchanged = (await again.json()) as { status: string; version: { id: string } };
    expect(unchanged).toMatchObject({ status: "UNCHANGED", version: { id: applied.version.id } });

    const version = await server.database.db.prisma.manifestVersion.findFirstOrThrow({ where: { id: applied.version.id } });
    expect(version).toMatchObject({ gitSha: "abc123", branch: "main", status: "APPLIED", postedBy: "token:admin" });
  });

  it("takes a bare manifest with the project in the query string", async () => {
    const response = await post(JSON.stringify(base.manifest), {}, "?project=bare&mode=apply&branch=main");
    expect(response.status).toBe(200);
    expect(((await response.json()) as { status: string }).status).toBe("APPLIED");
  });

  it("requires a token with the CI role", async () => {
    const anonymous = await fetch(`${server.url}/api/v1/manifests`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    expect(anonymous.status).toBe(401);
    expect(((await anonymous.json()) as { error: { code: string } }).error.code).toBe("UNAUTHENTICATED");
    const asReader = await post(JSON.stringify({ project: "x", ...base }), { authorization: `Bearer ${reader}` });
    expect(asReader.status).toBe(403);
    expect(((await asReader.json()) as { error: { code: string } }).error.code).toBe("FORBIDDEN");
  });

  it.each([
    ["truncated JSON", () => JSON.stringify({ project: "p", ...base }).slice(0, 5000), 400, "INVALID_MANIFEST", "$", /truncated/],
    ["a wrong type", () => JSON.stringify({ project: "p", manifest: { ...(base.manifest as object), nodes: [] } }), 400, "INVALID_MANIFEST", "$.nodes", /object/],
    ["an unknown schema version", () => JSON.stringify({ project: "p", manifest: { metadata: { dbt_schema_version: "https://schemas.getdbt.com/dbt/manifest/v99.json" }, nodes: {} } }), 400, "UNSUPPORTED_SCHEMA_VERSION", "$.metadata.dbt_schema_version", /v99/],
    ["an invalid project name", () => JSON.stringify({ project: "no spaces please", ...base }), 400, undefined, "$.project", /project name/],
    ["a document that is not a manifest", () => JSON.stringify({ project: "p", manifest: { rows: [1, 2, 3] } }), 400, "NOT_A_MANIFEST", "$", /neither/],
  ])("rejects %s with one clear error and changes nothing", async (_name, body, status, reason, path, message) => {
    const before = await rowCounts();
    const response = await post(body());
    expect(response.status).toBe(status);
    const { error } = (await response.json()) as { error: { code: string; reason?: string; path: string; message: string } };
    expect(error.code).toBe("BAD_USER_INPUT");
    if (reason) expect(error.reason).toBe(reason);
    expect(error.path).toBe(path);
    expect(error.message).toMatch(message);
    expect(await rowCounts()).toEqual(before);
  });

  it("refuses bodies over the limit, including gzip bombs, with 413", async () => {
    const before = await rowCounts();
    const big = await post(JSON.stringify({ project: "p", padding: "x".repeat(2 * 1024 * 1024), ...base }));
    expect(big.status).toBe(413);
    expect(((await big.json()) as { error: { code: string; message: string } }).error).toMatchObject({ code: "PAYLOAD_TOO_LARGE", message: expect.stringContaining("1 MB") });

    const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024, 0x20));
    expect(bomb.length).toBeLessThan(100 * 1024);
    const exploded = await post(bomb, { "content-encoding": "gzip" });
    expect(exploded.status).toBe(413);
    expect(await rowCounts()).toEqual(before);
  });

  it("refuses other content types and encodings", async () => {
    expect((await post("x", { "content-type": "text/plain" })).status).toBe(415);
    expect((await post("x", { "content-encoding": "br" })).status).toBe(415);
  });
});
