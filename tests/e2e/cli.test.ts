import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseToken } from "../../src/core/tokens.js";
import { runCli, startCli, waitForOutput } from "../support/cli.js";

const dataDir = mkdtempSync(join(tmpdir(), "tributary-cli-"));
const env = { TRIBUTARY_DATA_DIR: dataDir };
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe("tributary CLI", { timeout: 120_000 }, () => {
  it("has --help on every command", async () => {
    for (const args of [[], ["serve"], ["migrate"], ["tenant", "create"], ["token", "create"], ["token", "revoke"], ["token", "list"], ["export", "openlineage"]]) {
      const { code, stdout } = await runCli([...args, "--help"]);
      expect(code, args.join(" ")).toBe(0);
      expect(stdout).toContain("Usage: tributary");
    }
  });

  it("creates tenants and manages tokens on the embedded database", async () => {
    const created = await runCli(["tenant", "create", "acme", "--name", "Acme Data", "--json"], env);
    expect(created.code, created.stderr).toBe(0);
    const tenant = JSON.parse(created.stdout) as { tenant: { id: string; slug: string; name: string }; token: string };
    expect(tenant.tenant).toEqual({ id: expect.any(String), slug: "acme", name: "Acme Data" });
    expect(tenant.token).toMatch(/^trb_/);

    const token = await runCli(["token", "create", "--tenant", "acme", "--role", "CI", "--owner", "ci@acme.io", "--json"], env);
    expect(token.code, token.stderr).toBe(0);
    const ci = JSON.parse(token.stdout) as { token: { id: string; role: string; owner: string }; secret: string };
    expect(ci.token).toMatchObject({ role: "CI", owner: "ci@acme.io" });

    const revoked = await runCli(["token", "revoke", ci.token.id], env);
    expect(revoked.code, revoked.stderr).toBe(0);

    const list = await runCli(["token", "list", "--tenant", "acme", "--json"], env);
    const tokens = JSON.parse(list.stdout) as { id: string; role: string; revokedAt: string | null }[];
    expect(tokens.map((t) => t.role)).toEqual(["ADMIN", "CI"]);
    expect(tokens.find((t) => t.id === ci.token.id)?.revokedAt).not.toBeNull();
    expect(list.stdout).not.toContain(parseToken(ci.secret)!.secret);
  });

  it("fails with one clear message and a non-zero exit", async () => {
    const duplicate = await runCli(["tenant", "create", "acme"], env);
    expect(duplicate.code).toBe(1);
    expect(duplicate.stderr).toContain('A tenant with slug "acme" already exists');
    const badSlug = await runCli(["tenant", "create", "Not A Slug"], env);
    expect(badSlug.code).toBe(2);
    expect(badSlug.stderr).toContain("lower-case letters");
    const badRole = await runCli(["token", "create", "--tenant", "acme", "--role", "KING"], env);
    expect(badRole.code).not.toBe(0);
    expect(badRole.stderr).toContain("Allowed choices are READER, CI, OWNER, ADMIN");
    const badEnv = await runCli(["migrate"], { ...env, PORT: "x" });
    expect(badEnv.code).toBe(1);
    expect(badEnv.stderr).toContain('PORT="x"');
  });

  it("serves, refuses a second writer while running, and shuts down gracefully on SIGTERM", async () => {
    const server = startCli(["serve"], { ...env, PORT: "0" });
    const [, url] = await waitForOutput(server, /GraphQL endpoint:\s+(http:\/\/\S+)\/graphql/);
    const exited = new Promise<number | null>((done) => server.on("exit", done));

    const busy = await runCli(["token", "list", "--tenant", "acme"], env);
    expect(busy.code).toBe(1);
    expect(busy.stderr).toContain(`in use by the Tributary server (pid ${server.pid}) at ${url}`);

    const inFlight = fetch(`${url}/readyz`);
    await new Promise((r) => setTimeout(r, 20));
    server.kill("SIGTERM");
    expect((await inFlight).status).toBe(200);
    expect(await exited).toBe(0);

    const after = await runCli(["token", "list", "--tenant", "acme", "--json"], env);
    expect(after.code, after.stderr).toBe(0);
  });
});
