/**
 * `tributary push --run-results` and `--sources` without a manifest: a production run's
 * artifacts recorded by a real CLI process against the real HTTP server.
 */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../support/cli.js";
import { startTestServer, type TestServer } from "../support/server.js";

const fixture = (name: string) => new URL(`../fixtures/runs/${name}`, import.meta.url).pathname;

describe("tributary push of production runs", { timeout: 120_000 }, () => {
  let server: TestServer;
  let env: Record<string, string>;

  beforeAll(async () => {
    server = await startTestServer();
    const { token } = await server.tenant("runs");
    env = { TRIBUTARY_URL: server.url, TRIBUTARY_TOKEN: token };
    const manifest = JSON.parse(readFileSync(new URL("../../examples/jaffle_shop/manifest.json", import.meta.url), "utf8")) as unknown;
    expect((await server.postManifest(token, { project: "jaffle_shop", manifest })).status).toBe(200);
  });
  afterAll(() => server.stop());

  it("records run_results.json and sources.json posted together, and a repeat records nothing twice", async () => {
    const args = ["push", "--project", "jaffle_shop", "--run-results", fixture("run_results_production.json"), "--sources", fixture("sources_v3.json")];
    const first = await runCli(args, env);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/^runs: 10 recorded, 0 already known; test results: \d+ recorded$/m);
    expect(first.stdout).toMatch(/^freshness: \d+ assets evaluated, \d+ changed, \d+ alerts$/m);
    const again = await runCli([...args, "--json"], env);
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ runs: { received: 10, recorded: 0, duplicates: 10 }, tests: { recorded: 0 } });
    expect(await server.database.db.prisma.assetRun.count()).toBe(10);
  });

  it("says what is wrong with --sources beside --manifest (exit 2) and with a project the server does not know (exit 1)", async () => {
    const both = await runCli(["push", "--project", "jaffle_shop", "--manifest", fixture("sources_v3.json"), "--sources", fixture("sources_v3.json")], env);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain("--sources is posted on its own");
    const unknown = await runCli(["push", "--project", "nope", "--sources", fixture("sources_v3.json")], env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('No project named "nope"');
  });
});
