/**
 * JSON text → value, or the input error a truncated, malformed or unsafe document gets (too
 * deeply nested, a key given twice, a string text cannot hold: see core/json/jsonStructure.ts).
 */
import { describePosition, textPosition } from "../json/textPosition.js";
import { describeJsonStructureProblem, findJsonStructureProblem, jsonStructureExpectation } from "../json/jsonStructure.js";
import { INVALID_CODE_OF, inputError, type DocumentRole, type ManifestInputError } from "./inputError.js";

export type JsonDocument = { ok: true; value: unknown } | { ok: false; error: ManifestInputError };

export function readJsonDocument(text: string, role: DocumentRole): JsonDocument {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const offset = errorOffset(reason, body);
    const truncated = offset >= body.trimEnd().length;
    return {
      ok: false,
      error: inputError(
        INVALID_CODE_OF[role],
        "$",
        `${role} is not valid JSON${truncated ? " (it ends too early: truncated?)" : ""} at ${describePosition(textPosition(body, offset))}: ${reason}`,
        "a complete JSON document",
      ),
    };
  }
  const problem = findJsonStructureProblem(body);
  if (problem) return { ok: false, error: inputError(INVALID_CODE_OF[role], problem.path, describeJsonStructureProblem(problem, role), jsonStructureExpectation(problem)) };
  return { ok: true, value };
}

/** V8 states the failing offset as "position N"; an early end has none and fails at the end. */
function errorOffset(reason: string, text: string): number {
  const position = /position (\d+)/.exec(reason);
  return position ? Number(position[1]) : text.length;
}
