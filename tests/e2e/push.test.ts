/**
 * `tributary push` as CI runs it: a real process against the real HTTP server and a fresh test
 * database. Each CLI run costs a process start, so each test checks several things.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waitForVerdict } from "../../src/cli/pushWait.js";
import { runCli } from "../support/cli.js";
import { fixturePath } from "../support/fixtures.js";
import { startTestServer, type TestServer } from "../support/server.js";

/** CI variables of the machine running the tests must not leak into what is posted. */
const CLEAN_CI_ENV = Object.fromEntries(
  ["GITHUB_SHA", "GITHUB_HEAD_REF", "GITHUB_REF_NAME", "CI_COMMIT_SHA", "CI_COMMIT_REF_NAME", "CI_MERGE_REQUEST_SOURCE_BRANCH_NAME", "BUILDKITE_COMMIT", "BUILDKITE_BRANCH", "CIRCLE_SHA1", "CIRCLE_BRANCH", "BITBUCKET_COMMIT", "BITBUCKET_BRANCH", "GIT_COMMIT", "GIT_BRANCH", "TRIBUTARY_URL", "TRIBUTARY_TOKEN"].map((name) => [name, ""]),
);

const JAFFLE = fixturePath("jaffle_shop_duckdb", "base");

describe("tributary push against the server", { timeout: 120_000 }, () => {
  let server: TestServer;
  let token: string;
  let env: Record<string, string>;
  const scratch = mkdtempSync(path.join(tmpdir(), "tributary-push-"));

  beforeAll(async () => {
    // 2 MB: the fixtures fit, a 6 MB padded manifest does not.
    server = await startTestServer({ TRIBUTARY_MAX_BODY: "2mb" });
    token = (await server.tenant("push")).token;
    env = { ...CLEAN_CI_ENV, TRIBUTARY_URL: server.url, TRIBUTARY_TOKEN: token };
  });
  afterAll(async () => {
    await server.stop();
    rmSync(scratch, { recursive: true, force: true });
  });

  it("posts manifest and catalog with git sha and branch from GitHub's variables; a repeat post is UNCHANGED", async () => {
    const args = ["push", "--project", "jaffle", "--manifest", path.join(JAFFLE, "manifest.json"), "--catalog", path.join(JAFFLE, "catalog.json")];
    const ciEnv = { ...env, GITHUB_SHA: "0123abcd", GITHUB_HEAD_REF: "", GITHUB_REF_NAME: "main" };
    const first = await runCli([...args, "--json"], ciEnv);
    expect(first.code, first.stderr).toBe(0);
    const answer = JSON.parse(first.stdout) as { status: string; version: { id: string }; counts: { models: number; tests: number } };
    expect(answer).toMatchObject({ status: "APPLIED", counts: { models: 7, tests: 25 } });
    const stored = await server.database.db.prisma.manifestVersion.findFirstOrThrow({ where: { id: answer.version.id } });
    expect(stored).toMatchObject({ gitSha: "0123abcd", branch: "main" });
    // The catalog came along: warehouse types are on the columns.
    const typed = await server.database.db.prisma.column.count({ where: { dataType: { not: null } } });
    expect(typed).toBeGreaterThan(0);

    const again = await runCli(args, ciEnv);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain(`jaffle (apply): UNCHANGED, version ${answer.version.id}`);
    expect(again.stdout).toMatch(/counts: .*models 7/);
    expect(again.stdout).toMatch(/diagnostics: \d+/);
  });

  it("posts a never-compiled dbt project folder with the dependencies read from its SQL", async () => {
    const result = await runCli(["push", "--project", "jira", "--models", fixturePath("fivetran_jira_v4_bigquery", "project"), "--dialect", "bigquery", "--branch", "feature/x", "--git-sha", "feedbeef", "--json"], env);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain("read ");
    expect(result.stderr).toMatch(/22 models, 0 source tables, 0 exposures, 0 metrics, 0 semantic models, 0 saved queries, 0 groups, 49 dependencies \(21 through vars\)/);
    const answer = JSON.parse(result.stdout) as { version: { id: string }; counts: { models: number } };
    expect(answer.counts.models).toBe(22);
    const prisma = server.database.db.prisma;
    expect(await prisma.manifestVersion.findFirstOrThrow({ where: { id: answer.version.id } })).toMatchObject({ gitSha: "feedbeef", branch: "feature/x" });
    // An edge between two models of the folder, found in the SQL: jira__issue_enhanced reads int_jira__issue_join.
    const downstream = await prisma.asset.findFirstOrThrow({ where: { uniqueId: "model.jira.jira__issue_enhanced" } });
    const upstream = await prisma.asset.findFirstOrThrow({ where: { uniqueId: "model.jira.int_jira__issue_join" } });
    expect(await prisma.lineageEdge.count({ where: { fromAssetId: upstream.id, toAssetId: downstream.id } })).toBe(1);
  });

  it("fails with exit 1 and the server's message: bad token, rejected manifest, too large (with progress on stderr)", async () => {
    const manifest = path.join(JAFFLE, "manifest.json");
    const badToken = await runCli(["push", "--project", "jaffle", "--manifest", manifest], { ...env, TRIBUTARY_TOKEN: "trb_not_a_real_token" });
    expect(badToken.code).toBe(1);
    expect(badToken.stderr).toContain("refused the token (401)");
    expect(badToken.stderr).toContain("The bearer token is not valid");
    expect(badToken.stdout).toBe("");

    const notManifest = path.join(scratch, "not-a-manifest.json");
    writeFileSync(notManifest, JSON.stringify({ hello: "world" }));
    const rejected = await runCli(["push", "--project", "jaffle", "--manifest", notManifest, "--json"], env);
    expect(rejected.code).toBe(1);
    expect(rejected.stderr).toContain("the server rejected the post (400)");
    expect(JSON.parse(rejected.stdout)).toMatchObject({ error: { code: "BAD_USER_INPUT" } });

    // Valid JSON of 6 MB: whitespace padding compresses to almost nothing, but the server counts decompressed bytes.
    const padded = path.join(scratch, "padded.json");
    writeFileSync(padded, readFileSync(manifest, "utf8").replace(/^\{/, `{${" ".repeat(6 * 1024 * 1024)}`));
    const tooLarge = await runCli(["push", "--project", "jaffle", "--manifest", padded], env);
    expect(tooLarge.code).toBe(1);
    expect(tooLarge.stderr).toContain("larger than the server accepts (413)");
    expect(tooLarge.stderr).toMatch(/uploading .*\d+% \| [\d.]+ MB \/ 6\.\d MB/);
    expect(tooLarge.stdout).toBe("");
  });

  it("--wait says clearly when the server has no change-request endpoint", async () => {
    // Until the change process lands, GET /api/v1/change-requests/<id> is no route of this server.
    await expect(
      waitForVerdict({ server: new URL(server.url), token, changeRequestId: "cr_1", timeoutMs: 5_000, intervalMs: 10 }),
    ).rejects.toThrow(/cannot wait for approvals: GET \/api\/v1\/change-requests\/cr_1 answered 404/);
  });
});

describe("tributary push usage and network errors", { timeout: 60_000 }, () => {
  it("exits 2 for usage errors and 1 with a clear message when the server is unreachable", async () => {
    const manifest = path.join(JAFFLE, "manifest.json");
    const noToken = await runCli(["push", "--project", "p", "--manifest", manifest], CLEAN_CI_ENV);
    expect(noToken.code).toBe(2);
    expect(noToken.stderr).toContain("an API token is required");
    const both = await runCli(["push", "--project", "p", "--token", "t", "--manifest", manifest, "--models", "."], CLEAN_CI_ENV);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain("cannot be used with option '--manifest");
    const unreachable = await runCli(["push", "--project", "p", "--token", "t", "--manifest", manifest, "--server", "http://127.0.0.1:9"], CLEAN_CI_ENV);
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toContain("cannot reach the Tributary server at http://127.0.0.1:9: connection refused");
  });
});
