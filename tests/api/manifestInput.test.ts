/**
 * Bad manifest input over real HTTP, by REST and by GraphQL: each gets one clear 4xx naming what
 * and where, and changes nothing. Deep nesting, oversized fields, chunked bodies over the limit,
 * invalid UTF-8, keys and unique ids given twice, a native manifest posted to another project.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/server.js";
import { dbtManifest, model } from "../unit/manifest/dbtBuilders.js";

type RestError = { error: { code: string; reason?: string; message: string; path?: string; node?: string; field?: string; byteOffset?: number } };
type GraphQLAnswer = { data?: unknown; errors?: { message: string; extensions: Record<string, unknown> }[] };

const SUBMIT = `mutation ($input: SubmitManifestInput!) { submitManifest(input: $input) { status } }`;

const native = (project: string, models: Record<string, unknown>[]) => ({ format: "tributary/v1", project, models });
const orders = (fields: Record<string, unknown> = {}) => ({ name: "orders", sql: "select 1 as id", layer: "mart", ...fields });

/** `{"a":{"a":…{"a":1}…}}`, `levels` objects deep. */
const nested = (levels: number) => `${'{"a":'.repeat(levels)}1${"}".repeat(levels)}`;

describe("bad manifest input over HTTP", () => {
  let server: TestServer;
  let token: string;

  beforeAll(async () => {
    server = await startTestServer({ TRIBUTARY_MAX_BODY: "24mb" });
    token = (await server.tenant("input")).token;
  });
  afterAll(() => server.stop());

  const rest = (body: string | Uint8Array | ReadableStream<Uint8Array>, headers: Record<string, string> = {}) =>
    fetch(`${server.url}/api/v1/manifests`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}`, ...headers },
      body,
      ...(body instanceof ReadableStream ? { duplex: "half" } : {}),
    } as RequestInit);
  const graphql = (body: string | Uint8Array | ReadableStream<Uint8Array>) =>
    fetch(`${server.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body,
      ...(body instanceof ReadableStream ? { duplex: "half" } : {}),
    } as RequestInit);
  const submitBody = (input: string) => `{"query":${JSON.stringify(SUBMIT)},"variables":{"input":${input}}}`;
  const stored = async () => {
    const prisma = server.database.db.prisma;
    return { versions: await prisma.manifestVersion.count(), assets: await prisma.asset.count(), projects: await prisma.project.count() };
  };
  /** Runs `post` and checks that it stored nothing; returns its answer. */
  const changesNothing = async (post: () => Promise<Response>): Promise<{ status: number; body: unknown }> => {
    const before = await stored();
    const response = await post();
    const body = (await response.json()) as unknown;
    expect(await stored()).toEqual(before);
    return { status: response.status, body };
  };
  const restRefusal = async (post: () => Promise<Response>) => {
    const { status, body } = await changesNothing(post);
    expect(status).toBe(400);
    const { error } = body as RestError;
    expect(error.code).toBe("BAD_USER_INPUT");
    return error;
  };
  /** A refusal by the GraphQL body check: HTTP 400 before any GraphQL runs. */
  const graphqlBodyRefusal = async (body: string | Uint8Array) => {
    const answer = await changesNothing(() => graphql(body));
    expect(answer.status).toBe(400);
    const [error] = (answer.body as GraphQLAnswer).errors ?? [];
    expect(error?.extensions.code).toBe("BAD_USER_INPUT");
    return error!;
  };
  /** A refusal by submitManifest itself: a GraphQL error, no data. */
  const submitRefusal = async (input: string) => {
    const answer = await changesNothing(() => graphql(submitBody(input)));
    const [error] = (answer.body as GraphQLAnswer).errors ?? [];
    expect(error?.extensions.code).toBe("BAD_USER_INPUT");
    expect((answer.body as GraphQLAnswer).data ?? null).toBeNull();
    return error!;
  };

  describe("nesting", () => {
    const deepManifest = (levels: number) => JSON.stringify(native("shop", [orders({ meta: { deep: "@" } })])).replace('"@"', nested(levels));

    it("refuses a manifest nested 5,000 levels deep by REST with 400 naming where", async () => {
      const error = await restRefusal(() => rest(`{"project":"shop","manifest":${deepManifest(5000)}}`));
      expect(error.reason).toBe("INVALID_MANIFEST");
      expect(error.path).toMatch(/^\$\.manifest\.models\[0\]\.meta\.deep(\.a)+$/);
      expect(error.message).toMatch(/nests deeper than 512 levels at \$\.manifest\.models\[0\]\.meta\.deep\.a/);
    });

    it("refuses it in GraphQL variables with 400 before GraphQL runs", async () => {
      const error = await graphqlBodyRefusal(submitBody(`{"project":"shop","manifest":${deepManifest(5000)}}`));
      expect(error.extensions.reason).toBe("TOO_DEEP");
      expect(error.extensions.path).toMatch(/^\$\.variables\.input\.manifest\.models\[0\]\.meta\.deep(\.a)+$/);
      expect(error.message).toMatch(/request body nests deeper than 512 levels/);
    });

    it("refuses a deep manifest written as a GraphQL literal", async () => {
      const literal = `{ project: "shop", manifest: { format: "tributary/v1", project: "shop", models: [{ name: "orders", meta: ${"{ a: ".repeat(600)}1${" }".repeat(600)} }] } }`;
      const answer = await changesNothing(() => graphql(JSON.stringify({ query: `mutation { submitManifest(input: ${literal}) { status } }` })));
      const [error] = (answer.body as GraphQLAnswer).errors ?? [];
      expect(error?.extensions).toMatchObject({ code: "BAD_USER_INPUT", reason: "INVALID_MANIFEST" });
      expect(error?.message).toMatch(/manifest nests deeper than 512 levels at \$\.models\[0\]\.meta(\.a)+/);
    });

    it("stores a meta nested just inside the limit, by both paths", async () => {
      // envelope, manifest, models, model, meta, deep: six levels before the nested value
      const restAnswer = await rest(`{"project":"deep","manifest":${deepManifest(500).replace('"shop"', '"deep"')}}`);
      expect(restAnswer.status).toBe(200);
      const asset = await server.database.db.prisma.asset.findFirstOrThrow({ where: { uniqueId: "model.deep.orders" } });
      let depth = 0;
      for (let value = (asset.meta as { deep: unknown }).deep; typeof value === "object" && value !== null; value = (value as { a: unknown }).a) depth += 1;
      expect(depth).toBe(500);
    });
  });

  describe("field sizes", () => {
    it("accepts a 750 KB model SQL, the size of the largest real dbt models", async () => {
      const sql = `select id from {{ ref('stg') }}\n${"-- a long generated comment line to pad the model to a real size\n".repeat(11_600)}`;
      expect(sql.length).toBeGreaterThan(750_000);
      const response = await rest(JSON.stringify({ project: "big", manifest: native("big", [{ name: "stg", sql: "select 1 as id" }, orders({ sql })]) }));
      expect(response.status).toBe(200);
    });

    it("refuses a description over the limit by REST, naming the node and field", async () => {
      const description = "x".repeat(2 * 1024 * 1024);
      const error = await restRefusal(() => rest(JSON.stringify({ project: "shop", manifest: native("shop", [orders({ description })]) })));
      expect(error).toMatchObject({ reason: "INVALID_MANIFEST", node: "model.shop.orders", field: "description", path: '$.models[?(@.name=="orders")]' });
      expect(error.message).toBe("model.shop.orders: description is 2.0 MB, over the limit of 1.0 MB for description fields (TRIBUTARY_MAX_DESCRIPTION).");
    });

    it("refuses a column's meta over the limit by GraphQL, naming the node and field", async () => {
      const meta = { blob: "m".repeat(1100 * 1024) };
      const error = await submitRefusal(JSON.stringify({ project: "shop", manifest: native("shop", [orders({ columns: [{ name: "amount", meta }] })]) }));
      expect(error.extensions).toMatchObject({ reason: "INVALID_MANIFEST", node: "model.shop.orders", field: "columns.amount.meta" });
      expect(error.message).toMatch(/^model\.shop\.orders: columns\.amount\.meta is 1\.1 MB, over the limit of 1\.0 MB for meta fields \(TRIBUTARY_MAX_META\)\.$/);
    });

    it("refuses a dbt model's SQL over a configured limit", async () => {
      const small = await startTestServer({ TRIBUTARY_MAX_SQL: "10kb" });
      try {
        const admin = (await small.tenant("small")).token;
        const manifest = dbtManifest(12, { nodes: [model("orders", { raw_code: `select 1 -- ${"y".repeat(20_000)}` })] });
        const response = await fetch(`${small.url}/api/v1/manifests`, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${admin}` },
          body: JSON.stringify({ project: "shop", manifest }),
        });
        expect(response.status).toBe(400);
        const { error } = (await response.json()) as RestError;
        expect(error).toMatchObject({ code: "BAD_USER_INPUT", node: "model.shop.orders", field: "raw SQL", path: '$.nodes["model.shop.orders"]' });
        expect(error.message).toMatch(/over the limit of 10\.0 KB for sql fields \(TRIBUTARY_MAX_SQL\)/);
        expect(await small.database.db.prisma.manifestVersion.count()).toBe(0);
      } finally {
        await small.stop();
      }
    });
  });

  describe("bodies and documents", () => {
    const chunked = (bytes: Uint8Array, chunkSize = 64 * 1024) => {
      let offset = 0;
      return new ReadableStream<Uint8Array>({
        pull(controller) {
          if (offset >= bytes.length) return controller.close();
          controller.enqueue(bytes.subarray(offset, offset + chunkSize));
          offset += chunkSize;
        },
      });
    };

    it("answers a chunked REST body over the limit with 413, as with a Content-Length", async () => {
      const body = new TextEncoder().encode(JSON.stringify({ project: "shop", padding: "p".repeat(25 * 1024 * 1024), manifest: native("shop", []) }));
      const { status, body: answer } = await changesNothing(() => rest(chunked(body)));
      expect(status).toBe(413);
      expect((answer as RestError).error).toMatchObject({ code: "PAYLOAD_TOO_LARGE", message: expect.stringContaining("24 MB") });
      // The connection is still usable: the next request on it is answered.
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    });

    it("answers a chunked GraphQL body over the limit with 413", async () => {
      const body = new TextEncoder().encode(submitBody(JSON.stringify({ project: "shop", manifest: native("shop", [orders({ description: "d".repeat(17 * 1024 * 1024) })]) })));
      const { status, body: answer } = await changesNothing(() => graphql(chunked(body)));
      expect(status).toBe(413);
      expect(JSON.stringify(answer)).toContain("PAYLOAD_TOO_LARGE");
    });

    const withInvalidByte = (text: string) => {
      const bytes = Buffer.from(text);
      const at = bytes.indexOf("caf\u00e9");
      bytes[at + 3] = 0xff; // é is two bytes: the first becomes a byte no UTF-8 character starts with
      return { bytes: new Uint8Array(bytes), at: at + 3 };
    };

    it("refuses invalid UTF-8 by REST with 400 naming the byte", async () => {
      const { bytes, at } = withInvalidByte(JSON.stringify({ project: "shop", manifest: native("shop", [orders({ description: "caf\u00e9" })]) }));
      const error = await restRefusal(() => rest(bytes));
      expect(error).toMatchObject({ reason: "INVALID_UTF8", byteOffset: at });
      expect(error.message).toMatch(new RegExp(`not valid UTF-8: byte ${at} \\(line 1, column ${at + 1}\\)`));
    });

    it("refuses invalid UTF-8 by GraphQL with 400 naming the byte", async () => {
      const { bytes, at } = withInvalidByte(submitBody(JSON.stringify({ project: "shop", manifest: native("shop", [orders({ description: "caf\u00e9" })]) })));
      const error = await graphqlBodyRefusal(bytes);
      expect(error.extensions).toMatchObject({ reason: "INVALID_UTF8", byteOffset: at });
    });

    it("refuses text PostgreSQL cannot store (\\u0000) with 400 naming where", async () => {
      const error = await restRefusal(() => rest(JSON.stringify({ project: "shop", manifest: native("shop", [orders({ description: "a\u0000b" })]) })));
      expect(error).toMatchObject({ reason: "INVALID_MANIFEST", path: "$.manifest.models[0].description" });
      expect(error.message).toMatch(/\\u0000/);
    });

    const twoNodesOneKey = (manifest: Record<string, unknown>) => {
      const text = JSON.stringify(manifest);
      const node = JSON.stringify(model("orders", { description: "the first" }));
      return text.replace('"nodes":{', `"nodes":{"model.shop.orders":${node},`);
    };
    const dbtWithOrders = () => dbtManifest(12, { nodes: [model("orders", { description: "the second" })] });

    it("refuses a key given twice (two nodes entries) by REST, naming the key and both places", async () => {
      const error = await restRefusal(() => rest(`{"project":"shop","manifest":${twoNodesOneKey(dbtWithOrders())}}`));
      expect(error).toMatchObject({ reason: "INVALID_MANIFEST", path: "$.manifest.nodes" });
      expect(error.message).toMatch(/names the key "model\.shop\.orders" twice in \$\.manifest\.nodes \(line 1, column \d+ and line 1, column \d+\)/);
    });

    it("refuses a key given twice by GraphQL", async () => {
      const error = await graphqlBodyRefusal(submitBody(`{"project":"shop","manifest":${twoNodesOneKey(dbtWithOrders())}}`));
      expect(error.extensions).toMatchObject({ reason: "DUPLICATE_KEY", path: "$.variables.input.manifest.nodes" });
      expect(error.message).toMatch(/"model\.shop\.orders" twice/);
    });

    const sameUniqueIdTwice = () => {
      const manifest = dbtWithOrders() as { nodes: Record<string, unknown> };
      manifest.nodes["model.shop.orders_copy"] = model("orders_copy", { unique_id: "model.shop.orders" });
      return manifest;
    };
    const namesBoth = /unique_id "model\.shop\.orders", at \$\.nodes\["model\.shop\.orders"\] and at \$\.nodes\["model\.shop\.orders_copy"\]/;

    it("refuses two nodes with one unique_id by REST, naming both", async () => {
      const error = await restRefusal(() => rest(JSON.stringify({ project: "shop", manifest: sameUniqueIdTwice() })));
      expect(error).toMatchObject({ reason: "INVALID_MANIFEST", path: '$.nodes["model.shop.orders_copy"]', node: "model.shop.orders" });
      expect(error.message).toMatch(namesBoth);
    });

    it("refuses two nodes with one unique_id by GraphQL", async () => {
      const error = await submitRefusal(JSON.stringify({ project: "shop", manifest: sameUniqueIdTwice() }));
      expect(error.message).toMatch(namesBoth);
    });

    it("refuses a native test listed twice on one column, naming it", async () => {
      const error = await restRefusal(() => rest(JSON.stringify({ project: "shop", manifest: native("shop", [orders({ columns: [{ name: "id", tests: ["unique", "unique"] }] })]) })));
      expect(error.message).toMatch(/^Two resources have the id "test\.shop\.unique_orders_id\.[0-9a-f]+", twice at \$\.models\[\?\(@\.name=="orders"\)\]\.columns\[\?\(@\.name=="id"\)\]\.tests/);
    });

    it("refuses a native manifest posted to another project, by REST and GraphQL, naming both", async () => {
      const manifest = native("finance", [orders()]);
      const message = 'The manifest is for project "finance" but was posted to project "shop": post it to "finance", or change the manifest\'s "project".';
      const error = await restRefusal(() => rest(JSON.stringify({ project: "shop", manifest })));
      expect(error).toMatchObject({ reason: "INVALID_MANIFEST", path: "$.project", message });
      const viaGraphQL = await submitRefusal(JSON.stringify({ project: "shop", manifest }));
      expect(viaGraphQL.message).toBe(message);
    });
  });
});
