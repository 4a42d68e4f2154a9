/**
 * `tributary push` against a small local HTTP receiver: the exact bytes of the streamed,
 * gzip-compressed envelope, and the verdicts and `--wait` polling the change process will answer
 * with (the real server does not produce verdicts yet).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { runCli } from "../support/cli.js";

interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

const CLEAN_CI_ENV = Object.fromEntries(
  ["GITHUB_SHA", "GITHUB_HEAD_REF", "GITHUB_REF_NAME", "CI_COMMIT_SHA", "CI_COMMIT_REF_NAME", "CI_MERGE_REQUEST_SOURCE_BRANCH_NAME", "BUILDKITE_COMMIT", "BUILDKITE_BRANCH", "CIRCLE_SHA1", "CIRCLE_BRANCH", "BITBUCKET_COMMIT", "BITBUCKET_BRANCH", "GIT_COMMIT", "GIT_BRANCH", "TRIBUTARY_URL", "TRIBUTARY_TOKEN"].map((name) => [name, ""]),
);

describe("tributary push protocol", { timeout: 60_000 }, () => {
  let receiver: Server;
  let url: string;
  let seen: Seen[] = [];
  /** What the receiver answers to the POST, and to the n-th GET of a change request. */
  let postAnswer: unknown;
  let verdicts: string[] = [];
  const scratch = mkdtempSync(path.join(tmpdir(), "tributary-push-protocol-"));

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", () => {
        seen.push({ method: req.method!, url: req.url!, headers: req.headers, body: Buffer.concat(chunks) });
        res.setHeader("content-type", "application/json");
        if (req.method === "POST") return res.end(JSON.stringify(postAnswer));
        const polls = seen.filter((s) => s.method === "GET").length;
        const verdict = verdicts[Math.min(polls, verdicts.length) - 1] ?? "APPROVAL_REQUIRED";
        res.end(JSON.stringify({ changeRequest: { id: "cr_9", status: verdict === "APPROVAL_REQUIRED" ? "OPEN" : "CLOSED" }, verdict }));
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => receiver.close(resolve));
    rmSync(scratch, { recursive: true, force: true });
  });
  beforeEach(() => {
    seen = [];
    verdicts = [];
  });

  const version = { id: "v_1", status: "APPLIED", checksum: "sha256:abc", createdAt: "2026-01-01T00:00:00.000Z" };
  const env = () => ({ ...CLEAN_CI_ENV, TRIBUTARY_URL: url, TRIBUTARY_TOKEN: "trb_secret" });

  it("streams the envelope gzip-compressed and chunked, with the files' bytes as they are (BOM dropped) and CI defaults", async () => {
    const manifestText = '{ "metadata": {"dbt_schema_version": "https://schemas.getdbt.com/dbt/manifest/v12.json"},\n  "nodes": {"ünïcode": [1, 2.50, "x"]} }\n';
    const runResultsText = '{"results": []}';
    const manifest = path.join(scratch, "manifest.json");
    const runResults = path.join(scratch, "run_results.json");
    writeFileSync(manifest, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(manifestText, "utf8")]));
    writeFileSync(runResults, runResultsText);
    postAnswer = { version, status: "APPLIED", counts: { models: 3 }, diagnostics: [{ code: "X", severity: "warning", message: "look", uniqueId: "model.p.a" }], verdict: "NO_APPROVAL_NEEDED" };

    const result = await runCli(["push", "--project", "shop", "--mode", "propose", "--manifest", manifest, "--run-results", runResults], {
      ...env(),
      CI_COMMIT_SHA: "c0ffee",
      CI_COMMIT_REF_NAME: "feature/gitlab",
    });
    expect(result.code, result.stderr).toBe(0);
    expect(seen).toHaveLength(1);
    const [post] = seen;
    expect(post).toMatchObject({ method: "POST", url: "/api/v1/manifests" });
    expect(post!.headers).toMatchObject({
      authorization: "Bearer trb_secret",
      "content-type": "application/json",
      "content-encoding": "gzip",
      "transfer-encoding": "chunked",
    });
    expect(post!.headers["content-length"]).toBeUndefined();
    const expected = `{"project":"shop","mode":"propose","gitSha":"c0ffee","branch":"feature/gitlab","manifest":${manifestText},"runResults":${runResultsText}}`;
    expect(gunzipSync(post!.body).toString("utf8")).toBe(expected);
    expect(result.stdout).toBe(
      [
        "shop (propose): APPLIED, version v_1",
        "  checksum: sha256:abc",
        "  counts: models 3",
        "  diagnostics: 1 (1 warning)",
        "    warning X model.p.a: look",
        "  verdict: NO_APPROVAL_NEEDED",
        "",
      ].join("\n"),
    );
    expect(result.stderr).toBe("");
  });

  it("--wait polls the change request until the owners decide; exit 0 on APPROVED", async () => {
    postAnswer = { version, status: "APPLIED", verdict: "APPROVAL_REQUIRED", changeRequest: { id: "cr_9", url: "http://x/cr/9", status: "OPEN" } };
    verdicts = ["APPROVAL_REQUIRED", "APPROVAL_REQUIRED", "APPROVED"];
    const manifest = path.join(scratch, "small.json");
    writeFileSync(manifest, "{}");
    const result = await runCli(["push", "--project", "shop", "--mode", "propose", "--manifest", manifest, "--wait", "--poll-interval", "20ms", "--json"], env());
    expect(result.code, result.stderr).toBe(0);
    const gets = seen.filter((s) => s.method === "GET");
    expect(gets.map((g) => g.url)).toEqual(Array(3).fill("/api/v1/change-requests/cr_9"));
    expect(gets.every((g) => g.headers.authorization === "Bearer trb_secret")).toBe(true);
    expect(JSON.parse(result.stdout)).toMatchObject({ verdict: "APPROVED", changeRequest: { id: "cr_9", url: "http://x/cr/9", status: "CLOSED" } });
    expect(result.stderr).toContain("waiting up to 30m for approval of change request cr_9");
  });

  it("exits 1 on REJECTED after waiting, on a timeout, and on APPROVAL_REQUIRED or BLOCKED without waiting", async () => {
    const manifest = path.join(scratch, "small.json");
    writeFileSync(manifest, "{}");
    const base = ["push", "--project", "shop", "--manifest", manifest];
    postAnswer = { version, status: "APPLIED", verdict: "APPROVAL_REQUIRED", changeRequest: { id: "cr_9" } };

    verdicts = ["REJECTED"];
    const rejected = await runCli([...base, "--mode", "propose", "--wait", "--poll-interval", "20ms"], env());
    expect(rejected.code).toBe(1);
    expect(rejected.stdout).toContain("verdict: REJECTED");

    verdicts = ["APPROVAL_REQUIRED"];
    const timedOut = await runCli([...base, "--mode", "propose", "--wait", "--timeout", "300ms", "--poll-interval", "50ms"], env());
    expect(timedOut.code).toBe(1);
    expect(timedOut.stderr).toContain("timed out after 300ms; the verdict is still APPROVAL_REQUIRED");

    seen = [];
    const noWait = await runCli([...base, "--mode", "propose"], env());
    expect(noWait.code).toBe(1);
    expect(noWait.stdout).toContain("verdict: APPROVAL_REQUIRED");
    expect(seen.filter((s) => s.method === "GET")).toEqual([]);

    postAnswer = { version, status: "UNCHANGED", verdict: "BLOCKED" };
    const blocked = await runCli(base, env());
    expect(blocked.code).toBe(1);
    expect(blocked.stdout).toContain("verdict: BLOCKED");
  });
});
