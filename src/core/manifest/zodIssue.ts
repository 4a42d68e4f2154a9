/**
 * Turns zod's list of issues into the single error a client sees: the first problem, its JSON
 * path, what was expected and what was found. Clients fix one thing at a time far more easily
 * than they read a dump of every issue.
 */
import type { z } from "zod";
import { INVALID_CODE_OF, inputError, type DocumentRole, type ManifestInputError } from "./inputError.js";
import { formatJsonPath, valueAtPath } from "./jsonPath.js";

type Issue = z.core.$ZodIssue;

/** zod's names for types, in the words of a JSON author. */
const JSON_TYPE_NAMES: Readonly<Record<string, string>> = { record: "object", int: "integer", nan: "number" };

interface Explained {
  path: PropertyKey[];
  expected: string;
  problem: string;
}

export function zodErrorToInputError(error: Pick<z.ZodError, "issues">, document: unknown, role: DocumentRole): ManifestInputError {
  const [first] = error.issues;
  if (first === undefined) return inputError(INVALID_CODE_OF[role], "$", `Invalid ${role}.`);
  const explained = explainIssue(first, document);
  const path = formatJsonPath(explained.path);
  const more = error.issues.length > 1 ? ` (${error.issues.length - 1} more problem(s) after this one)` : "";
  return inputError(
    INVALID_CODE_OF[role],
    path,
    `Invalid ${role} at ${path}: expected ${explained.expected}, ${explained.problem}.${more}`,
    explained.expected,
  );
}

function explainIssue(issue: Issue, document: unknown): Explained {
  const path = [...issue.path];
  const found = describeValue(valueAtPath(document, path));
  switch (issue.code) {
    case "invalid_type":
      return { path, expected: jsonTypeName(issue.expected), problem: found };
    case "invalid_union":
      return explainUnion(issue, path, document);
    case "invalid_value":
      return { path, expected: `one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`, problem: found };
    case "unrecognized_keys":
      return {
        path: [...path, issue.keys[0] ?? ""],
        expected: "only known fields",
        problem: `found unknown field(s) ${issue.keys.map((k) => JSON.stringify(k)).join(", ")}`,
      };
    case "too_small":
      return { path, expected: `${sizeOf(issue.origin, issue.minimum)} or more`, problem: found };
    case "too_big":
      return { path, expected: `at most ${sizeOf(issue.origin, issue.maximum)}`, problem: found };
    case "invalid_format":
      // A regex says nothing to a reader; the schema's message for it says what it wants.
      return { path, expected: issue.format === "regex" ? issue.message : `a ${issue.format}`, problem: found };
    default:
      return { path, expected: issue.message, problem: found };
  }
}

/**
 * A union fails when every branch fails. If one branch got further into the value than the
 * union itself (its issue has a longer path), that branch is what the author meant: report it.
 * Otherwise the value matched no branch at all: list what each branch wanted.
 */
function explainUnion(issue: z.core.$ZodIssueInvalidUnion, path: PropertyKey[], document: unknown): Explained {
  const branchFirsts = issue.errors.map((branch) => branch[0]).filter((i): i is Issue => i !== undefined);
  const deepest = branchFirsts.reduce<Issue | undefined>(
    (best, candidate) => (best === undefined || candidate.path.length > best.path.length ? candidate : best),
    undefined,
  );
  if (deepest !== undefined && deepest.path.length > 0) {
    return explainIssue({ ...deepest, path: [...path, ...deepest.path] }, document);
  }
  const expectations = [...new Set(branchFirsts.map((i) => explainIssue({ ...i, path }, document).expected))];
  return {
    path,
    expected: expectations.join(" or "),
    problem: describeValue(valueAtPath(document, path)),
  };
}

/** zod's name for a type, as a JSON author says it. */
export function jsonTypeName(zodType: string): string {
  return JSON_TYPE_NAMES[zodType] ?? zodType;
}

function sizeOf(origin: string, bound: number | bigint): string {
  const count = String(bound);
  if (origin === "array" || origin === "set") return `${count} item(s)`;
  if (origin === "string") return `${count} character(s)`;
  return `${origin} ${count}`;
}

/** JSON has no undefined: a value that reads as undefined is a field that is not there. */
export function describeValue(value: unknown): string {
  if (value === undefined) return "but the field is missing";
  if (value === null) return "got null";
  if (Array.isArray(value)) return value.length === 0 ? "got an empty array" : `got an array of ${value.length} item(s)`;
  if (typeof value === "string") return `got the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (typeof value === "object") return "got an object";
  return `got ${typeof value} ${String(value)}`;
}
