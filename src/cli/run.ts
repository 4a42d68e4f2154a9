/**
 * What every CLI command shares: configuration, the database, and turning known failures
 * into one clear message and an exit code instead of a stack trace.
 *
 * Commands load the database, the services and the server only when they run
 * (`await import(…)`): Prisma, PGlite and Apollo take most of a second to load, which
 * `tributary --help` and `tributary push` (a CI step) never need.
 */
import { ConfigError, loadConfig, type Config } from "../config.js";
import { AppError } from "../core/errors.js";
import { DataDirBusyError } from "../db/dataDirLock.js";
import { ListenError } from "../http/listen.js";
import type { OpenedDatabase } from "../db/openForCommand.js";
import { ZodError } from "zod";
import { describeZodError } from "../core/validation.js";

export class UsageError extends Error {
  override name = "UsageError";
}

/** Runs a command body; known errors print their message and set the exit code. */
export function action<A extends unknown[]>(body: (...args: A) => Promise<void>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await body(...args);
    } catch (error) {
      process.exitCode = reportError(error);
    }
  };
}

function reportError(error: unknown): number {
  if (error instanceof UsageError) {
    console.error(`error: ${error.message}`);
    return 2;
  }
  if (error instanceof ConfigError || error instanceof DataDirBusyError || error instanceof ListenError) {
    console.error(error.message);
    return 1;
  }
  if (error instanceof AppError) {
    console.error(`error (${error.code}): ${error.message}`);
    return 1;
  }
  if (error instanceof ZodError) {
    console.error(`error: ${describeZodError(error, "").message.replace(/^: /, "")}`);
    return 2;
  }
  console.error(process.env.DEBUG ? error : `error: ${(error as Error)?.message ?? String(error)}`);
  return 1;
}

export async function withDatabase<T>(purpose: string, work: (opened: OpenedDatabase, config: Config) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const { openConfiguredDatabase } = await import("../db/openForCommand.js");
  const opened = await openConfiguredDatabase(config, purpose);
  try {
    return await work(opened, config);
  } finally {
    await opened.close();
  }
}

export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + "\n");
}
