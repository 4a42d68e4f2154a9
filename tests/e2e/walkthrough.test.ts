/**
 * docs/walkthrough.md stays true: its `sh` blocks run, as written, in one bash session from the
 * repository root, and the output of each block contains the lines of the `text` block that
 * follows it, in order (`…` stands for anything). Only the port is swapped for a free one.
 * Like a reader's session, it runs the built CLI (`npm run build` after changing src/).
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { outputOf, type CliResult } from "../support/cli.js";
import { REPOSITORY_ROOT, fencedBlocks } from "../support/markdown.js";

const ROOT = REPOSITORY_ROOT;
const WALKTHROUGH_PORT = "4100";
const MARKER = "@@walkthrough step@@";

interface Step {
  commands: string;
  expected: string[];
}

function steps(markdown: string): Step[] {
  const result: Step[] = [];
  for (const block of fencedBlocks(markdown)) {
    if (block.lang === "sh") result.push({ commands: block.body, expected: [] });
    else if (block.lang === "text") result.at(-1)?.expected.push(...block.body.split("\n").filter((l) => l.trim() !== ""));
  }
  return result;
}

/** An expected line matches an output line holding its parts in order, `…` being anything. */
function linePattern(expected: string): RegExp {
  const parts = expected.trim().split("…").map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  return new RegExp(parts.join(".*"));
}

function missingLines(output: string, expected: string[]): string[] {
  const lines = output.split("\n");
  let from = 0;
  const missing: string[] = [];
  for (const want of expected) {
    const pattern = linePattern(want);
    const at = lines.findIndex((line, i) => i >= from && pattern.test(line));
    if (at === -1) missing.push(want);
    else from = at + 1;
  }
  return missing;
}

function freePort(): Promise<string> {
  return new Promise((done, fail) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(String(port)));
    });
    server.on("error", fail);
  });
}

const scratch = mkdtempSync(join(tmpdir(), "tributary-walkthrough-"));
let session: ReturnType<typeof spawn> | undefined;
afterAll(() => {
  // The session and the server it started share one process group.
  if (session?.pid !== undefined && session.exitCode === null) process.kill(-session.pid, "SIGKILL");
  rmSync(scratch, { recursive: true, force: true });
});

/** One bash session from the repository root, in a process group of its own. */
function runSession(script: string): Promise<CliResult> {
  const { DATABASE_URL: _database, TRIBUTARY_TOKEN: _token, TRIBUTARY_URL: _url, ...env } = process.env;
  session = spawn("bash", ["-c", script], { cwd: ROOT, env: { ...env, TMPDIR: scratch }, stdio: ["ignore", "pipe", "pipe"], detached: true });
  return outputOf(session);
}

describe("docs/walkthrough.md", { timeout: 600_000 }, () => {
  const walkthrough = steps(readFileSync(join(ROOT, "docs/walkthrough.md"), "utf8"));

  it("has its commands and the output they print", () => {
    expect(walkthrough.length).toBeGreaterThanOrEqual(7);
    const expected = walkthrough.flatMap((s) => s.expected);
    expect(expected).toContain("  verdict: APPROVAL_REQUIRED");
    expect(expected).toContain('"reason": "Approved by maya.chen@jaffle.example."');
    expect(walkthrough.some((s) => s.commands.includes(`PORT=${WALKTHROUGH_PORT}`))).toBe(true);
  });

  it("runs as written: propose needs approval, the owner approves, apply passes", async () => {
    const port = await freePort();
    const script = walkthrough
      .map((s) => `echo '${MARKER}'\n${s.commands.replaceAll(`PORT=${WALKTHROUGH_PORT}`, `PORT=${port}`)}`)
      .join("\n");
    const { code, stdout, stderr } = await runSession(script);
    expect(code, stderr).toBe(0);

    const outputs = stdout.split(`${MARKER}\n`).slice(1);
    expect(outputs).toHaveLength(walkthrough.length);
    walkthrough.forEach((step, i) => {
      const expected = step.expected.map((line) => line.replaceAll(`:${WALKTHROUGH_PORT}`, `:${port}`));
      expect(missingLines(outputs[i]!, expected), `step ${i + 1}:\n${step.commands}\n--- printed:\n${outputs[i]}\n--- stderr:\n${stderr}`).toEqual([]);
    });
  });
});
