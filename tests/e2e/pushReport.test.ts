/**
 * What `tributary push` prints without --json on a real server: the verdict and its reason, the
 * changes by group (the first ten, then a count), who must approve, the change request's link,
 * and for BLOCKED what blocked it. `--author` reaches the server: the author never approves.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../support/cli.js";
import { startTestServer, type TestServer } from "../support/server.js";

/** The customers mart, owned by ana; the pull request drops first_name and adds twelve columns. */
function manifest(pullRequest: boolean) {
  const added = pullRequest ? Array.from({ length: 12 }, (_, i) => ({ name: `extra_${String(i + 1).padStart(2, "0")}` })) : [];
  return {
    format: "tributary/v1",
    project: "shop",
    models: [
      {
        name: "customers",
        layer: "mart",
        sql: "select 1 as id",
        owners: ["ana@shop.test"],
        columns: [{ name: "id" }, ...(pullRequest ? [] : [{ name: "first_name" }]), ...added],
      },
    ],
  };
}

describe("tributary push explains its verdict", { timeout: 180_000 }, () => {
  let server: TestServer;
  let env: Record<string, string>;
  const scratch = mkdtempSync(path.join(tmpdir(), "tributary-report-"));
  const file = (name: string, pullRequest: boolean) => {
    const target = path.join(scratch, name);
    writeFileSync(target, JSON.stringify(manifest(pullRequest)));
    return target;
  };
  const push = (args: string[]) => runCli(["push", "--project", "shop", ...args], env);

  beforeAll(async () => {
    server = await startTestServer({ TRIBUTARY_PUBLIC_URL: "https://tributary.shop.test/" });
    const admin = (await server.tenant("report")).token;
    const ci = await server.graphql<{ createApiToken: { secret: string } }>(admin, `mutation { createApiToken(input: { name: "ci", role: CI }) { secret } }`);
    env = { TRIBUTARY_URL: server.url, TRIBUTARY_TOKEN: ci.body.data!.createApiToken.secret, GITHUB_SHA: "", GITHUB_HEAD_REF: "", GITHUB_REF_NAME: "" };
    const base = await push(["--manifest", file("base.json", false), "--branch", "main"]);
    expect(base.code, base.stderr).toBe(0);
  });
  afterAll(async () => {
    await server.stop();
    rmSync(scratch, { recursive: true, force: true });
  });

  it("prints the verdict, its reason, the changes by group, who must approve and the link", async () => {
    const gated = await push(["--manifest", file("pr.json", true), "--mode", "propose", "--branch", "feature/slim"]);
    expect(gated.code).toBe(1);
    const id = /change request: (\S+) \(OPEN\) (\S+)/.exec(gated.stdout);
    expect(id, gated.stdout).not.toBeNull();
    const globalId = id![1]!;
    expect(Buffer.from(globalId, "base64url").toString()).toMatch(/^ChangeRequest:/);
    // The printed id is the one the REST API takes too.
    const byPrintedId = await fetch(`${server.url}/api/v1/change-requests/${globalId}`, { headers: { authorization: `Bearer ${env.TRIBUTARY_TOKEN}` } });
    expect(byPrintedId.status).toBe(200);
    expect((await byPrintedId.json()).verdict).toBe("APPROVAL_REQUIRED");
    const report = gated.stdout.slice(gated.stdout.indexOf("  verdict:"));
    expect(report).toBe(
      [
        "  verdict: APPROVAL_REQUIRED",
        "  reason: 1 breaking change needs approval: waiting for ana@shop.test.",
        "  changes: 13",
        "    breaking:",
        "      COLUMN_REMOVED: Column first_name was removed from model customers.",
        "    additive:",
        ...Array.from({ length: 9 }, (_, i) => `      COLUMN_ADDED: Column extra_${String(i + 1).padStart(2, "0")} was added to model customers.`),
        "    … and 3 more (use --json, or open the change request)",
        "  must approve:",
        "    model.shop.customers: ana@shop.test",
        `  change request: ${globalId} (OPEN) https://tributary.shop.test/change-requests/${globalId}`,
        "",
      ].join("\n"),
    );
  });

  it("says what blocked a BLOCKED verdict; --author names who may not approve", async () => {
    const blocked = await push(["--manifest", file("pr.json", true), "--mode", "propose", "--branch", "feature/by-ana", "--author", "ana@shop.test"]);
    expect(blocked.code).toBe(1);
    expect(blocked.stdout).toContain("  verdict: BLOCKED\n");
    expect(blocked.stdout).toContain("  reason: Blocked: nobody may approve the breaking changes to model.shop.customers");
    expect(blocked.stdout).toContain(
      "  blocked by:\n    model.shop.customers: nobody may approve its changes (set approvals.fallbackApprovers in the change policy, or assign an owner)\n",
    );
    expect(blocked.stdout).not.toContain("must approve:");
  });
});
