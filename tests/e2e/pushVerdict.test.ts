/**
 * `tributary push` gating a pull request on the real server: a breaking change to an owned mart
 * fails the build (APPROVAL_REQUIRED), and `--wait` returns 0 once the owner approves.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli, startCli } from "../support/cli.js";
import { fixturePath } from "../support/fixtures.js";
import { startTestServer, type TestServer } from "../support/server.js";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe("tributary push gates a pull request", { timeout: 180_000 }, () => {
  let server: TestServer;
  let env: Record<string, string>;
  let owner: string;
  const scratch = mkdtempSync(path.join(tmpdir(), "tributary-verdict-"));

  /** jaffle_shop with an owned customers mart; the PR version drops its first_name column. */
  const write = (name: string, dropColumn: boolean): string => {
    const manifest = JSON.parse(readFileSync(fixturePath("jaffle_shop_duckdb", "base", "manifest.json"), "utf8")) as Json;
    const customers = manifest.nodes["model.jaffle_shop.customers"];
    customers.meta = customers.config.meta = { owner: "ana@jaffle.test" };
    if (dropColumn) delete customers.columns.first_name;
    const file = path.join(scratch, name);
    writeFileSync(file, JSON.stringify(manifest));
    return file;
  };

  beforeAll(async () => {
    server = await startTestServer();
    const admin = (await server.tenant("gate")).token;
    const token = async (role: string, ownerEmail?: string) =>
      (
        await server.graphql<{ createApiToken: { secret: string } }>(admin, `mutation($i: CreateApiTokenInput!) { createApiToken(input: $i) { secret } }`, {
          i: { name: role.toLowerCase(), role, ...(ownerEmail ? { ownerEmail } : {}) },
        })
      ).body.data!.createApiToken.secret;
    env = { TRIBUTARY_URL: server.url, TRIBUTARY_TOKEN: await token("CI"), GITHUB_SHA: "", GITHUB_HEAD_REF: "", GITHUB_REF_NAME: "" };
    owner = await token("OWNER", "ana@jaffle.test");
  });
  afterAll(async () => {
    await server.stop();
    rmSync(scratch, { recursive: true, force: true });
  });

  it("exits 1 on APPROVAL_REQUIRED and 0 after --wait sees the owner approve", async () => {
    const base = await runCli(["push", "--project", "jaffle", "--manifest", write("base.json", false), "--branch", "main"], env);
    expect(base.code, base.stderr).toBe(0);

    const pr = ["push", "--project", "jaffle", "--manifest", write("pr.json", true), "--mode", "propose", "--branch", "feature/drop-first-name"];
    const gated = await runCli([...pr, "--json"], env);
    expect(gated.code).toBe(1);
    const answer = JSON.parse(gated.stdout) as { verdict: string; changeRequest: { id: string } };
    expect(answer.verdict).toBe("APPROVAL_REQUIRED");

    const waiting = startCli([...pr, "--wait", "--timeout", "2m", "--poll-interval", "1s"], env);
    const exited = new Promise<number | null>((resolve) => waiting.on("exit", resolve));
    let output = "";
    waiting.stdout!.on("data", (d: Buffer) => (output += d));
    const id = Buffer.from(`ChangeRequest:${answer.changeRequest.id}`).toString("base64url");
    const approved = await server.graphql(owner, `mutation($id: ID!) { approveChangeRequest(input: { id: $id }) { changeRequest { status } } }`, { id });
    expect(approved.body.errors).toBeUndefined();
    expect(await exited).toBe(0);
    expect(output).toContain("APPROVED");
  });
});
