/**
 * The real HTTP service on 127.0.0.1 with a fresh test database, for API tests.
 */
import type { AddressInfo } from "node:net";
import { expect } from "vitest";
import { loadConfig, type Config } from "../../src/config.js";
import { tributarySchema } from "../../src/graphql/schema.js";
import { createHttpApp } from "../../src/http/app.js";
import { createLogger, type Logger } from "../../src/logger.js";
import { startDeliveryWorker, type DeliveryWorker, type DeliveryWorkerOptions } from "../../src/notify/worker.js";
import { createTenant } from "../../src/services/tenants.js";
import { createTestDatabase, type TestDatabase } from "./db.js";

export interface TestServer {
  url: string;
  database: TestDatabase;
  config: Config;
  /** The webhook delivery worker, when started with the `deliveryWorker` option. */
  worker: DeliveryWorker | null;
  /** Creates a tenant and returns its first ADMIN token. */
  tenant(slug: string): Promise<{ id: string; token: string }>;
  /** POSTs a GraphQL operation with a bearer token; returns status and parsed body. */
  graphql<T = Record<string, unknown>>(
    token: string | null,
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<{ status: number; body: { data?: T; errors?: { message: string; extensions?: Record<string, unknown> }[] } }>;
  /** A GraphQL operation's data, expecting no errors (the test fails naming them). */
  data<T = Record<string, any>>(token: string | null, query: string, variables?: Record<string, unknown>): Promise<T>; // eslint-disable-line @typescript-eslint/no-explicit-any
  /** POSTs a manifest envelope to the REST endpoint CI uses; returns status and parsed body. */
  postManifest(token: string, body: Record<string, unknown>): Promise<{ status: number; body: Record<string, any> }>; // eslint-disable-line @typescript-eslint/no-explicit-any
  /** POSTs production runs (run_results.json, sources.json or run facts) to `/api/v1/runs`. */
  postRuns(token: string, body: unknown, query?: string): Promise<{ status: number; body: Record<string, any> }>; // eslint-disable-line @typescript-eslint/no-explicit-any
  stop(): Promise<void>;
}

export interface TestServerOptions {
  /** Runs a webhook delivery worker beside the server, as `tributary serve` does. */
  deliveryWorker?: DeliveryWorkerOptions;
  /** The server's clock (run posts, health windows, OpenLineage retention); tests move it instead of sleeping. */
  now?: () => Date;
  /** Where the server logs; silent by default. */
  logger?: Logger;
}

export async function startTestServer(env: Record<string, string> = {}, options: TestServerOptions = {}): Promise<TestServer> {
  const database = await createTestDatabase();
  // Test receivers listen on 127.0.0.1, a private address webhooks are refused by default.
  const config = loadConfig({ PORT: "0", LOG_LEVEL: "silent", TRIBUTARY_WEBHOOK_ALLOW_PRIVATE: "1", ...env });
  const { server, apollo } = await createHttpApp({
    db: database.db,
    config,
    logger: options.logger ?? createLogger("silent"),
    schema: await tributarySchema(),
    now: options.now,
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const worker = options.deliveryWorker ? startDeliveryWorker(database.db.prisma, { allowPrivateNetworks: config.webhookAllowPrivate, ...options.deliveryWorker }) : null;
  const graphql: TestServer["graphql"] = async (token, query, variables) => {
    const response = await fetch(`${url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return { status: response.status, body: (await response.json()) as never };
  };
  return {
    url,
    database,
    config,
    worker,
    async tenant(slug) {
      const { tenant, token } = await createTenant(database.db.prisma, { slug });
      return { id: tenant.id, token };
    },
    graphql,
    async data(token, query, variables) {
      const { body } = await graphql<never>(token, query, variables);
      expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
      return body.data!;
    },
    async postManifest(token, body) {
      const response = await fetch(`${url}/api/v1/manifests`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
        body: JSON.stringify(body),
      });
      return { status: response.status, body: (await response.json()) as never };
    },
    async postRuns(token, body, query = "") {
      const response = await fetch(`${url}/api/v1/runs${query}`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
        body: JSON.stringify(body),
      });
      return { status: response.status, body: (await response.json()) as never };
    },
    async stop() {
      await apollo.stop();
      await worker?.stop();
      await database.dispose();
    },
  };
}
