/** The lineage core's errors as API errors: an unknown asset or column is "not found". */
import { AppError, badInput } from "../../core/errors.js";
import { LineageQueryError } from "../../core/lineage/index.js";

export function asApiError(error: unknown): unknown {
  if (!(error instanceof LineageQueryError)) return error;
  if (error.code === "UNKNOWN_ASSET" || error.code === "UNKNOWN_COLUMN") return new AppError("NOT_FOUND", error.message, { reason: error.code });
  return badInput(error.message, { reason: error.code });
}

/** Runs a core query, rethrowing its errors as API errors. */
export function answer<T>(query: () => T): T {
  try {
    return query();
  } catch (error) {
    throw asApiError(error);
  }
}
