/**
 * One clear sentence for a rejected input: where (a path) and what was expected, instead of
 * zod's JSON dump.
 */
import type { z } from "zod";
import { AppError } from "./errors.js";

export interface InputProblem {
  message: string;
  /** JSON-path-like location, e.g. `$.input.role` or `$.nodes["model.a.b"].name`. */
  path: string;
}

export function formatPath(path: readonly PropertyKey[], root = "$"): string {
  return path.reduce<string>((acc, key) => {
    if (typeof key === "number") return `${acc}[${key}]`;
    const name = String(key);
    return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? `${acc}.${name}` : `${acc}[${JSON.stringify(name)}]`;
  }, root);
}

export function describeZodError(error: z.ZodError, root = "$"): InputProblem {
  const issue = error.issues[0];
  if (!issue) return { message: "Invalid input", path: root };
  const path = formatPath(issue.path, root);
  return { message: `${path}: ${issue.message}`, path };
}

/** The parsed input, or BAD_USER_INPUT naming the first problem and where it is. */
export function parseInput<T>(schema: z.ZodType<T>, input: unknown, root = "$.input"): T {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const { message, path } = describeZodError(parsed.error, root);
    throw new AppError("BAD_USER_INPUT", message, { path });
  }
  return parsed.data;
}
