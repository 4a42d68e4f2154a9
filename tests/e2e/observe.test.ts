/** `tributary observe` as a real process against a real server. */
import { mkdtempSync, writeFileSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../support/cli.js";
import { startTestServer, type TestServer } from "../support/server.js";

const jaffle = JSON.parse(readFileSync(new URL("../../examples/jaffle_shop/manifest.json", import.meta.url), "utf8")) as unknown;

describe("tributary observe", () => {
  let server: TestServer;
  let token: string;
  const dir = mkdtempSync(join(tmpdir(), "observe-"));

  beforeAll(async () => {
    server = await startTestServer();
    token = (await server.tenant("acme")).token;
    expect((await server.postManifest(token, { project: "jaffle_shop", mode: "apply", manifest: jaffle })).status).toBe(200);
  });
  afterAll(() => server.stop());

  it("posts JSON Lines, prints the anomaly, and exits 1 with --fail-on-anomaly", async () => {
    const values = [1000, 1012, 990, 1004, 996, 1008, 993, 600];
    const file = join(dir, "orders.jsonl");
    writeFileSync(file, values.map((value, i) => JSON.stringify({ asset: "model.jaffle_shop.orders", name: "row_count", date: `2026-11-${String(2 + i).padStart(2, "0")}`, value })).join("\n"));
    const result = await runCli(["observe", file, "--server", server.url, "--token", token, "--fail-on-anomaly"]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^Stored 8 observations; 1 anomaly:\n  2026-11-09T00:00:00\.000Z  600  expected 980\.33 to 1020\.53  z = 49\.81  \S+\n$/);
  });

  it("reports a bad observation with its path and a bad file as a usage error", async () => {
    const bad = join(dir, "bad.json");
    writeFileSync(bad, JSON.stringify({ observations: [{ asset: "model.jaffle_shop.orders", value: 1 }] }));
    const answered = await runCli(["observe", bad, "--server", server.url, "--token", token]);
    expect(answered.code).toBe(1);
    expect(answered.stderr).toContain("$.observations[0].at: give exactly one of at and date");
    const empty = join(dir, "empty.json");
    writeFileSync(empty, "[]");
    const usage = await runCli(["observe", empty, "--server", server.url, "--token", token]);
    expect(usage).toMatchObject({ code: 2, stderr: expect.stringContaining("holds no observations") });
  });
});
