/**
 * What every JSON request body must be before anything reads it: UTF-8, and JSON without the
 * problems JSON.parse lets through (core/json/jsonStructure.ts). The REST route checks its body
 * with `bodyText` and readJsonDocument, the others with `readJsonBody`; /graphql's body parser calls `checkGraphQLBody` on the
 * bytes before it parses them.
 */
import type { IncomingMessage } from "node:http";
import type { Request } from "express";
import { AppError } from "../core/errors.js";
import { describeJsonStructureProblem, findJsonStructureProblem } from "../core/json/jsonStructure.js";
import { describePosition } from "../core/json/textPosition.js";
import { decodeUtf8, type DecodedText } from "../core/json/utf8.js";
import { keepRawBody } from "./graphqlRoute.js";
import { readBody } from "./readBody.js";

export function bodyText(bytes: Buffer): string {
  const decoded = decodeUtf8(bytes);
  if (!decoded.ok) throw notUtf8(decoded);
  return decoded.text;
}

/**
 * A REST body that is plain JSON (not a dbt artifact): JSON content type, gzip or not, within
 * `limit`, UTF-8, parsed and structure-checked. `what` names it in the content-type refusal;
 * `where` says, in the route's own terms, where a body that is not JSON fails.
 */
export async function readJsonBody(req: Request, limit: number, what: string, where: Record<string, unknown> = {}): Promise<unknown> {
  if (!req.is("application/json")) {
    throw new AppError("UNSUPPORTED_MEDIA_TYPE", `Send ${what} as Content-Type: application/json (optionally Content-Encoding: gzip)`);
  }
  const text = bodyText(await readBody(req, limit));
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new AppError("BAD_USER_INPUT", `The body is not valid JSON: ${(error as Error).message}`, { reason: "INVALID_JSON", ...where });
  }
  const problem = findJsonStructureProblem(text);
  if (problem) throw new AppError("BAD_USER_INPUT", describeJsonStructureProblem(problem, "request body"), { reason: problem.kind, path: problem.path });
  return value;
}

/** body-parser's `verify` hook: an error thrown here is answered with its `status`; nothing runs. */
export function checkGraphQLBody(req: IncomingMessage, res: unknown, bytes: Buffer): void {
  const refusal = graphQLBodyRefusal(bytes);
  if (refusal) throw Object.assign(refusal, { status: refusal.httpStatus });
  keepRawBody(req, res, bytes);
}

function graphQLBodyRefusal(bytes: Buffer): AppError | null {
  const decoded = decodeUtf8(bytes);
  if (!decoded.ok) return notUtf8(decoded);
  const problem = findJsonStructureProblem(decoded.text);
  if (!problem) return null;
  return new AppError("BAD_USER_INPUT", describeJsonStructureProblem(problem, "request body"), { reason: problem.kind, path: problem.path });
}

function notUtf8(decoded: Extract<DecodedText, { ok: false }>): AppError {
  return new AppError(
    "BAD_USER_INPUT",
    `The request body is not valid UTF-8: byte ${decoded.byteOffset} (${describePosition(decoded.position)}) starts no valid character. Send the JSON as UTF-8.`,
    { reason: "INVALID_UTF8", byteOffset: decoded.byteOffset },
  );
}
