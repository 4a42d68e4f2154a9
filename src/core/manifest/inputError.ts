import type { CatalogSnapshot } from "./snapshot.js";

export const MANIFEST_INPUT_ERROR_CODES = [
  "NOT_A_MANIFEST",
  "UNSUPPORTED_SCHEMA_VERSION",
  "INVALID_MANIFEST",
  "INVALID_RUN_RESULTS",
  "INVALID_CATALOG",
  "INVALID_SOURCES",
] as const;
export type ManifestInputErrorCode = (typeof MANIFEST_INPUT_ERROR_CODES)[number];

/** The one error a rejected post gets: what is wrong, where (a JSON path), and what was expected. */
export interface ManifestInputError {
  code: ManifestInputErrorCode;
  message: string;
  /** JSON path inside the document named by `code`, e.g. `$.nodes["model.x.y"].columns`. */
  path: string;
  expected?: string;
  /** The unique id of the asset or test at fault, when the problem is one node's. */
  node?: string;
  /** The field of that node. */
  field?: string;
}

export type ParseResult = { ok: true; snapshot: CatalogSnapshot } | { ok: false; error: ManifestInputError };

/** Which posted document an error is about, as said in messages. */
export type DocumentRole = "manifest" | "run_results" | "catalog" | "sources";

export const INVALID_CODE_OF: Record<DocumentRole, ManifestInputErrorCode> = {
  manifest: "INVALID_MANIFEST",
  run_results: "INVALID_RUN_RESULTS",
  catalog: "INVALID_CATALOG",
  sources: "INVALID_SOURCES",
};

export function inputError(
  code: ManifestInputErrorCode,
  path: string,
  message: string,
  expected?: string,
): ManifestInputError {
  return expected === undefined ? { code, message, path } : { code, message, path, expected };
}
