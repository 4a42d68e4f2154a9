/**
 * What every JSON request body must be before anything reads it: UTF-8, and JSON without the
 * problems JSON.parse lets through (core/json/jsonStructure.ts). The REST route checks its body
 * with `bodyText` and readJsonDocument; /graphql's body parser calls `checkGraphQLBody` on the
 * bytes before it parses them.
 */
import type { IncomingMessage } from "node:http";
import { AppError } from "../core/errors.js";
import { describeJsonStructureProblem, findJsonStructureProblem } from "../core/json/jsonStructure.js";
import { describePosition } from "../core/json/textPosition.js";
import { decodeUtf8, type DecodedText } from "../core/json/utf8.js";
import { keepRawBody } from "./graphqlRoute.js";

export function bodyText(bytes: Buffer): string {
  const decoded = decodeUtf8(bytes);
  if (!decoded.ok) throw notUtf8(decoded);
  return decoded.text;
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
