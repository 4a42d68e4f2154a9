/** JSON text → value, or the input error a truncated or malformed document gets. */
import { INVALID_CODE_OF, inputError, type DocumentRole, type ManifestInputError } from "./inputError.js";

export type JsonDocument = { ok: true; value: unknown } | { ok: false; error: ManifestInputError };

export function readJsonDocument(text: string, role: DocumentRole): JsonDocument {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    return { ok: true, value: JSON.parse(body) as unknown };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const offset = errorOffset(reason, body);
    const { line, column } = lineAndColumn(body, offset);
    const truncated = offset >= body.trimEnd().length;
    return {
      ok: false,
      error: inputError(
        INVALID_CODE_OF[role],
        "$",
        `${role} is not valid JSON${truncated ? " (it ends too early: truncated?)" : ""} at line ${line}, column ${column}: ${reason}`,
        "a complete JSON document",
      ),
    };
  }
}

/** V8 states the failing offset as "position N"; an early end has none and fails at the end. */
function errorOffset(reason: string, text: string): number {
  const position = /position (\d+)/.exec(reason);
  return position ? Number(position[1]) : text.length;
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let index = text.indexOf("\n"); index !== -1 && index < offset; index = text.indexOf("\n", index + 1)) {
    line += 1;
    lineStart = index + 1;
  }
  return { line, column: offset - lineStart + 1 };
}
