import { spawn, type ChildProcess } from "node:child_process";
import { resolve } from "node:path";

const MAIN = resolve("src/main.ts");

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `tributary <args>` from source (tsx), so tests never run a stale build. */
export function runCli(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return outputOf(startCli(args, env));
}

/** Everything a child process prints, and its exit code, once it has ended. */
export function outputOf(child: ChildProcess): Promise<CliResult> {
  return new Promise((done, fail) => {
    let stdout = "";
    let stderr = "";
    child.stdout!.on("data", (d: Buffer) => (stdout += d));
    child.stderr!.on("data", (d: Buffer) => (stderr += d));
    child.on("error", fail);
    child.on("close", (code) => done({ code, stdout, stderr }));
  });
}

export function startCli(args: string[], env: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx", MAIN, ...args], {
    env: { ...process.env, LOG_LEVEL: "warn", DATABASE_URL: "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
}

/** Resolves with the first match of `pattern` in the child's stdout. */
export function waitForOutput(child: ChildProcess, pattern: RegExp, timeoutMs = 60_000): Promise<RegExpMatchArray> {
  return new Promise((done, fail) => {
    let seen = "";
    const timer = setTimeout(() => fail(new Error(`no ${pattern} in output:\n${seen}`)), timeoutMs);
    child.stdout!.on("data", (d: Buffer) => {
      seen += d;
      const match = seen.match(pattern);
      if (match) {
        clearTimeout(timer);
        done(match);
      }
    });
    child.on("exit", (code) => fail(new Error(`exited with ${code} before ${pattern}:\n${seen}`)));
  });
}
