/**
 * The server's life as an operator sees it, with real child processes: a first start on a
 * busy port, a restart after kill -9, and a stop on SIGTERM.
 */
import type { ChildProcess } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli, startCli, waitForOutput } from "../support/cli.js";

const dataDir = mkdtempSync(join(tmpdir(), "tributary-serve-"));
// As in production: Apollo installs its own signal handlers unless NODE_ENV is "test", which
// vitest gives its children.
const env = { TRIBUTARY_DATA_DIR: dataDir, NODE_ENV: "production", TRIBUTARY_DEMO: "0", HOST: "127.0.0.1", LOG_LEVEL: "info" };
const running = new Set<ChildProcess>();

function serve(extra: Record<string, string> = {}): ChildProcess {
  const child = startCli(["serve"], { ...env, PORT: "0", ...extra });
  running.add(child);
  child.on("exit", () => running.delete(child));
  return child;
}

function exitOf(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  return new Promise((done) => child.once("exit", (code, signal) => done({ code, signal })));
}

function stderrOf(child: ChildProcess): () => string {
  let seen = "";
  child.stderr!.on("data", (d: Buffer) => (seen += d));
  return () => seen;
}

afterAll(() => {
  for (const child of running) child.kill("SIGKILL");
  rmSync(dataDir, { recursive: true, force: true });
});

describe("tributary serve, start to stop", { timeout: 180_000 }, () => {
  let filesAtRest: string[] = [];
  let server: ChildProcess;

  it("refuses a busy port before the demo tenant is created, and names PORT", async () => {
    const blocker = createServer();
    await new Promise<void>((done) => blocker.listen(0, "127.0.0.1", done));
    const port = (blocker.address() as { port: number }).port;
    try {
      const refused = await runCli(["serve"], { ...env, PORT: String(port) });
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain(`port ${port} on 127.0.0.1 is already in use`);
      expect(refused.stderr).toContain("PORT sets the port");
      expect(refused.stdout).not.toContain("trb_");
    } finally {
      blocker.close();
    }
    // The refused start migrated the database and closed it: this is the data dir at rest.
    filesAtRest = readdirSync(dataDir).sort();
    expect(filesAtRest).toContain("PG_VERSION");
  });

  it("shows the demo tenant's token on the first start that binds", async () => {
    server = serve();
    const [, token] = await waitForOutput(server, /Created tenant "demo"[^\n]*\n\s+(trb_\S+)/);
    expect(token).toMatch(/^trb_/);
  });

  it("starts again at once after kill -9, taking over the dead process's lock", async () => {
    const killedPid = server.pid;
    server.kill("SIGKILL");
    expect(await exitOf(server)).toEqual({ code: null, signal: "SIGKILL" });
    expect(readdirSync(dataDir)).toContain("tributary.lock");

    server = serve();
    const log = stderrOf(server);
    await waitForOutput(server, /GraphQL endpoint:\s+http:\/\/\S+\/graphql/);
    expect(log()).toContain(`"pid":${killedPid}`);
    expect(log()).toContain("took over the data dir lock");
  });

  it("stops on SIGTERM with exit code 0, says so, and leaves the data dir as it was at rest", async () => {
    const log = stderrOf(server);
    server.kill("SIGTERM");
    expect(await exitOf(server)).toEqual({ code: 0, signal: null });
    expect(log()).toContain('"msg":"Tributary stopped"');
    expect(readdirSync(dataDir).sort()).toEqual(filesAtRest);
  });
});
