/**
 * Issue 13, item 1 over HTTP: the dbt 1.2 build with config values rendered as text
 * (tests/fixtures/built/lenient) is stored, not refused, and its version keeps the warnings.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Diagnostic } from "../../src/core/diagnostic.js";
import { startTestServer, type TestServer } from "../support/server.js";

const builtDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "fixtures", "built", "lenient");
const readBuilt = (file: string): unknown => JSON.parse(readFileSync(path.join(builtDir, file), "utf8")) as unknown;

describe("POST /api/v1/manifests with dbt values rendered as text", () => {
  let server: TestServer;
  let token: string;

  beforeAll(async () => {
    server = await startTestServer();
    token = (await server.tenant("lenient")).token;
  });
  afterAll(() => server.stop());

  it("applies the build and keeps a warning naming each node and field", async () => {
    const body = JSON.stringify({ project: "shop", mode: "apply", manifest: readBuilt("manifest.json"), runResults: readBuilt("run_results.json") });
    const response = await fetch(`${server.url}/api/v1/manifests`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body,
    });
    expect(response.status).toBe(200);
    const answer = (await response.json()) as { status: string; version: { id: string }; counts: { models: number; sources: number; tests: number } };
    expect(answer).toMatchObject({ status: "APPLIED", counts: { models: 3, sources: 2, tests: 1 } });

    const prisma = server.database.db.prisma;
    const source = await prisma.asset.findFirst({ where: { uniqueId: "source.shop.raw.orders" } });
    expect(source?.removedAt).toBeNull();
    const version = await prisma.manifestVersion.findFirstOrThrow({ where: { id: answer.version.id } });
    const diagnostics = version.diagnostics as unknown as Diagnostic[];
    expect(diagnostics).toContainEqual(
      expect.objectContaining({ code: "VALUE_COERCED", uniqueId: "source.shop.raw.orders", path: '$.sources["source.shop.raw.orders"].config.enabled' }),
    );
    expect(diagnostics.filter((d) => d.code === "VALUE_IGNORED").map((d) => d.uniqueId)).toEqual(["model.shop.stg_customers", "model.shop.orders", "model.shop.orders"]);
  });
});
