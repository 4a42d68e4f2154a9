/** `tributary health` as a real process, reading `GET /api/v1/projects/:project/health` of a real server. */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../support/cli.js";
import { startTestServer, type TestServer } from "../support/server.js";

const json = (path: string) => JSON.parse(readFileSync(new URL(path, import.meta.url), "utf8")) as unknown;

describe("tributary health", () => {
  let server: TestServer;
  let token: string;

  beforeAll(async () => {
    // The fixture's production run ended at 08:05 on 5 November 2024: the server's day ends at noon.
    server = await startTestServer({}, { now: () => new Date("2024-11-05T12:00:00Z") });
    token = (await server.tenant("acme")).token;
    expect((await server.postManifest(token, { project: "jaffle_shop", mode: "apply", manifest: json("../../examples/jaffle_shop/manifest.json") })).status).toBe(200);
    const runs = await server.postRuns(token, { project: "jaffle_shop", runResults: json("../fixtures/runs/run_results_production.json") });
    expect(runs.status, JSON.stringify(runs.body)).toBe(200);
  });
  afterAll(() => server.stop());

  it("prints the project's run success, tests and documentation over the day", async () => {
    const result = await runCli(["health", "--project", "jaffle_shop", "--window", "day", "--server", server.url, "--token", token]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("jaffle_shop, last day:");
    // The fixture's run: 7 model runs, one of them failed; 25 test results, one failed.
    expect(result.stdout).toMatch(/run success rate\s+85\.7 % of 7 runs \(1 failed\)/);
    expect(result.stdout).toMatch(/test pass rate\s+96\.0 % of 25 results/);
    expect(result.stdout).toMatch(/mean time to recovery\s+no recovery/);
    expect(result.stdout).toMatch(/quality score\s+\d+\.\d/);
  });

  it("answers the same figures as JSON over REST, for one layer too", async () => {
    const cli = await runCli(["health", "--project", "jaffle_shop", "--window", "day", "--layer", "mart", "--json", "--server", server.url, "--token", token]);
    expect(cli.code).toBe(0);
    const answer = JSON.parse(cli.stdout) as { project: string; layer: string; window: string; runs: number; trend: unknown[] };
    expect(answer).toMatchObject({ project: "jaffle_shop", layer: "MART", window: "DAY" });
    expect(answer.runs).toBeGreaterThan(0);
    expect(answer.trend).toHaveLength(24);
  });

  it("says what is wrong: an unknown project, a bad parameter, a bad window", async () => {
    const unknown = await runCli(["health", "--project", "nope", "--server", server.url, "--token", token]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("NOT_FOUND");
    const rest = await fetch(`${server.url}/api/v1/projects/jaffle_shop/health?layer=gold`, { headers: { authorization: `Bearer ${token}` } });
    expect(rest.status).toBe(400);
    expect(await rest.json()).toMatchObject({ error: { code: "BAD_USER_INPUT", parameter: "layer", in: "query" } });
    const usage = await runCli(["health", "--project", "jaffle_shop", "--window", "year", "--server", server.url, "--token", token]);
    expect(usage.code).toBe(2);
  });
});
