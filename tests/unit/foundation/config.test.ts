import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../../src/config.js";

describe("loadConfig", () => {
  it("defaults to the embedded database on port 4000", () => {
    const config = loadConfig({});
    expect(config.database).toEqual({ kind: "pglite", dataDir: expect.stringMatching(/\.tributary$/) });
    expect(config.port).toBe(4000);
    expect(config.host).toBe("127.0.0.1");
    expect(config.demo).toBe(true);
    expect(config.maxBodyBytes).toBe(256 * 1024 * 1024);
  });

  it("uses PostgreSQL when DATABASE_URL is set", () => {
    const config = loadConfig({ DATABASE_URL: "postgres://u:p@db:5432/trib", TRIBUTARY_DATA_DIR: "/x" });
    expect(config.database).toEqual({ kind: "postgres", url: "postgres://u:p@db:5432/trib" });
  });

  it("reads sizes, flags and numbers", () => {
    const config = loadConfig({ TRIBUTARY_MAX_BODY: "1.5gb", TRIBUTARY_DEMO: "0", PORT: "8080", HOST: "0.0.0.0" });
    expect(config.maxBodyBytes).toBe(1.5 * 1024 ** 3);
    expect(config.demo).toBe(false);
    expect(config.port).toBe(8080);
    expect(config.host).toBe("0.0.0.0");
  });

  it("reads the manifest field limits, with defaults that admit real dbt projects", () => {
    expect(loadConfig({}).fieldLimits).toEqual({ name: 4 * 1024, description: 1024 ** 2, sql: 8 * 1024 ** 2, meta: 1024 ** 2 });
    const config = loadConfig({ TRIBUTARY_MAX_NAME: "256", TRIBUTARY_MAX_DESCRIPTION: "64kb", TRIBUTARY_MAX_SQL: "2mb", TRIBUTARY_MAX_META: "128kb" });
    expect(config.fieldLimits).toEqual({ name: 256, description: 64 * 1024, sql: 2 * 1024 ** 2, meta: 128 * 1024 });
  });

  it("names every bad variable and its value in one error", () => {
    let error: unknown;
    try {
      loadConfig({ PORT: "eighty", DATABASE_URL: "mysql://x", TRIBUTARY_DEMO: "maybe" });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toContain('PORT="eighty"');
    expect(message).toContain('DATABASE_URL="mysql://x": expected a postgres:// or postgresql:// URL');
    expect(message).toContain('TRIBUTARY_DEMO="maybe"');
  });

  it("reads the request limits, and refuses ones that would disable them", () => {
    expect(loadConfig({}).graphql).toEqual({ maxDepth: 12, maxCost: 50_000, maxExpensiveRoots: 5, timeBudgetMs: 10_000, tenantSlots: { concurrency: 2, queue: 16 } });
    const set = loadConfig({ GRAPHQL_MAX_EXPENSIVE_ROOTS: "3", GRAPHQL_TIME_BUDGET_MS: "2500", GRAPHQL_TENANT_CONCURRENCY: "4", GRAPHQL_TENANT_QUEUE: "0" });
    expect(set.graphql).toMatchObject({ maxExpensiveRoots: 3, timeBudgetMs: 2500, tenantSlots: { concurrency: 4, queue: 0 } });
    expect(() => loadConfig({ GRAPHQL_TIME_BUDGET_MS: "0", GRAPHQL_TENANT_CONCURRENCY: "0", GRAPHQL_MAX_EXPENSIVE_ROOTS: "many" })).toThrow(
      /GRAPHQL_MAX_EXPENSIVE_ROOTS="many"[\s\S]*GRAPHQL_TIME_BUDGET_MS="0"[\s\S]*GRAPHQL_TENANT_CONCURRENCY="0"/,
    );
  });

  it("treats empty variables as unset", () => {
    expect(loadConfig({ PORT: "", DATABASE_URL: "" }).port).toBe(4000);
  });
});
